import { describe, expect, it } from "vitest";
import { feeNotice } from "../../../validate/rules/fee-notice.ts";
import { cleanReport, withFigures, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const KEY = "t3.other_processing.overdue_fee.total";
const overdue = (n: number | null, text?: string) =>
  withFigures(text === undefined ? cleanReport() : withProse(cleanReport(), { 6: text }), { [KEY]: n });

describe("FEE-NOTICE", () => {
  it("passes when nothing was overdue, or 六 reports enough notices and an amount", () => {
    expect(findings(feeNotice, cleanReport())).toEqual([]);
    const report = overdue(2, "本年度共发出收费通知2件，涉及收费金额200元，实际收取信息处理费0元。");
    expect(findings(feeNotice, report)).toEqual([]);
    expect(checks(feeNotice, report).map((c) => c.outcome)).toEqual(["pass", "pass"]);
  });

  it("warns when 表三 （六）2 has applications but 六 says no notice was sent", () => {
    const f = only(findings(feeNotice, overdue(2)));
    expect(f).toMatchObject({
      rule: "FEE-NOTICE",
      severity: "warning",
      cells: [KEY],
      reported: 0,
      computed: 2,
    });
    expect(f.message).toBe(
      "表三「（六）2.逾期未缴费」为 2 件，应至少发出 2 份收费通知，但第六部分称未发出收费通知",
    );
  });

  it("names what 六 lacks: any notice, enough notices, an amount", () => {
    expect(only(findings(feeNotice, overdue(2, "无。"))).message).toBe(
      "表三「（六）2.逾期未缴费」为 2 件，应至少发出 2 份收费通知，但第六部分未提及收费通知",
    );
    expect(only(findings(feeNotice, overdue(3, "共发出收费通知2件，涉及收费金额200元。"))).message).toBe(
      "表三「（六）2.逾期未缴费」为 3 件，应至少发出 3 份收费通知，但第六部分仅称发出收费通知 2 件",
    );
    expect(only(findings(feeNotice, overdue(2, "共发出收费通知2件。"))).message).toBe(
      "表三「（六）2.逾期未缴费」为 2 件，应至少发出 2 份收费通知，但第六部分未报告收费通知的总金额",
    );
  });

  it("is a notice when more was collected than billed; cannot_check on a blank cell", () => {
    const f = only(
      findings(feeNotice, overdue(0, "共发出收费通知1件，涉及收费金额100元，实际收取信息处理费200元。")),
    );
    expect(f).toMatchObject({ severity: "notice", reported: 200, computed: 100 });
    expect(f.message).toBe("第六部分称实际收取信息处理费 200 元，超过收费通知总金额 100 元");
    expect(checks(feeNotice, overdue(null))).toContainEqual({
      outcome: "cannot_check",
      scope: KEY,
      missing: [KEY],
    });
  });
});
