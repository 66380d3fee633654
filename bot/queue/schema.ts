/**
 * The queue's own tables next to pg-boss's schema (pg-boss keeps the jobs; these keep what the jobs
 * carry and produce):
 * - `nianbao_queue_files`: the bytes of a file waiting for a worker — in the row (bytea) up to
 *   `INLINE_MAX_BYTES`, else a path under the shared directory named by NIANBAO_QUEUE_FILES_DIR;
 * - `nianbao_queue_results`: per job key, the stage a worker reached (any bot instance reads it to
 *   edit the chat's progress message) and the outcome, written once (the first write wins);
 * - `nianbao_job_leases`: which bot instance follows a chat's audit job (bot/queue/leases.ts);
 * - `nianbao_user_turns`: per user, the audit job that has the user's turn (bot/queue/user-turns.ts);
 * - `nianbao_rate`: per user, the updates of the current minute (the rate limit every instance shares);
 * - `nianbao_updates`: Telegram update ids already claimed by a webhook instance (each update is
 *   processed once, whichever instance Telegram or a proxy delivers it to).
 */
import type pg from "pg";

/**
 * Files up to this size travel in the database. Telegram's download limit is 20 MB, and most annual
 * reports are PDFs of 0.1–3 MB: at 4 MB nearly every report goes through the one thing every
 * instance and worker already reaches (no shared volume needed), while a 20 MB scan does not bloat
 * the WAL, the backups and the TOAST table (written once, read once, deleted after the audit).
 */
export const INLINE_MAX_BYTES = 4 * 1024 * 1024;

const DDL = `
create table if not exists nianbao_queue_files (
  key text primary key,
  bytes bytea,
  path text,
  size integer not null,
  created_at timestamptz not null default now()
);
create table if not exists nianbao_queue_results (
  key text primary key,
  kind text not null,
  file_name text not null,
  stage text,
  outcome json,
  attempts integer not null default 0,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create table if not exists nianbao_job_leases (
  job_id bigint primary key,
  owner text not null,
  heartbeat_at timestamptz not null default now()
);
create table if not exists nianbao_user_turns (
  user_id bigint primary key,
  job_id bigint not null,
  owner text not null,
  heartbeat_at timestamptz not null default now()
);
create table if not exists nianbao_rate (
  user_id bigint primary key,
  minute bigint not null,
  hits integer not null
);
create table if not exists nianbao_updates (
  update_id bigint primary key,
  claimed_at timestamptz not null default now(),
  done_at timestamptz
);
`;

/** Create the tables (idempotent; several processes may call it at once). */
export async function ensureQueueSchema(db: pg.Pool): Promise<void> {
  const client = await db.connect();
  try {
    // Concurrent CREATE TABLE IF NOT EXISTS can still collide on the catalog: serialize on a lock.
    await client.query("select pg_advisory_lock(1862018)");
    await client.query(DDL);
  } finally {
    await client.query("select pg_advisory_unlock(1862018)").catch(() => {});
    client.release();
  }
}

/** True for a connection string that names a Postgres server. */
export function isPostgresUrl(url: string | undefined): url is string {
  return url !== undefined && /^postgres(ql)?:\/\//i.test(url);
}
