import { describe, expect, it } from "vitest";
import { t2ValidSelf } from "../../../validate/rules/t2-valid-self.ts";
import { cleanReport, withFigures, withoutTable } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

describe("T2-VALID-SELF", () => {
  it("passes when 现行有效 ≥ 本年制发", () => {
    const report = withFigures(cleanReport(), { "t2.regulations.made": 2, "t2.regulations.in_force": 10 });
    expect(findings(t2ValidSelf, report)).toEqual([]);
  });

  it("warns when 现行有效 is below 本年制发 (2021)", () => {
    const report = withFigures(cleanReport(), {
      "t2.normative_documents.made": 5,
      "t2.normative_documents.in_force": 3,
    });
    const f = only(findings(t2ValidSelf, report));
    expect(f).toMatchObject({
      rule: "T2-VALID-SELF",
      severity: "warning",
      messageId: "inForceBelowMade",
      cells: ["t2.normative_documents.made", "t2.normative_documents.in_force"],
    });
    expect(f.message).toBe("表二「行政规范性文件」本年制发 5 件，现行有效仅 3 件，请核实");
  });

  it("warns when 对外公开总数量 is below 本年新公开数量 (2019)", () => {
    const report = withFigures(cleanReport({ version: "2019" }), {
      "t2.regulations.new_published": 4,
      "t2.regulations.total_published": 2,
    });
    expect(only(findings(t2ValidSelf, report)).message).toBe(
      "表二「规章」本年新公开 4 件，对外公开总数量仅 2 件，请核实",
    );
  });

  it("is cannot_check on a blank cell and when 表二 was not found", () => {
    const blank = withFigures(cleanReport(), { "t2.regulations.in_force": null });
    expect(checks(t2ValidSelf, blank)[0]).toEqual({
      outcome: "cannot_check",
      scope: "t2.regulations.*",
      missing: ["t2.regulations.in_force"],
    });
    expect(findings(t2ValidSelf, withoutTable(cleanReport(), "t2"))).toEqual([]);
  });
});
