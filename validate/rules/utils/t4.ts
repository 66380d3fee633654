/** 表四 group sums shared by T4-REVIEW, T4-LITIGATION_DIRECT and T4-LITIGATION_AFTER_REVIEW. */
import type { ParsedReport } from "../../../extract/schema.ts";
import type { RuleCheck } from "../../finding.ts";
import { evalRelation, relationCheck, tableNotFound } from "./relation.ts";

export const T4_PARTS = ["upheld", "corrected", "other", "pending"] as const;

/** One instance: t4.<group>.total = upheld + corrected + other + pending. */
export function t4GroupCheck(report: ParsedReport, ruleId: string, group: string): RuleCheck[] {
  if (!report.tables.t4.found) return [tableNotFound("t4")];
  const [a, b, c, d] = T4_PARTS.map((col) => `t4.${group}.${col}`) as [string, string, string, string];
  const relation = evalRelation(report, ruleId, [`t4.${group}.total`], [a, b, c, d]);
  return [
    relationCheck(relation, `t4.${group}.*`, (r) => ({
      messageId: "mismatch",
      data: {
        a: report.figures[a] ?? 0,
        b: report.figures[b] ?? 0,
        c: report.figures[c] ?? 0,
        d: report.figures[d] ?? 0,
        computed: r.computed,
        reported: r.reported,
        diff: r.difference,
      },
      cells: r.cells,
      reported: r.reported,
      computed: r.computed,
    })),
  ];
}
