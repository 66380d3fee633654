import { describe, expect, it } from "vitest";
import { formatOtherSplit } from "../../../validate/rules/format-other-split.ts";
import { cellsOfRow } from "../../../validate/rules/utils/figures.ts";
import { cleanReport, withoutTable, withSingleOther } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

describe("FORMAT-OTHER-SPLIT", () => {
  it("passes a 2021+ report with the three sub-rows, or with parent and sub-rows", () => {
    expect(findings(formatOtherSplit, cleanReport({ year: 2023 }))).toEqual([]);
    expect(findings(formatOtherSplit, withSingleOther(cleanReport({ year: 2023 }), true))).toEqual([]);
  });

  it("fires on a 2021-format report for Y ≥ 2021 printing （六） as one row", () => {
    const f = only(findings(formatOtherSplit, withSingleOther(cleanReport({ year: 2023 }))));
    expect(f).toMatchObject({
      rule: "FORMAT-OTHER-SPLIT",
      severity: "warning",
      messageId: "notSplit",
      cells: cellsOfRow("t3.other_processing"),
    });
    expect(f.message).toBe(
      "表三「（六）其他处理」只填一行，2023年度报告应分列「逾期不补正」「逾期未缴费」「其他」",
    );
  });

  it("does not apply before 2021, nor to a report wholly in the 2019 format (XY-FORMAT reports it)", () => {
    expect(checks(formatOtherSplit, cleanReport({ version: "2019", year: 2020 }))).toEqual([]);
    expect(checks(formatOtherSplit, cleanReport({ version: "2019", year: 2023 }))).toEqual([]);
  });

  it("invents nothing when 表三 was not found", () => {
    expect(findings(formatOtherSplit, withoutTable(cleanReport(), "t3"))).toEqual([]);
  });
});
