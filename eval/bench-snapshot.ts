/**
 * Issue 13 experiment: would a bundle or a V8 startup snapshot bring a cold `nianbao audit` of a PDF to
 * ≤ 10× `pdftotext -layout`? Whole processes, each variant run once per round, in turn with pdftotext
 * (so all meet the same machine load); medians of the rounds, and the median of the per-round ratios.
 *  - dist:      node bin/nianbao.js audit --json FILE (the CLI: worker thread with time and heap caps)
 *  - in-process: node dist/scripts/snapshot/audit-entry.js FILE (the same steps on the main thread: no
 *               worker; the modules of dist/ as they are)
 *  - bundled:   node tmp/snapshot/audit.cjs FILE (the same, one CommonJS bundle)
 *  - snapshot:  node --max-old-space-size=512 --snapshot-blob tmp/snapshot/audit.blob FILE (that bundle, pdf.js loaded, in a snapshot)
 *  - snap-warm: the same from a blob built after auditing the worker's tiny warm-up PDF
 *  - snap+child: scripts/snapshot/child.mjs FILE (a parent that runs the snapshot in a child process with
 *               --max-old-space-size and a kill on the time budget: the isolation kept)
 * For scale: node -e 0, and the snapshot started without a file (its usage line: start-up alone).
 * Every variant's JSON must equal the CLI's, elapsedMs aside (checked, the run fails otherwise).
 * Builds dist/ and tmp/snapshot/ first. Usage: npx tsx eval/bench-snapshot.ts [--runs N] [--pdf FILE]...
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { parseArgs } from "node:util";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    pdf: {
      type: "string",
      multiple: true,
      default: [
        join(root, "tests/fixtures/seeds/002_a01f0cf12a106081.pdf"),
        join(root, "tests/fixtures/bench/ten-pages-truetype.pdf"),
        join(root, "tests/fixtures/bench/ten-pages.pdf"),
      ],
    },
  },
});
const runs = Math.max(3, Number(values.runs));
const node = process.execPath;
const snap = join(root, "tmp/snapshot");

const variants: ReadonlyArray<readonly [string, (file: string) => readonly [string, string[]]]> = [
  ["node -e 0", () => [node, ["-e", "0"]]],
  ["snap, no file", () => [node, ["--max-old-space-size=512", "--snapshot-blob", join(snap, "audit.blob")]]],
  ["dist", (f) => [node, [join(root, "bin/nianbao.js"), "audit", "--json", f]]],
  ["in-process", (f) => [node, [join(root, "dist/scripts/snapshot/audit-entry.js"), f]]],
  ["bundled", (f) => [node, [join(snap, "audit.cjs"), f]]],
  ["snapshot", (f) => [node, ["--max-old-space-size=512", "--snapshot-blob", join(snap, "audit.blob"), f]]],
  [
    "snap-warm",
    (f) => [node, ["--max-old-space-size=512", "--snapshot-blob", join(snap, "audit-warm.blob"), f]],
  ],
  ["snap+child", (f) => [node, [join(root, "scripts/snapshot/child.mjs"), f]]],
  ["pdftotext", (f) => ["pdftotext", ["-layout", f, "-"]]],
];

/** The result without its timings (elapsedMs differs from run to run). */
function normalised(json: string): string {
  return JSON.stringify(JSON.parse(json), (key, value) => (key === "elapsedMs" ? undefined : value));
}

/** Runs a process; exit 0 or 2 (a file not audited: still a result), or 1 where `usage` (the usage line). */
function run(command: string, args: string[], usage = false): { ms: number; stdout: string } {
  const t = performance.now();
  const r = spawnSync(command, args, {
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const ms = performance.now() - t;
  if (r.error || (r.status !== 0 && r.status !== 2 && !(usage && r.status === 1))) {
    throw new Error(`${command} ${args.join(" ")} failed (${r.status}): ${r.error?.message ?? r.stderr}`);
  }
  if (r.stderr.includes("running them with tsx")) throw new Error(`dist/ is stale: ${r.stderr.trim()}`);
  return { ms, stdout: r.stdout };
}

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))] ?? Number.NaN;
};
const median = (xs: number[]) => quantile(xs, 0.5);

execFileSync(node, [join(root, "scripts/build.mjs")], { stdio: "inherit" });
execFileSync(node, [join(root, "scripts/snapshot/build.mjs"), "--warm"], { stdio: "inherit" });
console.log(
  `\ncold audits: whole processes, median of ${runs} rounds (ratio to pdftotext: median [quartiles])`,
);
for (const file of values.pdf as string[]) {
  const times = new Map<string, number[]>(variants.map(([name]) => [name, []]));
  // One untimed round warms the file cache and checks every variant's JSON against the CLI's.
  let expected = "";
  for (const [name, argv] of variants) {
    const [command, args] = argv(file);
    const { stdout } = run(command, args, name.endsWith("no file"));
    if (name === "pdftotext" || name.startsWith("node") || name.endsWith("no file")) continue;
    const got = normalised(stdout.trim());
    if (name === "dist") expected = got;
    else if (got !== expected) throw new Error(`${name}: the JSON differs from the CLI's for ${file}`);
  }
  for (let i = 0; i < runs; i++) {
    for (const [name, argv] of variants) {
      const [command, args] = argv(file);
      times.get(name)?.push(run(command, args, name.endsWith("no file")).ms);
    }
  }
  const poppler = times.get("pdftotext") ?? [];
  console.log(`  ${relative(root, file)} (JSON identical in all variants, elapsedMs aside)`);
  for (const [name] of variants) {
    const ts = times.get(name) ?? [];
    const ratios = ts.map((t, i) => t / (poppler[i] ?? Number.NaN));
    const tail =
      name === "pdftotext"
        ? ""
        : `   ${median(ratios).toFixed(1)}× [${quantile(ratios, 0.25).toFixed(1)}–${quantile(ratios, 0.75).toFixed(1)}]`;
    console.log(`    ${name.padEnd(13)} ${`${Math.round(median(ts))} ms`.padStart(8)}${tail}`);
  }
}
