import type { Rule } from "../finding.ts";
import { blankCells } from "./utils/blank.ts";
import { cellListText } from "./utils/labels.ts";

export const t2Blank: Rule = {
  meta: {
    id: "T2-BLANK",
    severity: "warning",
    basis: "年度报告格式：表二各栏均应填写，没有的填 0",
    description: "All 表二 cells of the version hold a value; blanks are listed once.",
    messages: { blank: "表二 {n} 个单元格未填：{cells}" },
  },
  check({ report }) {
    if (!report.tables.t2.found) return [];
    const blanks = blankCells(report, "t2");
    if (blanks.length === 0) return [{ outcome: "pass", scope: "t2" }];
    return [
      {
        outcome: "fail",
        scope: "t2",
        hit: { messageId: "blank", data: { n: blanks.length, cells: cellListText(blanks) }, cells: blanks },
      },
    ];
  },
};
