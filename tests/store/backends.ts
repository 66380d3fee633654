/**
 * The store backends every store test runs against: SQLite (always) and Postgres (a real throwaway
 * server from tests/support/postgres.ts, skipped with one line at the start of the run where none is
 * installed). Use `describe.each(storeBackends())` and `describe.skipIf(!backend.available)` inside.
 */
import { PostgresReportStore } from "../../store/postgres.ts";
import type { ReportStore } from "../../store/report-store.ts";
import { SqliteReportStore } from "../../store/sqlite.ts";
import { removeDir, tempDataDir } from "../bot/harness.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

export type TestStore = ReportStore & {
  tableCounts(): Record<string, number> | Promise<Record<string, number>>;
};

/** A database that outlives one store object: open it, close it, open it again. */
export interface StoreLocation {
  open(): Promise<TestStore>;
  remove(): Promise<void>;
}

export interface StoreBackend {
  readonly name: "sqlite" | "postgres";
  readonly available: boolean;
  /** A new empty store (an in-memory SQLite database, a new Postgres database). */
  fresh(options?: { now?: () => Date }): Promise<TestStore>;
  /** A new empty database that can be reopened. */
  location(): Promise<StoreLocation>;
}

/** Call at the top level of a test file (it registers the Postgres server's beforeAll/afterAll). */
export function storeBackends(): StoreBackend[] {
  const server = usePostgres();
  const sqlite: StoreBackend = {
    name: "sqlite",
    available: true,
    fresh: async (options) => new SqliteReportStore(":memory:", options),
    location: async () => {
      const dir = tempDataDir();
      return { open: async () => SqliteReportStore.inDir(dir), remove: async () => removeDir(dir) };
    },
  };
  const postgres: StoreBackend = {
    name: "postgres",
    available: hasPostgres(),
    fresh: async (options) => PostgresReportStore.open(await server().newDatabase(), options),
    location: async () => {
      const url = await server().newDatabase();
      return { open: async () => PostgresReportStore.open(url), remove: async () => {} };
    },
  };
  return [sqlite, postgres];
}
