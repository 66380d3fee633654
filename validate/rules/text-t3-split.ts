import type { Rule } from "../finding.ts";
import { checkRestatements } from "./utils/restatement.ts";

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
    readsProse: true,
    basis: "条例第五十条第（二）项：年度报告正文所述办理结果分类数应与表三对应行一致",
    description:
      "Prose counts per outcome (予以公开, 部分公开, 不予公开, 无法提供, 不掌握, 不予处理, 其他处理, a sub-row) equal 表三.",
    messages: {
      mismatch: "正文称「{category}」{text} 件（“{quote}”），表三对应合计 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return checkRestatements(
      report,
      (f) => (f.key ?? "").startsWith("t3.") && !OWN_RULES.has(f.key ?? ""),
      (f) => ({ data: { category: f.measure } }),
    );
  },
};
