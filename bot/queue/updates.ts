/**
 * Update claims for stateless webhook instances. The first instance to insert an update id handles
 * the update; it marks the claim done once it has handled it (or once Telegram got its answer, after
 * the webhook's answer time: from then on a chat's audit is covered by its job and lease). Another
 * delivery of the same update then meets:
 * - a done claim: dropped (answered 200);
 * - a claim in progress: refused for now (answered 500, so Telegram or the proxy delivers it again);
 * - a claim neither done nor renewed for `staleSec`: its instance died before answering, so this
 *   instance takes it over (otherwise the update would be lost with the dead instance).
 */
import type pg from "pg";

export type Claim = "mine" | "done" | "busy";

/**
 * A document whose claim was taken over may already have a chat job (its instance died after accepting
 * it): that job is resumed through its lease (bot/queue/leases.ts), so the update must not be handled
 * again. Reads the Postgres store's `audit_jobs` (store/migrations.ts); false where that table is absent.
 */
export async function hasJobFor(db: pg.Pool, chatId: number, messageId: number): Promise<boolean> {
  const { rows } = await db
    .query("select 1 from audit_jobs where chat_id = $1 and source_message_id = $2 limit 1", [
      chatId,
      messageId,
    ])
    .catch(() => ({ rows: [] as unknown[] }));
  return rows.length > 0;
}

export const CLAIM_STALE_SEC = 30;

export async function claimUpdate(
  db: pg.Pool,
  updateId: number,
  staleSec = CLAIM_STALE_SEC,
  document?: { readonly chatId: number; readonly messageId: number },
): Promise<Claim> {
  const { rows: won } = await db.query<{ takeover: boolean }>(
    `insert into nianbao_updates (update_id) values ($1)
     on conflict (update_id) do update set claimed_at = now()
       where nianbao_updates.done_at is null and nianbao_updates.claimed_at < now() - make_interval(secs => $2)
     returning (xmax <> 0) as takeover`,
    [updateId, staleSec],
  );
  if (won[0]) {
    if (won[0].takeover && document && (await hasJobFor(db, document.chatId, document.messageId))) {
      await markUpdateDone(db, updateId);
      return "done";
    }
    return "mine";
  }
  const { rows } = await db.query<{ done: boolean }>(
    "select done_at is not null as done from nianbao_updates where update_id = $1",
    [updateId],
  );
  return rows[0]?.done ? "done" : "busy";
}

export async function markUpdateDone(db: pg.Pool, updateId: number): Promise<void> {
  await db.query("update nianbao_updates set done_at = now() where update_id = $1 and done_at is null", [
    updateId,
  ]);
}

/** Drop claims older than a day (Telegram keeps an unanswered update for 24 hours at most). */
export async function pruneClaims(db: pg.Pool): Promise<number> {
  const { rowCount } = await db.query(
    "delete from nianbao_updates where claimed_at < now() - interval '1 day'",
  );
  return rowCount ?? 0;
}
