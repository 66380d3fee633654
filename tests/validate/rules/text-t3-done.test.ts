import { describe, expect, it } from "vitest";
import { textT3Done } from "../../../validate/rules/text-t3-done.ts";
import { cleanReport, withFigures, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

// cleanReport: 表三 （七）总计 10.
const prose = (text: string) => withProse(cleanReport(), { 1: text });

describe("TEXT-T3-DONE", () => {
  it("passes when the prose count equals 表三「（七）总计」", () => {
    const report = prose("本年度收到政府信息公开申请12件，其中10件已办结。");
    expect(findings(textT3Done, report)).toEqual([]);
    expect(checks(textT3Done, report).map((c) => c.outcome)).toEqual(["pass"]);
  });

  it("warns on a different count", () => {
    const f = only(findings(textT3Done, prose("全年共办结政府信息公开申请9件。")));
    expect(f).toMatchObject({
      rule: "TEXT-T3-DONE",
      severity: "warning",
      cells: ["t3.total_processed.total"],
      reported: 9,
      computed: 10,
      difference: -1,
    });
    expect(f.message).toBe(
      "正文称办结 9 件（“全年共办结政府信息公开申请9件”），表三「（七）总计」10，相差 -1",
    );
  });

  it("is a notice with a scope marker, cannot_check on a blank cell", () => {
    expect(only(findings(textT3Done, prose("截至12月31日，已答复政府信息公开申请9件。"))).severity).toBe(
      "notice",
    );
    const blank = withFigures(prose("全年共办结政府信息公开申请9件。"), { "t3.total_processed.total": null });
    expect(checks(textT3Done, blank)).toMatchObject([
      { outcome: "cannot_check", missing: ["t3.total_processed.total"] },
    ]);
  });
});
