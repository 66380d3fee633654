/**
 * Pruning the queue's tables, which otherwise only grow: outcomes and their leftover files, update
 * claims (the queue's `nianbao_updates` and the store's `processed_updates`), leases of jobs that
 * are no longer pending and users' turns left by a dead instance. Run by every worker on a timer; a transaction-level advisory lock lets one
 * worker at a time do it (the others skip that round).
 *
 * Retention: an outcome answers the same file sent again without a new audit, and lets `audit
 * --queue` resume a batch, so it is kept for days (default 7); an update claim only has to outlive
 * Telegram's redelivery (it stops retrying after 24 h), so 2 days by default.
 */
import { rm } from "node:fs/promises";
import type pg from "pg";
import { AUDIT_QUEUE } from "./jobs.ts";

export interface Retention {
  /** Days an outcome (and a file never picked up) is kept. */
  readonly outcomesDays: number;
  /** Days an update claim is kept (more than Telegram's 24 h redelivery window). */
  readonly updatesDays: number;
}

export const DEFAULT_RETENTION: Retention = { outcomesDays: 7, updatesDays: 2 };

export interface Pruned {
  readonly outcomes: number;
  readonly files: number;
  readonly updates: number;
  /** Job leases and users' turns (bot/queue/user-turns.ts). */
  readonly leases: number;
}

const PRUNE_LOCK = 1862019;

/** Delete what is older than the retention; null when another process was pruning. */
export async function pruneQueue(
  db: pg.Pool,
  retention: Retention = DEFAULT_RETENTION,
  now: Date = new Date(),
): Promise<Pruned | null> {
  const client = await db.connect();
  const paths: string[] = [];
  try {
    await client.query("begin");
    const { rows: lock } = await client.query<{ ok: boolean }>("select pg_try_advisory_xact_lock($1) as ok", [
      PRUNE_LOCK,
    ]);
    if (!lock[0]?.ok) {
      await client.query("rollback");
      return null;
    }
    const day = 24 * 60 * 60 * 1000;
    const outcomesBefore = new Date(now.getTime() - retention.outcomesDays * day);
    const updatesBefore = new Date(now.getTime() - retention.updatesDays * day);
    const outcomes = await client.query(
      "delete from nianbao_queue_results where outcome is not null and updated_at < $1",
      [outcomesBefore],
    );
    // Files whose job is gone (its outcome stored and the delete lost, or never run): not while a job waits for them.
    const files = await client.query<{ path: string | null }>(
      `delete from nianbao_queue_files f where f.created_at < $1
         and not exists (select 1 from pgboss.job j where j.name = $2 and j.singleton_key = f.key
                           and j.state in ('created', 'retry', 'active'))
       returning f.path`,
      [outcomesBefore, AUDIT_QUEUE],
    );
    for (const r of files.rows) if (r.path) paths.push(r.path);
    let updates = (await client.query("delete from nianbao_updates where claimed_at < $1", [updatesBefore]))
      .rowCount;
    const { rows: tables } = await client.query<{ jobs: string | null; claims: string | null }>(
      "select to_regclass('audit_jobs')::text as jobs, to_regclass('processed_updates')::text as claims",
    );
    if (tables[0]?.claims)
      updates =
        (updates ?? 0) +
        ((
          await client.query("delete from processed_updates where claimed_at < $1", [
            updatesBefore.toISOString(),
          ])
        ).rowCount ?? 0);
    // A lease outlives its job when the job was finished by a process that did not hold it.
    const leases = await client.query(
      tables[0]?.jobs
        ? `delete from nianbao_job_leases l where l.heartbeat_at < $1
             or not exists (select 1 from audit_jobs j where j.id = l.job_id and j.state = 'pending')`
        : "delete from nianbao_job_leases where heartbeat_at < $1",
      [outcomesBefore],
    );
    // A user's turn left by an instance that died: taken over when stale anyway, deleted here.
    const turns = await client.query("delete from nianbao_user_turns where heartbeat_at < $1", [
      outcomesBefore,
    ]);
    await client.query("commit");
    return {
      outcomes: outcomes.rowCount ?? 0,
      files: files.rowCount ?? 0,
      updates: updates ?? 0,
      leases: (leases.rowCount ?? 0) + (turns.rowCount ?? 0),
    };
  } catch (error) {
    await client.query("rollback").catch(() => undefined);
    throw error;
  } finally {
    client.release();
    for (const path of paths) await rm(path, { force: true });
  }
}
