import { describe, expect, it } from "vitest";
import { t4Nonneg } from "../../../validate/rules/t4-nonneg.ts";
import { cleanReport, withFigures, withRawCells } from "../../helpers/report.ts";
import { findings, only, summary } from "../helpers.ts";

describe("T4-NONNEG", () => {
  it("passes the 15 cells of a clean 表四", () => {
    expect(findings(t4Nonneg, cleanReport())).toEqual([]);
    expect(summary(t4Nonneg, cleanReport()).pass).toBe(15);
  });

  it("fires on a printed non-number", () => {
    const f = only(findings(t4Nonneg, withRawCells(cleanReport(), { "t4.review.other": "1件" })));
    expect(f).toMatchObject({ rule: "T4-NONNEG", severity: "error", cells: ["t4.review.other"] });
    expect(f.message).toBe("表四「行政复议·其他结果」为「1件」，应为非负整数");
  });

  it("fires on a negative figure", () => {
    const f = only(findings(t4Nonneg, withFigures(cleanReport(), { "t4.litigation_direct.corrected": -2 })));
    expect(f.message).toBe("表四「行政诉讼·未经复议直接起诉·结果纠正」为「-2」，应为非负整数");
  });
});
