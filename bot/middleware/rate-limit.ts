/**
 * Per-user rate limit: at most `perMinute` updates in any 60 s; the first one over gets a reply,
 * the rest are dropped silently until the window frees up. (The daily audit quota is counted in the
 * store, see features/audit-file.ts.) In memory by default; with several webhook instances the
 * count is kept in Postgres (`SharedRateCounter`, bot/queue/rate.ts) so that the limit holds whichever
 * instance an update reaches: then the window is the clock minute, not the sliding 60 s.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";
import { RATE_LIMITED } from "../render/texts.ts";

const WINDOW_MS = 60_000;

/** A count of updates per user and minute that every instance shares. */
export interface SharedRateCounter {
  /** Count one update of `userId` at `atMs`; returns the user's count in that minute, this one included. */
  hit(userId: number, atMs: number): Promise<number>;
}

export function rateLimit(
  perMinute: number,
  now: () => number = Date.now,
  shared?: SharedRateCounter,
): MiddlewareFn<BotContext> {
  const hits = new Map<number, number[]>();
  const warned = new Set<number>();
  return async (ctx, next) => {
    const user = ctx.from?.id;
    if (user === undefined) return next();
    const t = now();
    if (shared) {
      const count = await shared.hit(user, t);
      if (count <= perMinute) return next();
      // Exactly one update sees the first count over the limit, whichever instance has it: one reply.
      if (count === perMinute + 1) {
        ctx.log.info({ user }, "rate limited");
        if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: RATE_LIMITED }).catch(() => {});
        else await ctx.reply(RATE_LIMITED);
      }
      return;
    }
    const recent = (hits.get(user) ?? []).filter((at) => t - at < WINDOW_MS);
    if (recent.length >= perMinute) {
      hits.set(user, recent);
      if (warned.has(user)) return;
      warned.add(user);
      ctx.log.info({ user }, "rate limited");
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: RATE_LIMITED }).catch(() => {});
      else await ctx.reply(RATE_LIMITED);
      return;
    }
    warned.delete(user);
    recent.push(t);
    hits.set(user, recent);
    // Keep the map small: forget users idle for a window.
    if (hits.size > 10_000) for (const [u, at] of hits) if (t - (at.at(-1) ?? 0) >= WINDOW_MS) hits.delete(u);
    return next();
  };
}
