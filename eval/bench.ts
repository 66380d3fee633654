/**
 * `npm run bench`: speed and memory of the audit, printed as figures (never asserted by tests).
 *  1. A 10-page PDF: warm audit time next to `pdftotext -layout` on the same file, and the ratio
 *     (target ≤ 1.5×). Skipped with a note where poppler-utils is absent.
 *  2. Throughput over a folder of text reports, read from disk (target ≥ 1,000 a minute).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { auditBytes } from "../audit/run-audit.ts";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "15" },
    reports: { type: "string", default: "1500" },
    pdf: { type: "string", default: join(root, "tests/fixtures/bench/ten-pages.pdf") },
  },
});
const runs = Math.max(3, Number(values.runs));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

async function benchPdf(): Promise<void> {
  const file = values.pdf as string;
  const bytes = new Uint8Array(readFileSync(file));
  const pages =
    spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout?.match(/Pages:\s+(\d+)/)?.[1] ?? "?";
  console.log(`PDF: ${file} (${pages} pages, ${(bytes.length / 1024).toFixed(0)} KB)`);
  const first = await auditBytes(bytes, file);
  console.log(
    `  status ${first.status}, ${Object.values(first.figures).filter((v) => v !== null).length} figures read, cold ${ms(first.elapsedMs)}`,
  );
  const audit: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await auditBytes(bytes, file);
    audit.push(performance.now() - t);
  }
  const hasPdftotext = spawnSync("pdftotext", ["-v"]).error === undefined;
  console.log(`  nianbao audit (warm, in process, median of ${runs}): ${ms(median(audit))}`);
  if (!hasPdftotext) {
    console.log("  pdftotext not found (install poppler-utils): ratio skipped");
    return;
  }
  const poppler: number[] = [];
  for (let i = 0; i < runs + 2; i++) {
    const t = performance.now();
    execFileSync("pdftotext", ["-layout", file, "-"], { stdio: ["ignore", "ignore", "ignore"] });
    if (i >= 2) poppler.push(performance.now() - t);
  }
  const ratio = median(audit) / median(poppler);
  console.log(`  pdftotext -layout (warm, process, median of ${runs}): ${ms(median(poppler))}`);
  console.log(`  ratio audit / pdftotext: ${ratio.toFixed(2)}× (target ≤ 1.5×)`);
}

async function benchText(): Promise<void> {
  const seedsDir = join(root, "tests/fixtures/seeds");
  const seeds = readdirSync(seedsDir).filter((f) => f.endsWith(".txt"));
  const dir = mkdtempSync(join(tmpdir(), "nianbao-bench-"));
  const n = Math.max(seeds.length, Number(values.reports));
  try {
    mkdirSync(dir, { recursive: true });
    for (let i = 0; i < n; i++) {
      const seed = seeds[i % seeds.length] as string;
      writeFileSync(join(dir, `${String(i).padStart(5, "0")}-${seed}`), readFileSync(join(seedsDir, seed)));
    }
    const files = readdirSync(dir).sort();
    // Warm-up on the five seeds.
    for (const f of files.slice(0, seeds.length))
      await auditBytes(new Uint8Array(readFileSync(join(dir, f))), f);
    const started = performance.now();
    let peakRss = process.memoryUsage().rss;
    let ok = 0;
    for (const f of files) {
      const result = await auditBytes(new Uint8Array(readFileSync(join(dir, f))), f);
      if (result.status === "ok") ok++;
      peakRss = Math.max(peakRss, process.memoryUsage().rss);
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(`Text: ${files.length} reports (the five seeds, copied) from ${dir}`);
    console.log(`  ${ok}/${files.length} audited ok in ${seconds.toFixed(2)} s, one process, sequential`);
    console.log(`  throughput: ${Math.round((files.length / seconds) * 60)} reports/minute (target ≥ 1,000)`);
    console.log(
      `  mean ${ms((seconds * 1000) / files.length)} per report; peak RSS ${(peakRss / 1024 / 1024).toFixed(0)} MB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
await benchPdf();
await benchText();
