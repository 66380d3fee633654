import { describe, expect, it } from "vitest";
import { chinaDay, createTokenBudget } from "../../extract/llm/token-budget.ts";

describe("per-user daily token budget", () => {
  it("counts input and output tokens per user and day (China time), and refuses when spent", () => {
    let now = new Date("2025-01-31T15:00:00Z"); // 23:00 in China
    const budget = createTokenBudget({ dailyTokens: 1_000, now: () => now });
    expect(budget.allows(1)).toBe(true);
    budget.record(1, { inputTokens: 700, outputTokens: 200 });
    expect(budget.status(1)).toEqual({ day: "2025-01-31", used: 900, limit: 1_000, remaining: 100 });
    expect(budget.allows(1)).toBe(true);
    expect(budget.allows(1, 500)).toBe(false);
    expect(budget.allows(2)).toBe(true);
    budget.record(1, { inputTokens: 150, outputTokens: 0 });
    expect(budget.allows(1)).toBe(false);
    now = new Date("2025-01-31T16:30:00Z"); // 00:30 next day in China
    expect(chinaDay(now)).toBe("2025-02-01");
    expect(budget.allows(1)).toBe(true);
    expect(budget.status(1).used).toBe(0);
  });
});
