/**
 * Suggested corrections derived from findings, in Chinese. Only numbers a finding carries (reported,
 * computed, its data) appear; nothing is guessed. A rule without a specific suggestion gets none
 * (its finding already says what to check).
 */
import { cellLabel } from "../extract/template/layout.ts";
import type { ResultFinding } from "./result.ts";

export interface Correction {
  readonly rule: string;
  readonly text: string;
}

type Suggest = (f: ResultFinding) => string | null;

const num = (v: string | number | undefined): string => (v === undefined ? "?" : String(v));

/** "t3.denied.state_secret.*" → "t3.denied.state_secret"; null if the scope is not a row scope. */
function rowOfScope(scope: string | undefined): string | null {
  return scope?.endsWith(".*") ? scope.slice(0, -2) : null;
}

const t4Group: Suggest = (f) => {
  const total = f.cells.find((k) => k.endsWith(".total"));
  if (total === undefined || f.computed === undefined) return null;
  return `${cellLabel(total)}应为 ${f.computed}（维持、纠正、其他、尚未审结四项之和），现填 ${num(f.reported)}；如分项有误，请更正分项。`;
};

const SUGGESTIONS: Readonly<Record<string, Suggest>> = {
  "T3-COLSUM": (f) => {
    const row = rowOfScope(f.scope);
    if (row === null || f.computed === undefined) return null;
    const total = `${row}.total`;
    return f.hint
      ? `${cellLabel(total)}应改为 ${f.computed}（六类申请人之和），现填 ${num(f.reported)}。`
      : `若本行六类申请人数字无误，${cellLabel(total)}应为 ${f.computed}，现填 ${num(f.reported)}；否则请更正有误的申请人栏。`;
  },
  "T3-RESULTS": (f) =>
    f.computed === undefined
      ? null
      : `表三${f.data.col ?? ""}列「（七）总计」应与（一）至（六）之和 ${f.computed} 一致，现填 ${num(f.reported)}；请核对（七）总计或各办理结果栏。`,
  "T3-BAL": (f) =>
    `表三${f.data.col ?? ""}列：一+二 = ${num(f.data.lhs)}，三（七）+四 = ${num(f.data.rhs)}，两者应相等；请核对「本年新收」「上年结转」「（七）总计」「结转下年度继续办理」四栏。`,
  "T4-REVIEW": t4Group,
  "T4-LITIGATION_DIRECT": t4Group,
  "T4-LITIGATION_AFTER_REVIEW": t4Group,
  "XY-CARRY": (f) =>
    `表三${f.data.col ?? ""}列「上年结转」应与${num(f.data.prevYear)}年报告「结转下年度继续办理」${num(f.data.prev)} 一致，现填 ${num(f.data.cur)}；如上年报告有误，请一并说明。`,
  "T2-VALID-XY": (f) =>
    `表二「${f.data.item ?? ""}」现行有效件数按上年数推算为 ${num(f.computed)}，现填 ${num(f.reported)}；如系清理、修订或口径变化，请在正文中说明。`,
  "T2-2019-ITEMS": (f) =>
    `表二「${f.data.item ?? ""}」上一年项目数量按上年报告推算为 ${num(f.computed)}，现填 ${num(f.reported)}；请核对。`,
  "T3-BLANK": () => "表三空白单元格请填写数字，没有发生的填 0。",
  "T4-BLANK": () => "表四空白单元格请填写数字，没有发生的填 0。",
  "T2-BLANK": () => "表二空白单元格请填写数字，没有发生的填 0。",
  "T3-NONNEG": () => "表三单元格只填非负整数，不带单位或文字。",
  "T4-NONNEG": () => "表四单元格只填非负整数，不带单位或文字。",
  "T2-NONNEG": () => "表二单元格按栏目填写数字，不带单位或文字。",
  "XY-FORMAT": (f) => (f.data.expected === undefined ? null : `请按${f.data.expected}重新制作统一格式表格。`),
  "FORMAT-OTHER-SPLIT": () => "表三「（六）其他处理」请分列「逾期不补正」「逾期未缴费」「其他」三行。",
  "META-DATE": () => "请在文末加注落款（发布机关和日期）。",
  DEADLINE: () => "报告晚于公布期限，请在今后按期公布；如有正当理由请说明。",
  "FEE-PRESENT": () => "请在第六部分写明收费通知件数、总金额和实际收取总金额（没有的写明“未收取”）。",
  "FEE-NOTICE": () => "请在第六部分写明发出收费通知的件数和金额，使之与表三「（六）2.逾期未缴费」一致。",
  "STRUCTURE-SECTIONS": () => "请按统一格式的六个部分及顺序编排报告。",
  "CONTENT-ART50": (f) =>
    f.data.missing === undefined ? null : `请补充「${f.data.missing}」情况（没有的写明“无”或“未发生”）。`,
  "XY-PROBLEMS": () => "请在第五部分说明上年度报告所列问题的整改情况。",
};

const TEXT_RULES = /^TEXT-/;

/** One suggestion per finding that has one, in finding order; identical texts are merged. */
export function correctionsFor(findings: readonly ResultFinding[]): Correction[] {
  const out: Correction[] = [];
  const seen = new Set<string>();
  for (const f of findings) {
    const suggest = SUGGESTIONS[f.rule];
    let text: string | null = null;
    if (suggest) text = suggest(f);
    else if (TEXT_RULES.test(f.rule) && f.severity !== "notice")
      text = "请核对正文所述数字与统一格式表格，使两者一致（口径不同的请在正文中注明）。";
    if (text === null || seen.has(text)) continue;
    seen.add(text);
    out.push({ rule: f.rule, text });
  }
  return out;
}

/** The arithmetic line of a finding: "填报 12，计算 10，差 2" (empty when the finding has none). */
export function arithmeticLine(f: ResultFinding): string {
  const parts: string[] = [];
  if (f.reported !== undefined) parts.push(`填报 ${f.reported}`);
  if (f.computed !== undefined) parts.push(`计算 ${f.computed}`);
  if (f.difference !== undefined) parts.push(`差 ${f.difference}`);
  return parts.join("，");
}
