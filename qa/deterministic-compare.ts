/**
 * "和去年比" questions for the deterministic answerer: the same issuer's report for year Y−1 among
 * the chat's other reports (AnswerContext.others, linked by audit/issuer-key.ts), both figures with
 * their sources and the difference. Without such a report the answer says so (and never guesses).
 */
import { issuerKey } from "../audit/issuer-key.ts";
import { KEY_FIGURES } from "../audit/render-text.ts";
import type { AuditResult } from "../audit/result.ts";
import { cellLabel } from "../extract/template/layout.ts";
import type { Answer, Citation } from "./answerer.ts";
import { percent, rateResults } from "./deterministic-compute.ts";
import { type Ask, asks, sourceOf, unitOf } from "./deterministic-figures.ts";
import { normalizeQuestion, parseQuestion } from "./deterministic-lexicon.ts";

/** "和去年比", "与上年相比", "比上年", "较上一年度", "同比" — but not the row "上年结转". */
const COMPARE =
  /(和|与|跟|同|较|比|对比)(去年|上一年度|上一年|上年度|上年|前一年)(?!结转|遗留|项目)(相比较?|比较|对比|比)?|同比/g;

export function isYearComparison(question: string): boolean {
  COMPARE.lastIndex = 0;
  return COMPARE.test(normalizeQuestion(question));
}

/** The same issuer's report for the year before `report`'s, among `others`. */
export function previousYearOf(report: AuditResult, others: readonly AuditResult[]): AuditResult | null {
  const key = issuerKey(report.meta.issuer);
  const year = report.meta.reportYear;
  if (key === null || year === null) return null;
  return (
    others.find((o) => o.meta.reportYear === year - 1 && issuerKey(o.meta.issuer) === key && o !== report) ??
    null
  );
}

type Value = { kind: "value"; value: number } | { kind: "blank" } | { kind: "absent" };

function figureValue(result: AuditResult, keys: readonly string[]): Value {
  const values = keys.map((k) => result.figures[k]);
  if (values.every((v) => v === undefined)) return { kind: "absent" };
  if (values.some((v) => v === null || v === undefined)) return { kind: "blank" };
  return { kind: "value", value: (values as number[]).reduce((a, b) => a + b, 0) };
}

function shown(v: Value, unit: string): string {
  if (v.kind === "value") return `${v.value}${unit}`;
  return v.kind === "blank" ? "空白或无法读取" : "该年模板没有此项";
}

function sources(result: AuditResult, keys: readonly string[]): string {
  return keys.map((k) => sourceOf(result, k)).join("；");
}

function compareLines(
  current: AuditResult,
  previous: AuditResult,
  ask: Ask,
  citations: Citation[],
): string[] {
  const y = current.meta.reportYear ?? 0;
  const unit = unitOf(ask.keys[0] ?? "");
  const cur = figureValue(current, ask.keys);
  const prev = figureValue(previous, ask.keys);
  for (const key of ask.keys) {
    citations.push({ key, value: current.figures[key] ?? null, source: `${y}年：${sourceOf(current, key)}` });
    citations.push({
      key,
      value: previous.figures[key] ?? null,
      source: `${y - 1}年：${sourceOf(previous, key)}`,
    });
  }
  let verdict: string;
  if (cur.kind === "value" && prev.kind === "value") {
    const diff = Math.round((cur.value - prev.value) * 100) / 100;
    const pct =
      prev.value !== 0 ? `（${diff > 0 ? "+" : ""}${Math.round((diff / prev.value) * 1000) / 10}%）` : "";
    verdict =
      diff === 0
        ? "与上年持平"
        : `比上年${diff > 0 ? "多" : "少"} ${Math.abs(diff)}${unit.trim() ? unit : ""}${pct}`;
  } else verdict = "有一年此项为空白或没有此项，无法计算差额";
  return [
    `${ask.label}：${y}年 ${shown(cur, unit)}，${y - 1}年 ${shown(prev, unit)}，${verdict}。`,
    `  出处：${y}年 ${sources(current, ask.keys)}`,
    `        ${y - 1}年 ${sources(previous, ask.keys)}（${previous.file}）`,
  ];
}

/** 「办结率和去年比」: the rate of both years, each with its formula, and the change in percentage points. */
function rateAnswer(rest: string, report: AuditResult, previous: AuditResult): Answer | null {
  const now = rateResults(rest, report);
  if (now.length === 0) return null;
  const before = rateResults(rest, previous);
  const y = report.meta.reportYear ?? 0;
  const lines = [`与「${previous.meta.issuer ?? ""}」${y - 1} 年度报告比较：`];
  const citations: Citation[] = [];
  now.forEach((cur, i) => {
    const prev = before[i];
    const change =
      cur.ratio !== null && prev?.ratio != null
        ? `，变化 ${Math.round((cur.ratio - prev.ratio) * 1000) / 10} 个百分点`
        : "，有一年无法计算，不比较";
    const shown = (r: typeof cur | undefined) => (r?.ratio != null ? percent(r.ratio) : "无法计算");
    lines.push(`${cur.name}：${y}年 ${shown(cur)}，${y - 1}年 ${shown(prev)}${change}。`);
    lines.push(`【${y}年】`, ...cur.lines, `【${y - 1}年】（${previous.file}）`, ...(prev?.lines ?? []));
    for (const key of cur.keys) {
      citations.push({ key, value: report.figures[key] ?? null, source: `${y}年：${sourceOf(report, key)}` });
      citations.push({
        key,
        value: previous.figures[key] ?? null,
        source: `${y - 1}年：${sourceOf(previous, key)}`,
      });
    }
  });
  return { text: lines.join("\n"), citations, handled: true };
}

/** Answers a comparison question, or null when `question` is not one. */
export function compareWithPreviousYear(
  question: string,
  report: AuditResult,
  others: readonly AuditResult[],
): Answer | null {
  if (!isYearComparison(question)) return null;
  const year = report.meta.reportYear;
  const issuer = report.meta.issuer;
  if (year === null || issuerKey(issuer) === null)
    return {
      text: "这份报告未识别出发布机关或报告年度，无法找到同一机关上一年度的报告来比较。",
      citations: [],
      handled: true,
    };
  const previous = previousYearOf(report, others);
  if (!previous)
    return {
      text: `本聊天中没有「${issuer}」${year - 1} 年度的报告，无法与上年比较。请先发送该机关 ${year - 1} 年度的报告，再问一次。`,
      citations: [],
      handled: true,
    };
  COMPARE.lastIndex = 0;
  const rest = normalizeQuestion(question).replace(COMPARE, "");
  const rates = rateAnswer(rest, report, previous);
  if (rates) return rates;
  const p = parseQuestion(rest);
  let wanted = asks(report, p, null);
  if (wanted.length === 0) wanted = KEY_FIGURES.map(([key]) => ({ label: cellLabel(key), keys: [key] }));
  if (wanted.length > 9)
    return {
      text: `这个问题涉及 ${wanted.length} 个数字，请问得具体一些，例如「和去年比新收申请多了多少？」。`,
      citations: [],
      handled: true,
    };
  const citations: Citation[] = [];
  const lines = [`与「${previous.meta.issuer ?? issuer}」${year - 1} 年度报告比较：`];
  for (const ask of wanted) lines.push(...compareLines(report, previous, ask, citations));
  return { text: lines.join("\n"), citations, handled: true };
}
