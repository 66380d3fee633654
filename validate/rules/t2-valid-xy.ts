import type { Rule, RuleCheck } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { round } from "./utils/format.ts";
import { rowLabel } from "./utils/labels.ts";
import { lastYear } from "./utils/previous.ts";

const ID = "T2-VALID-XY";
const ROWS = ["regulations", "normative_documents"] as const;

export const t2ValidXy: Rule = {
  meta: {
    id: ID,
    severity: "warning",
    basis:
      "表二（一）存量与流量：本年现行有效 = 上年现行有效 + 本年制发 − 本年废止；清理、修订或口径变化可使其不成立，故只作提示核实",
    description:
      "Both years on the 2021 template: in_force(Y) = in_force(Y−1) + made(Y) − repealed(Y) for 规章 and 规范性文件.",
    crossYear: true,
    messages: {
      mismatch:
        "表二「{item}」：上年现行有效 {prev} + 制发 {made} − 废止 {repealed} = {computed}，填报 {reported}，相差 {diff}（如系清理、修订或口径变化请说明）",
    },
  },
  check(ctx) {
    const { report } = ctx;
    const previous = lastYear(ctx, "t2", "2021");
    if (previous === null) return [{ outcome: "cannot_check", scope: "t2", missing: [] }];
    return ROWS.map((row): RuleCheck => {
      const scope = `t2.${row}.*`;
      const keys = {
        inForce: `t2.${row}.in_force`,
        made: `t2.${row}.made`,
        repealed: `t2.${row}.repealed`,
      };
      const prev = figure(previous, keys.inForce);
      const made = figure(report, keys.made);
      const repealed = figure(report, keys.repealed);
      const reported = figure(report, keys.inForce);
      if (prev === null || made === null || repealed === null || reported === null) {
        const missing = [keys.made, keys.repealed, keys.inForce].filter((k) => figure(report, k) === null);
        return { outcome: "cannot_check", scope, missing };
      }
      const computed = round(prev + made - repealed);
      if (computed === reported) return { outcome: "pass", scope };
      return {
        outcome: "fail",
        scope,
        hit: {
          messageId: "mismatch",
          data: {
            item: rowLabel(keys.inForce),
            prev,
            made,
            repealed,
            computed,
            reported,
            diff: round(reported - computed),
          },
          cells: [keys.made, keys.repealed, keys.inForce],
          reported,
          computed,
        },
      };
    });
  },
};
