/**
 * The question set (eval/qa/) as a gate: at least 150 questions, at least 50 over the real corpus with
 * their figures resolved from the gold, ≥ 95% right with the deterministic answerer, no wrong number,
 * every numeric answer cited. `npm run eval -- --qa` prints the same score with the misses.
 */
import { describe, expect, it } from "vitest";
import { resolveReal } from "../../eval/qa/expect.ts";
import { auditReports, judge, loadQuestions, scoreQuestions } from "../../eval/qa/score.ts";
import { DeterministicAnswerer } from "../../qa/deterministic.ts";

const { cases, golds } = loadQuestions();

describe("the question set", () => {
  it("has ≥ 150 questions, ≥ 50 of them over the real corpus", () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    expect(cases.filter((c) => c.real).length).toBeGreaterThanOrEqual(50);
    expect(new Set(cases.flatMap((c) => (c.seed ? [c.seed] : []))).size).toBe(5);
  });

  it("takes a real case's figures from the gold, and a gold null makes it a cannot-answer", () => {
    const gold = golds.get("he-jyt-2021");
    if (!gold) throw new Error("gold missing");
    const known = resolveReal({ real: gold.id, q: "新收多少", values: [{ gold: "t3.new.total" }] }, gold);
    expect(known.values).toEqual([gold.figures["t3.new.total"]]);
    expect(gold.figures["t3.carried_over.total"]).toBeNull();
    expect(() =>
      resolveReal({ real: gold.id, q: "上年结转", values: [{ gold: "t3.carried_over.total" }] }, gold),
    ).toThrow(/cannot/);
    const cannot = resolveReal(
      { real: gold.id, q: "上年结转", values: [{ gold: "t3.carried_over.total" }], cannot: true },
      gold,
    );
    expect(cannot.cannot).toBe(true);
  });

  it("counts a cited cell that contradicts the gold as a wrong number", () => {
    const c = {
      real: "x",
      q: "新收多少",
      values: [14],
      gold: { "t3.new.total": 14, "t3.new.business": null },
    };
    const cite = (key: string, value: number) => ({ key, value, source: "表三" });
    expect(
      judge(c, { text: "新收 14 件", citations: [cite("t3.new.total", 14)], handled: true }).verdict,
    ).toBe("right");
    expect(
      judge(c, {
        text: "新收 14 件，商业企业 0",
        citations: [cite("t3.new.total", 14), cite("t3.new.business", 0)],
        handled: true,
      }).verdict,
    ).toBe("wrong");
    expect(
      judge(c, { text: "新收 13 件", citations: [cite("t3.new.total", 13)], handled: true }).verdict,
    ).toBe("wrong");
  });

  it("≥ 95% right, 0 wrong numbers, 100% of numeric answers cited", async () => {
    const score = await scoreQuestions(new DeterministicAnswerer(), await auditReports(cases, golds), cases);
    const misses = score.results.filter((r) => r.verdict !== "right").map((r) => `${r.case.q}: ${r.why}`);
    expect(score.wrong, misses.join("\n")).toBe(0);
    expect(score.right / score.results.length, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(score.cited).toBe(score.numeric);
  }, 120_000);
});
