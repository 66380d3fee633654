import { describe, expect, it } from "vitest";
import { t22019Items } from "../../../validate/rules/t2-2019-items.ts";
import { cleanReport, withFigures } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

describe("T2-2019-ITEMS", () => {
  const previous = withFigures(cleanReport({ version: "2019", year: 2019 }), {
    "t2.licensing.prev_items": 30,
    "t2.licensing.change": -2,
  });

  it("passes when 上一年项目数量 = last year's count + last year's 增/减", () => {
    const report = withFigures(cleanReport({ version: "2019", year: 2020 }), {
      "t2.licensing.prev_items": 28,
    });
    expect(findings(t22019Items, report, previous)).toEqual([]);
  });

  it("warns when it does not hold (signed change)", () => {
    const report = withFigures(cleanReport({ version: "2019", year: 2020 }), {
      "t2.licensing.prev_items": 31,
    });
    const f = only(findings(t22019Items, report, previous));
    expect(f).toMatchObject({
      rule: "T2-2019-ITEMS",
      severity: "warning",
      reported: 31,
      computed: 28,
      difference: 3,
    });
    expect(f.message).toBe("表二「行政许可」：2019年项目数 30 + 增减 -2 = 28，本年填报 31，相差 3");
  });

  it("does not run across the template change", () => {
    const report = withFigures(cleanReport({ year: 2021 }), {});
    expect(findings(t22019Items, report, cleanReport({ version: "2019", year: 2020 }))).toEqual([]);
  });
});
