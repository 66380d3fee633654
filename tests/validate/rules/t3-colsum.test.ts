import { describe, expect, it } from "vitest";
import { t3Colsum } from "../../../validate/rules/t3-colsum.ts";
import {
  cleanReport,
  withDecoded,
  withFigures,
  withoutTable,
  withSingleOther,
} from "../../helpers/report.ts";
import { checkAt, findings, only, summary } from "../helpers.ts";

describe("T3-COLSUM", () => {
  it("passes every printed row (25 rows 2021, 23 rows 2019, 26 with both forms of （六）)", () => {
    expect(findings(t3Colsum, cleanReport())).toEqual([]);
    expect(summary(t3Colsum, cleanReport()).pass).toBe(25);
    expect(summary(t3Colsum, cleanReport({ version: "2019" })).pass).toBe(23);
    expect(summary(t3Colsum, withSingleOther(cleanReport(), true)).pass).toBe(26);
  });

  it("fails a row whose 总计 is not the sum of the six applicant columns", () => {
    const f = only(findings(t3Colsum, withFigures(cleanReport(), { "t3.granted.business": 3 })));
    expect(f).toMatchObject({
      rule: "T3-COLSUM",
      severity: "error",
      messageId: "mismatch",
      scope: "t3.granted.*",
      cells: [
        "t3.granted.natural_person",
        "t3.granted.business",
        "t3.granted.research",
        "t3.granted.nonprofit",
        "t3.granted.legal_services",
        "t3.granted.other",
        "t3.granted.total",
      ],
      reported: 6,
      computed: 8,
      difference: -2,
    });
    expect(f.message).toBe("表三「（一）予以公开」：六类申请人合计 8，总计栏 6，相差 -2");
    expect(f.hint).toBeUndefined();
  });

  it("names sub-rows with their group's ordinal", () => {
    const f = only(findings(t3Colsum, withFigures(cleanReport(), { "t3.denied.state_secret.total": 1 })));
    expect(f.message).toBe("表三「（三）1.属于国家秘密」：六类申请人合计 0，总计栏 1，相差 1");
  });

  it("hints that the row's total is wrong when BAL/RESULTS fail only in 总计 by the same amount", () => {
    const f = only(findings(t3Colsum, withFigures(cleanReport(), { "t3.total_processed.total": 11 })));
    expect(f.hint).toBe(
      "很可能是本行总计栏填错：表三总计列的「一+二 = 三（七）+四」和「（一）至（六）合计 = （七）总计」也相差同一数额",
    );
    const g = only(findings(t3Colsum, withFigures(cleanReport(), { "t3.new.total": 13 })));
    expect(g.hint).toBe("很可能是本行总计栏填错：表三总计列的「一+二 = 三（七）+四」也相差同一数额");
  });

  it("checks the （六） one-row form and the parent when both forms are printed", () => {
    const single = withFigures(withSingleOther(cleanReport({ version: "2019" })), {
      "t3.other_processing.total": 2,
    });
    expect(only(findings(t3Colsum, single)).message).toBe(
      "表三「（六）其他处理」：六类申请人合计 0，总计栏 2，相差 2",
    );
    const both = withFigures(withSingleOther(cleanReport(), true), { "t3.other_processing.other.total": 1 });
    expect(only(findings(t3Colsum, both)).message).toBe(
      "表三「（六）3.其他」：六类申请人合计 0，总计栏 1，相差 1",
    );
  });

  it("is cannot_check when a cell of the row is blank", () => {
    const report = withFigures(cleanReport(), { "t3.granted.research": null, "t3.granted.total": 40 });
    expect(findings(t3Colsum, report)).toEqual([]);
    expect(checkAt(t3Colsum, report, "t3.granted.*")).toEqual({
      outcome: "cannot_check",
      scope: "t3.granted.*",
      missing: ["t3.granted.research"],
    });
  });

  it("fails on blank cells where the cells read already exceed 总计, whatever the blanks hold", () => {
    const report = withFigures(cleanReport(), {
      "t3.granted.natural_person": 9,
      "t3.granted.business": 0,
      "t3.granted.research": null,
      "t3.granted.nonprofit": null,
      "t3.granted.legal_services": 1,
      "t3.granted.other": 0,
      "t3.granted.total": 6,
    });
    const f = only(findings(t3Colsum, report));
    expect(f).toMatchObject({ messageId: "exceeds", reported: 6, computed: 10, difference: -4 });
    expect(f.message).toBe(
      "表三「（一）予以公开」：已读出的申请人各栏合计 10，已大于总计栏 6；科研机构、社会公益组织栏没有可用数字（空白或未能识别），不论其为多少都不相符",
    );
    expect(f.hint).toBeUndefined();
  });

  it("is assumed for a row decoded with T3-COLSUM", () => {
    const keys = ["t3.new.natural_person", "t3.new.business", "t3.new.total"];
    const report = withDecoded(cleanReport(), keys, ["T3-COLSUM"]);
    expect(checkAt(t3Colsum, report, "t3.new.*")?.outcome).toBe("assumed");
    expect(checkAt(t3Colsum, report, "t3.granted.*")?.outcome).toBe("pass");
  });

  it("invents nothing when 表三 was not found", () => {
    expect(findings(t3Colsum, withoutTable(cleanReport(), "t3"))).toEqual([]);
  });
});
