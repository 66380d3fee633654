import type { Rule } from "../finding.ts";
import { cellsOfRow } from "./utils/figures.ts";
import { tableNotFound } from "./utils/relation.ts";
import { otherLayout } from "./utils/t3.ts";

export const formatOtherSplit: Rule = {
  meta: {
    id: "FORMAT-OTHER-SPLIT",
    severity: "warning",
    basis: "国办公开办函〔2021〕30号：表三（六）其他处理分列 3 项；属局部格式偏差，不影响算术核验",
    description:
      "A report for Y ≥ 2021 prints 表三 （六）其他处理 with its three sub-rows (skipped when the whole report uses the 2019 format: XY-FORMAT).",
    messages: {
      notSplit: "表三「（六）其他处理」只填一行，{Y}年度报告应分列「逾期不补正」「逾期未缴费」「其他」",
    },
  },
  check({ report }) {
    const year = report.meta.reportYear;
    if (year === null) return [{ outcome: "cannot_check", scope: "t3.other_processing", missing: [] }];
    if (year < 2021 || report.meta.templateVersion === "2019") return [];
    if (!report.tables.t3.found) return [tableNotFound("t3")];
    const { subs } = otherLayout(report);
    if (subs) return [{ outcome: "pass", scope: "t3.other_processing" }];
    return [
      {
        outcome: "fail",
        scope: "t3.other_processing",
        hit: { messageId: "notSplit", data: { Y: year }, cells: cellsOfRow("t3.other_processing") },
      },
    ];
  },
};
