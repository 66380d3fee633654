import type { Rule } from "../finding.ts";
import { colLabel, labelOfRow } from "./utils/labels.ts";
import { relationCheck, tableNotFound } from "./utils/relation.ts";
import { colsumInstances, T3_BAL, T3_COLSUM, totalCulprit } from "./utils/t3.ts";

const RELATION_NAMES = {
  [T3_BAL]: "「一+二 = 三（七）+四」",
  "T3-RESULTS": "「（一）至（六）合计 = （七）总计」",
};

export const t3Colsum: Rule = {
  meta: {
    id: T3_COLSUM,
    severity: "error",
    basis: "表三“总计”栏为六类申请人之和",
    description: "Per row of 表三: 总计 = Σ of the six applicant columns.",
    messages: {
      mismatch: "表三「{row}」：六类申请人合计 {computed}，总计栏 {reported}，相差 {diff}",
      exceeds:
        "表三「{row}」：已读出的申请人各栏合计 {computed}，已大于总计栏 {reported}；{unread}栏没有可用数字（空白或未能识别），不论其为多少都不相符",
    },
  },
  check({ report }) {
    if (!report.tables.t3.found) return [tableNotFound("t3")];
    const culprit = totalCulprit(report);
    return colsumInstances(report).map(({ row, relation }) =>
      relationCheck(relation, `t3.${row}.*`, (r) => {
        const hint =
          culprit?.row === row
            ? `很可能是本行总计栏填错：表三总计列的${culprit.explains.map((id) => RELATION_NAMES[id]).join("和")}也相差同一数额`
            : undefined;
        return {
          messageId: r.unread ? "exceeds" : "mismatch",
          data: {
            row: labelOfRow(`t3.${row}`),
            computed: r.computed,
            reported: r.reported,
            diff: r.difference,
            ...(r.unread ? { unread: r.unread.map(colLabel).join("、") } : {}),
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
