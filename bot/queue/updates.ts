/**
 * Update dedupe for stateless webhook instances: the first instance to insert an update id handles
 * the update. Used when the report store has no `claimUpdate` of its own.
 */
import type pg from "pg";

export async function claimUpdate(db: pg.Pool, updateId: number): Promise<boolean> {
  const { rowCount } = await db.query(
    "insert into nianbao_updates (update_id) values ($1) on conflict (update_id) do nothing",
    [updateId],
  );
  return rowCount === 1;
}

/** Drop claims older than a day (Telegram keeps an unanswered update for 24 hours at most). */
export async function pruneClaims(db: pg.Pool): Promise<number> {
  const { rowCount } = await db.query(
    "delete from nianbao_updates where claimed_at < now() - interval '1 day'",
  );
  return rowCount ?? 0;
}
