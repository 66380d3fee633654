import { describe, expect, it } from "vitest";
import { textT3New } from "../../../validate/rules/text-t3-new.ts";
import { cleanReport, withFigures, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

// cleanReport: 表三 本年新收 12, 上年结转 2.
const prose = (text: string) => withProse(cleanReport(), { 1: text });

describe("TEXT-T3-NEW", () => {
  it("passes when the prose count equals 表三「本年新收」", () => {
    const report = prose("2023年共收到政府信息公开申请12件。");
    expect(findings(textT3New, report)).toEqual([]);
    expect(checks(textT3New, report).map((c) => c.outcome)).toEqual(["pass"]);
  });

  it("warns on a different count, quoting the sentence", () => {
    const f = only(findings(textT3New, prose("2023年共收到政府信息公开申请15件，均已按时答复。")));
    expect(f).toMatchObject({
      rule: "TEXT-T3-NEW",
      severity: "warning",
      cells: ["t3.new.total"],
      reported: 15,
      computed: 12,
      difference: 3,
      quote: "2023年共收到政府信息公开申请15件，均已按时答复",
    });
    expect(f.message).toBe(
      "正文称收到申请 15 件（“2023年共收到政府信息公开申请15件，均已按时答复”），表三「本年新收」总计 12，相差 3",
    );
  });

  it("is only a notice when the prose figure is 本年新收 + 上年结转, or carries a scope marker", () => {
    const carried = only(findings(textT3New, prose("本年度受理政府信息公开申请14件。")));
    expect(carried).toMatchObject({ severity: "notice", cells: ["t3.new.total", "t3.carried_over.total"] });
    expect(carried.message).toBe(
      "正文称收到申请 14 件（“本年度受理政府信息公开申请14件”），表三「本年新收」总计 12，相差 2",
    );
    const scoped = only(findings(textT3New, prose("全区共收到政府信息公开申请30件。")));
    expect(scoped.severity).toBe("notice");
  });

  it("reads 没有收到…申请 as 0", () => {
    const f = only(findings(textT3New, prose("2023年我街没有收到政府信息公开申请。")));
    expect(f.message).toBe(
      "正文称收到申请 0 件（“2023年我街没有收到政府信息公开申请”），表三「本年新收」总计 12，相差 -12",
    );
    expect(f.severity).toBe("warning");
  });

  it("is cannot_check when the cell is blank, and ignores another year's figure", () => {
    const blank = withFigures(prose("2023年共收到政府信息公开申请15件。"), { "t3.new.total": null });
    expect(findings(textT3New, blank)).toEqual([]);
    expect(checks(textT3New, blank)).toMatchObject([{ outcome: "cannot_check", missing: ["t3.new.total"] }]);
    expect(checks(textT3New, prose("2022年共收到政府信息公开申请15件。"))).toEqual([]);
  });
});
