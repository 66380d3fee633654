import { describe, expect, it } from "vitest";
import { t4LitigationAfterReview } from "../../../validate/rules/t4-litigation-after-review.ts";
import { cleanReport, withDecoded, withFigures, withoutTable } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

describe("T4-LITIGATION_AFTER_REVIEW", () => {
  it("passes a consistent group", () => {
    expect(findings(t4LitigationAfterReview, cleanReport())).toEqual([]);
  });

  it("fails when 总计 exceeds the parts", () => {
    const f = only(
      findings(
        t4LitigationAfterReview,
        withFigures(cleanReport(), { "t4.litigation_after_review.total": 3 }),
      ),
    );
    expect(f).toMatchObject({
      rule: "T4-LITIGATION_AFTER_REVIEW",
      severity: "error",
      reported: 3,
      computed: 0,
      difference: 3,
    });
    expect(f.cells.at(-1)).toBe("t4.litigation_after_review.total");
    expect(f.message).toBe("表四 复议后起诉：维持0+纠正0+其他0+未审结0 = 0，总计填报 3，相差 3");
  });

  it("is cannot_check on a blank part, assumed when decoded with its relation", () => {
    const blank = withFigures(cleanReport(), { "t4.litigation_after_review.corrected": null });
    expect(checks(t4LitigationAfterReview, blank)[0]).toMatchObject({
      outcome: "cannot_check",
      missing: ["t4.litigation_after_review.corrected"],
    });
    const decoded = withDecoded(
      cleanReport(),
      ["t4.litigation_after_review.total"],
      ["T4-LITIGATION_AFTER_REVIEW"],
    );
    expect(checks(t4LitigationAfterReview, decoded)[0]?.outcome).toBe("assumed");
    expect(findings(t4LitigationAfterReview, withoutTable(cleanReport(), "t4"))).toEqual([]);
  });
});
