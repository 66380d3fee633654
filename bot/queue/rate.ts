/**
 * The per-user rate limit's count in Postgres, shared by every webhook instance: one row per user
 * holding the current clock minute and its updates, bumped (or reset when a new minute starts) in one
 * atomic upsert (an instance whose clock lags counts into the newer minute), so two instances counting the same user at once both see the other's update.
 */
import type pg from "pg";
import type { SharedRateCounter } from "../middleware/rate-limit.ts";

export function postgresRateCounter(db: pg.Pool): SharedRateCounter {
  return {
    async hit(userId, atMs) {
      const minute = Math.floor(atMs / 60_000);
      const { rows } = await db.query<{ hits: number }>(
        `insert into nianbao_rate (user_id, minute, hits) values ($1, $2, 1)
         on conflict (user_id) do update set
           hits = case when excluded.minute > nianbao_rate.minute then 1 else nianbao_rate.hits + 1 end,
           minute = greatest(nianbao_rate.minute, excluded.minute)
         returning hits`,
        [userId, minute],
      );
      return rows[0]?.hits ?? 1;
    },
  };
}
