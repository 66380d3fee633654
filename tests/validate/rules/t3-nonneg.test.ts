import { describe, expect, it } from "vitest";
import { t3Nonneg } from "../../../validate/rules/t3-nonneg.ts";
import { cleanReport, withFigures, withPrinted, withRawCells } from "../../helpers/report.ts";
import { findings, only, summary } from "../helpers.ts";

describe("T3-NONNEG", () => {
  it("passes non-negative integers; blanks are not its business", () => {
    expect(findings(t3Nonneg, cleanReport())).toEqual([]);
    expect(summary(t3Nonneg, cleanReport()).pass).toBe(175);
    const blank = withRawCells(withFigures(cleanReport(), { "t3.new.research": null }), {
      "t3.new.other": "—",
    });
    expect(findings(t3Nonneg, blank)).toEqual([]);
  });

  it("fires on a printed non-number (rawCells)", () => {
    const f = only(findings(t3Nonneg, withRawCells(cleanReport(), { "t3.new.business": "2件" })));
    expect(f).toMatchObject({
      rule: "T3-NONNEG",
      severity: "error",
      messageId: "invalid",
      cells: ["t3.new.business"],
    });
    expect(f.reported).toBeUndefined();
    expect(f.message).toBe("表三「一、本年新收政府信息公开申请数量」商业企业为「2件」，应为非负整数");
  });

  it("fires on a negative or fractional figure, quoting the printed text", () => {
    const report = withPrinted(
      withFigures(cleanReport(), { "t3.granted.research": -1, "t3.denied.state_secret.total": 1.5 }),
      {
        "t3.granted.research": "-1",
      },
    );
    const list = findings(t3Nonneg, report);
    expect(list.map((f) => f.message)).toEqual([
      "表三「（一）予以公开」科研机构为「-1」，应为非负整数",
      "表三「（三）1.属于国家秘密」总计为「1.5」，应为非负整数",
    ]);
  });
});
