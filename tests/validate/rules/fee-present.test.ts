import { describe, expect, it } from "vitest";
import { feePresent } from "../../../validate/rules/fee-present.ts";
import { cleanReport, withMeta, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const six = (text: string | null, year = 2023) => withProse(cleanReport({ year }), { 6: text });

describe("FEE-PRESENT", () => {
  it("passes when 六 reports the triple (also as one 均为0 sentence)", () => {
    expect(findings(feePresent, cleanReport())).toEqual([]);
    expect(checks(feePresent, cleanReport())).toEqual([{ outcome: "pass", scope: "fee" }]);
    expect(findings(feePresent, six("发出收费通知的件数和总金额以及实际收取的总金额均为0。"))).toEqual([]);
  });

  it("warns when 六 says nothing about 信息处理费", () => {
    const f = only(findings(feePresent, six("无。")));
    expect(f).toMatchObject({ rule: "FEE-PRESENT", severity: "warning", cells: [] });
    expect(f.message).toBe("第六部分未报告信息处理费情况（应写明收费通知件数、总金额、实际收取总金额）");
  });

  it("is a notice naming the parts when only the collected amount is given", () => {
    for (const text of ["本年度收取信息处理费 0 元。", "本年度，本机关未收取信息公开处理费。"]) {
      const f = only(findings(feePresent, six(text)));
      expect(f).toMatchObject({ rule: "FEE-PRESENT", severity: "notice", cells: [] });
      expect(f.message).toBe("仅报告实际收取总金额，建议补充收费通知件数、总金额");
    }
    // Nil statements as reports word them: a partial statement (no charge), not a missing one.
    for (const text of [
      "本年度无收取信息处理费情况。",
      "政府信息公开未发生收费情况。",
      "本机关未发生政府信息公开收费事项。",
      "2023年未向申请人收取政府信息公开信息处理费。",
    ]) {
      expect(only(findings(feePresent, six(text))).severity, text).toBe("notice");
    }
    const two = only(findings(feePresent, six("共发出收费通知0件，实际收取信息处理费0元。")));
    expect(two.message).toBe("仅报告收费通知件数、实际收取总金额，建议补充总金额");
  });

  it("reads a statement printed under another heading (a renumbered 六), but never a table label", () => {
    const elsewhere = withProse(cleanReport(), {
      5: "存在问题及改进。本年度信息公开处理费收费情况：未发生政府信息公开收费事项。",
      6: "无。",
    });
    expect(only(findings(feePresent, elsewhere)).severity).toBe("notice");
    // 表三's row label 「逾期未按收费通知要求缴纳费用」 is not a statement.
    expect(only(findings(feePresent, six("无。"))).severity).toBe("warning");
  });

  it("applies from 2021 reports on; without a year it cannot check", () => {
    expect(checks(feePresent, six("无。", 2020))).toEqual([]);
    expect(checks(feePresent, withMeta(six("无。"), { reportYear: null }))).toEqual([
      { outcome: "cannot_check", scope: "fee", missing: [] },
    ]);
  });
});
