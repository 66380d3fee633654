/**
 * Measures the figures docs/scale.md quotes, on this machine: how long the test Postgres takes to
 * start, store operations per second on SQLite (file in a temp dir) and Postgres (the test server,
 * over loopback TCP), and the bytes a report takes in Postgres (the committed seeds, with their parsed
 * reports). Run: npx tsx tests/support/postgres-bench.ts [rounds=3]
 * Not a test (no assertions); the figures depend on the machine and its load.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes, auditDetailed } from "../../audit/run-audit.ts";
import { PostgresReportStore } from "../../store/postgres.ts";
import type { ReportStore } from "../../store/report-store.ts";
import { SqliteReportStore } from "../../store/sqlite.ts";
import { removeDir, tempDataDir } from "../bot/harness.ts";
import { hasPostgres, missingPostgresLine, startTestPostgres } from "./postgres.ts";

const rounds = Number(process.argv[2] ?? 3);
const seed = join(import.meta.dirname, "../fixtures/seeds/002_a01f0cf12a106081.txt");

async function timed(n: number, concurrency: number, op: (i: number) => Promise<unknown>): Promise<number> {
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) await op(next++);
    }),
  );
  return n / ((performance.now() - t0) / 1000);
}

async function storeFigures(name: string, open: () => Promise<ReportStore>, a: AuditResult): Promise<void> {
  const stores = await Promise.all([open(), open(), open(), open()]);
  const [store] = stores;
  if (!store) return;
  const saves = 300;
  const saveRate = await timed(saves, 4, (i) =>
    (stores[i % 4] as ReportStore).saveReport({
      chatId: 1 + (i % 50),
      userId: 1,
      fileName: `${i}.txt`,
      result: { ...a, sha256: `${a.sha256.slice(0, 56)}${String(i).padStart(8, "0")}` },
    }),
  );
  const readRate = await timed(1000, 4, (i) => (stores[i % 4] as ReportStore).currentReport(1 + (i % 50)));
  const claimRate = await timed(3000, 8, (i) => (stores[i % 4] as ReportStore).claimUpdate(i));
  const bytes = JSON.stringify(a).length;
  process.stdout.write(
    `${name}: saveReport ${saveRate.toFixed(0)}/s (result JSON ${(bytes / 1024).toFixed(0)} KB), ` +
      `currentReport ${readRate.toFixed(0)}/s, claimUpdate ${claimRate.toFixed(0)}/s (4 store objects, 4-8 in flight)\n`,
  );
  for (const s of stores) await s.close();
}

/** Save every seed (result + parsed report) and report JSON size and Postgres's on-disk size per row. */
async function sizeFigures(url: string): Promise<void> {
  const store = await PostgresReportStore.open(url);
  const dir = join(import.meta.dirname, "../fixtures/seeds");
  let json = 0;
  let n = 0;
  for (const f of readdirSync(dir).filter((f) => !f.endsWith(".json"))) {
    const d = await auditDetailed(new Uint8Array(readFileSync(join(dir, f))), f);
    json += JSON.stringify(d.result).length + JSON.stringify(d.report ?? null).length;
    n++;
    await store.saveReport({ chatId: 99, userId: 1, fileName: f, result: d.result, parsed: d.report });
  }
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query("DELETE FROM reports WHERE chat_id <> 99");
  await client.query("VACUUM FULL reports");
  const [row] = (await client.query<{ b: number }>("SELECT pg_total_relation_size('reports') AS b")).rows;
  await client.end();
  process.stdout.write(
    `postgres size: ${n} seed reports, JSON ${(json / n / 1024).toFixed(0)} KB/report, ` +
      `on disk (table + TOAST + indexes) ${((row?.b ?? 0) / n / 1024).toFixed(0)} KB/report\n`,
  );
}

const a = await auditBytes(new Uint8Array(readFileSync(seed)), "a.txt");
const dir = tempDataDir();
await storeFigures("sqlite", async () => SqliteReportStore.inDir(dir), a);
removeDir(dir);

if (!hasPostgres()) {
  process.stdout.write(`${missingPostgresLine()}\n`);
} else {
  const starts: number[] = [];
  const stops: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const server = await startTestPostgres();
    starts.push(server.startMs);
    if (r === rounds - 1) {
      const url = await server.newDatabase();
      await storeFigures("postgres", () => PostgresReportStore.open(url), a);
      await sizeFigures(url);
    }
    const t0 = performance.now();
    await server.stop();
    stops.push(performance.now() - t0);
  }
  const fmt = (xs: number[]) => xs.map((x) => Math.round(x)).join(", ");
  process.stdout.write(
    `test Postgres start (initdb + pg_ctl start), ms: ${fmt(starts)}; stop + rm, ms: ${fmt(stops)}\n`,
  );
}
