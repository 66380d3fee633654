import { describe, expect, it } from "vitest";
import { textT4 } from "../../../validate/rules/text-t4.ts";
import { cleanReport, withFigures, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

// cleanReport: 表四 行政复议 维持 1, 纠正 1, 总计 2; 行政诉讼 0.
const prose = (text: string) => withProse(cleanReport(), { 1: text });

describe("TEXT-T4", () => {
  it("passes when 行政复议, 行政诉讼 and 纠正 agree with 表四", () => {
    const report = prose("本年度因政府信息公开被申请行政复议2件，其中被纠正1件；被提起行政诉讼0件。");
    expect(findings(textT4, report)).toEqual([]);
    expect(checks(textT4, report).map((c) => c.outcome)).toEqual(["pass", "pass", "pass"]);
  });

  it("warns on a different count of reviews", () => {
    const f = only(findings(textT4, prose("本年度被申请行政复议3件。")));
    expect(f).toMatchObject({
      rule: "TEXT-T4",
      severity: "warning",
      cells: ["t4.review.total"],
      reported: 3,
      computed: 2,
    });
    expect(f.message).toBe("正文称行政复议 3 件（“本年度被申请行政复议3件”），表四合计 2，相差 1");
  });

  it("reads 未发生…复议、…诉讼 as 0 and sums both lawsuit groups", () => {
    const list = findings(textT4, prose("未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。"));
    expect(list.map((f) => [f.cells, f.message])).toEqual([
      [
        ["t4.review.total"],
        "正文称行政复议 0 件（“未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况”），表四合计 2，相差 -2",
      ],
    ]);
  });

  it("is a notice when 表四 carries a scope footnote; cannot_check on a blank cell", () => {
    const report = prose("本年度被申请行政复议3件。");
    const noted = {
      ...report,
      tables: { ...report.tables, t4: { ...report.tables.t4, note: "含以前年度结转案件" } },
    };
    expect(only(findings(textT4, noted)).severity).toBe("notice");
    const blank = withFigures(report, { "t4.review.total": null });
    expect(checks(textT4, blank)).toMatchObject([{ outcome: "cannot_check", missing: ["t4.review.total"] }]);
  });
});
