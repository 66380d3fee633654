import { describe, expect, it } from "vitest";
import { t3Results } from "../../../validate/rules/t3-results.ts";
import {
  cleanReport,
  withDecoded,
  withFigures,
  withoutTable,
  withSingleOther,
} from "../../helpers/report.ts";
import { checkAt, findings, only, summary } from "../helpers.ts";

const HAND_TYPED =
  "本列「一+二 = 三（七）+四」成立，「（七）总计」可能是倒推或手工填写，未按（一）至（六）逐项相加";

describe("T3-RESULTS", () => {
  it("passes when （七） is the sum of （一）–（六） in every column", () => {
    expect(findings(t3Results, cleanReport())).toEqual([]);
    expect(findings(t3Results, cleanReport({ version: "2019" }))).toEqual([]);
    expect(summary(t3Results, cleanReport())).toMatchObject({ pass: 7, fail: 0 });
  });

  it("fails a column, lists the non-zero addends, and hints at a hand-typed （七） where T3-BAL holds", () => {
    const report = withFigures(cleanReport(), {
      "t3.unable.need_creation.natural_person": 1,
      "t3.unable.need_creation.total": 1,
    });
    const list = findings(t3Results, report);
    expect(list.map((f) => f.scope)).toEqual(["t3.*.natural_person", "t3.*.total"]);
    const f = list[0] as (typeof list)[number];
    expect(f).toMatchObject({
      rule: "T3-RESULTS",
      severity: "error",
      messageId: "mismatch",
      reported: 8,
      computed: 9,
      difference: -1,
      hint: HAND_TYPED,
    });
    expect(f.cells).toHaveLength(22);
    expect(f.cells.at(-1)).toBe("t3.total_processed.natural_person");
    expect(f.cells).toContain("t3.other_processing.overdue_fee.natural_person");
    expect(f.message).toBe(
      "表三 自然人列：（一）至（六）合计 9，（七）总计填报 8，相差 -1（单元格：（一）予以公开=5；（二）部分公开=1；（四）1.本机关不掌握相关政府信息=2；（四）2.没有现成信息需要另行制作=1；（七）总计=8）",
    );
    expect(list[1]?.message).toBe(
      "表三 总计列：（一）至（六）合计 11，（七）总计填报 10，相差 -1（单元格：（一）予以公开=6；（二）部分公开=1；（四）1.本机关不掌握相关政府信息=2；（四）2.没有现成信息需要另行制作=1；（五）2.重复申请=1；（七）总计=10）",
    );
  });

  it("hints at a row's total when COLSUM fails on that row and RESULTS only in 总计 by the same amount", () => {
    const f = only(findings(t3Results, withFigures(cleanReport(), { "t3.granted.total": 7 })));
    expect(f).toMatchObject({ scope: "t3.*.total", difference: -1 });
    expect(f.hint).toBe("可能是「（一）予以公开」行的总计栏填错：该行六类申请人合计 6，总计栏填报 7");
  });

  it("uses the one （六） row as R6 in the 2019 layout", () => {
    const report = withFigures(withSingleOther(cleanReport({ version: "2019" })), {
      "t3.other_processing.business": 1,
      "t3.other_processing.total": 1,
    });
    const list = findings(t3Results, report);
    expect(list.map((f) => [f.scope, f.difference])).toEqual([
      ["t3.*.business", -1],
      ["t3.*.total", -1],
    ]);
    expect(list[0]?.cells).toContain("t3.other_processing.business");
    expect(list[0]?.message).toBe(
      "表三 商业企业列：（一）至（六）合计 3，（七）总计填报 2，相差 -1（单元格：（一）予以公开=1；（五）2.重复申请=1；（六）其他处理=1；（七）总计=2）",
    );
  });

  it("with both forms of （六） printed, sums the sub-rows and checks parent = Σ sub-rows", () => {
    const both = withSingleOther(cleanReport(), true);
    expect(findings(t3Results, both)).toEqual([]);
    expect(summary(t3Results, both).pass).toBe(14);
    const broken = withFigures(both, {
      "t3.other_processing.natural_person": 1,
      "t3.other_processing.total": 1,
    });
    const list = findings(t3Results, broken);
    expect(list.map((x) => x.scope)).toEqual([
      "t3.other_processing.natural_person",
      "t3.other_processing.total",
    ]);
    const f = list[0] as (typeof list)[number];
    expect(f).toMatchObject({ messageId: "otherSubtotal", reported: 1, computed: 0, difference: 1 });
    expect(f.message).toBe(
      "表三 自然人列：「（六）其他处理」填报 1，其下 1 至 3 项合计 0，相差 1（单元格：（六）其他处理=1；（六）1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请=0；（六）2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请=0；（六）3.其他=0）",
    );
  });

  it("is cannot_check with the blank addends listed", () => {
    const report = withFigures(cleanReport(), {
      "t3.denied.process_info.total": null,
      "t3.unable.no_such_info.total": null,
      "t3.total_processed.total": 3,
    });
    expect(findings(t3Results, report).filter((f) => f.scope === "t3.*.total")).toEqual([]);
    expect(checkAt(t3Results, report, "t3.*.total")).toEqual({
      outcome: "cannot_check",
      scope: "t3.*.total",
      missing: ["t3.denied.process_info.total", "t3.unable.no_such_info.total"],
    });
  });

  it("is assumed for a column decoded with T3-RESULTS", () => {
    const report = withDecoded(cleanReport(), ["t3.granted.total"], ["T3-COLSUM", "T3-RESULTS"]);
    expect(checkAt(t3Results, report, "t3.*.total")?.outcome).toBe("assumed");
  });

  it("invents nothing when 表三 was not found", () => {
    expect(findings(t3Results, withoutTable(cleanReport(), "t3"))).toEqual([]);
  });
});
