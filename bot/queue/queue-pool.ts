/**
 * The audit pool's interface (`run`, `stats`, `warm`, `close`) over the Postgres queue: `run` stores
 * the file (bot/queue/files.ts), sends a pg-boss job and waits for its outcome, which a `nianbao
 * worker` process writes to `nianbao_queue_results`; the stages the worker reached are read from the
 * same row, so the instance waiting for the file edits the chat's progress message as they come.
 * AuditService, the archive audit and the batch export use it unchanged (as they use AuditPool).
 *
 * A key already answered returns at once (a resumed batch, a resubmitted file). A job that pg-boss
 * gave up on (retries spent: dead-lettered) resolves as `crashed`. `close()` rejects the waiting
 * calls with PoolClosedError (the bot keeps the chat's job pending for its next start; the queued
 * pg-boss job still runs and its outcome waits under its key).
 */
import pg from "pg";
import PgBoss from "pg-boss";
import type { AuditOptions } from "../../audit/run-audit.ts";
import type { Logger } from "../../logger.ts";
import type { PoolOutcome, PoolStats } from "../worker/audit-pool.ts";
import { PoolClosedError } from "../worker/audit-pool.ts";
import type { AuditStage } from "../worker/staged-audit.ts";
import { QueueFiles } from "./files.ts";
import {
  AUDIT_QUEUE,
  type AuditJobData,
  DEAD_QUEUE,
  type JobKind,
  jobKey,
  queuedOptions,
  type StoredOutcome,
} from "./jobs.ts";
import { ensureQueueSchema } from "./schema.ts";

export interface QueueConnection {
  /** postgres://… */
  readonly url: string;
  /** Shared directory for files above the inline size (NIANBAO_QUEUE_FILES_DIR); null: all inline. */
  readonly filesDir?: string | null;
  /** Connections of this process's pool (default 5). */
  readonly maxConnections?: number;
}

export interface QueueRetry {
  /** Attempts after the first (default 4). */
  readonly limit: number;
  /** First delay in seconds; doubled each time (pg-boss retryBackoff). */
  readonly delaySec: number;
  /** A job active longer than this is taken to be lost with its worker and retried. */
  readonly expireSec: number;
  /** How often pg-boss's maintenance (expiring lost jobs) runs; one process at a time does it. */
  readonly superviseSec: number;
}

export const DEFAULT_RETRY: QueueRetry = { limit: 4, delaySec: 2, expireSec: 120, superviseSec: 15 };

export interface QueueCounts {
  /** Jobs waiting (created or retry). */
  readonly queued: number;
  readonly active: number;
  /** Jobs whose retries are spent (in the dead-letter queue). */
  readonly dead: number;
}

/** Opens pg-boss and the queue tables; creates both queues with the retry policy (idempotent). */
export async function openQueue(
  connection: QueueConnection,
  log: Logger,
  retry: QueueRetry = DEFAULT_RETRY,
): Promise<{ boss: PgBoss; db: pg.Pool; files: QueueFiles }> {
  const db = new pg.Pool({ connectionString: connection.url, max: connection.maxConnections ?? 5 });
  db.on("error", (error) => log.warn({ err: error }, "idle Postgres connection failed"));
  await ensureQueueSchema(db);
  const boss = new PgBoss({
    connectionString: connection.url,
    max: connection.maxConnections ?? 5,
    // Maintenance (expiring lost jobs, archiving) is scheduled in every process; pg-boss takes turns.
    maintenanceIntervalSeconds: retry.superviseSec,
  });
  boss.on("error", (error) => log.warn({ err: error }, "pg-boss error"));
  await boss.start();
  await createQueues(boss, retry);
  return { boss, db, files: new QueueFiles(db, connection.filesDir ?? null) };
}

async function createQueues(boss: PgBoss, retry: QueueRetry): Promise<void> {
  const queues: PgBoss.Queue[] = [
    { name: DEAD_QUEUE },
    {
      name: AUDIT_QUEUE,
      retryLimit: retry.limit,
      retryDelay: retry.delaySec,
      retryBackoff: true,
      expireInSeconds: retry.expireSec,
      deadLetter: DEAD_QUEUE,
    },
  ];
  // Two processes starting at once may both create it: the second one's error is harmless.
  for (const queue of queues)
    if (!(await boss.getQueue(queue.name))) await boss.createQueue(queue.name, queue).catch(() => undefined);
}

/** Queue counts for /status and the load test. */
export async function queueCounts(db: pg.Pool): Promise<QueueCounts> {
  const { rows } = await db.query<{ name: string; state: string; n: string }>(
    "select name, state::text as state, count(*)::text as n from pgboss.job where name in ($1, $2) group by 1, 2",
    [AUDIT_QUEUE, DEAD_QUEUE],
  );
  let queued = 0;
  let active = 0;
  let dead = 0;
  for (const r of rows) {
    const n = Number(r.n);
    if (r.name === DEAD_QUEUE) {
      if (r.state !== "completed" && r.state !== "cancelled") dead += n;
    } else if (r.state === "created" || r.state === "retry") queued += n;
    else if (r.state === "active") active += n;
  }
  return { queued, active, dead };
}

interface Waiter {
  readonly key: string;
  readonly jobId: string | null;
  readonly onStage: (stage: AuditStage) => void;
  stage: string | null;
  readonly resolve: (outcome: PoolOutcome) => void;
  readonly reject: (error: Error) => void;
  readonly started: number;
}

export interface QueuePoolOptions {
  readonly connection: QueueConnection;
  readonly log: Logger;
  /** How often the waiting calls look for stages and outcomes (default 250 ms). */
  readonly pollMs?: number;
  /** Kind recorded for the jobs this pool sends. */
  readonly kind?: JobKind;
  readonly retry?: QueueRetry;
}

export class QueuePool {
  private readonly waiters = new Map<string, Waiter[]>();
  private closed = false;
  private timer: NodeJS.Timeout | null = null;
  private ticking = false;
  private counts = { completed: 0, timeouts: 0, crashes: 0 };

  private constructor(
    private readonly boss: PgBoss,
    readonly db: pg.Pool,
    private readonly files: QueueFiles,
    private readonly options: QueuePoolOptions,
  ) {}

  static async open(options: QueuePoolOptions): Promise<QueuePool> {
    const { boss, db, files } = await openQueue(options.connection, options.log, options.retry);
    return new QueuePool(boss, db, files, options);
  }

  /** Audit one file on a worker; resolves with the outcome the worker stored. */
  async run(
    bytes: Uint8Array,
    file: string,
    onStage: (stage: AuditStage) => void = () => {},
    task: { readonly useLlm?: boolean; readonly audit?: AuditOptions } = {},
  ): Promise<PoolOutcome> {
    const submitted = await this.submit(bytes, file, task);
    if (submitted.outcome) return submitted.outcome;
    if (this.closed) throw new PoolClosedError();
    const { key, jobId } = submitted;
    return new Promise<PoolOutcome>((resolve, reject) => {
      const list = this.waiters.get(key) ?? [];
      list.push({ key, jobId, onStage, stage: null, resolve, reject, started: Date.now() });
      this.waiters.set(key, list);
      this.schedule();
    });
  }

  /**
   * Put a file on the queue without waiting: its stored outcome when the key has one, else the job
   * (a job of the same key already on its way is reused, not sent twice).
   */
  async submit(
    bytes: Uint8Array,
    file: string,
    task: { readonly useLlm?: boolean; readonly audit?: AuditOptions } = {},
  ): Promise<{ key: string; jobId: string | null; outcome: PoolOutcome | null }> {
    if (this.closed) throw new PoolClosedError();
    const audit = queuedOptions(task.audit ?? {});
    const useLlm = task.useLlm === true;
    const key = jobKey(bytes, file, useLlm, audit);
    const kind = this.options.kind ?? "audit-file";
    const known = await this.db.query<{ outcome: StoredOutcome | null }>(
      "select outcome from nianbao_queue_results where key = $1",
      [key],
    );
    const done = known.rows[0]?.outcome;
    if (done) return { key, jobId: null, outcome: done };
    if (!known.rows[0])
      await this.db.query(
        "insert into nianbao_queue_results (key, kind, file_name) values ($1, $2, $3) on conflict (key) do nothing",
        [key, kind, file],
      );
    // A job of this key may be on its way already (another chat sent the same file, a resumed batch).
    let jobId = await this.liveJob(key);
    if (jobId === null) {
      await this.files.put(key, bytes);
      const data: AuditJobData = { key, kind, file, useLlm, audit };
      jobId = (await this.boss.send(AUDIT_QUEUE, data, { singletonKey: key })) ?? (await this.liveJob(key));
    }
    return { key, jobId, outcome: null };
  }

  /** A job of the key that is waiting, running or will be retried. */
  private async liveJob(key: string): Promise<string | null> {
    const { rows } = await this.db.query<{ id: string }>(
      "select id::text as id from pgboss.job where name = $1 and singleton_key = $2 and state in ('created', 'retry', 'active') order by created_on desc limit 1",
      [AUDIT_QUEUE, key],
    );
    return rows[0]?.id ?? null;
  }

  private schedule(): void {
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.tick().finally(() => {
        if (this.waiters.size > 0) this.schedule();
      });
    }, this.options.pollMs ?? 250);
  }

  /** One look at every waiting key: new stages go to the progress callbacks, outcomes resolve. */
  private async tick(): Promise<void> {
    if (this.ticking || this.waiters.size === 0) return;
    this.ticking = true;
    try {
      const keys = [...this.waiters.keys()];
      const { rows } = await this.db.query<{
        key: string;
        stage: string | null;
        outcome: StoredOutcome | null;
      }>("select key, stage, outcome from nianbao_queue_results where key = any($1)", [keys]);
      for (const row of rows) {
        const list = this.waiters.get(row.key);
        if (!list) continue;
        if (row.outcome) {
          this.waiters.delete(row.key);
          this.count(row.outcome);
          for (const w of list) w.resolve(row.outcome);
          continue;
        }
        for (const w of list)
          if (row.stage && row.stage !== w.stage) {
            w.stage = row.stage;
            w.onStage(row.stage as AuditStage);
          }
      }
      await this.checkDead();
    } catch (error) {
      this.options.log.warn({ err: error }, "queue poll failed");
    } finally {
      this.ticking = false;
    }
  }

  /** Waiters whose job pg-boss gave up on (dead-lettered) resolve as crashed. */
  private async checkDead(): Promise<void> {
    const ids = [...this.waiters.values()].flat().flatMap((w) => (w.jobId ? [w.jobId] : []));
    if (ids.length === 0) return;
    const { rows } = await this.db.query<{ id: string; output: unknown }>(
      "select id::text as id, output from pgboss.job where name = $1 and id = any($2::uuid[]) and state = 'failed' and retry_count >= retry_limit",
      [AUDIT_QUEUE, ids],
    );
    for (const row of rows)
      for (const [key, list] of this.waiters)
        if (list.some((w) => w.jobId === row.id)) {
          this.waiters.delete(key);
          const outcome: PoolOutcome = {
            kind: "crashed",
            reason: "error",
            detail: `queue job failed after its retries: ${JSON.stringify(row.output).slice(0, 300)}`,
            ms: Date.now() - (list[0]?.started ?? Date.now()),
          };
          this.count(outcome);
          for (const w of list) w.resolve(outcome);
        }
  }

  private count(outcome: PoolOutcome): void {
    if (outcome.kind === "result") this.counts.completed++;
    else if (outcome.kind === "timeout") this.counts.timeouts++;
    else this.counts.crashes++;
  }

  /** Counts of this process, as AuditPool's: busy = files this instance waits for, size 0 (no threads). */
  stats(): PoolStats {
    const waiting = [...this.waiters.values()].reduce((n, l) => n + l.length, 0);
    return { size: 0, busy: waiting, queued: 0, ...this.counts };
  }

  /** The queue's jobs now (every instance's and worker's): waiting, running, dead-lettered. */
  queueCounts(): Promise<QueueCounts> {
    return queueCounts(this.db);
  }

  /** Nothing to warm: the workers are other processes. */
  async warm(): Promise<void> {}

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    for (const list of this.waiters.values()) for (const w of list) w.reject(new PoolClosedError());
    this.waiters.clear();
    await this.boss.stop({ graceful: false, close: true, wait: true }).catch(() => undefined);
    await this.db.end().catch(() => undefined);
  }
}
