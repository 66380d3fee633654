import { describe, expect, it } from "vitest";
import { t3Bal } from "../../../validate/rules/t3-bal.ts";
import { cleanReport, withDecoded, withFigures, withoutTable } from "../../helpers/report.ts";
import { checkAt, findings, only, summary } from "../helpers.ts";

describe("T3-BAL", () => {
  it("passes a balanced 表三 (both versions)", () => {
    for (const version of ["2019", "2021"] as const) {
      expect(findings(t3Bal, cleanReport({ version }))).toEqual([]);
      expect(summary(t3Bal, cleanReport({ version }))).toMatchObject({ pass: 7, fail: 0, cannot_check: 0 });
    }
  });

  it("fails per column with 差 = 填报（三（七）+四） − 计算（一+二）", () => {
    const report = withFigures(cleanReport(), {
      "t3.carried_forward.natural_person": 6,
      "t3.carried_forward.total": 6,
    });
    const list = findings(t3Bal, report);
    expect(list.map((f) => f.scope)).toEqual(["t3.*.natural_person", "t3.*.total"]);
    const f = list[0];
    expect(f).toMatchObject({
      rule: "T3-BAL",
      severity: "error",
      messageId: "unbalanced",
      cells: [
        "t3.new.natural_person",
        "t3.carried_over.natural_person",
        "t3.total_processed.natural_person",
        "t3.carried_forward.natural_person",
      ],
      reported: 14,
      computed: 12,
      difference: 2,
    });
    expect(f?.message).toBe(
      "表三 自然人列：一+二 = 12，三（七）+四 = 14，相差 2（单元格：一、本年新收政府信息公开申请数量=10；二、上年结转政府信息公开申请数量=2；（七）总计=8；四、结转下年度继续办理=6）",
    );
    expect(f?.hint).toBeUndefined();
    expect(list[1]?.message).toBe(
      "表三 总计列：一+二 = 14，三（七）+四 = 16，相差 2（单元格：一、本年新收政府信息公开申请数量=12；二、上年结转政府信息公开申请数量=2；（七）总计=10；四、结转下年度继续办理=6）",
    );
  });

  it("a negative difference when 一+二 exceeds 三（七）+四", () => {
    const list = findings(t3Bal, withFigures(cleanReport(), { "t3.new.business": 3, "t3.new.total": 13 }));
    expect(list.map((f) => f.difference)).toEqual([-1, -1]);
    const f = list[0] as (typeof list)[number];
    expect(f).toMatchObject({ scope: "t3.*.business", reported: 2, computed: 3, difference: -1 });
    expect(f.message).toMatch(/^表三 商业企业列：一\+二 = 3，三（七）\+四 = 2，相差 -1（/);
  });

  it("hints at a row's total when COLSUM fails on that row and BAL only in 总计 by the same amount", () => {
    const f = only(findings(t3Bal, withFigures(cleanReport(), { "t3.total_processed.total": 11 })));
    expect(f.scope).toBe("t3.*.total");
    expect(f.difference).toBe(1);
    expect(f.hint).toBe("可能是「（七）总计」行的总计栏填错：该行六类申请人合计 10，总计栏填报 11");
  });

  it("is cannot_check, never a fail, when a cell of the column is blank", () => {
    const report = withFigures(cleanReport(), {
      "t3.new.natural_person": null,
      "t3.carried_forward.natural_person": 9,
    });
    expect(findings(t3Bal, report).filter((f) => f.scope === "t3.*.natural_person")).toEqual([]);
    expect(checkAt(t3Bal, report, "t3.*.natural_person")).toEqual({
      outcome: "cannot_check",
      scope: "t3.*.natural_person",
      missing: ["t3.new.natural_person"],
    });
  });

  it("is assumed when a cell was decoded with T3-BAL, pass when decoded with another relation", () => {
    const decoded = withDecoded(cleanReport(), ["t3.carried_over.natural_person"], ["T3-BAL"]);
    expect(checkAt(t3Bal, decoded, "t3.*.natural_person")?.outcome).toBe("assumed");
    expect(summary(t3Bal, decoded)).toMatchObject({ pass: 6, assumed: 1 });
    const other = withDecoded(cleanReport(), ["t3.carried_over.natural_person"], ["T3-COLSUM"]);
    expect(checkAt(t3Bal, other, "t3.*.natural_person")?.outcome).toBe("pass");
  });

  it("invents nothing when 表三 was not found", () => {
    const report = withoutTable(withFigures(cleanReport(), { "t3.new.total": 99 }), "t3");
    expect(findings(t3Bal, report)).toEqual([]);
    expect(summary(t3Bal, report)).toMatchObject({ pass: 0, fail: 0, cannot_check: 1 });
  });
});
