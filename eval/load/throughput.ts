/**
 * Queue capacity: how fast M `nianbao worker` processes drain a batch put on the queue at once
 * (`nianbao audit DIR --xlsx OUT --queue`, the seed fixtures copied under unique names so that each is a
 * job of its own). Prints files, workers, seconds and files per minute.
 *
 *   npx tsx eval/load/throughput.ts --workers 1 --files 200
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { startTestPostgres } from "../../tests/support/postgres.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const { values: args } = parseArgs({
  options: {
    workers: { type: "string", default: "1" },
    files: { type: "string", default: "200" },
    threads: { type: "string", default: "1" },
  },
});
const build = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { encoding: "utf8" });
if (build.status !== 0) throw new Error(build.stderr);
const postgres = await startTestPostgres();
const url = await postgres.newDatabase();
const dir = mkdtempSync(join(tmpdir(), "nianbao-throughput-"));
const seedDir = join(ROOT, "tests/fixtures/seeds");
const seeds = readdirSync(seedDir).filter((n) => !n.endsWith(".json"));
for (let i = 0; i < Number(args.files); i++) {
  const name = seeds[i % seeds.length] ?? "";
  writeFileSync(join(dir, `${String(i).padStart(4, "0")}-${name}`), readFileSync(join(seedDir, name)));
}
const env = {
  ...process.env,
  NIANBAO_DATABASE_URL: url,
  NIANBAO_WORKERS: args.threads,
  NIANBAO_LOG_LEVEL: "info",
};
const workers: ChildProcess[] = [];
await Promise.all(
  Array.from({ length: Number(args.workers) }, () => {
    const child = spawn(process.execPath, [join(ROOT, "bin/nianbao.js"), "worker"], {
      env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    workers.push(child);
    return new Promise<void>((resolve) => {
      const watch = (d: Buffer) => d.toString().includes("queue worker started") && resolve();
      child.stdout?.on("data", watch);
      child.stderr?.on("data", watch);
    });
  }),
);
const t0 = performance.now();
const batch = spawnSync(
  process.execPath,
  [join(ROOT, "bin/nianbao.js"), "audit", dir, "--xlsx", join(dir, "out.xlsx"), "--queue"],
  {
    env,
    encoding: "utf8",
    maxBuffer: 1 << 26,
  },
);
const seconds = (performance.now() - t0) / 1000;
const lines = batch.stdout.trim().split("\n").length;
process.stdout.write(
  `${JSON.stringify({ files: Number(args.files), lines, exit: batch.status, workers: Number(args.workers), threadsPerWorker: Number(args.threads), seconds: Number(seconds.toFixed(1)), perMinute: Number(((Number(args.files) / seconds) * 60).toFixed(1)) })}\n`,
);
for (const w of workers) w.kill("SIGTERM");
await new Promise((r) => setTimeout(r, 2000));
for (const w of workers) if (w.exitCode === null) w.kill("SIGKILL");
rmSync(dir, { recursive: true, force: true });
await postgres.stop();
process.exit(0);
