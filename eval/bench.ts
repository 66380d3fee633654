/**
 * `npm run bench`: speed and memory of the audit, printed as figures (never asserted by tests).
 *  1. PDFs (by default tests/fixtures/bench/ten-pages.pdf, LibreOffice's Type 1 fonts, and
 *     ten-pages-truetype.pdf, the same report printed by Chromium with CID TrueType fonts as Word and
 *     WPS embed them): the warm in-process audit time with its read / analyse / rules breakdown, on one
 *     thread (the default) and with the opt-in PDF page workers (NIANBAO_PDF_WORKERS, "auto" here unless
 *     set), next to `pdftotext -layout` on the same file run after each audit, and the ratio of each pair
 *     (median and quartiles; target ≤ 1.5×). pdftotext is
 *     skipped with a note where poppler-utils is absent.
 *  2. Throughput over a folder of text reports, read from disk (target ≥ 1,000 a minute).
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { basename, join } from "node:path";
import { parseArgs } from "node:util";
import { auditBytes } from "../audit/run-audit.ts";
import { analyse } from "../extract/analyse.ts";
import { readDocument } from "../extract/readers/index.ts";
import { pdfReaderStats } from "../extract/readers/pdf.ts";
import { loadPdfjs } from "../extract/readers/pdf-pages.ts";
import { pdfWorkerStats, pdfWorkersReady, stopPdfWorkers } from "../extract/readers/pdf-worker-pool.ts";
import { runRules } from "../validate/engine.ts";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "21" },
    reports: { type: "string", default: "1500" },
    pdf: {
      type: "string",
      multiple: true,
      default: [
        join(root, "tests/fixtures/bench/ten-pages.pdf"),
        join(root, "tests/fixtures/bench/ten-pages-truetype.pdf"),
      ],
    },
  },
});
const runs = Math.max(3, Number(values.runs));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
}
const ms = (x: number) => `${x.toFixed(1)} ms`;

/** The q-th quantile (0 … 1) of `xs`, nearest rank. */
function quantile(xs: number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.round(q * (s.length - 1))))] ?? Number.NaN;
}

/** Whether poppler's pdftotext can be run here. */
const HAVE_PDFTOTEXT = spawnSync("pdftotext", ["-v"]).error === undefined;

/** One `pdftotext -layout FILE -` (a process, output discarded), in ms. */
function pdftotextOnce(file: string): number {
  const t = performance.now();
  execFileSync("pdftotext", ["-layout", file, "-"], { stdio: ["ignore", "ignore", "ignore"] });
  return performance.now() - t;
}

interface Timing {
  /** Median audit time. */
  readonly audit: number;
  /** Median pdftotext time, measured between the audits (undefined without poppler-utils). */
  readonly poppler?: number;
  /** audit / pdftotext of each interleaved pair: median and quartiles. */
  readonly ratio?: { readonly median: number; readonly low: number; readonly high: number };
  readonly stages: string;
}

/**
 * Audit times with a pdftotext run after each (so that both meet the same machine: on a shared VM the
 * speed drifts by ±25% over minutes, and a ratio of medians taken minutes apart drifts with it), then the
 * medians of the audit's three stages, measured in a second loop.
 */
async function timeAudit(bytes: Uint8Array, file: string): Promise<Timing> {
  const audit: number[] = [];
  const poppler: number[] = [];
  const ratios: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await auditBytes(bytes, file);
    audit.push(performance.now() - t);
    if (HAVE_PDFTOTEXT) {
      poppler.push(pdftotextOnce(file));
      ratios.push((audit.at(-1) as number) / (poppler.at(-1) as number));
    }
  }
  const read: number[] = [];
  const analysed: number[] = [];
  const rules: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    const result = await readDocument(bytes);
    const t1 = performance.now();
    if (!result.ok) throw new Error(`${file}: ${result.reason}`);
    const { report } = analyse(result.document);
    const t2 = performance.now();
    runRules({ report });
    const t3 = performance.now();
    read.push(t1 - t0);
    analysed.push(t2 - t1);
    rules.push(t3 - t2);
  }
  return {
    audit: median(audit),
    ...(HAVE_PDFTOTEXT
      ? {
          poppler: median(poppler),
          ratio: { median: median(ratios), low: quantile(ratios, 0.25), high: quantile(ratios, 0.75) },
        }
      : {}),
    stages: `read ${ms(median(read))} · analyse ${ms(median(analysed))} · rules ${ms(median(rules))}`,
  };
}

/** Font types as pdffonts names them ("3 Type 1", "2 CID TrueType"). */
function fontSummary(file: string): string {
  const [header = "", , ...rows] = (spawnSync("pdffonts", [file], { encoding: "utf8" }).stdout ?? "").split(
    "\n",
  );
  const from = header.indexOf("type");
  const to = header.indexOf("encoding");
  const types = new Map<string, number>();
  for (const row of rows) {
    const type = from >= 0 && to > from ? row.slice(from, to).trim() : "";
    if (type) types.set(type, (types.get(type) ?? 0) + 1);
  }
  return [...types].map(([type, n]) => `${n} ${type}`).join(", ") || "fonts unknown";
}

async function benchPdf(file: string): Promise<void> {
  const bytes = new Uint8Array(readFileSync(file));
  const pages =
    spawnSync("pdfinfo", [file], { encoding: "utf8" }).stdout?.match(/Pages:\s+(\d+)/)?.[1] ?? "?";
  console.log(
    `PDF: ${basename(file)} (${pages} pages, ${(bytes.length / 1024).toFixed(0)} KB; ${fontSummary(file)})`,
  );
  const readers = pdfReaderStats();
  const first = await auditBytes(bytes, file);
  const now = pdfReaderStats();
  const reader =
    now.lite > readers.lite
      ? "lite"
      : `pdf.js (${Object.keys(now.fallbacks).join(", ") || "NIANBAO_PDF_READER=pdfjs"})`;
  console.log(
    `  status ${first.status}, ${Object.values(first.figures).filter((v) => v !== null).length} figures read, first audit in this process ${ms(first.elapsedMs)}; reader: ${reader}`,
  );
  // Warm-up, then one thread (the default), then with the opt-in page workers once they are ready.
  const configured = process.env.NIANBAO_PDF_WORKERS;
  process.env.NIANBAO_PDF_WORKERS = "0";
  await stopPdfWorkers();
  for (let i = 0; i < 5; i++) await auditBytes(bytes, file);
  const serial = await timeAudit(bytes, file);
  console.log(`  nianbao audit, one thread (warm, in process, median of ${runs}): ${ms(serial.audit)}`);
  console.log(`    ${serial.stages}`);
  printPoppler(serial);
  process.env.NIANBAO_PDF_WORKERS = configured ?? "auto";
  const workers = await pdfWorkersReady();
  if (configured === undefined) delete process.env.NIANBAO_PDF_WORKERS;
  else process.env.NIANBAO_PDF_WORKERS = configured;
  if (workers > 0) {
    for (let i = 0; i < 5; i++) await auditBytes(bytes, file);
    const before = pdfWorkerStats();
    const parallel = await timeAudit(bytes, file);
    const after = pdfWorkerStats();
    console.log(
      `  nianbao audit, ${workers} page worker${workers > 1 ? "s" : ""} (opt-in NIANBAO_PDF_WORKERS; warm, in process, median of ${runs}): ${ms(parallel.audit)}` +
        ` (workers read ${after.pages - before.pages} of ${2 * runs * Number(pages)} pages)`,
    );
    console.log(`    ${parallel.stages}`);
    printPoppler(parallel);
  } else console.log("  page workers: none (one core, or NIANBAO_PDF_WORKERS=0)");
  await stopPdfWorkers();
}

/** pdftotext's median over the same loop, and the ratio of the pairs. */
function printPoppler(timing: Timing): void {
  if (timing.poppler === undefined || timing.ratio === undefined) {
    console.log("    pdftotext not found (install poppler-utils): ratio skipped");
    return;
  }
  const { median: mid, low, high } = timing.ratio;
  console.log(
    `    pdftotext -layout, run after each audit (a process each, median): ${ms(timing.poppler)}` +
      ` → ratio audit / pdftotext ${mid.toFixed(2)}× (quartiles ${low.toFixed(2)}–${high.toFixed(2)}×; target ≤ 1.5×)`,
  );
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

console.log(
  `node ${process.version}, ${process.platform}/${process.arch}; load average ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log(
  (await loadPdfjs()).patched
    ? "pdf.js worker: patched for text extraction (patches/pdfjs-dist+5.4.296.patch)"
    : "pdf.js worker: as shipped (the patch is not applied: npm ci runs patch-package; slower)",
);
for (const file of values.pdf as string[]) await benchPdf(file);
await benchText();
await stopPdfWorkers();
console.log(
  `load average at the end: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
