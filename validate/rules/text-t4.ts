import type { Rule } from "../finding.ts";
import { checkRestatements, scopeReason } from "./utils/restatement.ts";

export const textT4: Rule = {
  meta: {
    id: "TEXT-T4",
    severity: "warning",
    readsProse: true,
    basis: "条例第五十条第（三）项：年度报告正文所述行政复议、行政诉讼情况应与表四一致",
    description:
      "Prose counts of reviews (行政复议 N), lawsuits (行政诉讼 N) and corrections (纠正 N) equal 表四.",
    messages: {
      mismatch: "正文称{kind} {text} 件（“{quote}”），表四合计 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    const note = report.tables.t4.note;
    return checkRestatements(
      report,
      (f) => (f.key ?? "").startsWith("t4."),
      (f) => {
        const reasons = scopeReason(f);
        if (note !== null) reasons.push(`表四注明统计口径（“${note}”）`);
        return {
          data: { kind: f.measure },
          reasons,
          ...(reasons.length > 0 ? { hint: `${reasons.join("；")}，可能与正文口径不同` } : {}),
        };
      },
    );
  },
};
