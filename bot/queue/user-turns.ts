/**
 * One audit at a time per user across webhook instances. AuditService keeps each user's files in a
 * chain in its own memory; with several instances a user's two files can reach two of them, so in
 * queue mode a file also waits for the user's row in `nianbao_user_turns`: held by the job being
 * audited (with its instance and a heartbeat), taken with one upsert when it is free, held by the same
 * job (a resumed job) or stale (its instance stopped beating for `ttlSec`), and deleted when the audit
 * ends. A row, not a session advisory lock: a waiting user would pin a pooled connection for as long
 * as the other file takes.
 */
import type pg from "pg";

export interface SharedTurns {
  /** Wait for the user's turn for `jobId`; resolves with its release, or null when `cancelled()` turned true. */
  acquire(userId: number, jobId: number, cancelled: () => boolean): Promise<(() => Promise<void>) | null>;
  stop(): void;
}

export function postgresUserTurns(
  db: pg.Pool,
  owner: string,
  options: { readonly ttlSec: number; readonly heartbeatMs: number; readonly pollMs?: number },
): SharedTurns {
  const heartbeat = setInterval(() => {
    void db
      .query("update nianbao_user_turns set heartbeat_at = now() where owner = $1", [owner])
      .catch(() => undefined);
  }, options.heartbeatMs);
  heartbeat.unref();
  return {
    async acquire(userId, jobId, cancelled) {
      for (;;) {
        const result = await db
          .query(
            `insert into nianbao_user_turns (user_id, job_id, owner) values ($1, $2, $3)
           on conflict (user_id) do update set job_id = excluded.job_id, owner = excluded.owner, heartbeat_at = now()
             where nianbao_user_turns.job_id = excluded.job_id
                or nianbao_user_turns.heartbeat_at < now() - make_interval(secs => $4)`,
            [userId, jobId, owner, options.ttlSec],
          )
          .catch((error: unknown) => {
            // The pool closes at shutdown while a file waits: give up the wait, not the job.
            if (cancelled()) return null;
            throw error;
          });
        if (result === null) return null;
        if (result.rowCount === 1)
          return async () => {
            await db
              .query("delete from nianbao_user_turns where user_id = $1 and job_id = $2", [userId, jobId])
              .catch(() => undefined);
          };
        if (cancelled()) return null;
        await new Promise((r) => setTimeout(r, options.pollMs ?? 250));
      }
    },
    stop: () => clearInterval(heartbeat),
  };
}
