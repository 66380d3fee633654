import type { Rule, RuleCheck } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { cellsText, labelOfRow, t3ColumnLabel } from "./utils/labels.ts";
import { relationCheck, tableNotFound } from "./utils/relation.ts";
import { balHolds, otherSubtotalInstances, resultsInstances, T3_RESULTS, totalCulprit } from "./utils/t3.ts";

export const t3Results: Rule = {
  meta: {
    id: T3_RESULTS,
    severity: "error",
    basis: "表三“（七）总计”为（一）至（六）各项办理结果之和；部分公开“只计这一情形”，每件申请只计一行",
    description:
      "Per column of 表三: （七）总计 = （一）+（二）+Σ（三）+Σ（四）+Σ（五）+（六）; a printed （六） parent = Σ of its sub-rows.",
    messages: {
      mismatch:
        "表三 {col}列：（一）至（六）合计 {computed}，（七）总计填报 {reported}，相差 {diff}（单元格：{cells}）",
      otherSubtotal:
        "表三 {col}列：「（六）其他处理」填报 {reported}，其下 1 至 3 项合计 {computed}，相差 {diff}（单元格：{cells}）",
    },
  },
  check({ report }) {
    if (!report.tables.t3.found) return [tableNotFound("t3")];
    const culprit = totalCulprit(report);
    const checks: RuleCheck[] = resultsInstances(report).map(({ col, relation }) =>
      relationCheck(relation, `t3.*.${col}`, (r) => {
        const total = `t3.total_processed.${col}`;
        // Zero addends add nothing: list the non-zero ones and the reported total.
        const listed = r.cells.filter((k) => k === total || figure(report, k) !== 0);
        let hint: string | undefined;
        if (col === "total" && culprit?.explains.includes(T3_RESULTS)) {
          hint = `可能是「${labelOfRow(`t3.${culprit.row}`)}」行的总计栏填错：该行六类申请人合计 ${culprit.colsum.computed}，总计栏填报 ${culprit.colsum.reported}`;
        } else if (balHolds(report, col)) {
          hint =
            "本列「一+二 = 三（七）+四」成立，「（七）总计」可能是倒推或手工填写，未按（一）至（六）逐项相加";
        }
        return {
          messageId: "mismatch",
          data: {
            col: t3ColumnLabel(col),
            computed: r.computed,
            reported: r.reported,
            diff: r.difference,
            cells: cellsText(report, listed),
          },
          cells: r.cells,
          reported: r.reported,
          computed: r.computed,
          ...(hint === undefined ? {} : { hint }),
        };
      }),
    );
    for (const { col, relation } of otherSubtotalInstances(report)) {
      const parent = `t3.other_processing.${col}`;
      checks.push(
        relationCheck(relation, parent, (r) => ({
          messageId: "otherSubtotal",
          data: {
            col: t3ColumnLabel(col),
            computed: r.computed,
            reported: r.reported,
            diff: r.difference,
            cells: cellsText(report, [parent, ...r.cells.filter((k) => k !== parent)]),
          },
          cells: r.cells,
          reported: r.reported,
          computed: r.computed,
        })),
      );
    }
    return checks;
  },
};
