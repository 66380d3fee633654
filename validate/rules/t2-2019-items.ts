import type { Rule, RuleCheck } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { round } from "./utils/format.ts";
import { rowLabel } from "./utils/labels.ts";
import { lastYear } from "./utils/previous.ts";

const ID = "T2-2019-ITEMS";
const ROWS = ["licensing", "other_services", "punishment", "coercion", "fees"] as const;

export const t22019Items: Rule = {
  meta: {
    id: ID,
    severity: "warning",
    basis: "2019 版表二栏目含义：本年「上一年项目数量」= 上年报告的「上一年项目数量」+「本年增/减」",
    description:
      "Both years on the 2019 template: prev_items(Y) = prev_items(Y−1) + change(Y−1) for the 表二 item rows.",
    crossYear: true,
    messages: {
      mismatch:
        "表二「{item}」：{prevYear}年项目数 {p} + 增减 {c} = {computed}，本年填报 {reported}，相差 {diff}",
    },
  },
  check(ctx) {
    const { report } = ctx;
    const previous = lastYear(ctx, "t2", "2019");
    const year = report.meta.reportYear as number;
    if (previous === null) return [{ outcome: "cannot_check", scope: "t2", missing: [] }];
    return ROWS.map((row): RuleCheck => {
      const scope = `t2.${row}.prev_items`;
      const itemsKey = `t2.${row}.prev_items`;
      const changeKey = `t2.${row}.change`;
      const p = figure(previous, itemsKey);
      const c = figure(previous, changeKey);
      const reported = figure(report, itemsKey);
      if (p === null || c === null || reported === null) {
        return { outcome: "cannot_check", scope, missing: reported === null ? [itemsKey] : [] };
      }
      const computed = round(p + c);
      if (computed === reported) return { outcome: "pass", scope };
      return {
        outcome: "fail",
        scope,
        hit: {
          messageId: "mismatch",
          data: {
            item: rowLabel(itemsKey),
            prevYear: year - 1,
            p,
            c,
            computed,
            reported,
            diff: round(reported - computed),
          },
          cells: [itemsKey],
          reported,
          computed,
        },
      };
    });
  },
};
