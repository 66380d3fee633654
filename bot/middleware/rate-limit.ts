/**
 * Per-user rate limit: at most `perMinute` updates in any 60 s; the first one over gets a reply,
 * the rest are dropped silently until the window frees up. (The daily audit quota is counted in the
 * store, see features/audit-file.ts.)
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";
import { RATE_LIMITED } from "../render/texts.ts";

const WINDOW_MS = 60_000;

export function rateLimit(perMinute: number, now: () => number = Date.now): MiddlewareFn<BotContext> {
  const hits = new Map<number, number[]>();
  const warned = new Set<number>();
  return async (ctx, next) => {
    const user = ctx.from?.id;
    if (user === undefined) return next();
    const t = now();
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
