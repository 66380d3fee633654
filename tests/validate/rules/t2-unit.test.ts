import { describe, expect, it } from "vitest";
import type { NarrativeFigure, ParsedReport } from "../../../extract/schema.ts";
import { t2Unit } from "../../../validate/rules/t2-unit.ts";
import { cleanReport, withFigures, withPrinted } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

function prose(report: ParsedReport, quote: string, value: number, measure = "收费"): ParsedReport {
  const n: NarrativeFigure = {
    quote,
    value,
    unit: "元",
    key: null,
    measure,
    section: 1,
    line: 1,
    scope: [],
    year: null,
  };
  return { ...report, narrative: [...report.narrative, n] };
}

describe("T2-UNIT", () => {
  it("passes a plausible 万元 amount", () => {
    expect(findings(t2Unit, withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": 12.5 }))).toEqual([]);
  });

  it("fires when the cell carries a bare 元", () => {
    const report = withPrinted(withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": 0.12 }), {
      "t2.fees.amount_wan_yuan": "1200元",
    });
    const f = only(findings(t2Unit, report));
    expect(f).toMatchObject({ rule: "T2-UNIT", severity: "warning", cells: ["t2.fees.amount_wan_yuan"] });
    expect(f.message).toBe("表二 行政事业性收费「1200元」，单位应为万元，单元格标注的是“元”");
  });

  it("fires when a 街道 reports ≥ 10^6", () => {
    const f = only(findings(t2Unit, withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": 2000000 })));
    expect(f.message).toBe(
      "表二 行政事业性收费「2000000」，单位应为万元，街道年收费 2000000 万元明显偏大，疑按“元”填报",
    );
  });

  it("fires when the amount equals the prose 元 figure for the fee, not the 信息处理费", () => {
    const report = prose(
      withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": 3500 }),
      "全年行政事业性收费3500元",
      3500,
    );
    expect(only(findings(t2Unit, report)).message).toBe(
      "表二 行政事业性收费「3500」，单位应为万元，与正文以“元”为单位所述金额相同（“全年行政事业性收费3500元”）",
    );
    const fee = prose(
      withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": 100 }),
      "实际收取信息处理费100元",
      100,
    );
    expect(findings(t2Unit, fee)).toEqual([]);
    const zero = prose(cleanReport(), "本年行政事业性收费0元", 0);
    expect(findings(t2Unit, zero)).toEqual([]);
  });

  it("is cannot_check on a blank cell; not applicable to the 2019 表二", () => {
    const blank = withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": null });
    expect(checks(t2Unit, blank)).toEqual([
      { outcome: "cannot_check", scope: "t2.fees.amount_wan_yuan", missing: ["t2.fees.amount_wan_yuan"] },
    ]);
    expect(checks(t2Unit, cleanReport({ version: "2019" }))).toEqual([]);
  });
});
