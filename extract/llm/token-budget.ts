/**
 * Per-user daily token budget (extraction and questions together), days counted in China time.
 * In memory by default; pass a `store` to persist (the bot can back it with its database).
 * The bot checks `allows()` before an LLM task, `record()`s the usage after, and shows `status()`.
 */
export interface TokenBudgetStore {
  used(user: string, day: string): number;
  add(user: string, day: string, tokens: number): void;
}

export interface BudgetStatus {
  readonly day: string;
  readonly used: number;
  readonly limit: number;
  readonly remaining: number;
}

export interface TokenBudget {
  readonly dailyTokens: number;
  /** Some budget is left (and at least `estimate` tokens, when given). */
  allows(user: string | number, estimate?: number): boolean;
  record(user: string | number, usage: { readonly inputTokens: number; readonly outputTokens: number }): void;
  status(user: string | number): BudgetStatus;
}

export function memoryBudgetStore(): TokenBudgetStore {
  const map = new Map<string, number>();
  return {
    used: (user, day) => map.get(`${day} ${user}`) ?? 0,
    add: (user, day, tokens) => {
      // Keep only today's entries.
      for (const k of map.keys()) if (!k.startsWith(`${day} `)) map.delete(k);
      map.set(`${day} ${user}`, (map.get(`${day} ${user}`) ?? 0) + tokens);
    },
  };
}

const DAY = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Asia/Shanghai",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** "2025-01-31" in China time. */
export function chinaDay(date: Date): string {
  return DAY.format(date);
}

export function createTokenBudget(options: {
  readonly dailyTokens: number;
  readonly store?: TokenBudgetStore;
  readonly now?: () => Date;
}): TokenBudget {
  const store = options.store ?? memoryBudgetStore();
  const now = options.now ?? (() => new Date());
  const limit = options.dailyTokens;
  const status = (user: string | number): BudgetStatus => {
    const day = chinaDay(now());
    const used = store.used(String(user), day);
    return { day, used, limit, remaining: Math.max(0, limit - used) };
  };
  return {
    dailyTokens: limit,
    allows: (user, estimate = 0) => {
      const s = status(user);
      return s.remaining > 0 && s.remaining >= estimate;
    },
    record: (user, usage) => {
      const tokens = Math.max(0, usage.inputTokens) + Math.max(0, usage.outputTokens);
      if (tokens > 0) store.add(String(user), chinaDay(now()), tokens);
    },
    status,
  };
}
