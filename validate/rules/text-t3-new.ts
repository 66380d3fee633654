import type { Rule } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { same } from "./utils/format.ts";
import { checkRestatements } from "./utils/restatement.ts";

const KEY = "t3.new.total";

export const textT3New: Rule = {
  meta: {
    id: "TEXT-T3-NEW",
    severity: "warning",
    readsProse: true,
    basis: "条例第五十条第（二）项：年度报告正文所述收到申请数应与表三「本年新收」一致",
    description: "A prose count of applications received (收到/受理/新收/接到…申请 N) equals 表三 new.total.",
    messages: {
      mismatch: "正文称收到申请 {text} 件（“{quote}”），表三「本年新收」总计 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return checkRestatements(
      report,
      (f) => f.key === KEY,
      (f, c) => {
        // The prose often counts this year's and last year's applications together.
        const carried = figure(report, "t3.carried_over.total");
        if (carried !== null && carried > 0 && same(f.value, c.table + carried)) {
          return {
            reasons: ["含上年结转"],
            hint: `正文数字等于「本年新收」${c.table}与「上年结转」${carried}之和，可能包含上年结转的申请`,
            extraCells: ["t3.carried_over.total"],
          };
        }
        return {};
      },
    );
  },
};
