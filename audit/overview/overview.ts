/**
 * The regional overview of many units' reports (a batch, or a chat's reports): a ranking of units by
 * their findings with the criteria stated, a units × rules matrix of finding counts (the heatmap's
 * data), and the region's totals of 表三 and 表四 per year as an aggregate report would print them.
 * Pure: heatmap.ts draws it, xlsx.ts writes it, the bot and the CLI print its text.
 */
import { T4_ROWS, t3Rows } from "../../extract/template/layout.ts";
import type { Finding } from "../../validate/finding.ts";
import type { BatchEntry } from "../batch.ts";
import type { AuditResult } from "../result.ts";
import { verdictOf } from "../verdict.ts";

export type Severity = Finding["severity"];
const RANK: Record<Severity, number> = { error: 3, warning: 2, notice: 1 };

export interface UnitRow {
  /** 1-based place in the ranking. */
  readonly rank: number;
  readonly file: string;
  readonly issuer: string;
  /** Short label for the chart (the region's common prefix dropped, year added when years mix). */
  readonly label: string;
  readonly year: number | null;
  readonly errors: number;
  readonly warnings: number;
  readonly notices: number;
  /** DEADLINE fired as a warning: published after the deadline. */
  readonly late: boolean;
  /** Template findings (XY-FORMAT, FORMAT-OTHER-SPLIT). */
  readonly template: number;
  readonly verdict: string;
  /** Finding counts and highest severity per rule. */
  readonly byRule: ReadonlyMap<string, { readonly count: number; readonly severity: Severity }>;
}

export interface TotalRow {
  readonly key: string;
  readonly label: string;
  /** Sum per column key over the reports that filled the cell. */
  readonly sums: Readonly<Record<string, number>>;
  /** Reports of the year whose cell in this row was blank or missing (any column). */
  readonly incomplete: number;
}

export interface YearTotals {
  readonly year: number;
  readonly reports: number;
  readonly t3Columns: readonly { key: string; label: string }[];
  readonly t3: readonly TotalRow[];
  readonly t4Columns: readonly { key: string; label: string }[];
  readonly t4: readonly TotalRow[];
}

export interface Overview {
  /** Region prefix dropped from the labels ("广州市番禺区"), or "". */
  readonly region: string;
  readonly criteria: string;
  readonly units: readonly UnitRow[];
  /** Rules that fired, most findings first. */
  readonly rules: readonly { readonly rule: string; readonly count: number; readonly severity: Severity }[];
  readonly totals: readonly YearTotals[];
  /** Files not audited (not counted anywhere else). */
  readonly notAudited: number;
}

export const RANKING_CRITERIA =
  "排名依据（问题多者在前）：① 错误数；② 警告数；③ 是否逾期公布（DEADLINE）；④ 模板问题数（XY-FORMAT、FORMAT-OTHER-SPLIT）；⑤ 提示数。只计本次汇总中各报告的审核发现。";

const TEMPLATE_RULES = new Set(["XY-FORMAT", "FORMAT-OTHER-SPLIT"]);

function commonPrefix(names: readonly string[]): string {
  if (names.length < 2) return "";
  let p = names[0] ?? "";
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1);
  // Cut at an administrative boundary (…省/市/区/县/旗/州), never inside a name.
  const m = /^.*[省市区县旗州盟]/.exec(p);
  return m ? m[0] : "";
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function unitOf(result: AuditResult): Omit<UnitRow, "rank" | "label"> {
  const byRule = new Map<string, { count: number; severity: Severity }>();
  let errors = 0;
  let warnings = 0;
  let notices = 0;
  let late = false;
  let template = 0;
  for (const f of result.findings) {
    if (f.severity === "error") errors++;
    else if (f.severity === "warning") warnings++;
    else notices++;
    if (f.rule === "DEADLINE" && f.severity === "warning") late = true;
    if (TEMPLATE_RULES.has(f.rule)) template++;
    const c = byRule.get(f.rule);
    byRule.set(f.rule, {
      count: (c?.count ?? 0) + 1,
      severity: c && RANK[c.severity] >= RANK[f.severity] ? c.severity : f.severity,
    });
  }
  return {
    file: result.file,
    issuer: result.meta.issuer ?? result.file,
    year: result.meta.reportYear,
    errors,
    warnings,
    notices,
    late,
    template,
    verdict: verdictOf(result),
    byRule,
  };
}

function compareUnits(a: Omit<UnitRow, "rank" | "label">, b: Omit<UnitRow, "rank" | "label">): number {
  return (
    b.errors - a.errors ||
    b.warnings - a.warnings ||
    Number(b.late) - Number(a.late) ||
    b.template - a.template ||
    b.notices - a.notices ||
    a.issuer.localeCompare(b.issuer, "zh")
  );
}

function yearTotals(year: number, results: readonly AuditResult[]): YearTotals {
  const split = year >= 2021;
  const t3Columns = t3Rows(split)[0]?.columns.map((c) => ({ key: c.key, label: c.label })) ?? [];
  const t4Columns = T4_ROWS[0]?.columns.map((c) => ({ key: c.key, label: c.label })) ?? [];
  const rowsOf = (table: "t3" | "t4") => (table === "t3" ? t3Rows(split) : T4_ROWS);
  const total = (table: "t3" | "t4"): TotalRow[] =>
    rowsOf(table).map((row) => {
      const sums: Record<string, number> = {};
      let incomplete = 0;
      for (const r of results) {
        let blank = false;
        for (const col of row.columns) {
          const v = r.figures[`${table}.${row.key}.${col.key}`];
          if (v === undefined || v === null) blank = true;
          else sums[col.key] = (sums[col.key] ?? 0) + v;
        }
        if (blank) incomplete++;
      }
      for (const col of row.columns) sums[col.key] ??= 0;
      return {
        key: `${table}.${row.key}`,
        label:
          row.parent && !row.label.startsWith("（") ? `${row.parent.slice(0, 4)} ${row.label}` : row.label,
        sums,
        incomplete,
      };
    });
  return { year, reports: results.length, t3Columns, t3: total("t3"), t4Columns, t4: total("t4") };
}

/** The overview of audited entries (files not audited are only counted). */
export function buildOverview(entries: readonly BatchEntry[]): Overview {
  const audited = entries.map((e) => e.result).filter((r) => verdictOf(r) !== "未能审核");
  const raw = audited.map(unitOf).sort(compareUnits);
  const region = commonPrefix(raw.map((u) => u.issuer));
  const years = new Set(raw.map((u) => u.year));
  const units: UnitRow[] = raw.map((u, i) => {
    const name = region && u.issuer.length - region.length >= 2 ? u.issuer.slice(region.length) : u.issuer;
    const label = clip(name.replace(/办事处$/, ""), 16);
    return { ...u, rank: i + 1, label: years.size > 1 && u.year !== null ? `${label} ${u.year}` : label };
  });
  const ruleCounts = new Map<string, { count: number; severity: Severity }>();
  for (const u of units)
    for (const [rule, c] of u.byRule) {
      const t = ruleCounts.get(rule);
      ruleCounts.set(rule, {
        count: (t?.count ?? 0) + c.count,
        severity: t && RANK[t.severity] >= RANK[c.severity] ? t.severity : c.severity,
      });
    }
  const rules = [...ruleCounts.entries()]
    .map(([rule, c]) => ({ rule, ...c }))
    .sort((a, b) => RANK[b.severity] - RANK[a.severity] || b.count - a.count || a.rule.localeCompare(b.rule));
  const byYear = new Map<number, AuditResult[]>();
  for (const r of audited)
    if (r.meta.reportYear !== null)
      byYear.set(r.meta.reportYear, [...(byYear.get(r.meta.reportYear) ?? []), r]);
  const totals = [...byYear.entries()].sort((a, b) => b[0] - a[0]).map(([y, rs]) => yearTotals(y, rs));
  return {
    region,
    criteria: RANKING_CRITERIA,
    units,
    rules,
    totals,
    notAudited: entries.length - audited.length,
  };
}

/** Key lines of a year's totals for the chat and the terminal. */
export function totalsLines(t: YearTotals): string[] {
  const get = (rows: readonly TotalRow[], key: string, col = "total") =>
    rows.find((r) => r.key === key)?.sums[col] ?? 0;
  const blank = [...t.t3, ...t.t4].filter((r) => r.incomplete > 0);
  return [
    `${t.year} 年度 ${t.reports} 份报告合计（表三、表四总计栏）：`,
    `本年新收申请 ${get(t.t3, "t3.new")}，上年结转 ${get(t.t3, "t3.carried_over")}；办理结果总计 ${get(t.t3, "t3.total_processed")}（予以公开 ${get(t.t3, "t3.granted")}，部分公开 ${get(t.t3, "t3.partially_granted")}）；结转下年度 ${get(t.t3, "t3.carried_forward")}`,
    `行政复议 ${get(t.t4, "t4.review")}（纠正 ${get(t.t4, "t4.review", "corrected")}）；行政诉讼 ${get(t.t4, "t4.litigation_direct") + get(t.t4, "t4.litigation_after_review")}（直接起诉 ${get(t.t4, "t4.litigation_direct")}，复议后起诉 ${get(t.t4, "t4.litigation_after_review")}）`,
    ...(blank.length > 0
      ? [
          `注意：${blank.length} 行有报告空白或未读出（${blank
            .slice(0, 3)
            .map((r) => `「${r.label}」${r.incomplete} 份`)
            .join("、")}${blank.length > 3 ? "等" : ""}），合计只含已填数字，空白不按 0 计。`,
        ]
      : []),
  ];
}
