/**
 * The SQLite report store: migrations (fresh and reopened), every report query scoped by chat,
 * the same file recognised by hash, Q&A turns, forgetting a chat, jobs and daily usage.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { MIGRATIONS } from "../../store/migrations.ts";
import { DATABASE_FILE, migrate, SqliteReportStore } from "../../store/sqlite.ts";
import { removeDir, tempDataDir } from "../bot/harness.ts";

let a: AuditResult;
let b: AuditResult;
const seeds = join(import.meta.dirname, "../fixtures/seeds");
beforeAll(async () => {
  a = await auditBytes(new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt"))), "a.txt");
  b = await auditBytes(new Uint8Array(readFileSync(join(seeds, "004_e2933871b57d250b.txt"))), "b.txt");
});

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe("migrations", () => {
  it("creates the schema once and records the version", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = SqliteReportStore.inDir(dir);
    await store.saveReport({ chatId: 1, userId: 1, fileName: "a.txt", result: a });
    await store.close();
    const db = new Database(join(dir, DATABASE_FILE));
    expect(db.pragma("user_version", { simple: true })).toBe(MIGRATIONS.at(-1)?.version);
    expect(migrate(db)).toBe(MIGRATIONS.at(-1)?.version); // a second run is a no-op
    db.close();
    const reopened = SqliteReportStore.inDir(dir);
    expect(await reopened.countReports(1)).toBe(1);
    await reopened.close();
  });
});

describe("reports", () => {
  it("saves, finds by hash and id, lists newest first, selects and deletes — within one chat only", async () => {
    let t = Date.parse("2024-05-01T00:00:00Z");
    const tick = () => {
      t += 1000;
      return new Date(t);
    };
    const store = new SqliteReportStore(":memory:", { now: tick });
    await store.touch({ id: 10, firstName: "张三" }, { id: 10, type: "private" });
    const ra = await store.saveReport({ chatId: 10, userId: 10, fileName: "a.txt", result: a });
    const rb = await store.saveReport({ chatId: 10, userId: 10, fileName: "b.txt", result: b });
    expect(ra.result).toEqual(a);
    expect(ra).toMatchObject({ issuer: a.meta.issuer, reportYear: 2024, status: "ok" });
    expect((await store.findByHash(10, a.sha256))?.id).toBe(ra.id);
    expect(await store.findByHash(20, a.sha256)).toBeNull();
    expect(await store.getReport(20, ra.id)).toBeNull();
    expect((await store.listReports(10, 10)).map((r) => r.fileName)).toEqual(["b.txt", "a.txt"]);
    expect((await store.currentReport(10))?.id).toBe(rb.id);
    expect(await store.selectReport(20, ra.id)).toBe(false);
    expect(await store.selectReport(10, ra.id)).toBe(true);
    expect((await store.currentReport(10))?.id).toBe(ra.id);
    await store.setSummaryMessage(10, ra.id, 77);
    expect((await store.reportBySummaryMessage(10, 77))?.id).toBe(ra.id);
    expect(await store.reportBySummaryMessage(20, 77)).toBeNull();
    expect(await store.deleteReport(20, ra.id)).toBe(false);
    expect(await store.deleteReport(10, ra.id)).toBe(true);
    expect((await store.currentReport(10))?.id).toBe(rb.id);
    await store.close();
  });

  it("the same file in the same chat is one row (re-audit replaces it), in another chat a second", async () => {
    const store = new SqliteReportStore(":memory:");
    const first = await store.saveReport({ chatId: 1, userId: 1, fileName: "a.txt", result: a });
    const again = await store.saveReport({ chatId: 1, userId: 2, fileName: "renamed.txt", result: a });
    expect(again.id).toBe(first.id);
    expect(again.fileName).toBe("renamed.txt");
    expect(await store.countReports(1)).toBe(1);
    await store.saveReport({ chatId: 2, userId: 2, fileName: "a.txt", result: a });
    expect(await store.countReports(2)).toBe(1);
    await store.close();
  });
});

describe("turns, forgetting, jobs, usage", () => {
  it("keeps Q&A turns per report, oldest first, and forgets a chat completely", async () => {
    const store = new SqliteReportStore(":memory:");
    await store.touch({ id: 5 }, { id: 5, type: "private" });
    const r = await store.saveReport({ chatId: 5, userId: 5, fileName: "a.txt", result: a });
    for (const q of ["q1", "q2", "q3"])
      await store.addTurn(5, r.id, 5, {
        question: q,
        answer: `a-${q}`,
        answerer: "deterministic",
        at: "2024-01-01",
      });
    expect((await store.turns(5, r.id, 2)).map((t) => t.question)).toEqual(["q2", "q3"]);
    expect(await store.turns(6, r.id, 10)).toEqual([]);
    await store.createJob({
      chatId: 5,
      userId: 5,
      fileId: "f",
      fileName: "a.txt",
      fileSize: 1,
      sourceMessageId: 1,
    });
    const other = await store.saveReport({ chatId: 6, userId: 6, fileName: "b.txt", result: b });
    expect(await store.forgetChat(5)).toEqual({ reports: 1, turns: 3 });
    const counts = store.tableCounts();
    expect(counts).toMatchObject({ reports: 1, qa_turns: 0, audit_jobs: 0 });
    expect(await store.currentReport(5)).toBeNull();
    expect((await store.currentReport(6))?.id).toBe(other.id);
    await store.close();
  });

  it("tracks pending jobs and daily usage", async () => {
    const store = new SqliteReportStore(":memory:");
    const job = await store.createJob({
      chatId: 1,
      userId: 1,
      fileId: "f1",
      fileName: "x.pdf",
      fileSize: null,
      sourceMessageId: 3,
    });
    await store.setJobProgressMessage(job.id, 4);
    expect(await store.pendingJobs()).toEqual([{ ...job, progressMessageId: 4 }]);
    await store.finishJob(job.id, "done");
    expect(await store.pendingJobs()).toEqual([]);
    await store.recordAudit(1, "2024-05-01");
    await store.recordAudit(1, "2024-05-01");
    await store.recordAudit(2, "2024-05-01");
    await store.recordAudit(1, "2024-05-02");
    expect(await store.auditsOn("2024-05-01", 1)).toBe(2);
    expect(await store.auditsOn("2024-05-01")).toBe(3);
    expect(await store.auditsOn("2024-05-03", 1)).toBe(0);
    await store.close();
  });
});
