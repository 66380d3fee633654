/**
 * Postgres-only: its migrations (fresh, repeated, several instances starting at once, upgrading a
 * version-1 database), JSONB columns, Telegram ids beyond 32 bits, and strings holding U+0000.
 * The ReportStore contract itself runs on both backends in report-store.test.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { MIGRATIONS } from "../../store/migrations.ts";
import { isPostgresUrl, migratePostgres, PostgresReportStore } from "../../store/postgres.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const server = usePostgres();
const latest = MIGRATIONS.at(-1)?.version;

let a: AuditResult;
const seeds = join(import.meta.dirname, "../fixtures/seeds");
beforeAll(async () => {
  a = await auditBytes(new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt"))), "a.txt");
});

async function query<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

it("recognises Postgres URLs", () => {
  expect(isPostgresUrl("postgres://u@h/db")).toBe(true);
  expect(isPostgresUrl("postgresql://u@h:5432/db")).toBe(true);
  expect(isPostgresUrl("./data/nianbao.sqlite")).toBe(false);
  expect(isPostgresUrl("mysql://u@h/db")).toBe(false);
});

describe.skipIf(!hasPostgres())("Postgres store", () => {
  it("creates the schema once, records every version, and a second run is a no-op", async () => {
    const url = await server().newDatabase();
    const store = await PostgresReportStore.open(url);
    await store.saveReport({ chatId: 1, userId: 1, fileName: "a.txt", result: a });
    await store.close();
    const versions = await query<{ version: number }>(
      url,
      "SELECT version FROM schema_migrations ORDER BY version",
    );
    expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((m) => m.version));
    const pool = new pg.Pool({ connectionString: url });
    expect(await migratePostgres(pool)).toBe(latest);
    await pool.end();
    const reopened = await PostgresReportStore.open(url);
    expect(await reopened.countReports(1)).toBe(1);
    await reopened.close();
  });

  it("several instances starting at once on an empty database migrate it exactly once", async () => {
    const url = await server().newDatabase();
    const stores = await Promise.all(Array.from({ length: 4 }, () => PostgresReportStore.open(url)));
    const versions = await query<{ version: number; n: number }>(
      url,
      "SELECT version, count(*)::int AS n FROM schema_migrations GROUP BY version ORDER BY version",
    );
    expect(versions).toEqual(MIGRATIONS.map((m) => ({ version: m.version, n: 1 })));
    for (const s of stores) await s.close();
  });

  it("upgrades a version-1 database: old rows read as before, without a reading", async () => {
    const url = await server().newDatabase();
    const pool = new pg.Pool({ connectionString: url });
    expect(await migratePostgres(pool, 1)).toBe(1);
    await pool.end();
    const { fileCreated: _f, givenDate: _g, ...oldMeta } = a.meta;
    await query(
      url,
      `INSERT INTO reports (chat_id, user_id, sha256, file_name, status, errors, warnings, notices, result_json, created_at)
       VALUES (1, 1, $1, 'old.txt', 'ok', 0, 0, 0, $2::jsonb, '2024-01-01T00:00:00Z')`,
      [a.sha256, JSON.stringify({ ...a, meta: oldMeta })],
    );
    const store = await PostgresReportStore.open(url);
    const old = await store.findByHash(1, a.sha256);
    expect(old?.result.meta).toMatchObject({ issuer: a.meta.issuer, fileCreated: null, givenDate: null });
    expect(await store.parsedReport(1, old?.id ?? 0)).toBeNull();
    await store.close();
  });

  it("keeps the results as JSONB and queries into them", async () => {
    const url = await server().newDatabase();
    const store = await PostgresReportStore.open(url);
    await store.saveReport({ chatId: 1, userId: 1, fileName: "a.txt", result: a });
    await store.close();
    const types = await query<{ column_name: string; data_type: string }>(
      url,
      `SELECT column_name, data_type FROM information_schema.columns
       WHERE table_name = 'reports' AND column_name IN ('result_json', 'parsed_json') ORDER BY column_name`,
    );
    expect(types).toEqual([
      { column_name: "parsed_json", data_type: "jsonb" },
      { column_name: "result_json", data_type: "jsonb" },
    ]);
    const [row] = await query<{ sha: string }>(url, "SELECT result_json->>'sha256' AS sha FROM reports");
    expect(row?.sha).toBe(a.sha256);
  });

  it("takes supergroup ids beyond 32 bits and keeps them as numbers", async () => {
    const store = await PostgresReportStore.open(await server().newDatabase());
    const chat = -1002345678901;
    await store.touch({ id: 7_000_000_001 }, { id: chat, type: "supergroup", title: "省政务公开办" });
    const saved = await store.saveReport({
      chatId: chat,
      userId: 7_000_000_001,
      fileName: "a.txt",
      result: a,
    });
    expect(saved).toMatchObject({ chatId: chat, userId: 7_000_000_001 });
    expect(typeof saved.id).toBe("number");
    expect(await store.countReports(chat)).toBe(1);
    await store.close();
  });

  it("stores strings holding U+0000 (Postgres text cannot) with U+FFFD in their place", async () => {
    const store = await PostgresReportStore.open(await server().newDatabase());
    const hostile = { ...a, meta: { ...a.meta, issuer: "某\u0000局" } };
    const saved = await store.saveReport({ chatId: 1, userId: 1, fileName: "a\u0000.txt", result: hostile });
    expect(saved.fileName).toBe("a\uFFFD.txt");
    expect(saved.issuer).toBe("某\uFFFD局");
    expect(saved.result.meta.issuer).toBe("某\uFFFD局");
    await store.close();
  });
});
