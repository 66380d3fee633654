import { describe, expect, it } from "vitest";
import { parseAmbiguous } from "../../../validate/rules/parse-ambiguous.ts";
import { cellsOfRow } from "../../../validate/rules/utils/figures.ts";
import { cleanReport, parseIssue, withIssues } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

describe("PARSE-AMBIGUOUS", () => {
  it("passes when no value was left ambiguous", () => {
    expect(findings(parseAmbiguous, cleanReport())).toEqual([]);
  });

  it("fires once per ambiguous glued row, listing the splits", () => {
    const report = withIssues(
      cleanReport(),
      parseIssue({
        kind: "ambiguous_split",
        table: "t3",
        row: "（一）予以公开",
        rowKey: "granted",
        raw: "110000112",
        options: ["11/0/0/0/0/1/12", "1/10/0/0/0/1/12"],
      }),
    );
    const f = only(findings(parseAmbiguous, report));
    expect(f).toMatchObject({
      rule: "PARSE-AMBIGUOUS",
      severity: "warning",
      messageId: "ambiguous",
      cells: cellsOfRow("t3.granted"),
    });
    expect(f.message).toBe(
      "表三「（一）予以公开」数字“110000112”有 2 种拆分（11/0/0/0/0/1/12；1/10/0/0/0/1/12），未予采信，相关核验无法进行",
    );
  });

  it("uses the version's row label and cells for 表二, and a second message when no split fits", () => {
    const report = withIssues(
      cleanReport(),
      parseIssue({
        kind: "ambiguous_split",
        table: "t2",
        row: "规范性文件",
        rowKey: "normative_documents",
        raw: "1203",
        options: ["1/20/3", "12/0/3"],
      }),
      parseIssue({
        kind: "ambiguous_split",
        table: "t2",
        row: "规章",
        rowKey: "regulations",
        raw: "00",
        options: [],
        expected: 3,
      }),
    );
    const list = findings(parseAmbiguous, report);
    expect(list.map((f) => f.message)).toEqual([
      "表二「规章」数字“00”无法拆分为本行的 3 个单元格，未予采信，相关核验无法进行",
      "表二「行政规范性文件」数字“1203”有 2 种拆分（1/20/3；12/0/3），未予采信，相关核验无法进行",
    ]);
    expect(list[1]?.cells).toEqual([
      "t2.normative_documents.made",
      "t2.normative_documents.repealed",
      "t2.normative_documents.in_force",
    ]);
  });

  it("a 采购总金额 printed without a unit is not taken (万元 or 元?) and says so", () => {
    const report = withIssues(
      cleanReport({ version: "2019" }),
      parseIssue({
        kind: "unparsed_value",
        table: "t2",
        row: "政府集中采购",
        rowKey: "procurement.total_amount",
        raw: "567.27",
      }),
    );
    const f = only(findings(parseAmbiguous, report));
    expect(f).toMatchObject({
      rule: "PARSE-AMBIGUOUS",
      severity: "warning",
      cells: ["t2.procurement.total_amount"],
    });
    expect(f.message).toBe(
      "表二「政府集中采购」采购总金额“567.27”未注明单位（万元或元），未予采信，请注明单位",
    );
  });

  it("an OCR reading the table's arithmetic cannot decide is not taken, and says it was read by OCR", () => {
    const report = withIssues(
      cleanReport(),
      parseIssue({ kind: "ocr_uncertain", table: "t3", rowKey: "t3.new.research", raw: "S", options: ["5"] }),
    );
    const f = only(findings(parseAmbiguous, report));
    expect(f).toMatchObject({ rule: "PARSE-AMBIGUOUS", severity: "warning", cells: ["t3.new.research"] });
    expect(f.message).toContain("经文字识别（OCR）读作“S”，可能是 5");
  });
});
