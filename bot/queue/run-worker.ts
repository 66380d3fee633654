/**
 * `nianbao worker`: a queue worker configured from the environment (and .env) until SIGINT/SIGTERM.
 * NIANBAO_DATABASE_URL (postgres://…, required), NIANBAO_QUEUE_FILES_DIR (shared directory for large
 * files), NIANBAO_WORKERS (files at once, default 2), NIANBAO_AUDIT_TIMEOUT_SEC (default 30),
 * NIANBAO_WORKER_MEMORY_MB (default 512), NIANBAO_QUEUE_KEEP_DAYS (outcomes kept, default 7),
 * NIANBAO_UPDATES_KEEP_DAYS (update claims kept, default 2), NIANBAO_LOG_LEVEL; the LLM variables as
 * for the bot.
 */
import { envWithDotenv } from "../../config.ts";
import { createLogger } from "../../logger.ts";
import { botLlmFromEnv } from "../llm.ts";
import { untilSignal } from "../until-signal.ts";
import { DEFAULT_RETENTION, type Retention } from "./prune.ts";
import { isPostgresUrl } from "./schema.ts";
import { startQueueWorker } from "./worker.ts";

type Env = Readonly<Record<string, string | undefined>>;

function positive(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === "") return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, not "${raw}"`);
  return n;
}

export async function runWorker(given: Env = process.env): Promise<number> {
  const env = envWithDotenv(given);
  const url = env.NIANBAO_DATABASE_URL;
  if (!isPostgresUrl(url)) {
    process.stderr.write("nianbao worker: NIANBAO_DATABASE_URL must name a Postgres server (postgres://…)\n");
    return 1;
  }
  let size: number;
  let timeoutSec: number;
  let memoryMb: number;
  let retention: Retention;
  try {
    size = positive(env, "NIANBAO_WORKERS", 2);
    timeoutSec = positive(env, "NIANBAO_AUDIT_TIMEOUT_SEC", 30);
    memoryMb = positive(env, "NIANBAO_WORKER_MEMORY_MB", 512);
    retention = {
      outcomesDays: positive(env, "NIANBAO_QUEUE_KEEP_DAYS", DEFAULT_RETENTION.outcomesDays),
      updatesDays: positive(env, "NIANBAO_UPDATES_KEEP_DAYS", DEFAULT_RETENTION.updatesDays),
    };
  } catch (error) {
    process.stderr.write(`nianbao worker: ${(error as Error).message}\n`);
    return 1;
  }
  const level = (env.NIANBAO_LOG_LEVEL ?? "info") as Parameters<typeof createLogger>[0];
  const log = createLogger(level);
  const llm = botLlmFromEnv(env);
  let worker: Awaited<ReturnType<typeof startQueueWorker>>;
  try {
    worker = await startQueueWorker({
      connection: { url, filesDir: env.NIANBAO_QUEUE_FILES_DIR || null },
      log,
      size,
      timeoutMs: timeoutSec * 1000,
      memoryMb,
      retention,
      ...(llm ? { llm: { env: llm.env, extraMs: llm.timeoutMs } } : {}),
      ...(env.NIANBAO_WORKER_TASK ? { taskModule: new URL(env.NIANBAO_WORKER_TASK) } : {}),
    });
  } catch (error) {
    log.fatal({ err: error }, "the worker could not start");
    return 1;
  }
  return untilSignal(() => worker.stop(), log);
}
