/**
 * The store a configuration names: Postgres when NIANBAO_DATABASE_URL is set, else (the default) the
 * SQLite file in the data dir. node-postgres is loaded only when it is used.
 */
import type { ReportStore } from "./report-store.ts";
import { SqliteReportStore } from "./sqlite.ts";

export interface StoreConfig {
  readonly dataDir: string;
  readonly databaseUrl: string | null;
}

export async function openReportStore(config: StoreConfig): Promise<ReportStore> {
  if (config.databaseUrl) {
    const { PostgresReportStore } = await import("./postgres.ts");
    return PostgresReportStore.open(config.databaseUrl);
  }
  return SqliteReportStore.inDir(config.dataDir);
}
