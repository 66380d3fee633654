import type { Rule } from "../finding.ts";
import { blankCells } from "./utils/blank.ts";
import { rowKeyOf } from "./utils/figures.ts";
import { cellListText } from "./utils/labels.ts";
import { relationsOfRow, T3_BAL, T3_COLSUM, T3_RESULTS } from "./utils/t3.ts";

export const t3Blank: Rule = {
  meta: {
    id: "T3-BLANK",
    severity: "warning",
    basis: "年度报告格式：表三各栏均应填写数字，没有的填 0",
    description:
      "Every 表三 cell of the printed layout holds a number; blanks (empty, —, /, 无) are listed once.",
    messages: { blank: "表三 {n} 个单元格未填数字：{cells}；空白不按 0 计，{rules} 无法核验" },
  },
  check({ report }) {
    if (!report.tables.t3.found) return [];
    const blanks = blankCells(report, "t3");
    if (blanks.length === 0) return [{ outcome: "pass", scope: "t3" }];
    const involved = new Set(blanks.flatMap((key) => relationsOfRow(report, rowKeyOf(key).slice(3))));
    const rules = [T3_BAL, T3_COLSUM, T3_RESULTS].filter((id) => involved.has(id));
    return [
      {
        outcome: "fail",
        scope: "t3",
        hit: {
          messageId: "blank",
          data: { n: blanks.length, cells: cellListText(blanks), rules: rules.join("、") },
          cells: blanks,
        },
      },
    ];
  },
};
