/**
 * The store a configuration names: Postgres when NIANBAO_DATABASE_URL is set, else (the default) the
 * SQLite file in the data dir.
 */
import { PostgresReportStore } from "./postgres.ts";
import type { ReportStore } from "./report-store.ts";
import { SqliteReportStore } from "./sqlite.ts";

export interface StoreConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
}

export async function openReportStore(config: StoreConfig): Promise<ReportStore> {
  if (config.databaseUrl) return PostgresReportStore.open(config.databaseUrl);
  return SqliteReportStore.inDir(config.dataDir);
}
