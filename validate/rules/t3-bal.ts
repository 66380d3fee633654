import type { Rule } from "../finding.ts";
import { cellsText, labelOfRow, t3ColumnLabel } from "./utils/labels.ts";
import { relationCheck, tableNotFound } from "./utils/relation.ts";
import { balInstances, T3_BAL, totalCulprit } from "./utils/t3.ts";

export const t3Bal: Rule = {
  meta: {
    id: T3_BAL,
    severity: "error",
    basis: "表三表头“本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和”，按列核验",
    description: "Per column of 表三 (six applicant columns and 总计): 一 + 二 = 三（七） + 四.",
    messages: {
      unbalanced: "表三 {col}列：一+二 = {lhs}，三（七）+四 = {rhs}，相差 {diff}（单元格：{cells}）",
    },
  },
  check({ report }) {
    if (!report.tables.t3.found) return [tableNotFound("t3")];
    const culprit = totalCulprit(report);
    return balInstances(report).map(({ col, relation }) =>
      relationCheck(relation, `t3.*.${col}`, (r) => {
        const hint =
          col === "total" && culprit?.explains.includes(T3_BAL)
            ? `可能是「${labelOfRow(`t3.${culprit.row}`)}」行的总计栏填错：该行六类申请人合计 ${culprit.colsum.computed}，总计栏填报 ${culprit.colsum.reported}`
            : undefined;
        return {
          messageId: "unbalanced",
          data: {
            col: t3ColumnLabel(col),
            lhs: r.computed,
            rhs: r.reported,
            diff: r.difference,
            cells: cellsText(report, r.cells),
          },
          cells: r.cells,
          reported: r.reported,
          computed: r.computed,
          ...(hint === undefined ? {} : { hint }),
        };
      }),
    );
  },
};
