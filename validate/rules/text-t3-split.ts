import { aboutReportYear, compareNarrative } from "../../extract/narrative.ts";
import type { Rule, RuleCheck } from "../finding.ts";

/** Keys restated by the other TEXT-T3-* rules. */
const OWN_RULES: ReadonlySet<string> = new Set([
  "t3.new.total",
  "t3.total_processed.total",
  "t3.carried_forward.total",
  "t3.carried_over.total",
]);

export const textT3Split: Rule = {
  meta: {
    id: "TEXT-T3-SPLIT",
    severity: "warning",
    basis: "条例第五十条第（二）项：年度报告正文所述办理结果分类数应与表三对应行一致",
    description:
      "Prose counts per outcome (予以公开, 部分公开, 不予公开, 无法提供, 不掌握, 不予处理, 其他处理, a sub-row) equal 表三.",
    messages: {
      mismatch: "正文称「{category}」{text} 件（“{quote}”），表三对应合计 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return report.narrative
      .filter(
        (f) =>
          (f.key ?? "").startsWith("t3.") &&
          !OWN_RULES.has(f.key ?? "") &&
          aboutReportYear(f, report.meta.reportYear),
      )
      .map((f): RuleCheck => {
        const scope = `${f.key}@${f.line ?? "?"}`;
        const c = compareNarrative(f, report.figures);
        if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
        if (c.holds) return { outcome: "pass", scope };
        const notice = f.scope.length > 0;
        return {
          outcome: "fail",
          scope,
          hit: {
            messageId: "mismatch",
            data: { category: f.measure, text: f.value, quote: f.quote, table: c.table, diff: c.difference },
            cells: c.cells,
            reported: f.value,
            computed: c.table,
            quote: f.quote,
            ...(notice
              ? {
                  severity: "notice" as const,
                  hint: `正文带有口径限定（${f.scope.join("、")}），可能与表三统计口径不同`,
                }
              : {}),
          },
        };
      });
  },
};
