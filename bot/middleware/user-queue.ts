/**
 * One file at a time per user: the audit service runs a user's files in turn (AuditService.inTurn);
 * this middleware, installed before the per-chat sequentialize (which would hold the update silently),
 * tells the sender at once that a file sent while an earlier one is still being audited has been queued.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";
import { QUEUED } from "../render/texts.ts";

export function userQueueNotice(allowed: (ctx: BotContext) => boolean): MiddlewareFn<BotContext> {
  /** Documents of each user between arrival and the end of their handling. */
  const inFlight = new Map<number, number>();
  return async (ctx, next) => {
    const user = ctx.from?.id;
    // Only documents of allowed users count (the access check after the sequentialize refuses the rest).
    if (user === undefined || !ctx.message?.document || !allowed(ctx)) return next();
    const ahead = inFlight.get(user) ?? 0;
    inFlight.set(user, ahead + 1);
    try {
      if (ahead > 0)
        await ctx
          .reply(QUEUED(ahead), { reply_parameters: { message_id: ctx.message.message_id } })
          .catch(() => {});
      return await next();
    } finally {
      const left = (inFlight.get(user) ?? 1) - 1;
      if (left > 0) inFlight.set(user, left);
      else inFlight.delete(user);
    }
  };
}
