import { describe, expect, it } from "vitest";
import { textT3Carry } from "../../../validate/rules/text-t3-carry.ts";
import { cleanReport, withFigures, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

// cleanReport: 表三 上年结转 2, 结转下年度继续办理 4.
const prose = (text: string) => withProse(cleanReport(), { 1: text });

describe("TEXT-T3-CARRY", () => {
  it("passes when 上年结转 and 结转下年度 agree with 表三", () => {
    const report = prose("本年度新收政府信息公开申请12件，上年结转2件，结转下年度继续办理4件。");
    expect(findings(textT3Carry, report)).toEqual([]);
    expect(checks(textT3Carry, report).map((c) => c.outcome)).toEqual(["pass", "pass"]);
  });

  it("warns on a different 上年结转", () => {
    const f = only(findings(textT3Carry, prose("本年度新收政府信息公开申请12件，上年结转3件。")));
    expect(f).toMatchObject({
      rule: "TEXT-T3-CARRY",
      severity: "warning",
      cells: ["t3.carried_over.total"],
      reported: 3,
      computed: 2,
    });
    expect(f.message).toBe(
      "正文称上年结转 3 件（“本年度新收政府信息公开申请12件，上年结转3件”），表三为 2，相差 1",
    );
  });

  it("warns on a different 结转下年度, cannot_check on a blank cell", () => {
    const f = only(findings(textT3Carry, prose("政府信息公开申请中有5件结转下年度办理。")));
    expect(f.message).toBe(
      "正文称结转下年度 5 件（“政府信息公开申请中有5件结转下年度办理”），表三为 4，相差 1",
    );
    const blank = withFigures(prose("申请结转下年度继续办理5件。"), { "t3.carried_forward.total": null });
    expect(checks(textT3Carry, blank)).toMatchObject([
      { outcome: "cannot_check", missing: ["t3.carried_forward.total"] },
    ]);
  });
});
