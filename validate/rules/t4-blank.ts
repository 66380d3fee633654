import type { Rule } from "../finding.ts";
import { blankCells } from "./utils/blank.ts";
import { cellListText } from "./utils/labels.ts";

export const t4Blank: Rule = {
  meta: {
    id: "T4-BLANK",
    severity: "warning",
    basis: "年度报告格式：表四 15 栏均应填写数字，没有的填 0",
    description: "All 15 表四 cells hold a number; blanks are listed once (T4 sums are then cannot_check).",
    messages: { blank: "表四 {n} 个单元格未填数字：{cells}" },
  },
  check({ report }) {
    if (!report.tables.t4.found) return [];
    const blanks = blankCells(report, "t4");
    if (blanks.length === 0) return [{ outcome: "pass", scope: "t4" }];
    return [
      {
        outcome: "fail",
        scope: "t4",
        hit: { messageId: "blank", data: { n: blanks.length, cells: cellListText(blanks) }, cells: blanks },
      },
    ];
  },
};
