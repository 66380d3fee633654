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

  it("fails on a blank part where the parts read already exceed 总计: no count there makes it hold", () => {
    // 维持 10 + 纠正 ? + 其他 0 + 未审结 0 against 总计 0 (a scanned 「1」 left unread).
    const report = withFigures(cleanReport(), {
      "t4.review.upheld": 10,
      "t4.review.corrected": null,
      "t4.review.other": 0,
      "t4.review.pending": 0,
      "t4.review.total": 0,
    });
    const f = only(findings(t4Review, report));
    expect(f).toMatchObject({ messageId: "exceeds", reported: 0, computed: 10, difference: -10 });
    expect(f.message).toBe(
      "表四 行政复议：维持10+纠正?+其他0+未审结0，已读出的各栏之和 10 已大于总计填报 0；结果纠正栏没有可用数字（空白或未能识别），不论其为多少都不相符",
    );
    // Parts read that do not exceed 总计 decide nothing.
    const open = withFigures(report, { "t4.review.total": 10 });
    expect(checks(t4Review, open)).toEqual([
      { outcome: "cannot_check", scope: "t4.review.*", missing: ["t4.review.corrected"] },
    ]);
    // Nor does a blank 总计.
    const noTotal = withFigures(report, { "t4.review.total": null, "t4.review.corrected": 1 });
    expect(checks(t4Review, noTotal)[0]?.outcome).toBe("cannot_check");
  });

  it("invents nothing when 表四 was not found", () => {
    expect(findings(t4Review, withoutTable(cleanReport(), "t4"))).toEqual([]);
    expect(checks(t4Review, withoutTable(cleanReport(), "t4"))[0]?.outcome).toBe("cannot_check");
  });
});
