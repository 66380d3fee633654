/**
 * The question set (tests/qa/question-set.ts) as a gate: at least 95% right with the deterministic
 * answerer, no wrong number, every right numeric answer cited. `npx tsx tests/qa/measure-questions.ts`
 * prints the same score with the misses.
 */
import { describe, expect, it } from "vitest";
import { DeterministicAnswerer } from "../../qa/deterministic.ts";
import { QUESTIONS } from "./question-set.ts";
import { auditSeeds, scoreQuestions } from "./score-questions.ts";

describe("the question set", () => {
  it("has at least 60 questions over every seed", () => {
    expect(QUESTIONS.length).toBeGreaterThanOrEqual(60);
    expect(new Set(QUESTIONS.map((q) => q.seed)).size).toBe(5);
  });

  it("≥ 95% right, 0 wrong numbers, 100% of numeric answers cited", async () => {
    const score = await scoreQuestions(new DeterministicAnswerer(), await auditSeeds());
    const misses = score.results.filter((r) => r.verdict !== "right").map((r) => `${r.case.q}: ${r.why}`);
    expect(score.wrong, misses.join("\n")).toBe(0);
    expect(score.right / score.results.length, misses.join("\n")).toBeGreaterThanOrEqual(0.95);
    expect(score.cited).toBe(score.numeric);
  });
});
