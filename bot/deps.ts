/**
 * What the bot is built from (injected, so tests and main.ts wire the same code differently).
 */

import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import type { UserFromGetMe } from "grammy/types";
import type { BotConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Answerer } from "../qa/answerer.ts";
import type { ReportStore } from "../store/report-store.ts";
import type { AuditService } from "./audit/audit-service.ts";
import type { BotLlm } from "./llm.ts";
import type { SharedRateCounter } from "./middleware/rate-limit.ts";
import type { SharedTurns } from "./queue/user-turns.ts";
import type { AuditPool } from "./worker/audit-pool.ts";

export type BotSettings = Pick<
  BotConfig,
  | "token"
  | "apiRoot"
  | "allowedUsers"
  | "allowedChats"
  | "admins"
  | "ratePerMinute"
  | "dailyQuota"
  | "auditTimeoutMs"
>;

export interface BotDeps {
  readonly config: BotSettings;
  readonly store: ReportStore;
  /** This process's worker pool, or the Postgres queue (bot/queue/queue-pool.ts). */
  readonly pool: Pick<AuditPool, "run" | "stats">;
  readonly log: Logger;
  /** The answerer to ask first (e.g. the LLM agent); the deterministic one answers when it fails. */
  readonly answerer?: Answerer | undefined;
  /** Outgoing rate limits (defaults: bot/telegram/throttle.ts). */
  readonly throttle?: APIThrottlerOptions | undefined;
  /** Skip getMe at start-up (tests). */
  readonly botInfo?: UserFromGetMe | undefined;
  /** "polling" or "webhook", for /status. */
  readonly mode?: string | undefined;
  readonly now?: () => Date;
  /** LLM extraction and the daily token budget (bot/llm.ts); absent: deterministic only. */
  readonly llm?: BotLlm | undefined;
  /** The rate limit's count shared by every instance (queue mode); absent: this process's memory. */
  readonly rateCounter?: SharedRateCounter | undefined;
  /** One audit at a time per user across instances (queue mode); absent: per process. */
  readonly turns?: SharedTurns | undefined;
}

/** What the feature composers use. */
export interface FeatureDeps {
  readonly config: BotSettings;
  readonly store: ReportStore;
  readonly audits: AuditService;
  readonly pool: Pick<AuditPool, "stats">;
  readonly answerers: readonly Answerer[];
  readonly mode: string;
  readonly now: () => Date;
  readonly llm?: BotLlm | undefined;
}
