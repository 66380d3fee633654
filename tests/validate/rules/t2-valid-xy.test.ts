import { describe, expect, it } from "vitest";
import { t2ValidXy } from "../../../validate/rules/t2-valid-xy.ts";
import { cleanReport, withFigures } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

describe("T2-VALID-XY", () => {
  const previous = withFigures(cleanReport({ year: 2022 }), { "t2.normative_documents.in_force": 20 });

  it("passes when 现行有效 = 上年现行有效 + 制发 − 废止", () => {
    const report = withFigures(cleanReport({ year: 2023 }), {
      "t2.normative_documents.made": 3,
      "t2.normative_documents.repealed": 1,
      "t2.normative_documents.in_force": 22,
    });
    expect(findings(t2ValidXy, report, previous)).toEqual([]);
  });

  it("warns with the stock–flow arithmetic when it does not hold", () => {
    const report = withFigures(cleanReport({ year: 2023 }), {
      "t2.normative_documents.made": 3,
      "t2.normative_documents.repealed": 1,
      "t2.normative_documents.in_force": 25,
    });
    const f = only(findings(t2ValidXy, report, previous));
    expect(f).toMatchObject({
      rule: "T2-VALID-XY",
      severity: "warning",
      reported: 25,
      computed: 22,
      difference: 3,
      cells: [
        "t2.normative_documents.made",
        "t2.normative_documents.repealed",
        "t2.normative_documents.in_force",
      ],
    });
    expect(f.message).toBe(
      "表二「行政规范性文件」：上年现行有效 20 + 制发 3 − 废止 1 = 22，填报 25，相差 3（如系清理、修订或口径变化请说明）",
    );
  });

  it("needs the 2021 template in both years and the previous year Y−1", () => {
    const report = withFigures(cleanReport({ year: 2021 }), { "t2.normative_documents.in_force": 99 });
    expect(findings(t2ValidXy, report, cleanReport({ version: "2019", year: 2020 }))).toEqual([]);
    expect(findings(t2ValidXy, withFigures(cleanReport({ year: 2024 }), {}), previous)).toEqual([]);
  });
});
