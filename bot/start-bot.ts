/**
 * Wires a configured bot and starts it: the store (the SQLite file in the data dir, or Postgres when
 * NIANBAO_DATABASE_URL is set), the worker pool, the bot, long polling through @grammyjs/runner (or
 * the webhook server), the resumption of jobs a previous process left pending. `stop()` is the
 * graceful shutdown: stop taking updates, give in-flight audits the grace period, re-queue the rest,
 * close the store.
 *
 * With `queue` (run-bot.ts passes it when NIANBAO_DATABASE_URL is Postgres), audits go to the
 * Postgres job queue (pg-boss, bot/queue/) and are run by `nianbao worker` processes instead of this
 * process's threads, and in webhook mode each update is claimed in the database first, so that
 * several instances can take Telegram's updates and each is handled once.
 */

import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import { hostname } from "node:os";
import { type RunnerHandle, run } from "@grammyjs/runner";
import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";
import type { Bot } from "grammy";
import type { BotConfig } from "../config.ts";
import type { Logger } from "../logger.ts";
import type { Answerer } from "../qa/answerer.ts";
import { openReportStore } from "../store/open.ts";
import type { ReportStore } from "../store/report-store.ts";
import type { AuditService } from "./audit/audit-service.ts";
import type { BotContext } from "./context.ts";
import { ALLOWED_UPDATES, createBot } from "./create-bot.ts";
import type { BotLlm } from "./llm.ts";
import { leasedStore } from "./queue/leases.ts";
import type { QueueConnection, QueuePool } from "./queue/queue-pool.ts";
import { postgresRateCounter } from "./queue/rate.ts";
import { postgresUserTurns } from "./queue/user-turns.ts";
import { closeServer, startWebhookServer, type UpdateClaims } from "./telegram/webhook-server.ts";
import { AuditPool, type OcrBudget } from "./worker/audit-pool.ts";

/** A job whose instance has not beaten for this long is taken over by another instance. */
const LEASE_TTL_SEC = 20;
const LEASE_HEARTBEAT_MS = 5_000;
const LEASE_SWEEP_MS = 10_000;

export interface StartOptions {
  readonly log: Logger;
  /** First answerer to ask (the LLM agent); the deterministic one is always behind it. */
  readonly answerer?: Answerer;
  /** Worker task module (tests inject a slow one). */
  readonly taskModule?: URL;
  readonly throttle?: APIThrottlerOptions;
  /** Long-polling timeout of getUpdates in seconds (default 30). */
  readonly pollTimeoutSec?: number;
  /** The LLM for table extraction in the workers, and the token budget (bot/llm.ts). */
  readonly llm?: BotLlm;
  /** The time cap of a scan under OCR (default OCR_BUDGET: 30 s a page, at most 3 minutes). */
  readonly ocrBudget?: OcrBudget;
  /** The Postgres job queue (audits run by `nianbao worker` processes); absent: this process's pool. */
  readonly queue?: QueueConnection;
}

export interface RunningBot {
  readonly bot: Bot<BotContext>;
  readonly store: ReportStore;
  readonly pool: AuditPool | QueuePool;
  readonly audits: AuditService;
  readonly mode: "polling" | "webhook";
  /** The webhook server (webhook mode). */
  readonly server: Server | null;
  /** Jobs of a previous process, resumed in the background. */
  readonly resumed: Promise<number>;
  stop(): Promise<void>;
}

const COMMANDS = [
  { command: "start", description: "功能介绍和示例" },
  { command: "help", description: "帮助" },
  { command: "history", description: "本聊天的审核记录" },
  { command: "summary", description: "本聊天全部报告的汇总表（XLSX）、单位排名和热力图" },
  { command: "compare", description: "与同一单位上一年度的报告对比" },
  { command: "date", description: "补充报告的公布日期（报告未印落款日期时）" },
  { command: "forget", description: "删除本聊天的数据" },
  { command: "status", description: "运行状态（管理员）" },
];

export async function startBot(config: BotConfig, options: StartOptions): Promise<RunningBot> {
  const log = options.log;
  const mode = config.webhook ? "webhook" : "polling";
  const shared = await openReportStore(config);
  const pool = options.queue ? await openQueuePool(options.queue, log) : localPool(config, options, log);
  const claim = pool instanceof AuditPool ? undefined : claimer(pool);
  // Queue mode: this instance leases the chats' jobs it follows; a dead instance's jobs are taken over.
  const leases =
    pool instanceof AuditPool
      ? null
      : leasedStore(shared, pool.db, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, {
          ttlSec: LEASE_TTL_SEC,
          heartbeatMs: LEASE_HEARTBEAT_MS,
        });
  const store = leases?.store ?? shared;
  const turns =
    pool instanceof AuditPool
      ? null
      : postgresUserTurns(pool.db, `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`, {
          ttlSec: LEASE_TTL_SEC,
          heartbeatMs: LEASE_HEARTBEAT_MS,
        });
  const { bot, audits } = createBot({
    config,
    store,
    pool,
    log: log.child({ module: "bot" }),
    answerer: options.answerer,
    throttle: options.throttle,
    mode,
    llm: options.llm,
    // Queue mode: the rate limit counts in Postgres, whichever instance gets the update.
    ...(pool instanceof AuditPool ? {} : { rateCounter: postgresRateCounter(pool.db) }),
    ...(turns ? { turns } : {}),
  });
  let runner: RunnerHandle | null = null;
  let server: Server | null = null;
  try {
    await bot.init();
    await bot.api.setMyCommands(COMMANDS).catch((error) => log.warn({ err: error }, "setMyCommands failed"));
    if (config.webhook) {
      server = await startWebhookServer(bot, config.webhook, log.child({ module: "webhook" }), {
        ...(claim ? { claims: claim } : {}),
      });
      await bot.api.setWebhook(config.webhook.url, {
        secret_token: config.webhook.secret,
        allowed_updates: [...ALLOWED_UPDATES],
      });
    } else {
      await bot.api.deleteWebhook();
      runner = run(bot, {
        runner: {
          fetch: { timeout: options.pollTimeoutSec ?? 30, allowed_updates: [...ALLOWED_UPDATES] },
          retryInterval: "exponential",
          silent: true,
        },
      });
    }
  } catch (error) {
    if (server) await closeServer(server);
    await pool.close();
    await store.close();
    throw error;
  }
  log.info(
    { mode, bot: bot.botInfo.username, workers: config.workers, dataDir: config.dataDir },
    "bot started",
  );
  const resumed = audits.resumePending().catch((error) => {
    log.error({ err: error }, "resuming pending audits failed");
    return 0;
  });
  // Queue mode: look for jobs whose instance died (stale leases) now and then, not only at start.
  const sweep = leases
    ? setInterval(() => {
        if (!audits.isClosing)
          void audits.resumePending().catch((error) => log.warn({ err: error }, "takeover sweep failed"));
      }, LEASE_SWEEP_MS)
    : null;

  let stopping: Promise<void> | null = null;
  const stop = () => {
    stopping ??= (async () => {
      log.info({ inFlight: audits.active }, "shutting down");
      if (sweep) clearInterval(sweep);
      // Stop taking updates; the runner's promise resolves when running middleware is done.
      const intake = runner ? runner.stop() : server ? closeServer(server) : Promise.resolve();
      const { finished, waiting } = await audits.drain(config.shutdownGraceMs);
      await pool.close(); // in-flight audits beyond the grace period end as re-queued jobs
      await intake;
      await audits.settled();
      leases?.stop();
      turns?.stop();
      await store.close();
      log.info({ finished, requeued: waiting }, "stopped");
    })();
    return stopping;
  };
  return { bot, store, pool, audits, mode, server, resumed, stop };
}

function localPool(config: BotConfig, options: StartOptions, log: Logger): AuditPool {
  return new AuditPool({
    size: config.workers,
    timeoutMs: config.auditTimeoutMs,
    memoryMb: config.workerMemoryMb,
    // The PDF reader's own budget stays under the hard cap, so a slow PDF gets the reader's message.
    audit: { timeoutMs: Math.max(1000, Math.min(20_000, Math.round(config.auditTimeoutMs * 0.8))) },
    log: log.child({ module: "pool" }),
    ...(options.taskModule ? { taskModule: options.taskModule } : {}),
    ...(options.ocrBudget ? { ocr: options.ocrBudget } : {}),
    ...(options.llm ? { llm: { env: options.llm.env, extraMs: options.llm.timeoutMs } } : {}),
  });
}

async function openQueuePool(connection: QueueConnection, log: Logger): Promise<QueuePool> {
  // pg and pg-boss are loaded only in Postgres mode: the single-process setup does not need them.
  const { QueuePool } = await import("./queue/queue-pool.ts");
  return QueuePool.open({ connection, log: log.child({ module: "queue" }) });
}

/** Update claims in the queue's database, which every instance on the queue shares. */
function claimer(pool: QueuePool): UpdateClaims {
  const updates = import("./queue/updates.ts");
  return {
    claim: async (update) => {
      const document = update.message?.document
        ? { chatId: update.message.chat.id, messageId: update.message.message_id }
        : undefined;
      return (await updates).claimUpdate(pool.db, update.update_id, undefined, document);
    },
    done: async (updateId) => (await updates).markUpdateDone(pool.db, updateId),
  };
}
