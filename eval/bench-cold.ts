/**
 * `npm run bench` (first part; alone: `npm run bench:cold`): cold starts, each a whole process as a user
 * starts it (`node bin/nianbao.js …`, the compiled CLI in dist/, rebuilt first), timed side by side:
 *  - `nianbao --help` (target ≤ 150 ms), next to `node -e 0` for scale;
 *  - `nianbao audit --json FILE` of each PDF (wall and CPU time, the PDF reader it used, the load average),
 *    each run followed by `pdftotext -layout FILE -` so that
 *    both meet the same machine, and the median of the per-pair ratios with its quartiles (target ≤ 10×;
 *    skipped with a line where pdftotext is absent);
 *  - `nianbao bot` until its first getUpdates reaches the fake Bot API of the tests (target ≤ 1 s).
 * The default PDFs: six-pages-truetype.pdf (the case: a 6-page report whose text is in embedded CID
 * TrueType fonts, as Word and WPS write them), seed 002 (3 pages, LibreOffice Type 1), the 10-page reports.
 *
 * NODE_EXTRA_CA_CERTS: where it is set (this workplace's machines set it for their proxy), every Node process
 * parses that certificate file before it runs any code (about 40 ms here). The timed processes run without it,
 * as on a machine that does not set it, and a line says what it costs; --keep-env keeps it.
 * Usage: npx tsx eval/bench-cold.ts [--runs N] [--keep-env] [--pdf FILE]...
 */
import { type ChildProcess, execFileSync, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";
import { FakeBotApi } from "../tests/bot/fake-bot-api.ts";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "11" },
    "keep-env": { type: "boolean", default: false },
    pdf: {
      type: "string",
      multiple: true,
      default: [
        join(root, "tests/fixtures/bench/six-pages-truetype.pdf"),
        join(root, "tests/fixtures/seeds/002_a01f0cf12a106081.pdf"),
        join(root, "tests/fixtures/bench/ten-pages-truetype.pdf"),
        join(root, "tests/fixtures/bench/ten-pages.pdf"),
      ],
    },
  },
});
const runs = Math.max(3, Number(values.runs));
const BIN = join(root, "bin/nianbao.js");

const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const quantile = (xs: number[], q: number) => {
  const s = sorted(xs);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))] ?? Number.NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);
const ms = (x: number) => `${Math.round(x)} ms`.padStart(8);
const verdict = (ok: boolean) => (ok ? "ok" : "OVER TARGET");

/** CPU time (user + system, ms) of this process's waited-for children so far (Linux; 10 ms ticks). */
function childrenCpu(): number {
  try {
    const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]?.split(" ") ?? [];
    // cutime and cstime: fields 16 and 17 of stat, 14 and 15 after the command name.
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100;
  } catch {
    return Number.NaN;
  }
}

/** The environment of the timed processes (see the header: NODE_EXTRA_CA_CERTS). */
const extraCerts = process.env.NODE_EXTRA_CA_CERTS;
const runEnv: NodeJS.ProcessEnv = { ...process.env };
if (!values["keep-env"]) delete runEnv.NODE_EXTRA_CA_CERTS;

let lastCpu = 0;
/** Wall time of one process, in ms (its CPU time in `lastCpu`); throws if it fails. */
function timeProcess(command: string, args: string[], env: NodeJS.ProcessEnv = runEnv): number {
  const cpu = childrenCpu();
  const t = performance.now();
  const r = spawnSync(command, args, { stdio: ["ignore", "ignore", "pipe"], encoding: "utf8", env });
  const elapsed = performance.now() - t;
  lastCpu = childrenCpu() - cpu;
  if (r.error || (r.status !== 0 && r.status !== 2)) {
    throw new Error(`${command} ${args.join(" ")} failed: ${r.error?.message ?? r.stderr}`);
  }
  if (r.stderr.includes("running them with tsx")) throw new Error(`dist/ is stale: ${r.stderr.trim()}`);
  return elapsed;
}

function pdfPages(file: string): string {
  const r = spawnSync("pdfinfo", [file], { encoding: "utf8" });
  return r.stdout?.match(/Pages:\s+(\d+)/)?.[1] ?? "?";
}

/** ms from spawning `nianbao bot` to its first getUpdates call at the fake Bot API. */
async function botReady(): Promise<number> {
  const api = new FakeBotApi();
  await api.start();
  const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-bot-"));
  let child: ChildProcess | undefined;
  try {
    const t = performance.now();
    child = spawn(process.execPath, [BIN, "bot"], {
      cwd: dir,
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        TELEGRAM_BOT_TOKEN: api.token,
        TELEGRAM_API_ROOT: api.url,
        NIANBAO_DATA_DIR: dir,
        NIANBAO_ALLOWED_USERS: "1",
        NIANBAO_LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    await api.waitFor(() => api.callsOf("getUpdates")[0], 30_000, "the first getUpdates");
    return performance.now() - t;
  } finally {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child?.once("exit", r));
      child.kill("SIGTERM");
      await exited;
    }
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

execFileSync(process.execPath, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
const havePdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
console.log(`\ncold starts: whole processes, median of ${runs} runs (quartiles in brackets)`);

timeProcess(process.execPath, [BIN, "--help"]); // the file cache, not the process, is warmed
const help: number[] = [];
const bare: number[] = [];
for (let i = 0; i < runs; i++) {
  bare.push(timeProcess(process.execPath, ["-e", "0"]));
  help.push(timeProcess(process.execPath, [BIN, "--help"]));
}
if (extraCerts !== undefined) {
  const withCerts: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < runs; i++) {
    withCerts.push(
      timeProcess(process.execPath, ["-e", "0"], { ...runEnv, NODE_EXTRA_CA_CERTS: extraCerts }),
    );
    const clean = { ...runEnv };
    delete clean.NODE_EXTRA_CA_CERTS;
    without.push(timeProcess(process.execPath, ["-e", "0"], clean));
  }
  console.log(
    `  NODE_EXTRA_CA_CERTS=${extraCerts} is set here: node -e 0 takes ${Math.round(median(withCerts))} ms with it, ${Math.round(median(without))} ms without; the runs below are ${values["keep-env"] ? "with it (--keep-env)" : "without it, as on a machine that does not set it (--keep-env: with it)"}`,
  );
}
console.log(
  `  nianbao --help                 ${ms(median(help))} [${Math.round(quantile(help, 0.25))}–${Math.round(quantile(help, 0.75))}]   target ≤ 150 ms  ${verdict(median(help) <= 150)}   (node -e 0: ${Math.round(median(bare))} ms)`,
);

/** Which PDF reader a cold audit of `file` used (the reader's NIANBAO_PDF_READER_LOG line). */
function readerOf(file: string): string {
  const r = spawnSync(process.execPath, [BIN, "audit", "--json", file], {
    encoding: "utf8",
    env: { ...runEnv, NIANBAO_PDF_READER_LOG: "1" },
  });
  return r.stderr.match(/nianbao pdf reader: (.*)/)?.[1] ?? "?";
}

const load = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(" ");
for (const file of values.pdf as string[]) {
  const audit: number[] = [];
  const auditCpu: number[] = [];
  const poppler: number[] = [];
  const popplerCpu: number[] = [];
  const ratios: number[] = [];
  timeProcess(process.execPath, [BIN, "audit", "--json", file]);
  const loadBefore = load();
  for (let i = 0; i < runs; i++) {
    const a = timeProcess(process.execPath, [BIN, "audit", "--json", file]);
    audit.push(a);
    auditCpu.push(lastCpu);
    if (havePdftotext) {
      const p = timeProcess("pdftotext", ["-layout", file, "-"]);
      poppler.push(p);
      popplerCpu.push(lastCpu);
      ratios.push(a / p);
    }
  }
  const name = `${relative(root, file)} (${havePdftotext ? pdfPages(file) : "?"} pages)`;
  console.log(`  nianbao audit ${name}: reader ${readerOf(file)}; load average ${loadBefore} → ${load()}`);
  if (havePdftotext) {
    const r = median(ratios);
    console.log(
      `      audit ${ms(median(audit))} (CPU ${ms(median(auditCpu))})   pdftotext -layout ${ms(median(poppler))} (CPU ${ms(median(popplerCpu))})   ratio ${r.toFixed(1)}× [${quantile(ratios, 0.25).toFixed(1)}–${quantile(ratios, 0.75).toFixed(1)}]   target ≤ 10×  ${verdict(r <= 10)}`,
    );
  } else {
    console.log(
      `      audit ${ms(median(audit))} (CPU ${ms(median(auditCpu))})   ratio skipped: pdftotext (poppler) not found — apt-get install -y poppler-utils`,
    );
  }
}

const ready: number[] = [];
for (let i = 0; i < Math.min(runs, 5); i++) ready.push(await botReady());
console.log(
  `  nianbao bot → first getUpdates ${ms(median(ready))} [${Math.round(quantile(ready, 0.25))}–${Math.round(quantile(ready, 0.75))}]   target ≤ 1000 ms  ${verdict(median(ready) <= 1000)}   (${ready.length} starts)`,
);
