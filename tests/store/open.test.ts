/** Choosing the store: SQLite in the data dir by default, Postgres when NIANBAO_DATABASE_URL is set. */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConfigError, loadBotConfig } from "../../config.ts";
import { openReportStore } from "../../store/open.ts";
import { PostgresReportStore } from "../../store/postgres.ts";
import { DATABASE_FILE, SqliteReportStore } from "../../store/sqlite.ts";
import { removeDir, tempDataDir } from "../bot/harness.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const server = usePostgres();
const TOKEN = "123:abc-DEF_ghi";
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe("NIANBAO_DATABASE_URL", () => {
  it("is unset by default (SQLite), read when it is a postgres URL, refused otherwise naming the variable", () => {
    expect(loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN }).databaseUrl).toBeNull();
    expect(loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_DATABASE_URL: "  " }).databaseUrl).toBeNull();
    const url = "postgresql://nianbao:secret@db:5432/nianbao";
    expect(loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_DATABASE_URL: url }).databaseUrl).toBe(url);
    expect(() => loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_DATABASE_URL: "mysql://x/y" })).toThrow(
      ConfigError,
    );
    expect(() => loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_DATABASE_URL: "mysql://x/y" })).toThrow(
      /NIANBAO_DATABASE_URL must be a postgres:\/\//,
    );
  });

  it("without it the store is the SQLite file in the data dir", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = await openReportStore({ dataDir: dir, databaseUrl: null });
    expect(store).toBeInstanceOf(SqliteReportStore);
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(true);
    await store.close();
  });

  it.skipIf(!hasPostgres())(
    "with it the store is Postgres, and nothing is written to the data dir",
    async () => {
      const dir = tempDataDir();
      dirs.push(dir);
      const store = await openReportStore({ dataDir: dir, databaseUrl: await server().newDatabase() });
      expect(store).toBeInstanceOf(PostgresReportStore);
      expect(await store.claimUpdate(1)).toBe(true);
      expect(existsSync(join(dir, DATABASE_FILE))).toBe(false);
      await store.close();
    },
  );
});
