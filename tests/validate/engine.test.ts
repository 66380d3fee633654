import { describe, expect, it } from "vitest";
import {
  compareFindings,
  fillMessage,
  MessageTemplateError,
  placeholders,
  RuleContractError,
  runRules,
} from "../../validate/engine.ts";
import { Finding, type Rule, type RuleCheck, RuleSummary } from "../../validate/finding.ts";
import { rules } from "../../validate/rules/index.ts";
import { cleanReport, withFigures } from "../helpers/report.ts";

function fake(
  id: string,
  checks: RuleCheck[] | (() => RuleCheck[]),
  extra: Partial<Rule["meta"]> = {},
): Rule {
  return {
    meta: {
      id,
      severity: "error",
      basis: "依据",
      description: "test rule",
      messages: { m: "值 {a}，差 {b}", plain: "无占位" },
      ...extra,
    },
    check: () => (typeof checks === "function" ? checks() : checks),
  };
}

const ctx = { report: cleanReport() };

describe("fillMessage", () => {
  it("fills placeholders, formatting numbers without float noise", () => {
    expect(fillMessage("{col}列 {n} {x} {neg}", { col: "总计", n: 12, x: 64.01, neg: -3 })).toBe(
      "总计列 12 64.01 -3",
    );
    expect(fillMessage("{x}", { x: 0.1 + 0.2 })).toBe("0.3");
    expect(fillMessage("{Y−1}年", { "Y−1": 2022 })).toBe("2022年");
  });

  it("throws MessageTemplateError on a placeholder without data", () => {
    expect(() => fillMessage("{a}{b}", { a: 1 }, { rule: "X", messageId: "m" })).toThrow(
      MessageTemplateError,
    );
    expect(() => fillMessage("{a}{b}", { a: 1 })).toThrow(/\{b\}/);
  });

  it("lists placeholders", () => {
    expect(placeholders("表三 {col}列：{lhs}，{rhs}")).toEqual(["col", "lhs", "rhs"]);
  });
});

describe("runRules", () => {
  it("turns failed checks into findings with message, severity, basis and 差 = 填报 − 计算", () => {
    const rule = fake("A-ONE", [
      { outcome: "pass" },
      {
        outcome: "fail",
        scope: "s",
        hit: {
          messageId: "m",
          data: { a: 1, b: 2 },
          cells: ["t4.review.total"],
          reported: 3,
          computed: 5,
          hint: "提示",
        },
      },
    ]);
    const { findings, summary } = runRules(ctx, [rule]);
    expect(findings).toEqual([
      {
        rule: "A-ONE",
        severity: "error",
        message: "值 1，差 2",
        messageId: "m",
        cells: ["t4.review.total"],
        reported: 3,
        computed: 5,
        difference: -2,
        basis: "依据",
        hint: "提示",
        scope: "s",
        data: { a: 1, b: 2 },
      },
    ]);
    expect(() => Finding.parse(findings[0])).not.toThrow();
    expect(summary).toEqual([{ rule: "A-ONE", pass: 1, fail: 1, cannot_check: 0, assumed: 0 }]);
    expect(() => RuleSummary.parse(summary[0])).not.toThrow();
  });

  it("lets a hit lower the severity; omits difference unless both values are given", () => {
    const rule = fake("A-ONE", [
      { outcome: "fail", hit: { messageId: "plain", data: {}, cells: [], reported: 3, severity: "notice" } },
    ]);
    const [f] = runRules(ctx, [rule]).findings;
    expect(f?.severity).toBe("notice");
    expect(f?.reported).toBe(3);
    expect(f).not.toHaveProperty("difference");
    expect(f).not.toHaveProperty("computed");
  });

  it("sorts findings by severity, then rule id, then cells", () => {
    const hit = (cells: string[], severity?: "warning" | "notice"): RuleCheck => ({
      outcome: "fail",
      hit: { messageId: "plain", data: {}, cells, ...(severity ? { severity } : {}) },
    });
    const b = fake("B", [hit(["t3.b"]), hit(["t3.a"]), hit(["t3.a"], "notice")]);
    const a = fake("A", [hit(["t3.z"], "warning"), hit(["t3.z"])]);
    const out = runRules(ctx, [b, a]).findings.map((f) => `${f.severity}:${f.rule}:${f.cells.join()}`);
    expect(out).toEqual(["error:A:t3.z", "error:B:t3.a", "error:B:t3.b", "warning:A:t3.z", "notice:B:t3.a"]);
    const findings = runRules(ctx, [b, a]).findings;
    expect([...findings].sort(compareFindings)).toEqual(findings);
  });

  it("counts every outcome in the summary, in rule order", () => {
    const rule = fake("C", [
      { outcome: "pass" },
      { outcome: "assumed" },
      { outcome: "cannot_check", missing: ["t3.new.total"] },
      { outcome: "cannot_check", missing: [] },
    ]);
    expect(runRules(ctx, [rule, fake("A", [])]).summary).toEqual([
      { rule: "C", pass: 1, fail: 0, cannot_check: 2, assumed: 1 },
      { rule: "A", pass: 0, fail: 0, cannot_check: 0, assumed: 0 },
    ]);
  });

  it("turns a throwing rule into an internal-error notice and goes on", () => {
    const boom = fake("BOOM", () => {
      throw new Error("bad");
    });
    const ok = fake("OK", [{ outcome: "fail", hit: { messageId: "plain", data: {}, cells: [] } }]);
    const { findings, summary } = runRules(ctx, [boom, ok]);
    expect(findings.map((f) => [f.rule, f.severity, f.messageId])).toEqual([
      ["OK", "error", "plain"],
      ["BOOM", "notice", "internal_error"],
    ]);
    expect(findings[1]?.message).toBe("规则 BOOM 运行出错，未能完成核验：Error: bad");
    expect(summary[0]).toEqual({ rule: "BOOM", pass: 0, fail: 0, cannot_check: 0, assumed: 0, error: "bad" });
  });

  it("makes a missing placeholder detectable: a notice normally, a throw in strict mode", () => {
    const rule = fake("P", [{ outcome: "fail", hit: { messageId: "m", data: { a: 1 }, cells: [] } }]);
    expect(runRules(ctx, [rule]).findings[0]).toMatchObject({ rule: "P", messageId: "internal_error" });
    expect(() => runRules(ctx, [rule], { strict: true })).toThrow(MessageTemplateError);
    const unknown = fake("Q", [{ outcome: "fail", hit: { messageId: "nope", data: {}, cells: [] } }]);
    expect(() => runRules(ctx, [unknown], { strict: true })).toThrow(/unknown message id/);
  });

  it("rejects malformed checks", () => {
    expect(() => runRules(ctx, [fake("R", [{ outcome: "fail" }])], { strict: true })).toThrow(
      RuleContractError,
    );
    const hitOnPass = fake("S", [{ outcome: "pass", hit: { messageId: "plain", data: {}, cells: [] } }]);
    expect(() => runRules(ctx, [hitOnPass], { strict: true })).toThrow(RuleContractError);
  });

  it("does not run a cross-year rule without last year's report", () => {
    let ran = 0;
    const rule = fake(
      "XY-TEST",
      () => {
        ran += 1;
        return [{ outcome: "pass" }];
      },
      { crossYear: true },
    );
    expect(runRules(ctx, [rule]).summary[0]).toMatchObject({ cannot_check: 1, pass: 0 });
    expect(ran).toBe(0);
    expect(runRules({ ...ctx, previous: cleanReport({ year: 2022 }) }, [rule]).summary[0]).toMatchObject({
      pass: 1,
    });
    expect(ran).toBe(1);
  });

  it("runs the registry by default: a clean report has no findings; it is pure and deterministic", () => {
    const report = cleanReport();
    const frozen = JSON.stringify(report);
    const first = runRules({ report }, undefined, { strict: true });
    expect(first.findings).toEqual([]);
    expect(first.summary.map((s) => s.rule)).toEqual(rules.map((r) => r.meta.id));
    expect(JSON.stringify(report)).toBe(frozen);

    const broken = withFigures(cleanReport(), { "t3.total_processed.total": 11, "t4.review.total": null });
    expect(runRules({ report: broken })).toEqual(runRules({ report: broken }));
    const tableRules = new Set(["T3-BAL", "T3-COLSUM", "T3-RESULTS", "T4-BLANK", "T4-REVIEW", "T3-BLANK"]);
    expect(
      runRules({ report: broken })
        .findings.map((f) => f.rule)
        .filter((id) => tableRules.has(id)),
    ).toEqual(["T3-BAL", "T3-COLSUM", "T3-RESULTS", "T4-BLANK"]);
  });
});

describe("finding order", () => {
  it("orders cells by the template's reading order, not by name", () => {
    const at = (cells: string[]): RuleCheck => ({
      outcome: "fail",
      hit: { messageId: "plain", data: {}, cells },
    });
    const rule = fake("A", [
      at(["t4.review.total"]),
      at(["t3.denied.state_secret.total"]),
      at(["t3.other_processing.overdue_fee.total"]),
      at(["t3.granted.total"]),
      at(["t2.regulations.made"]),
    ]);
    expect(runRules(ctx, [rule]).findings.map((f) => f.cells[0])).toEqual([
      "t2.regulations.made",
      "t3.granted.total",
      "t3.denied.state_secret.total",
      "t3.other_processing.overdue_fee.total",
      "t4.review.total",
    ]);
  });
});
