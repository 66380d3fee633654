import { describe, expect, it } from "vitest";
import { deadline } from "../../../validate/rules/deadline.ts";
import { cleanReport, withMeta } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const dated = (publicationDate: string | null, issuerLevel = "subdistrict" as const) =>
  withMeta(cleanReport({ year: 2023 }), { publicationDate, issuerLevel });

describe("DEADLINE", () => {
  it("passes on or before 31 January (31 March for a county+ government's own report)", () => {
    expect(findings(deadline, dated("2024-01-31"))).toEqual([]);
    expect(
      findings(deadline, withMeta(dated("2024-03-31"), { issuerLevel: "county_plus_government" })),
    ).toEqual([]);
    expect(checks(deadline, dated("2024-01-15"))).toEqual([
      { outcome: "pass", scope: "meta.publicationDate" },
    ]);
  });

  it("warns when late, with the days", () => {
    const f = only(findings(deadline, dated("2024-02-05")));
    expect(f).toMatchObject({ rule: "DEADLINE", severity: "warning", cells: [] });
    expect(f.message).toBe(
      "落款日期 2024年2月5日 晚于街道办事处公布期限 2024年1月31日（条例第四十九条），逾期 5 天",
    );
    const county = only(
      findings(deadline, withMeta(dated("2024-04-02"), { issuerLevel: "county_plus_government" })),
    );
    expect(county.message).toBe(
      "落款日期 2024年4月2日 晚于县级以上地方人民政府公布期限 2024年3月31日（条例第四十九条），逾期 2 天",
    );
    const department = only(findings(deadline, withMeta(dated("2024-03-01"), { issuerLevel: "department" })));
    expect(department.message).toContain("晚于县级以上人民政府部门公布期限 2024年1月31日");
  });

  it("is a notice when dated before the statistical year ends", () => {
    const f = only(findings(deadline, dated("2023-12-01")));
    expect(f.severity).toBe("notice");
    expect(f.message).toBe(
      "落款日期 2023年12月1日 早于统计年度 2023 年结束（2023年12月31日），请核实年度或日期",
    );
  });

  it("cannot check without a date or a level", () => {
    expect(checks(deadline, dated(null))).toEqual([
      { outcome: "cannot_check", scope: "meta.publicationDate", missing: ["meta.publicationDate"] },
    ]);
    expect(checks(deadline, withMeta(dated("2024-05-01"), { issuerLevel: null }))).toEqual([
      { outcome: "cannot_check", scope: "meta.publicationDate", missing: ["meta.issuerLevel"] },
    ]);
  });
});
