import { aboutReportYear, compareNarrative } from "../../extract/narrative.ts";
import type { Rule, RuleCheck } from "../finding.ts";

const KEY = "t3.total_processed.total";

export const textT3Done: Rule = {
  meta: {
    id: "TEXT-T3-DONE",
    severity: "warning",
    basis: "条例第五十条第（二）项：年度报告正文所述办结数应与表三「（七）总计」一致",
    description:
      "A prose count of applications answered (办结/答复/办理完毕 N) equals 表三 total_processed.total.",
    messages: {
      mismatch: "正文称办结 {text} 件（“{quote}”），表三「（七）总计」{table}，相差 {diff}",
    },
  },
  check({ report }) {
    return report.narrative
      .filter((f) => f.key === KEY && aboutReportYear(f, report.meta.reportYear))
      .map((f): RuleCheck => {
        const scope = `${KEY}@${f.line ?? "?"}`;
        const c = compareNarrative(f, report.figures);
        if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
        if (c.holds) return { outcome: "pass", scope };
        const notice = f.scope.length > 0;
        return {
          outcome: "fail",
          scope,
          hit: {
            messageId: "mismatch",
            data: { text: f.value, quote: f.quote, table: c.table, diff: c.difference },
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
