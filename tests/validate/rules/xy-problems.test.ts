import { describe, expect, it } from "vitest";
import type { ParsedReport } from "../../../extract/schema.ts";
import { xyProblems } from "../../../validate/rules/xy-problems.ts";
import { cleanReport } from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

function withSection5(report: ParsedReport, text: string): ParsedReport {
  return { ...report, sections: report.sections.map((s) => (s.no === 5 ? { ...s, text } : s)) };
}

describe("XY-PROBLEMS", () => {
  const previous = cleanReport({ year: 2022 });

  it("passes when 五 says how last year's problems were followed up", () => {
    const report = withSection5(
      cleanReport({ year: 2023 }),
      "针对上年度报告指出的问题，已全部整改到位。本年存在的问题：……",
    );
    expect(findings(xyProblems, report, previous)).toEqual([]);
    const byYear = withSection5(cleanReport({ year: 2023 }), "2022年所列公开不及时的问题已落实整改。");
    expect(findings(xyProblems, byYear, previous)).toEqual([]);
  });

  it("is a notice when 五 does not mention last year's problems", () => {
    const f = only(findings(xyProblems, cleanReport({ year: 2023 }), previous));
    expect(f).toMatchObject({ rule: "XY-PROBLEMS", severity: "notice", messageId: "missing", cells: [] });
    expect(f.message).toBe("第五部分未说明上年度所列问题的整改情况");
  });

  it("is cannot_check without section 五 or with a report that is not Y−1", () => {
    const report = cleanReport({ year: 2023 });
    expect(
      findings(xyProblems, { ...report, sections: report.sections.filter((s) => s.no !== 5) }, previous),
    ).toEqual([]);
    expect(findings(xyProblems, report, cleanReport({ year: 2020, version: "2019" }))).toEqual([]);
  });
});
