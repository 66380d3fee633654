import { describe, expect, it } from "vitest";
import { t4Review } from "../../../validate/rules/t4-review.ts";
import { cleanReport, withDecoded, withFigures, withoutTable } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

describe("T4-REVIEW", () => {
  it("passes when 总计 = 维持 + 纠正 + 其他 + 未审结", () => {
    expect(findings(t4Review, cleanReport())).toEqual([]);
  });

  it("fails with the four parts in the message", () => {
    const f = only(findings(t4Review, withFigures(cleanReport(), { "t4.review.pending": 2 })));
    expect(f).toMatchObject({
      rule: "T4-REVIEW",
      severity: "error",
      messageId: "mismatch",
      cells: [
        "t4.review.upheld",
        "t4.review.corrected",
        "t4.review.other",
        "t4.review.pending",
        "t4.review.total",
      ],
      reported: 2,
      computed: 4,
      difference: -2,
    });
    expect(f.message).toBe("表四 行政复议：维持1+纠正1+其他0+未审结2 = 4，总计填报 2，相差 -2");
  });

  it("is cannot_check on a blank part, assumed when decoded with T4-REVIEW", () => {
    const blank = withFigures(cleanReport(), { "t4.review.other": null, "t4.review.total": 9 });
    expect(findings(t4Review, blank)).toEqual([]);
    expect(checks(t4Review, blank)).toEqual([
      { outcome: "cannot_check", scope: "t4.review.*", missing: ["t4.review.other"] },
    ]);
    const decoded = withDecoded(cleanReport(), ["t4.review.total"], ["T4-REVIEW"]);
    expect(checks(t4Review, decoded)[0]?.outcome).toBe("assumed");
  });

  it("invents nothing when 表四 was not found", () => {
    expect(findings(t4Review, withoutTable(cleanReport(), "t4"))).toEqual([]);
    expect(checks(t4Review, withoutTable(cleanReport(), "t4"))[0]?.outcome).toBe("cannot_check");
  });
});
