/**
 * `npm run stress [-- --out DIR] [--kill SEC]`: generates the hostile corpus (eval/stress/hostile-corpus.ts)
 * and runs `nianbao audit FILE --json` on each file in a process of its own, then one batch call over
 * all of them (`nianbao audit DIR --xlsx … --json`), printing for each the status, the seconds (wall,
 * process start-up included, and the audit's own from the JSON line) and the peak resident memory. Targets (issue 14): every file answered within its 20 s budget, peak ≤ 1 GB
 * for any single input and ≤ 1.5 GB for the batch.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { table } from "../print.ts";
import { writeHostileCorpus } from "./hostile-corpus.ts";

const CHILD = fileURLToPath(new URL("./measured-cli.mjs", import.meta.url));

interface Measured {
  readonly seconds: number;
  readonly peakMb: number | null;
  readonly statuses: string[];
  readonly messages: string[];
  /** The audit's own time (worker), as the JSON line gives it: the wall time less process start-up. */
  readonly auditSeconds: number[];
  readonly killed: boolean;
  /** Lines "nianbao: NAME: message" on stderr: a batch's problem files (skipped members). */
  readonly problems: string[];
}

function measure(args: readonly string[], killSec: number): Promise<Measured> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, [CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString("utf-8");
    });
    child.stderr.on("data", (d: Buffer) => {
      err += d.toString("utf-8");
    });
    let killed = false;
    const timer = setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, killSec * 1000);
    child.on("close", () => {
      clearTimeout(timer);
      const peak = /PEAK_RSS_KB (\d+)/.exec(err);
      const results = out
        .split("\n")
        .filter((l) => l.startsWith("{"))
        .map((l) => JSON.parse(l) as { status: string; statusMessage: string; elapsedMs: number });
      resolve({
        seconds: (performance.now() - started) / 1000,
        peakMb: peak ? Math.round(Number(peak[1]) / 1024) : null,
        statuses: results.map((r) => r.status),
        messages: results.map((r) => r.statusMessage),
        auditSeconds: results.map((r) => r.elapsedMs / 1000),
        killed,
        problems: err.split("\n").filter((l) => l.startsWith("nianbao: ")),
      });
    });
  });
}

const { values } = parseArgs({
  options: { out: { type: "string" }, kill: { type: "string", default: "120" } },
});
const dir = values.out ?? join(tmpdir(), "nianbao-stress");
const killSec = Number(values.kill);
process.stdout.write(`generating the hostile corpus in ${dir} …\n`);
const files = existsSync(join(dir, "11-gib-member-and-report.zip"))
  ? readdirSync(dir)
      .filter((f) => /^\d\d-/.test(f))
      .sort()
      .map((name) => ({ name, what: name }))
  : await writeHostileCorpus(dir);

const rows: string[][] = [];
let worstSingle = 0;
for (const f of files) {
  const path = join(dir, f.name);
  // A ZIP is an upload of many reports: audited as the batch it is (its members one by one).
  const upload = f.name.endsWith(".zip");
  const m = await measure(
    upload
      ? ["audit", path, "--xlsx", join(tmpdir(), "nianbao-stress-zip.xlsx"), "--json"]
      : ["audit", path, "--json"],
    killSec,
  );
  worstSingle = Math.max(worstSingle, m.peakMb ?? Number.POSITIVE_INFINITY);
  const status = upload
    ? `${m.statuses.length} audited (${m.statuses.join(", ") || "none"}), ${m.problems.length} skipped`
    : (m.statuses[0] ?? "(no JSON line)");
  rows.push([
    f.name,
    `${(statSync(path).size / 1024 / 1024).toFixed(1)} MB`,
    m.killed ? `KILLED after ${killSec} s` : status,
    m.seconds.toFixed(1),
    m.auditSeconds.length === 0 ? "-" : Math.max(...m.auditSeconds).toFixed(1),
    m.peakMb === null ? "?" : String(m.peakMb),
    (upload ? (m.problems[0] ?? "").replace(/^nianbao: /, "") : (m.messages[0] ?? "")).slice(0, 48),
  ]);
  process.stdout.write(`  ${rows.at(-1)?.slice(0, 5).join("  ")}\n`);
}
const batch = await measure(
  ["audit", dir, "--xlsx", join(tmpdir(), "nianbao-stress-batch.xlsx"), "--json"],
  killSec * files.length,
);
const counts = new Map<string, number>();
for (const s of batch.statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
rows.push([
  `batch: all ${files.length} in one call`,
  "",
  batch.killed ? "KILLED" : [...counts].map(([s, n]) => `${s} ${n}`).join(", "),
  batch.seconds.toFixed(1),
  `max ${Math.max(0, ...batch.auditSeconds).toFixed(1)}`,
  batch.peakMb === null ? "?" : String(batch.peakMb),
  `${batch.statuses.length} results`,
]);
process.stdout.write(
  `\n${table(["file", "size", "status", "wall s", "audit s", "peak RSS MB", "message"], rows)}\n`,
);
const ok = worstSingle <= 1024 && (batch.peakMb ?? Number.POSITIVE_INFINITY) <= 1536 && !batch.killed;
process.stdout.write(
  `peak RSS: worst single file ${worstSingle} MB (target ≤ 1024), batch ${batch.peakMb} MB (target ≤ 1536): ${ok ? "within targets" : "OVER TARGET"}\n`,
);
process.exitCode = ok ? 0 : 1;
