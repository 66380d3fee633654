import { aboutReportYear, compareNarrative } from "../../extract/narrative.ts";
import type { Rule, RuleCheck } from "../finding.ts";

export const textT4: Rule = {
  meta: {
    id: "TEXT-T4",
    severity: "warning",
    basis: "条例第五十条第（三）项：年度报告正文所述行政复议、行政诉讼情况应与表四一致",
    description:
      "Prose counts of reviews (行政复议 N), lawsuits (行政诉讼 N) and corrections (纠正 N) equal 表四.",
    messages: {
      mismatch: "正文称{kind} {text} 件（“{quote}”），表四合计 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    const note = report.tables.t4.note;
    return report.narrative
      .filter((f) => (f.key ?? "").startsWith("t4.") && aboutReportYear(f, report.meta.reportYear))
      .map((f): RuleCheck => {
        const scope = `${f.key}@${f.line ?? "?"}`;
        const c = compareNarrative(f, report.figures);
        if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
        if (c.holds) return { outcome: "pass", scope };
        const reasons: string[] = [];
        if (f.scope.length > 0) reasons.push(`正文带有口径限定（${f.scope.join("、")}）`);
        if (note !== null) reasons.push(`表四注明统计口径（“${note}”）`);
        return {
          outcome: "fail",
          scope,
          hit: {
            messageId: "mismatch",
            data: { kind: f.measure, text: f.value, quote: f.quote, table: c.table, diff: c.difference },
            cells: c.cells,
            reported: f.value,
            computed: c.table,
            quote: f.quote,
            ...(reasons.length > 0
              ? { severity: "notice" as const, hint: `${reasons.join("；")}，可能与正文口径不同` }
              : {}),
          },
        };
      });
  },
};
