import { describe, expect, it } from "vitest";
import { t2Nonneg } from "../../../validate/rules/t2-nonneg.ts";
import { cleanReport, withFigures, withRawCells } from "../../helpers/report.ts";
import { findings, only, summary } from "../helpers.ts";

describe("T2-NONNEG", () => {
  it("passes clean 表二 of both versions, a decimal amount and a signed 2019 change", () => {
    expect(findings(t2Nonneg, cleanReport())).toEqual([]);
    expect(summary(t2Nonneg, cleanReport()).pass).toBe(10);
    expect(findings(t2Nonneg, withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": 64.01 }))).toEqual([]);
    expect(
      findings(t2Nonneg, withFigures(cleanReport({ version: "2019" }), { "t2.licensing.change": -3 })),
    ).toEqual([]);
  });

  it("fires on a printed non-number in a count column", () => {
    const f = only(findings(t2Nonneg, withRawCells(cleanReport(), { "t2.licensing.decisions": "若干" })));
    expect(f).toMatchObject({ rule: "T2-NONNEG", severity: "error", cells: ["t2.licensing.decisions"] });
    expect(f.message).toBe("表二「行政许可」本年处理决定数量为「若干」，应为非负整数");
  });

  it("names the type the column wants", () => {
    const f2019 = only(
      findings(t2Nonneg, withFigures(cleanReport({ version: "2019" }), { "t2.punishment.change": 1.5 })),
    );
    expect(f2019.message).toBe("表二「行政处罚」本年增/减为「1.5」，应为整数（增加为正数，减少为负数）");
    const fee = only(findings(t2Nonneg, withFigures(cleanReport(), { "t2.fees.amount_wan_yuan": -1 })));
    expect(fee.message).toBe(
      "表二「行政事业性收费」本年收费金额（单位：万元）为「-1」，应为不小于 0 的数值（单位：万元）",
    );
  });

  it("does not treat a 采购总金额 whose unit is unclear as invalid", () => {
    const report = withRawCells(cleanReport({ version: "2019" }), {
      "t2.procurement.total_amount": "123.45",
    });
    expect(findings(t2Nonneg, report)).toEqual([]);
  });
});
