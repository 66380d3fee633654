import { describe, expect, it } from "vitest";
import { t4LitigationDirect } from "../../../validate/rules/t4-litigation-direct.ts";
import { cleanReport, withDecoded, withFigures, withoutTable } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

describe("T4-LITIGATION_DIRECT", () => {
  it("passes a consistent group", () => {
    const report = withFigures(cleanReport(), {
      "t4.litigation_direct.upheld": 2,
      "t4.litigation_direct.pending": 1,
      "t4.litigation_direct.total": 3,
    });
    expect(findings(t4LitigationDirect, report)).toEqual([]);
  });

  it("fails with the same 维持/纠正/其他/未审结 arithmetic as T4-REVIEW", () => {
    const f = only(
      findings(t4LitigationDirect, withFigures(cleanReport(), { "t4.litigation_direct.upheld": 1 })),
    );
    expect(f).toMatchObject({
      rule: "T4-LITIGATION_DIRECT",
      severity: "error",
      cells: [
        "t4.litigation_direct.upheld",
        "t4.litigation_direct.corrected",
        "t4.litigation_direct.other",
        "t4.litigation_direct.pending",
        "t4.litigation_direct.total",
      ],
      reported: 0,
      computed: 1,
      difference: -1,
    });
    expect(f.message).toBe("表四 未经复议直接起诉：维持1+纠正0+其他0+未审结0 = 1，总计填报 0，相差 -1");
  });

  it("is cannot_check on a blank total, assumed when decoded with its relation", () => {
    const blank = withFigures(cleanReport(), { "t4.litigation_direct.total": null });
    expect(checks(t4LitigationDirect, blank)[0]).toMatchObject({
      outcome: "cannot_check",
      missing: ["t4.litigation_direct.total"],
    });
    const decoded = withDecoded(cleanReport(), ["t4.litigation_direct.upheld"], ["T4-LITIGATION_DIRECT"]);
    expect(checks(t4LitigationDirect, decoded)[0]?.outcome).toBe("assumed");
    expect(findings(t4LitigationDirect, withoutTable(cleanReport(), "t4"))).toEqual([]);
  });
});
