/**
 * Update claims (bot/queue/updates.ts) on a real Postgres: the first claim wins; a second delivery is
 * "busy" while the first is in progress and "done" once it is marked done; a claim neither done nor
 * renewed within the stale time is taken over (its instance died before answering).
 */
import pg from "pg";
import { describe, expect, it } from "vitest";
import { ensureQueueSchema } from "../../bot/queue/schema.ts";
import { claimUpdate, markUpdateDone } from "../../bot/queue/updates.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const postgres = usePostgres();

describe.skipIf(!hasPostgres())("update claims", () => {
  it("first wins; busy while in progress; done once marked; a stale claim is taken over", async () => {
    const db = new pg.Pool({ connectionString: await postgres().newDatabase(), max: 2 });
    try {
      await ensureQueueSchema(db);
      expect(await claimUpdate(db, 1)).toBe("mine");
      expect(await claimUpdate(db, 1)).toBe("busy");
      await markUpdateDone(db, 1);
      expect(await claimUpdate(db, 1)).toBe("done");
      expect(await claimUpdate(db, 2)).toBe("mine");
      await new Promise((r) => setTimeout(r, 1100));
      // Not done after the stale time (1 s here): taken over, once.
      expect(await claimUpdate(db, 2, 1)).toBe("mine");
      expect(await claimUpdate(db, 2, 1)).toBe("busy");
      // A done claim is never taken over.
      expect(await claimUpdate(db, 1, 0)).toBe("done");
      // A document whose chat job exists (its instance accepted it, then died) is not handled again.
      await db.query("create table audit_jobs (chat_id bigint, source_message_id bigint)");
      await db.query("insert into audit_jobs values (7, 70)");
      const doc = { chatId: 7, messageId: 70 };
      expect(await claimUpdate(db, 3, 1, doc)).toBe("mine");
      await new Promise((r) => setTimeout(r, 1100));
      expect(await claimUpdate(db, 3, 1, doc)).toBe("done");
      expect(await claimUpdate(db, 4, 1, { chatId: 7, messageId: 71 })).toBe("mine");
    } finally {
      await db.end();
    }
  });
});
