import { describe, expect, it } from "vitest";
import { metaYear } from "../../../validate/rules/meta-year.ts";
import { cleanReport, withMeta, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const prose = (text: string) => withProse(cleanReport({ year: 2023 }), { 1: text });

describe("META-YEAR", () => {
  it("passes when the prose gives this report's figures for the title year; comparisons are fine", () => {
    const report = prose("2023年共收到政府信息公开申请12件。较2022年的10件增加2件。");
    expect(findings(metaYear, report)).toEqual([]);
    // One instance per sentence: 一's two sentences and 六's fee sentence.
    expect(checks(metaYear, report).map((c) => c.outcome)).toEqual(["pass", "pass", "pass"]);
  });

  it("warns when the prose attributes the figures to another year", () => {
    const f = only(findings(metaYear, prose("2022年共收到政府信息公开申请12件。")));
    expect(f).toMatchObject({ rule: "META-YEAR", severity: "warning", cells: [] });
    expect(f.message).toBe("标题年度 2023 与第一部分所写 2022 不一致（“2022年共收到政府信息公开申请12件”）");
  });

  it("warns on a statistical period other than the calendar year, and on the report naming another year", () => {
    const period = only(findings(metaYear, prose("本报告统计期限为2022年1月1日至2022年12月31日。")));
    expect(period.message).toBe(
      "标题年度 2023 与统计期限所写 2022 不一致（“本报告统计期限为2022年1月1日至2022年12月31日”）",
    );
    const name = only(findings(metaYear, prose("现公布本单位2022年政府信息公开工作年度报告。")));
    expect(name.message).toBe(
      "标题年度 2023 与正文所写 2022 不一致（“现公布本单位2022年政府信息公开工作年度报告”）",
    );
    expect(findings(metaYear, prose("本报告统计期限为2023年1月1日至2023年12月31日。"))).toEqual([]);
  });

  it("cannot check without a title year", () => {
    expect(
      checks(metaYear, withMeta(prose("2022年共收到政府信息公开申请12件。"), { reportYear: null })),
    ).toEqual([{ outcome: "cannot_check", scope: "meta.reportYear", missing: ["meta.reportYear"] }]);
  });
});
