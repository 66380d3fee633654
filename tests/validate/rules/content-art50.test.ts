import { describe, expect, it } from "vitest";
import { contentArt50 } from "../../../validate/rules/content-art50.ts";
import { cleanReport, withMeta, withoutTable, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const NO_SYSTEMS = "2023年，本单位认真做好政府信息公开工作。";

describe("CONTENT-ART50", () => {
  it("passes a report with substance in 一–五, problems and improvements, 考核/评议/追究", () => {
    expect(findings(contentArt50, cleanReport())).toEqual([]);
    expect(checks(contentArt50, cleanReport()).every((c) => c.outcome === "pass")).toBe(true);
  });

  it("warns on an empty or 无-only section", () => {
    const f = only(findings(contentArt50, withProse(cleanReport(), { 5: "无。" })));
    expect(f).toMatchObject({ rule: "CONTENT-ART50", severity: "warning", cells: [] });
    expect(f.message).toBe("未见条例第五十条要求的「存在的主要问题及改进」情况");
    const noTable = withProse(withoutTable(cleanReport(), "t2"), { 2: "" });
    expect(only(findings(contentArt50, noTable)).message).toBe(
      "未见条例第五十条要求的「主动公开政府信息」情况",
    );
  });

  it("warns when 五 names no problem or no improvement", () => {
    const f = only(findings(contentArt50, withProse(cleanReport(), { 5: "本年度公开工作仍存在不足。" })));
    expect(f.message).toBe("未见条例第五十条要求的「改进」情况");
    // Improvements worded as plans, not with the word 改进.
    for (const text of [
      "工作中还存在不足。下一年我们将切实抓好以下工作：一是加强培训；二是规范办理。",
      "存在问题：公开内容不够全面。针对上述问题，一是扩大公开范围，二是加强审核。",
    ]) {
      expect(findings(contentArt50, withProse(cleanReport(), { 5: text })), text).toEqual([]);
    }
    const g = only(findings(contentArt50, withProse(cleanReport(), { 5: "下一步将加强培训，完善措施。" })));
    expect(g.message).toBe("未见条例第五十条要求的「存在的主要问题」情况");
  });

  it("takes shortcomings worded 不够/有待 for the problems 五 must name", () => {
    const text = "一是政府信息公开的覆盖面还不够广，二是主动性有待提高。下一步，将从以下几方面抓好改进。";
    expect(findings(contentArt50, withProse(cleanReport(), { 5: text }))).toEqual([]);
  });

  it("requires 考核/评议/追究 of governments (warning), a notice for a subdistrict, nothing for a department", () => {
    const bare = withProse(cleanReport(), { 1: NO_SYSTEMS });
    const township = findings(contentArt50, withMeta(bare, { issuerLevel: "township_government" }));
    expect(township.map((f) => [f.severity, f.message])).toEqual([
      ["warning", "未见条例第五十条要求的「工作考核、社会评议、责任追究」情况"],
    ]);
    expect(findings(contentArt50, bare).map((f) => f.severity)).toEqual(["notice"]);
    const partial = withProse(cleanReport(), { 1: "2023年开展工作考核。" });
    expect(
      findings(contentArt50, withMeta(partial, { issuerLevel: "township_government" })).map((f) => f.message),
    ).toEqual(["未见条例第五十条要求的「社会评议、责任追究」情况"]);
    expect(findings(contentArt50, withMeta(bare, { issuerLevel: "department" }))).toEqual([]);
    const nil = withProse(cleanReport(), { 1: "2023年开展工作考核和社会评议，未发生责任追究情况。" });
    expect(findings(contentArt50, withMeta(nil, { issuerLevel: "county_plus_government" }))).toEqual([]);
  });
});
