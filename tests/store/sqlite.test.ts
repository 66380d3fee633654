/**
 * The SQLite report store: migrations (fresh and reopened), every report query scoped by chat,
 * the same file recognised by hash, Q&A turns, forgetting a chat, jobs and daily usage.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes, auditDetailed } from "../../audit/run-audit.ts";
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

describe("migration 2: the parsed reading beside the result", () => {
  it("upgrades a version-1 database: old rows read as before, without a reading; new rows keep theirs", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const v1 = new Database(join(dir, DATABASE_FILE));
    v1.exec(MIGRATIONS[0]?.sql ?? "");
    v1.pragma("user_version = 1");
    // A result as version 1 stored it: no fileCreated / givenDate in its meta.
    const { fileCreated: _f, givenDate: _g, ...oldMeta } = a.meta;
    v1.prepare(
      `INSERT INTO reports (chat_id, user_id, sha256, file_name, status, errors, warnings, notices, result_json, created_at)
       VALUES (1, 1, ?, 'old.txt', 'ok', 0, 0, 0, ?, '2024-01-01T00:00:00Z')`,
    ).run(a.sha256, JSON.stringify({ ...a, meta: oldMeta }));
    v1.close();

    const store = SqliteReportStore.inDir(dir);
    const old = await store.findByHash(1, a.sha256);
    expect(old?.result.meta).toMatchObject({ issuer: a.meta.issuer, fileCreated: null, givenDate: null });
    expect(await store.parsedReport(1, old?.id ?? 0)).toBeNull();

    const detailed = await auditDetailed(
      new Uint8Array(readFileSync(join(seeds, "004_e2933871b57d250b.txt"))),
      "b.txt",
    );
    const saved = await store.saveReport({
      chatId: 1,
      userId: 1,
      fileName: "b.txt",
      result: detailed.result,
      parsed: detailed.report,
    });
    const parsed = await store.parsedReport(1, saved.id);
    expect(parsed?.figures).toEqual(detailed.report?.figures);
    expect(await store.parsedReport(2, saved.id)).toBeNull(); // scoped by chat

    // updateResult replaces the result and the counts, only in its chat.
    const noFindings = { ...detailed.result, findings: [] };
    if (!parsed) throw new Error("no reading kept");
    await store.updateResult(2, saved.id, noFindings, parsed);
    expect((await store.getReport(1, saved.id))?.result.findings).toEqual(detailed.result.findings);
    await store.updateResult(1, saved.id, noFindings, parsed);
    const updated = await store.getReport(1, saved.id);
    expect(updated?.result.findings).toEqual([]);
    expect([updated?.errors, updated?.warnings, updated?.notices]).toEqual([0, 0, 0]);
    await store.close();
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
    // LLM tokens per user and day (the daily budget); zero or negative amounts are not rows.
    await store.recordTokens(1, "2024-05-01", 1200);
    await store.recordTokens(1, "2024-05-01", 300);
    await store.recordTokens(2, "2024-05-01", 50);
    await store.recordTokens(2, "2024-05-02", 0);
    expect(await store.tokensOn("2024-05-01", 1)).toBe(1500);
    expect(await store.tokensOn("2024-05-01")).toBe(1550);
    expect(await store.tokensOn("2024-05-02", 2)).toBe(0);
    expect(store.tableCounts().llm_usage).toBe(2);
    await store.close();
  });
});
