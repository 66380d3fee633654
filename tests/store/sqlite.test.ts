/**
 * SQLite-only: its migrations (fresh, reopened, upgrading a version-1 file). The ReportStore contract
 * itself runs on both backends in report-store.test.ts.
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
const seeds = join(import.meta.dirname, "../fixtures/seeds");
beforeAll(async () => {
  a = await auditBytes(new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt"))), "a.txt");
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
