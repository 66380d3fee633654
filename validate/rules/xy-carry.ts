import { T3_COLUMNS } from "../../extract/template/layout.ts";
import type { Rule, RuleCheck } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { round } from "./utils/format.ts";
import { lastYear } from "./utils/previous.ts";

const ID = "XY-CARRY";

export const xyCarry: Rule = {
  meta: {
    id: ID,
    severity: "error",
    basis: "表三「结转下年度继续办理」即下一年度报告的「上年结转政府信息公开申请数量」（跨模板版本亦同）",
    description:
      "Per 表三 column: this year's 上年结转 equals last year's 结转下年度继续办理 (same issuer, year Y−1).",
    crossYear: true,
    messages: {
      mismatch:
        "表三 {col}列：本年「上年结转」{cur}，{prevYear}年报告「结转下年度继续办理」{prev}，相差 {diff}",
    },
  },
  check(ctx) {
    const { report } = ctx;
    const previous = lastYear(ctx, "t3");
    const year = report.meta.reportYear as number;
    if (previous === null) return [{ outcome: "cannot_check", scope: "t3.carried_over.*", missing: [] }];
    return T3_COLUMNS.map(({ key: col, label }): RuleCheck => {
      const curKey = `t3.carried_over.${col}`;
      const prevKey = `t3.carried_forward.${col}`;
      const cur = figure(report, curKey);
      const prev = figure(previous, prevKey);
      if (cur === null || prev === null) {
        return { outcome: "cannot_check", scope: curKey, missing: cur === null ? [curKey] : [] };
      }
      if (cur === prev) return { outcome: "pass", scope: curKey };
      return {
        outcome: "fail",
        scope: curKey,
        hit: {
          messageId: "mismatch",
          data: { col: label, cur, prevYear: year - 1, prev, diff: round(cur - prev) },
          cells: [curKey],
          reported: cur,
          computed: prev,
        },
      };
    });
  },
};
