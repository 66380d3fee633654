import { describe, expect, it } from "vitest";
import { textT2 } from "../../../validate/rules/text-t2.ts";
import { cleanReport, withFigures, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

// cleanReport: 表二 all zero.
const prose = (text: string, version: "2019" | "2021" = "2021") =>
  withProse(cleanReport({ version }), { 1: text });

describe("TEXT-T2", () => {
  it("passes when the prose restates 表二", () => {
    const report = withFigures(prose("本年度制发行政规范性文件2件，作出行政处罚决定110件。"), {
      "t2.normative_documents.made": 2,
      "t2.punishment.decisions": 110,
    });
    expect(findings(textT2, report)).toEqual([]);
    expect(checks(textT2, report).map((c) => c.outcome)).toEqual(["pass", "pass"]);
  });

  it("warns on a different count", () => {
    const f = only(findings(textT2, prose("本年度制发行政规范性文件2件。")));
    expect(f).toMatchObject({
      rule: "TEXT-T2",
      severity: "warning",
      cells: ["t2.normative_documents.made"],
      reported: 2,
      computed: 0,
      difference: 2,
    });
    expect(f.message).toBe(
      "正文称行政规范性文件本年制发件数 2（“本年度制发行政规范性文件2件”），表二为 0，相差 2",
    );
  });

  it("compares a fee amount in 元 with the 万元 cell", () => {
    const text = "本年度行政事业性收费6400元。";
    expect(findings(textT2, withFigures(prose(text), { "t2.fees.amount_wan_yuan": 0.64 }))).toEqual([]);
    const f = only(findings(textT2, withFigures(prose(text), { "t2.fees.amount_wan_yuan": 0.5 })));
    expect(f.cells).toEqual(["t2.fees.amount_wan_yuan"]);
    expect(f.message).toBe(
      "正文称行政事业性收费本年收费金额 6400元（0.64万元）（“本年度行政事业性收费6400元”），表二为 0.5万元，相差 0.14万元",
    );
  });

  it("maps to the 2019 columns; a measure the version lacks, or a blank cell, is cannot_check", () => {
    const f = only(findings(textT2, prose("本年度新制作规范性文件3件。", "2019")));
    expect(f.cells).toEqual(["t2.normative_documents.new_made"]);
    expect(f.message).toBe(
      "正文称规范性文件本年新制作数量 3（“本年度新制作规范性文件3件”），表二为 0，相差 3",
    );
    expect(checks(textT2, prose("本年度废止规章1件。", "2019"))).toMatchObject([
      { outcome: "cannot_check", missing: ["t2.regulations.repealed"] },
    ]);
    const blank = withFigures(prose("本年度废止规章1件。"), { "t2.regulations.repealed": null });
    expect(checks(textT2, blank)).toMatchObject([
      { outcome: "cannot_check", missing: ["t2.regulations.repealed"] },
    ]);
  });
});
