/** Both dialects of every migration: the same versions, and the same tables and columns once applied. */
import Database from "better-sqlite3";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { MIGRATIONS } from "../../store/migrations.ts";
import { PostgresReportStore } from "../../store/postgres.ts";
import { migrate } from "../../store/sqlite.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const server = usePostgres();

it("every migration has both dialects, versions strictly increasing from 1", () => {
  MIGRATIONS.forEach((m, i) => {
    expect(m.version).toBe(i + 1);
    expect(m.sql.trim()).not.toBe("");
    expect(m.postgres.trim()).not.toBe("");
  });
});

describe.skipIf(!hasPostgres())("both dialects", () => {
  it("make the same tables with the same columns", async () => {
    const db = new Database(":memory:");
    expect(migrate(db)).toBe(MIGRATIONS.at(-1)?.version);
    const sqlite: Record<string, string[]> = {};
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as { name: string }[];
    for (const { name } of tables)
      sqlite[name] = (db.prepare(`PRAGMA table_info(${name})`).all() as { name: string }[])
        .map((c) => c.name)
        .sort();
    db.close();

    const url = await server().newDatabase();
    await (await PostgresReportStore.open(url)).close();
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const cols = await client.query<{ table_name: string; column_name: string }>(
      `SELECT table_name, column_name FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> 'schema_migrations' ORDER BY table_name, column_name`,
    );
    await client.end();
    const postgres: Record<string, string[]> = {};
    for (const c of cols.rows) postgres[c.table_name] = [...(postgres[c.table_name] ?? []), c.column_name];
    for (const t of Object.keys(postgres)) postgres[t]?.sort();
    expect(Object.keys(sqlite).length).toBeGreaterThanOrEqual(8);
    expect(postgres).toEqual(sqlite);
  });
});
