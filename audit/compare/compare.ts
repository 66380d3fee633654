/**
 * Year-on-year comparison of one unit's two reports: every table cell (tables.ts), the prose section
 * by section (text.ts), last year's problems with what this year says (problems.ts), and the
 * cross-year findings from the rules run on Y with Y−1 as `previous`. Pure: the CLI, the bot and the
 * DOCX renderer (docx.ts) read the Comparison it returns.
 */
import type { ParsedReport } from "../../extract/schema.ts";
import type { RuleSummary } from "../../validate/finding.ts";
import { rules } from "../../validate/rules/index.ts";
import { issuerKey } from "../issuer-key.ts";
import { rerunRules } from "../rerun.ts";
import type { AuditResult, ResultFinding } from "../result.ts";
import { followUps, type ProblemFollowUp } from "./problems.ts";
import { type CellChange, compareCells, rankChanges } from "./tables.ts";
import { diffSections, type SectionDiff } from "./text.ts";
import { type CompareThresholds, DEFAULT_THRESHOLDS } from "./thresholds.ts";

/** One year's report: its audit result and the reading it came from. */
export interface YearSide {
  readonly name: string;
  readonly result: AuditResult;
  readonly report: ParsedReport;
}

/** Rules whose findings the comparison lists: those needing Y−1, and the template version. */
export const CROSS_YEAR_IDS: ReadonlySet<string> = new Set([
  ...rules.filter((r) => r.meta.crossYear).map((r) => r.meta.id),
  "XY-FORMAT",
]);

export interface Comparison {
  readonly previous: { readonly name: string; readonly year: number | null; readonly issuer: string | null };
  readonly current: { readonly name: string; readonly year: number | null; readonly issuer: string | null };
  /** Problems with the pair itself (not consecutive years, other issuer): shown first, never fatal. */
  readonly warnings: readonly string[];
  readonly thresholds: CompareThresholds;
  readonly cells: readonly CellChange[];
  /** Changed cells, large first. */
  readonly ranked: readonly CellChange[];
  readonly sections: readonly SectionDiff[];
  readonly problems: readonly ProblemFollowUp[];
  /** Findings of the cross-year rules on Y (checked against Y−1), and XY-FORMAT of either year. */
  readonly crossYear: readonly (ResultFinding & { readonly year: number | null })[];
  /** Outcome counts of the cross-year rules on Y. */
  readonly crossYearChecks: readonly RuleSummary[];
}

function clip(text: string, n: number): string {
  return text.length > n ? `${text.slice(0, n)}…` : text;
}

/** Orders two reports by year (the earlier is Y−1); equal or unknown years keep the given order. */
export function byYear(a: YearSide, b: YearSide): [YearSide, YearSide] {
  const ya = a.result.meta.reportYear;
  const yb = b.result.meta.reportYear;
  return ya !== null && yb !== null && ya > yb ? [b, a] : [a, b];
}

export function compareReports(
  previous: YearSide,
  current: YearSide,
  thresholds: CompareThresholds = DEFAULT_THRESHOLDS,
): Comparison {
  const py = previous.result.meta.reportYear;
  const cy = current.result.meta.reportYear;
  const warnings: string[] = [];
  if (py === null || cy === null) warnings.push("有一份报告未识别出年度，按给出的顺序比较。");
  else if (cy - py !== 1)
    warnings.push(`两份报告的年度为 ${py} 年和 ${cy} 年，不是相邻年度；跨年度规则未运行。`);
  const pk = issuerKey(previous.result.meta.issuer);
  const ck = issuerKey(current.result.meta.issuer);
  if (pk !== null && ck !== null && pk !== ck)
    warnings.push(
      `两份报告的发布机关不同（「${clip(previous.result.meta.issuer ?? "", 40)}」与「${clip(current.result.meta.issuer ?? "", 40)}」），请确认是否为同一单位。`,
    );
  const consecutive = py !== null && cy !== null && cy - py === 1;
  const rerun = consecutive ? rerunRules(current.result, current.report, previous.report) : current.result;
  const crossYear = [
    ...previous.result.findings.filter((f) => f.rule === "XY-FORMAT").map((f) => ({ ...f, year: py })),
    ...rerun.findings.filter((f) => CROSS_YEAR_IDS.has(f.rule)).map((f) => ({ ...f, year: cy })),
  ];
  const cells = compareCells(previous.result, current.result, thresholds);
  const unread = (r: AuditResult) => Object.values(r.figures).every((v) => v === null);
  if (unread(previous.result) || unread(current.result))
    warnings.push(
      `${unread(previous.result) ? (unread(current.result) ? "两份报告" : `${py ?? "上一"}年报告`) : `${cy ?? "本"}年报告`}的表格未能读出，表格无法逐格比较。`,
    );
  return {
    previous: { name: previous.name, year: py, issuer: previous.result.meta.issuer },
    current: { name: current.name, year: cy, issuer: current.result.meta.issuer },
    warnings,
    thresholds,
    cells,
    ranked: rankChanges(cells),
    sections: diffSections(previous.report, current.report),
    problems: followUps(previous.report, current.report),
    crossYear,
    crossYearChecks: rerun.checks.filter((c) => CROSS_YEAR_IDS.has(c.rule)),
  };
}
