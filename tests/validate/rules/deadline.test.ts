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

describe("DEADLINE without a printed date", () => {
  const undated = (meta: { givenDate?: string | null; fileCreated?: string | null }) =>
    withMeta(dated(null), { givenDate: null, fileCreated: null, ...meta });

  it("judges the date the user gave like a printed one, and says so", () => {
    expect(checks(deadline, undated({ givenDate: "2024-01-20" }))).toEqual([
      { outcome: "pass", scope: "meta.publicationDate" },
    ]);
    const late = only(findings(deadline, undated({ givenDate: "2024-02-10" })));
    expect(late.severity).toBe("warning");
    expect(late.message).toBe(
      "报告未印落款日期；按您提供的公布日期 2024年2月10日 计，晚于街道办事处公布期限 2024年1月31日（条例第四十九条），逾期 10 天",
    );
    expect(late.quote).toBeUndefined();
    const early = only(findings(deadline, undated({ givenDate: "2023-11-30" })));
    expect(early.severity).toBe("notice");
    expect(early.message).toContain("您提供的公布日期 2023年11月30日 早于统计年度 2023 年结束");
  });

  it("prefers the printed date over a given one and over the file's", () => {
    const report = withMeta(dated("2024-01-10"), { givenDate: "2024-03-01", fileCreated: "2024-03-01" });
    expect(checks(deadline, report)).toEqual([{ outcome: "pass", scope: "meta.publicationDate" }]);
    const late = withMeta(dated("2024-02-02"), { givenDate: "2024-01-10" });
    expect(only(findings(deadline, late)).message).toMatch(/^落款日期 2024年2月2日/);
  });

  it("prefers the given date over the file's creation date", () => {
    const report = undated({ givenDate: "2024-01-20", fileCreated: "2024-02-20" });
    expect(findings(deadline, report)).toEqual([]);
  });

  it("reads a creation date after the deadline as a notice of lateness, naming the file metadata", () => {
    const f = only(findings(deadline, undated({ fileCreated: "2024-02-06" })));
    expect(f.severity).toBe("notice");
    expect(f.message).toBe(
      "报告未印落款日期；文件元数据记载的创建日期为 2024年2月6日，已晚于街道办事处公布期限 2024年1月31日（逾期 6 天），报告不可能早于该日公布。如文件系事后转换或另存，该日期不代表公布日期，请核实",
    );
  });

  it("cannot confirm timeliness from a creation date, nor use one made after Y+1 (a later copy)", () => {
    for (const fileCreated of ["2024-01-20", "2023-12-10", "2025-03-01", "2026-12-01"]) {
      expect(checks(deadline, undated({ fileCreated }))).toEqual([
        { outcome: "cannot_check", scope: "meta.publicationDate", missing: ["meta.publicationDate"] },
      ]);
    }
  });
});

describe("DEADLINE with a portal's publication date", () => {
  const portal = (portalDate: string, publicationDate: string | null) =>
    withMeta(dated(publicationDate), {
      portalDate,
      portalDateQuote: `发布时间：${portalDate} 10:32`,
      ...(publicationDate === null ? { dateQuote: null } : {}),
    });

  it("judges the portal date before the 落款, which may be earlier than publication", () => {
    const f = only(findings(deadline, portal("2024-02-06", "2024-01-20")));
    expect(f).toMatchObject({ rule: "DEADLINE", severity: "warning", quote: "发布时间：2024-02-06 10:32" });
    expect(f.message).toBe(
      "网页标注的发布日期 2024年2月6日 晚于街道办事处公布期限 2024年1月31日（条例第四十九条），逾期 6 天；报告落款日期为 2024年1月20日",
    );
    // A late 落款 but a timely portal date: the report was public in time.
    expect(checks(deadline, portal("2024-01-30", "2024-02-03"))).toEqual([
      { outcome: "pass", scope: "meta.publicationDate" },
    ]);
  });

  it("judges it alone where no 落款 is printed", () => {
    const f = only(findings(deadline, portal("2024-02-01", null)));
    expect(f.message).toBe(
      "网页标注的发布日期 2024年2月1日 晚于街道办事处公布期限 2024年1月31日（条例第四十九条），逾期 1 天",
    );
    const early = only(findings(deadline, portal("2023-12-20", null)));
    expect(early.severity).toBe("notice");
    expect(early.message).toBe(
      "网页标注的发布日期 2023年12月20日 早于统计年度 2023 年结束（2023年12月31日），请核实年度或日期",
    );
  });
});
