import { describe, expect, it } from "vitest";
import { t2Blank } from "../../../validate/rules/t2-blank.ts";
import { cleanReport, withFigures, withoutTable, withRawCells } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

describe("T2-BLANK", () => {
  it("passes a filled 表二 of either version", () => {
    expect(findings(t2Blank, cleanReport())).toEqual([]);
    expect(findings(t2Blank, cleanReport({ version: "2019" }))).toEqual([]);
  });

  it("lists blank cells (null or a blank marker)", () => {
    const report = withRawCells(withFigures(cleanReport(), { "t2.regulations.made": null }), {
      "t2.fees.amount_wan_yuan": "/",
    });
    const f = only(findings(t2Blank, report));
    expect(f).toMatchObject({
      rule: "T2-BLANK",
      severity: "warning",
      cells: ["t2.regulations.made", "t2.fees.amount_wan_yuan"],
    });
    expect(f.message).toBe(
      "表二 2 个单元格未填：「规章」本年制发件数；「行政事业性收费」本年收费金额（单位：万元）",
    );
  });

  it("uses the 2019 cells for a 2019 表二", () => {
    const f = only(
      findings(t2Blank, withFigures(cleanReport({ version: "2019" }), { "t2.procurement.items": null })),
    );
    expect(f.message).toBe("表二 1 个单元格未填：「政府集中采购」采购项目数量");
  });

  it("reports nothing when 表二 was not found", () => {
    expect(findings(t2Blank, withoutTable(cleanReport(), "t2"))).toEqual([]);
  });
});
