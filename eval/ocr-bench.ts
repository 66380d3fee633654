/**
 * OCR measurement on a scanned corpus made from the seeds: every page of a seed PDF rendered by pdftoppm
 * at 150, 200 and 300 dpi, then degraded deterministically (fixed-seed noise):
 *   clean  – the rendering as it is;
 *   scan   – rotated up to ±2°, a 3×3 blur, speckle, a red seal over the 落款 (a colour scan), JPEG quality 50–70;
 *   photo  – keystone (perspective), uneven light, JPEG quality 60.
 * For each dpi and kind it prints the share of figures read exactly, read wrong (non-null and not the
 * seed's value), and left null, the seconds per page and the peak memory (this process and Tesseract).
 *
 *   npx tsx eval/ocr-bench.ts [--seeds 002,004] [--generated] [--dpi 150,200,300] [--kinds clean,scan,photo]
 *                             [--nulls] [--docs DIR] [--only g00035,002] [--real] [--pdfs a.pdf,b.pdf]
 *
 * --generated adds the generated reports of the eval slice (tests/fixtures/eval-slice/g*.pdf, gold figures
 * from their .json), several of which carry hard errors (T3-RESULTS, T4-*): the hard findings of each PDF's
 * text-layer reading are the reference for recall, as the seed's text reading is for a seed. --real adds
 * the real reports of eval/ocr-real and --pdfs any other PDFs with a text layer, each with its text
 * reading as gold and reference (not a hand-checked gold: see eval/ocr-real/README.md).
 *
 * With more than one seed it prints a row per seed too. --nulls lists every figure left null with its raw
 * cell; --docs DIR keeps each OCR result there and re-scores it on the next run without OCR (timings then 0).
 *
 * Needs tesseract with chi_sim and pdftoppm (apt-get install -y tesseract-ocr tesseract-ocr-chi-sim poppler-utils).
 */
import { execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyse } from "../extract/analyse.ts";
import type { Document } from "../extract/document.ts";
import { readDocument } from "../extract/readers/index.ts";
import { decodePgm } from "../extract/readers/ocr/raster.ts";
import { ocrImages } from "../extract/readers/ocr/read-scan.ts";
import { ocrAvailability } from "../extract/readers/ocr/tesseract.ts";
import { readPdf } from "../extract/readers/pdf.ts";
import { readText } from "../extract/readers/text.ts";
import { runRules } from "../validate/engine.ts";
import { degrade } from "./ocr-degrade.ts";

const SEEDS = join(import.meta.dirname, "../tests/fixtures/seeds");
const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return (i >= 0 ? process.argv[i + 1] : undefined) ?? fallback;
};
const seedNames = readdirSync(SEEDS)
  .filter((f) => f.endsWith(".pdf"))
  .map((f) => f.replace(/\.pdf$/, ""))
  .filter((n) =>
    arg("seeds", "002,004")
      .split(",")
      .some((s) => n.startsWith(s)),
  );
/** A report to scan: its PDF, its gold figures and the hard findings its text reading raises. */
interface Source {
  readonly name: string;
  readonly pdf: string;
  readonly expected: Record<string, number | null>;
  readonly reference: Set<string>;
  /** Rules whose findings the reference reading raises (any severity). */
  readonly rules: Set<string>;
  /**
   * The expected figures are a hand-checked gold, whose null is a blank cell (a figure read there is
   * wrong), rather than another reading of the report, whose null may be a cell that reading missed.
   */
  readonly blanksKnown?: boolean;
}
const SLICE = join(import.meta.dirname, "../tests/fixtures/eval-slice");
const sources: Source[] = seedNames.map((name) => ({
  name,
  pdf: join(SEEDS, `${name}.pdf`),
  expected: JSON.parse(readFileSync(join(SEEDS, `${name}.expected.json`), "utf8")).figures,
  blanksKnown: true,
  ...referenceOf(analyse(readText(new Uint8Array(readFileSync(join(SEEDS, `${name}.txt`))))).report),
}));
if (process.argv.includes("--generated")) {
  for (const f of readdirSync(SLICE)
    .filter((n) => /^g\d+\.json$/.test(n))
    .sort()) {
    const gold = JSON.parse(readFileSync(join(SLICE, f), "utf8")) as {
      files: { pdf?: string };
      expected: { figures: Record<string, number | null> };
    };
    if (!gold.files.pdf) continue;
    const pdf = join(SLICE, gold.files.pdf);
    const text = await readPdf(new Uint8Array(readFileSync(pdf)), { parallel: false });
    sources.push({
      name: f.replace(/\.json$/, ""),
      pdf,
      expected: gold.expected.figures,
      blanksKnown: true,
      ...referenceOf(analyse(text).report),
    });
  }
}
// --pdfs A.pdf,B.pdf: other reports with a text layer (real ones found elsewhere); their text reading's
// figures are the gold and its hard findings the reference, as the seeds' text readings are.
// --real: the real reports of eval/ocr-real (their README says where each is from).
const REAL = join(import.meta.dirname, "ocr-real");
const realPdfs = process.argv.includes("--real")
  ? readdirSync(REAL)
      .filter((f) => f.endsWith(".pdf"))
      .sort()
      .map((f) => join(REAL, f))
  : [];
// A real PDF printed from a report of eval/real (a portal page printed by a browser) is scored against
// that report's hand-checked gold, and its hard findings against those of the form the gold was checked on.
const REAL_GOLD = join(import.meta.dirname, "real/gold");
for (const pdf of [...realPdfs, ...arg("pdfs", "").split(",").filter(Boolean)]) {
  const name = pdf.replace(/^.*\//, "").replace(/\.pdf$/i, "");
  const goldFile = join(REAL_GOLD, `${name}.json`);
  if (existsSync(goldFile)) {
    const gold = JSON.parse(readFileSync(goldFile, "utf8")) as {
      files: Record<string, string>;
      figures: Record<string, number | null>;
    };
    const [form] = Object.values(gold.files);
    const read = await readDocument(
      new Uint8Array(readFileSync(join(import.meta.dirname, "..", form ?? ""))),
    );
    if (!read.ok) throw new Error(`${name}: its gold's form ${form} does not read (${read.reason})`);
    sources.push({
      name,
      pdf,
      expected: gold.figures,
      ...referenceOf(analyse(read.document).report),
      blanksKnown: true,
    });
    continue;
  }
  const report = analyse(await readPdf(new Uint8Array(readFileSync(pdf)), { parallel: false })).report;
  sources.push({ name, pdf, expected: report.figures, ...referenceOf(report) });
}
// --only NAME,…: just the reports whose names start so (a seed's number, a generated report's gNNNNN).
if (process.argv.includes("--only")) {
  const only = arg("only", "").split(",");
  sources.splice(0, sources.length, ...sources.filter((s) => only.some((o) => o && s.name.startsWith(o))));
}
const dpis = arg("dpi", "150,200,300").split(",").map(Number);
const kinds = arg("kinds", "clean,scan,photo").split(",");

/** CPU seconds of this process and of its finished children (Tesseract, pdftoppm), from /proc/self/stat. */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  let children = 0;
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // Fields 16 and 17 of stat (cutime, cstime) are the 14th and 15th after the command name, in ticks.
    children = (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {}
  return (own.user + own.system) / 1e6 + children;
}

/** Peak RSS (MB) of Tesseract processes, sampled from /proc while OCR runs. */
function sampleTesseract(peak: { mb: number }): () => void {
  const timer = setInterval(() => {
    try {
      for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
        try {
          const status = readFileSync(`/proc/${pid}/status`, "utf8");
          if (!/^Name:\s+tesseract/m.test(status)) continue;
          const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
          peak.mb = Math.max(peak.mb, kb / 1024);
        } catch {}
      }
    } catch {}
  }, 100);
  return () => clearInterval(timer);
}

const availability = await ocrAvailability();
let pdftoppmHere = true;
try {
  execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
} catch {
  pdftoppmHere = false;
}
if (!availability.ok || !pdftoppmHere) {
  console.log(
    `OCR bench skipped: ${availability.ok ? "pdftoppm missing" : availability.detail} (apt-get install -y tesseract-ocr tesseract-ocr-chi-sim poppler-utils)`,
  );
  process.exit(0);
}

const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(1)}%` : "-");
const rows: string[][] = [
  [
    "dpi",
    "kind",
    "figures",
    "exact",
    "wrong",
    "null",
    "s/page",
    "cpu s/page",
    "node MB",
    "tesseract MB",
    "hard",
    "false hard",
    "other findings",
  ],
];
/**
 * Hard findings (severity error, parse rules aside) of a report, by rule, scope and cells: those of the seed's
 * text reading are the reference for recall, any other one an OCR'd report raises is a false hard finding.
 */
function hardFindings(report: Parameters<typeof runRules>[0]["report"]): Set<string> {
  return new Set(
    runRules({ report })
      .findings.filter((f) => f.severity === "error" && !f.rule.startsWith("PARSE"))
      .map((f) => `${f.rule} ${f.scope ?? ""} ${[...f.cells].sort().join(",")}`),
  );
}
/** The reference reading's hard findings and the rules it raises any finding of. */
function referenceOf(report: Parameters<typeof runRules>[0]["report"]): {
  reference: Set<string>;
  rules: Set<string>;
} {
  return {
    reference: hardFindings(report),
    rules: new Set(runRules({ report }).findings.map((f) => f.rule)),
  };
}
/**
 * Findings, of any severity, of a rule the reference reading raises none of: what an official would be told
 * only because the report was scanned (PARSE-AMBIGUOUS aside, which names the cells OCR could not read).
 */
function otherFindings(report: Parameters<typeof runRules>[0]["report"], rules: Set<string>): string[] {
  return runRules({ report })
    .findings.filter((f) => f.rule !== "PARSE-AMBIGUOUS" && !rules.has(f.rule))
    .map((f) => `${f.rule} ${f.severity}: ${f.message.slice(0, 80)}`);
}
/** Per seed: dpi, kind, seed, figures, exact, wrong, null, wall s/page. */
const seedRows: string[][] = [["dpi", "kind", "seed", "figures", "exact", "wrong", "null", "s/page"]];
const showNulls = process.argv.includes("--nulls");
/** With --docs DIR: each OCR result is kept there, and a later run with the same DIR re-scores it without OCR
 * (for parser-side changes; its timing columns are then meaningless). */
const docsDir = process.argv.includes("--docs") ? arg("docs", "") : "";
if (docsDir) mkdirSync(docsDir, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), "ocr-bench-"));
try {
  for (const dpi of dpis) {
    for (const kind of kinds) {
      let total = 0;
      let exact = 0;
      let wrong = 0;
      let nulls = 0;
      let pages = 0;
      let seconds = 0;
      let cpu = 0;
      const peak = { mb: 0 };
      const wrongList: string[] = [];
      const hard = { expected: 0, found: 0, false: 0 };
      let others = 0;
      const confidences: number[] = [];
      for (const { name, pdf } of sources) {
        const cached = docsDir ? join(docsDir, `${name}-${dpi}-${kind}.json`) : "";
        if (cached && existsSync(cached)) {
          const doc = JSON.parse(readFileSync(cached, "utf8")) as Document;
          pages += doc.pageCount;
          score(name, doc, 0, doc.pageCount);
          continue;
        }
        const prefix = join(dir, `${name}-${dpi}`);
        execFileSync("pdftoppm", ["-r", String(dpi), "-gray", pdf, prefix]);
        const files = readdirSync(dir)
          .filter((f) => f.startsWith(`${name}-${dpi}-`) && f.endsWith(".pgm"))
          .sort();
        const images = files.map((f, i) => ({
          img: degrade(
            decodePgm(new Uint8Array(readFileSync(join(dir, f)))),
            kind,
            dpi,
            dpi * 1000 + i * 17 + name.charCodeAt(2),
            i === files.length - 1,
          ),
          dpi,
        }));
        for (const f of files) rmSync(join(dir, f));
        const stop = sampleTesseract(peak);
        const started = performance.now();
        const cpu0 = cpuSeconds();
        const doc = await ocrImages(images, { timeoutMs: 600_000 }, "pdf");
        const seedSeconds = (performance.now() - started) / 1000;
        seconds += seedSeconds;
        cpu += cpuSeconds() - cpu0;
        stop();
        pages += images.length;
        if (cached) writeFileSync(cached, JSON.stringify(doc));
        score(name, doc, seedSeconds, images.length);
      }
      function score(name: string, doc: Document, seedSeconds: number, pageCount: number) {
        const before = { total, exact, wrong, nulls };
        const report = analyse(doc).report;
        const figures = report.figures;
        const source = sources.find((s) => s.name === name) as Source;
        const reference = source.reference;
        const got = hardFindings(report);
        hard.expected += reference.size;
        hard.found += [...got].filter((f) => reference.has(f)).length;
        for (const f of reference)
          if (!got.has(f)) console.error(`missed hard finding: ${dpi} ${kind} ${name} ${f}`);
        for (const f of got) {
          if (reference.has(f)) continue;
          hard.false++;
          console.error(`false hard finding: ${dpi} ${kind} ${name} ${f}`);
        }
        for (const f of otherFindings(report, source.rules)) {
          others++;
          console.error(`other finding: ${dpi} ${kind} ${name} ${f}`);
        }
        const expected = source.expected;
        for (const [key, value] of Object.entries(expected)) {
          const got = figures[key];
          // A blank cell (a hand-checked gold's null) read as a number is a wrong figure too.
          if (value === null && !(source.blanksKnown && typeof got === "number")) continue;
          total++;
          if (got === value) {
            exact++;
            confidences.push(report.provenance[key]?.confidence ?? 1);
          } else if (got === null || got === undefined) {
            nulls++;
            if (showNulls)
              console.error(
                `null: ${dpi} ${kind} ${name} ${key} (seed ${value}) raw ${JSON.stringify(report.rawCells[key] ?? report.issues.find((i) => i.rowKey === key)?.raw ?? null)}`,
              );
          } else {
            wrong++;
            wrongList.push(
              `${name} ${key}: ${got} (seed ${value}), confidence ${report.provenance[key]?.confidence}`,
            );
          }
        }
        const n = total - before.total;
        seedRows.push([
          String(dpi),
          kind,
          /^\d{3}_/.test(name) ? name.slice(0, 3) : name,
          String(n),
          pct(exact - before.exact, n),
          pct(wrong - before.wrong, n),
          pct(nulls - before.nulls, n),
          (seedSeconds / Math.max(1, pageCount)).toFixed(1),
        ]);
      }
      rows.push([
        String(dpi),
        kind,
        String(total),
        pct(exact, total),
        pct(wrong, total),
        pct(nulls, total),
        (seconds / Math.max(1, pages)).toFixed(1),
        (cpu / Math.max(1, pages)).toFixed(1),
        String(Math.round(process.resourceUsage().maxRSS / 1024)),
        String(Math.round(peak.mb)),
        `${hard.found}/${hard.expected}`,
        String(hard.false),
        String(others),
      ]);
      for (const w of wrongList) console.error(`wrong: ${dpi} ${kind} ${w}`);
      const sorted = confidences.sort((a, b) => a - b);
      console.error(
        `confidence of exact figures: min ${sorted[0]} p1 ${sorted[Math.floor(sorted.length / 100)]} p5 ${sorted[Math.floor(sorted.length / 20)]}`,
      );
      console.error(`done ${dpi} dpi ${kind}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
const print = (table: string[][]) => {
  const widths = table[0]?.map((_, c) => Math.max(...table.map((r) => (r[c] ?? "").length))) ?? [];
  for (const r of table) console.log(r.map((v, c) => v.padStart(widths[c] ?? 0)).join("  "));
};
if (sources.length > 1) {
  print(seedRows);
  console.log("");
}
print(rows);
console.log(
  `reports: ${sources.map((s) => s.name).join(", ")}; load average now ${(await import("node:os"))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
