/**
 * Pruning the queue's tables (bot/queue/prune.ts) on a real Postgres: what is older than the
 * retention goes, what is younger or still needed stays; a worker does it on its timer.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { pruneQueue } from "../../bot/queue/prune.ts";
import { openQueue } from "../../bot/queue/queue-pool.ts";
import { startQueueWorker } from "../../bot/queue/worker.ts";
import { silentLogger } from "../../logger.ts";
import { PostgresReportStore } from "../../store/postgres.ts";
import { TEST_TASK } from "../bot/harness.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const postgres = usePostgres();
const cleanup: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
});

const NOW = new Date("2026-12-07T00:00:00Z");
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 24 * 60 * 60 * 1000);

/** The queue tables, pg-boss and the store's tables in a new database. */
async function setUp() {
  const url = await postgres().newDatabase();
  const store = await PostgresReportStore.open(url);
  cleanup.push(() => store.close());
  const { boss, db } = await openQueue({ url }, silentLogger);
  cleanup.push(
    () => boss.stop({ graceful: false, close: true, wait: true }),
    () => db.end(),
  );
  return { url, store, boss, db };
}

async function keys(db: pg.Pool, table: string, column: string): Promise<string[]> {
  const { rows } = await db.query<{ k: string }>(`select ${column}::text as k from ${table} order by 1`);
  return rows.map((r) => r.k);
}

describe.skipIf(!hasPostgres())("pruning the queue tables", () => {
  it("deletes outcomes, orphaned files, update claims and stale leases past the retention, keeps the rest", async () => {
    const { store, boss, db } = await setUp();
    const dir = mkdtempSync(join(tmpdir(), "nianbao-prune-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const q = (sql: string, params: unknown[] = []) => db.query(sql, params);
    // Outcomes: one old, one recent, one old but still without an outcome (its audit is running).
    await q(
      `insert into nianbao_queue_results (key, kind, file_name, outcome, updated_at) values
         ('old', 'audit-file', 'a', '{"kind":"timeout"}', $1), ('new', 'audit-file', 'b', '{"kind":"timeout"}', $2),
         ('running', 'audit-file', 'c', null, $1)`,
      [daysAgo(8), daysAgo(6)],
    );
    // Files: an old orphan on disk, an old one whose job still waits, a recent one.
    const orphanPath = join(dir, "orphan.bin");
    writeFileSync(orphanPath, "x");
    await boss.send("nianbao-audit", { key: "waiting" }, { singletonKey: "waiting" });
    await q("insert into nianbao_queue_files (key, path, size, created_at) values ('orphan', $1, 1, $2)", [
      orphanPath,
      daysAgo(8),
    ]);
    await q(
      "insert into nianbao_queue_files (key, bytes, size, created_at) values ('waiting', '\\x00', 1, $1), ('fresh', '\\x00', 1, $2)",
      [daysAgo(8), daysAgo(1)],
    );
    // Update claims of both tables: 3 days old and 1 day old.
    await q("insert into nianbao_updates (update_id, claimed_at) values (1, $1), (2, $2)", [
      daysAgo(3),
      daysAgo(1),
    ]);
    await q("insert into processed_updates (update_id, claimed_at) values (1, $1), (2, $2)", [
      daysAgo(3).toISOString(),
      daysAgo(1).toISOString(),
    ]);
    // Leases: one of a pending job (kept), one of a finished job (left behind), one of no job.
    const job = (name: string) =>
      store.createJob({
        chatId: 1,
        userId: 1,
        fileId: name,
        fileName: name,
        fileSize: 1,
        sourceMessageId: 1,
      });
    const pending = await job("pending");
    const finished = await job("finished");
    await store.finishJob(finished.id, "done");
    await q("insert into nianbao_job_leases (job_id, owner) values ($1, 'a'), ($2, 'a'), (999, 'a')", [
      pending.id,
      finished.id,
    ]);

    // A user's turn left by a dead instance long ago, and one held now.
    await q(
      "insert into nianbao_user_turns (user_id, job_id, owner, heartbeat_at) values (1, 1, 'dead', $1), (2, 2, 'alive', $2)",
      [daysAgo(8), NOW],
    );

    expect(await pruneQueue(db, { outcomesDays: 7, updatesDays: 2 }, NOW)).toEqual({
      outcomes: 1,
      files: 1,
      updates: 2,
      leases: 3,
    });
    expect(await keys(db, "nianbao_user_turns", "user_id")).toEqual(["2"]);
    expect(await keys(db, "nianbao_queue_results", "key")).toEqual(["new", "running"]);
    expect(await keys(db, "nianbao_queue_files", "key")).toEqual(["fresh", "waiting"]);
    expect(existsSync(orphanPath)).toBe(false);
    expect(await keys(db, "nianbao_updates", "update_id")).toEqual(["2"]);
    expect(await keys(db, "processed_updates", "update_id")).toEqual(["2"]);
    expect(await keys(db, "nianbao_job_leases", "job_id")).toEqual([String(pending.id)]);
    // Nothing left to prune a second time.
    expect(await pruneQueue(db, { outcomesDays: 7, updatesDays: 2 }, NOW)).toEqual({
      outcomes: 0,
      files: 0,
      updates: 0,
      leases: 0,
    });
  });

  it("one process prunes at a time: a second caller while the lock is held skips", async () => {
    const { db } = await setUp();
    const holder = await db.connect();
    try {
      await holder.query("begin");
      await holder.query("select pg_advisory_xact_lock(1862019)");
      expect(await pruneQueue(db)).toBeNull();
      await holder.query("commit");
    } finally {
      holder.release();
    }
    expect(await pruneQueue(db)).not.toBeNull();
  });

  it("a worker prunes on its timer with the configured retention", async () => {
    const { url, db } = await setUp();
    await db.query(
      "insert into nianbao_updates (update_id, claimed_at) values (7, now() - interval '2 days')",
    );
    const worker = await startQueueWorker({
      connection: { url },
      log: silentLogger,
      size: 1,
      timeoutMs: 5000,
      memoryMb: 256,
      taskModule: TEST_TASK,
      retention: { outcomesDays: 7, updatesDays: 1 },
      pruneEveryMs: 200,
    });
    cleanup.push(() => worker.stop());
    const deadline = Date.now() + 20_000;
    while ((await keys(db, "nianbao_updates", "update_id")).length > 0) {
      if (Date.now() > deadline) throw new Error("the worker did not prune");
      await new Promise((r) => setTimeout(r, 100));
    }
  });
});
