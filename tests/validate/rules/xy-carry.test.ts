import { describe, expect, it } from "vitest";
import { runRules } from "../../../validate/engine.ts";
import { xyCarry } from "../../../validate/rules/xy-carry.ts";
import { cleanReport, withFigures, withoutTable } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

describe("XY-CARRY", () => {
  const previous = cleanReport({ year: 2022 });
  const current = cleanReport({ year: 2023 });

  it("passes when 上年结转 equals last year's 结转下年度 (balancedFigures: 4 → 2 would differ, so align)", () => {
    const report = withFigures(current, {
      "t3.carried_over.natural_person": 4,
      "t3.carried_over.total": 4,
    });
    expect(findings(xyCarry, report, previous)).toEqual([]);
  });

  it("fails per column with both values and the difference", () => {
    // current: carried_over.natural_person = 2; previous: carried_forward.natural_person = 4.
    const list = findings(xyCarry, current, previous);
    expect(list.map((f) => f.scope)).toEqual(["t3.carried_over.natural_person", "t3.carried_over.total"]);
    const f = list[0];
    expect(f).toMatchObject({
      rule: "XY-CARRY",
      severity: "error",
      messageId: "mismatch",
      cells: ["t3.carried_over.natural_person"],
      reported: 2,
      computed: 4,
      difference: -2,
      data: { col: "自然人", cur: 2, prev: 4, prevYear: 2022, diff: -2 },
    });
    expect(f?.message).toBe("表三 自然人列：本年「上年结转」2，2022年报告「结转下年度继续办理」4，相差 -2");
  });

  it("works across the template change (2020 on the 2019 template → 2021)", () => {
    const prev2020 = cleanReport({ version: "2019", year: 2020 });
    const cur2021 = withFigures(cleanReport({ year: 2021 }), { "t3.carried_over.total": 9 });
    const f = only(findings(xyCarry, cur2021, prev2020).filter((x) => x.scope === "t3.carried_over.total"));
    expect(f.data).toMatchObject({ cur: 9, prev: 4, prevYear: 2020 });
  });

  it("is not run without last year's report, and cannot_check for a wrong year, a blank or a missing 表三", () => {
    const s = runRules({ report: current }, [xyCarry]).summary[0];
    expect(s).toMatchObject({ cannot_check: 1, fail: 0 });
    expect(findings(xyCarry, current, cleanReport({ year: 2021 }))).toEqual([]);
    const blank = withFigures(previous, {
      "t3.carried_forward.natural_person": null,
      "t3.carried_forward.total": null,
    });
    expect(findings(xyCarry, current, blank)).toEqual([]);
    expect(findings(xyCarry, current, withoutTable(previous, "t3"))).toEqual([]);
  });
});
