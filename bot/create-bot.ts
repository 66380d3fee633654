/**
 * createBot(deps): the grammY bot with its outgoing transformers (throttler, auto-retry, HTML
 * fallback to plain text), the
 * middleware in order (logger, per-chat sequentialize, group gate, rate limit, allow-list, user and
 * chat bookkeeping, features, unhandled) and `bot.catch` as the error boundary.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { apiThrottler } from "@grammyjs/transformer-throttler";
import { Bot, type BotError, GrammyError, HttpError } from "grammy";
import { DeterministicAnswerer } from "../qa/deterministic.ts";
import { AuditService } from "./audit/audit-service.ts";
import type { BotContext } from "./context.ts";
import type { BotDeps, FeatureDeps } from "./deps.ts";
import { askFeature } from "./features/ask.ts";
import { auditFileFeature } from "./features/audit-file.ts";
import { compareFeature } from "./features/compare.ts";
import { dateFeature } from "./features/date.ts";
import { forgetFeature } from "./features/forget.ts";
import { historyFeature } from "./features/history.ts";
import { reportButtonsFeature } from "./features/report-buttons.ts";
import { startFeature } from "./features/start.ts";
import { statusFeature } from "./features/status.ts";
import { summaryFeature } from "./features/summary.ts";
import { unhandledFeature } from "./features/unhandled.ts";
import { accessControl, isAllowed } from "./middleware/access.ts";
import { groupGate } from "./middleware/group-gate.ts";
import { rateLimit } from "./middleware/rate-limit.ts";
import { userQueueNotice } from "./middleware/user-queue.ts";
import { APOLOGY } from "./render/texts.ts";
import { htmlFallback } from "./telegram/html-fallback.ts";
import { DEFAULT_THROTTLE } from "./telegram/throttle.ts";

/** Updates the bot asks Telegram for. */
export const ALLOWED_UPDATES = ["message", "callback_query"] as const;

/** Per-chat constraint for sequentialize: one update of a chat at a time, in order. */
export const chatConstraint = (ctx: BotContext) => String(ctx.chat?.id ?? ctx.from?.id ?? "none");

export interface CreatedBot {
  readonly bot: Bot<BotContext>;
  readonly audits: AuditService;
}

export function createBot(deps: BotDeps): CreatedBot {
  const { config, store, log } = deps;
  const bot = new Bot<BotContext>(config.token, {
    client: { apiRoot: config.apiRoot },
    ...(deps.botInfo ? { botInfo: deps.botInfo } : {}),
  });
  // Installed first = runs innermost: each retry attempt passes the throttler again.
  bot.api.config.use(apiThrottler(deps.throttle ?? DEFAULT_THROTTLE));
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60 }));
  bot.api.config.use(htmlFallback);

  const now = deps.now ?? (() => new Date());
  const audits = new AuditService({
    api: bot.api,
    apiRoot: config.apiRoot,
    token: config.token,
    store,
    pool: deps.pool,
    log: log.child({ component: "audit" }),
    timeoutMs: config.auditTimeoutMs,
    now,
    quota: { perDay: config.dailyQuota, exempt: config.admins },
    llm: deps.llm,
    turns: deps.turns,
  });
  const features: FeatureDeps = {
    config,
    store,
    audits,
    pool: deps.pool,
    answerers: [...(deps.answerer ? [deps.answerer] : []), new DeterministicAnswerer()],
    mode: deps.mode ?? "polling",
    now,
    llm: deps.llm,
  };

  bot.use((ctx, next) => {
    ctx.log = log.child({ update_id: ctx.update.update_id });
    return next();
  });
  bot.use(userQueueNotice((ctx) => ctx.chat !== undefined && isAllowed(config, ctx.from?.id, ctx.chat)));
  bot.use(sequentialize(chatConstraint));
  bot.use(groupGate());
  bot.use(rateLimit(config.ratePerMinute, Date.now, deps.rateCounter));
  bot.use(accessControl(config));
  bot.use(async (ctx, next) => {
    if (ctx.from && ctx.chat)
      await store.touch(
        { id: ctx.from.id, firstName: ctx.from.first_name, username: ctx.from.username },
        { id: ctx.chat.id, type: ctx.chat.type, title: "title" in ctx.chat ? ctx.chat.title : undefined },
      );
    return next();
  });
  bot.use(startFeature());
  bot.use(historyFeature(features));
  bot.use(forgetFeature(features));
  bot.use(dateFeature(features));
  bot.use(summaryFeature(features));
  bot.use(compareFeature(features));
  bot.use(statusFeature(features));
  bot.use(reportButtonsFeature(features));
  bot.use(auditFileFeature(features));
  bot.use(askFeature(features));
  bot.use(unhandledFeature());

  bot.catch(async (err: BotError<BotContext>) => {
    const ctx = err.ctx;
    const e = err.error;
    const where =
      e instanceof GrammyError ? { method: e.method, code: e.error_code, description: e.description } : {};
    (ctx.log ?? log).error({ err: e, update_id: ctx.update.update_id, ...where }, "update failed");
    if (e instanceof HttpError) return; // Telegram is unreachable: a reply would fail too.
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: "出现内部错误，请稍后再试" });
      if (ctx.chat) await ctx.api.sendMessage(ctx.chat.id, APOLOGY);
    } catch (replyError) {
      log.warn({ err: replyError }, "could not send the apology");
    }
  });
  return { bot, audits };
}
