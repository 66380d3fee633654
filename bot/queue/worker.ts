/**
 * `nianbao worker`: takes audit jobs from the Postgres queue and runs each file on a local AuditPool
 * (the same time and heap caps as the bot's pool), writing the stages reached and then the outcome
 * to `nianbao_queue_results`, where the waiting bot instance or batch command reads them.
 *
 * Exactly once: the outcome is written only when none is there (first write wins) and a job whose
 * key already has an outcome completes without running, so a job retried after its worker died is
 * answered once. Transient failures (the database, a lost file read) throw: pg-boss retries them
 * with exponential backoff and, when the retries are spent, moves the job to the dead-letter queue.
 * A file that runs over the caps is not a transient failure: its timeout or crash is the outcome.
 *
 * `stop()` (SIGTERM): stop fetching, close the pool — running audits are cut off and their jobs
 * fail back into the queue (retry state, picked up by another worker after the backoff) — then
 * close pg-boss and the connections.
 */

import type pg from "pg";
import type PgBoss from "pg-boss";
import type { Logger } from "../../logger.ts";
import { AuditPool, PoolClosedError, type PoolStats } from "../worker/audit-pool.ts";
import { readerBudgetMs } from "../worker/pool-auditor.ts";
import { AUDIT_QUEUE, type AuditJobData, type StoredOutcome } from "./jobs.ts";
import { DEFAULT_RETENTION, pruneQueue, type Retention } from "./prune.ts";
import { DEFAULT_RETRY, openQueue, type QueueConnection, type QueueRetry } from "./queue-pool.ts";

export interface QueueWorkerOptions {
  readonly connection: QueueConnection;
  readonly log: Logger;
  /** Files audited at once by this process (worker threads). */
  readonly size: number;
  readonly timeoutMs: number;
  readonly memoryMb: number;
  /** Worker task module (tests inject slow ones). */
  readonly taskModule?: URL;
  readonly llm?: { readonly env: Readonly<Record<string, string>>; readonly extraMs: number };
  readonly retry?: QueueRetry;
  /** How often an idle worker asks for jobs (default 0.5 s). */
  readonly pollSec?: number;
  /** What the periodic prune keeps (bot/queue/prune.ts; default 7 days of outcomes, 2 of update claims). */
  readonly retention?: Retention;
  /** How often this worker prunes (default hourly, the first time a minute after it starts). */
  readonly pruneEveryMs?: number;
}

export interface RunningWorker {
  readonly pool: AuditPool;
  readonly db: pg.Pool;
  /** Jobs this process finished (outcome written) and skipped (an outcome was already there). */
  readonly counts: { done: number; skipped: number; requeued: number };
  stats(): PoolStats;
  stop(): Promise<void>;
}

export async function startQueueWorker(options: QueueWorkerOptions): Promise<RunningWorker> {
  const log = options.log;
  const { boss, db, files } = await openQueue(options.connection, log, options.retry ?? DEFAULT_RETRY);
  const pool = new AuditPool({
    size: options.size,
    timeoutMs: options.timeoutMs,
    memoryMb: options.memoryMb,
    audit: { timeoutMs: readerBudgetMs(options.timeoutMs) },
    log: log.child({ module: "pool" }),
    ...(options.taskModule ? { taskModule: options.taskModule } : {}),
    ...(options.llm ? { llm: options.llm } : {}),
  });
  const counts = { done: 0, skipped: 0, requeued: 0 };
  let stopping = false;

  const handle = async (data: AuditJobData, jobId: string): Promise<void> => {
    const jobLog = log.child({ job: jobId, key: data.key });
    const { rows } = await db.query<{ outcome: StoredOutcome | null }>(
      "update nianbao_queue_results set attempts = attempts + 1, updated_at = now() where key = $1 returning outcome",
      [data.key],
    );
    if (rows[0]?.outcome) {
      await files.remove(data.key);
      counts.skipped++;
      jobLog.info("outcome already stored: nothing to do");
      return;
    }
    const bytes = await files.get(data.key);
    if (bytes === null) throw new Error(`the file of job ${data.key} is not in the queue storage`);
    let outcome: StoredOutcome;
    try {
      outcome = await pool.run(
        bytes,
        data.file,
        (stage) =>
          void db
            .query("update nianbao_queue_results set stage = $2, updated_at = now() where key = $1", [
              data.key,
              stage,
            ])
            .catch((error) => jobLog.warn({ err: error }, "stage not written")),
        { useLlm: data.useLlm, audit: data.audit },
      );
    } catch (error) {
      if (error instanceof PoolClosedError) {
        counts.requeued++;
        jobLog.info("worker stopping: job handed back to the queue");
      }
      throw error;
    }
    const written = await db.query(
      "update nianbao_queue_results set outcome = $2, updated_at = now() where key = $1 and outcome is null",
      [data.key, JSON.stringify(outcome)],
    );
    await files.remove(data.key);
    if (written.rowCount === 1) counts.done++;
    else counts.skipped++;
    jobLog.info({ file: data.file, kind: outcome.kind, ms: outcome.ms }, "queue job finished");
  };

  // One polling loop per worker thread: each takes one job at a time.
  for (let i = 0; i < options.size; i++)
    await boss.work<AuditJobData>(
      AUDIT_QUEUE,
      { batchSize: 1, pollingIntervalSeconds: options.pollSec ?? 0.5 },
      async (jobs) => {
        for (const job of jobs) await handle(job.data, job.id);
      },
    );
  log.info({ size: options.size, timeoutMs: options.timeoutMs }, "queue worker started");

  const prune = () =>
    void pruneQueue(db, options.retention ?? DEFAULT_RETENTION)
      .then((pruned) => {
        if (pruned) log.info({ ...pruned }, "queue tables pruned");
      })
      .catch((error) => log.warn({ err: error }, "pruning the queue tables failed"));
  const every = options.pruneEveryMs ?? 60 * 60 * 1000;
  const firstPrune = setTimeout(prune, Math.min(every, 60_000));
  const pruneTimer = setInterval(prune, every);
  firstPrune.unref();
  pruneTimer.unref();

  let stopped: Promise<void> | null = null;
  const stop = () => {
    stopped ??= (async () => {
      stopping = true;
      clearTimeout(firstPrune);
      clearInterval(pruneTimer);
      log.info({ busy: pool.stats().busy }, "queue worker stopping");
      await boss.offWork(AUDIT_QUEUE).catch(() => undefined);
      await pool.close();
      await stopBoss(boss);
      await db.end().catch(() => undefined);
      log.info({ ...counts }, "queue worker stopped");
    })();
    return stopped;
  };
  void stopping;
  return { pool, db, counts, stats: () => pool.stats(), stop };
}

/** Let the handlers that were cut off record their failure (the job goes back to retry), then stop. */
async function stopBoss(boss: PgBoss): Promise<void> {
  await boss.stop({ graceful: true, wait: true, timeout: 10_000 }).catch(() => undefined);
}
