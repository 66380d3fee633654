import { describe, expect, it } from "vitest";
import { t4Blank } from "../../../validate/rules/t4-blank.ts";
import { cellsOfRow } from "../../../validate/rules/utils/figures.ts";
import { cleanReport, parseIssue, withFigures, withIssues, withoutTable } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

describe("T4-BLANK", () => {
  it("passes a filled 表四", () => {
    expect(findings(t4Blank, cleanReport())).toEqual([]);
  });

  it("lists blank cells by group and column", () => {
    const report = withFigures(cleanReport(), {
      "t4.review.total": null,
      ...Object.fromEntries(cellsOfRow("t4.litigation_direct").map((k) => [k, null])),
    });
    const f = only(findings(t4Blank, report));
    expect(f).toMatchObject({ rule: "T4-BLANK", severity: "warning" });
    expect(f.cells).toEqual(["t4.review.total", ...cellsOfRow("t4.litigation_direct")]);
    expect(f.message).toBe("表四 6 个单元格未填数字：「行政复议」总计；「行政诉讼·未经复议直接起诉」全部5栏");
  });

  it("does not call an unreadable data row blank", () => {
    const all = Object.fromEntries(
      ["review", "litigation_direct", "litigation_after_review"]
        .flatMap((g) => cellsOfRow(`t4.${g}`))
        .map((k) => [k, null]),
    );
    const report = withIssues(
      withFigures(cleanReport(), all),
      parseIssue({ kind: "ambiguous_split", table: "t4", rowKey: "row" }),
    );
    expect(findings(t4Blank, report)).toEqual([]);
  });

  it("reports nothing when 表四 was not found", () => {
    expect(findings(t4Blank, withoutTable(cleanReport(), "t4"))).toEqual([]);
  });
});
