/**
 * Shared body of the TEXT-* rules: each prose figure that restates a table cell (or a sum of cells)
 * about the report's own year is compared with the table; a mismatch is a warning, lowered to a notice
 * when the rule finds a reason the scopes may differ (scope markers in the sentence, a table footnote…).
 */

import { aboutReportYear, compareNarrative } from "../../../extract/narrative.ts";
import type { NarrativeFigure, ParsedReport } from "../../../extract/schema.ts";
import type { RuleCheck } from "../../finding.ts";

export interface Comparison {
  readonly table: number;
  readonly difference: number;
  readonly cells: readonly string[];
}

export interface Mismatch {
  /** Message data beyond text/quote/table/diff (e.g. {row}, {kind}, {category}). */
  readonly data?: Readonly<Record<string, string | number>>;
  /** Reasons the scopes may differ; any reason makes the finding a notice. */
  readonly reasons?: readonly string[];
  /** Replaces the default hint built from the reasons. */
  readonly hint?: string;
  readonly extraCells?: readonly string[];
}

/** The default reason: the sentence carries a scope marker (代表, 本级, 截至…). */
export function scopeReason(f: NarrativeFigure): string[] {
  return f.scope.length > 0 ? [`正文带有口径限定（${f.scope.join("、")}）`] : [];
}

export function checkRestatements(
  report: ParsedReport,
  select: (f: NarrativeFigure) => boolean,
  onMismatch: (f: NarrativeFigure, c: Comparison) => Mismatch,
  tableName = "表三",
): RuleCheck[] {
  return report.narrative
    .filter((f) => f.key !== null && select(f) && aboutReportYear(f, report.meta.reportYear))
    .map((f): RuleCheck => {
      const scope = `${f.key}@${f.line ?? "?"}`;
      const c = compareNarrative(f, report.figures);
      if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
      if (c.holds) return { outcome: "pass", scope };
      const m = onMismatch(f, c);
      const reasons = m.reasons ?? scopeReason(f);
      const hint =
        m.hint ?? (reasons.length > 0 ? `${reasons.join("；")}，可能与${tableName}统计口径不同` : undefined);
      return {
        outcome: "fail",
        scope,
        hit: {
          messageId: "mismatch",
          data: { text: f.value, quote: f.quote, table: c.table, diff: c.difference, ...(m.data ?? {}) },
          cells: [...c.cells, ...(m.extraCells ?? [])],
          reported: f.value,
          computed: c.table,
          quote: f.quote,
          ...(reasons.length > 0 ? { severity: "notice" as const } : {}),
          ...(hint === undefined ? {} : { hint }),
        },
      };
    });
}
