/** 表四 group sums shared by T4-REVIEW, T4-LITIGATION_DIRECT and T4-LITIGATION_AFTER_REVIEW. */
import type { ParsedReport } from "../../../extract/schema.ts";
import type { RuleCheck } from "../../finding.ts";
import { colLabel } from "./labels.ts";
import { evalRelation, relationCheck, tableNotFound } from "./relation.ts";

export const T4_PARTS = ["upheld", "corrected", "other", "pending"] as const;

/** One instance: t4.<group>.total = upheld + corrected + other + pending. */
export function t4GroupCheck(report: ParsedReport, ruleId: string, group: string): RuleCheck[] {
  if (!report.tables.t4.found) return [tableNotFound("t4")];
  const [a, b, c, d] = T4_PARTS.map((col) => `t4.${group}.${col}`) as [string, string, string, string];
  const relation = evalRelation(report, ruleId, [`t4.${group}.total`], [a, b, c, d], { countParts: true });
  // A cell not read shows as 「?」: the sum read already exceeds the total (`unread`).
  const shown = (key: string) => report.figures[key] ?? "?";
  return [
    relationCheck(relation, `t4.${group}.*`, (r) => ({
      messageId: r.unread ? "exceeds" : "mismatch",
      data: {
        a: shown(a),
        b: shown(b),
        c: shown(c),
        d: shown(d),
        computed: r.computed,
        reported: r.reported,
        diff: r.difference,
        ...(r.unread ? { unread: r.unread.map(colLabel).join("、") } : {}),
      },
      cells: r.cells,
      reported: r.reported,
      computed: r.computed,
    })),
  ];
}
