/**
 * The generated corpus on disk: eval/.cache/corpus-v<GENERATOR_VERSION>/ holds, per seed, the gold
 * (<id>.json) and the report as text, HTML, DOCX and PDF. It is never committed: files already there
 * are reused, missing ones generated. DOCX and PDF come from one soffice run per format (both runs in
 * parallel); where soffice is missing they are skipped and the caller is told so.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import type { Format, GoldCase } from "./model.ts";
import { convertAll, findSoffice, pdfPages, setPdfCreationDate } from "./office.ts";
import { createRng } from "./prng.ts";
import { renderHtml } from "./render-html.ts";
import { renderText } from "./render-text.ts";
import { GENERATOR_VERSION, generateReport } from "./report.ts";

export const EVAL_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
export const DEFAULT_CORPUS_DIR = join(EVAL_DIR, ".cache", `corpus-v${GENERATOR_VERSION}`);

const EXTENSIONS: Record<Format, string> = { text: "txt", html: "html", docx: "docx", pdf: "pdf" };

export interface CorpusOptions {
  readonly count: number;
  readonly firstSeed?: number;
  readonly formats: readonly Format[];
  readonly dir?: string;
  readonly log?: (line: string) => void;
}

export interface Corpus {
  readonly dir: string;
  readonly cases: GoldCase[];
  /** Reports generated now (the rest were reused from the cache). */
  readonly generated: number;
  readonly reused: number;
  /** Milliseconds spent generating and converting. */
  readonly ms: {
    readonly total: number;
    readonly render: number;
    readonly docx: number;
    readonly pdf: number;
  };
  /** Formats that could not be produced, with why. */
  readonly skipped: ReadonlyArray<{ readonly format: Format; readonly reason: string }>;
}

const idOf = (seed: number) => `g${String(seed).padStart(5, "0")}`;

/** Give each converted PDF its report's creation date (see setPdfCreationDate). */
function datePdfs(written: ReadonlyMap<string, string>, dates: ReadonlyMap<string, string>): void {
  for (const [input, output] of written) {
    const date = dates.get(input);
    if (date === undefined) continue;
    const bytes = new Uint8Array(readFileSync(output));
    if (setPdfCreationDate(bytes, date)) writeFileSync(output, bytes);
  }
}

function loadCase(dir: string, id: string): GoldCase | null {
  const file = join(dir, `${id}.json`);
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, "utf8")) as GoldCase;
  } catch {
    return null;
  }
}

/** Has 表三 run across a page break with its header repeated (pdftotext), or null if unknown. */
function t3SplitPages(pdf: string): boolean | null {
  const pages = pdfPages(pdf);
  if (!pages) return null;
  const first = pages.findIndex((p) => p.includes("本年新收政府信息公开申请数量"));
  const last = pages.findIndex((p) => p.includes("结转下年度继续办理") && p.includes("四、"));
  if (first < 0 || last <= first) return false;
  return pages.slice(first, last + 1).every((p) => p.includes("申请人情况"));
}

export async function ensureCorpus(options: CorpusOptions): Promise<Corpus> {
  const started = performance.now();
  const dir = options.dir ?? DEFAULT_CORPUS_DIR;
  const log = options.log ?? (() => {});
  mkdirSync(dir, { recursive: true });
  const first = options.firstSeed ?? 0;
  const wantOffice = options.formats.filter((f): f is "docx" | "pdf" => f === "docx" || f === "pdf");
  const cases = new Map<string, GoldCase>();
  const docHtml = new Map<string, string>();
  /** Creation date of each report's DOCX/PDF, by the HTML converted. */
  const fileDates = new Map<string, string>();
  let generated = 0;
  let reused = 0;
  let renderMs = 0;
  const work = mkdtempSync(join(tmpdir(), "nianbao-eval-html-"));
  try {
    for (let seed = first; seed < first + options.count; seed++) {
      const id = idOf(seed);
      const cached = loadCase(dir, id);
      const missingText =
        !cached || !existsSync(join(dir, `${id}.txt`)) || !existsSync(join(dir, `${id}.html`));
      const missingOffice = wantOffice.filter((f) => !existsSync(join(dir, `${id}.${f}`)));
      if (cached && !missingText && missingOffice.length === 0) {
        cases.set(id, cached);
        reused++;
        continue;
      }
      const t = performance.now();
      const { spec, expected } = generateReport(seed);
      const text = renderText(spec, createRng((seed ^ 0x7e57) >>> 0));
      writeFileSync(
        join(dir, `${id}.txt`),
        spec.text.encoding === "gb18030" ? iconv.encode(text, "gb18030") : text,
      );
      writeFileSync(join(dir, `${id}.html`), renderHtml(spec, true));
      if (missingOffice.length > 0) {
        const doc = join(work, `${id}.html`);
        writeFileSync(doc, renderHtml(spec, false));
        docHtml.set(id, doc);
        fileDates.set(doc, spec.fileCreated);
      }
      renderMs += performance.now() - t;
      cases.set(id, {
        id,
        seed,
        defects: spec.defects,
        expected,
        files: { text: `${id}.txt`, html: `${id}.html` },
        facts: [],
      });
      generated++;
    }

    const skipped: { format: Format; reason: string }[] = [];
    const ms = { docx: 0, pdf: 0 };
    if (wantOffice.length > 0) {
      const soffice = findSoffice();
      if (soffice === null) {
        for (const f of wantOffice)
          skipped.push({
            format: f,
            reason: "soffice (LibreOffice) not found: DOCX and PDF are not generated",
          });
      } else if (docHtml.size > 0) {
        const inputs = [...docHtml.values()];
        log(
          `converting ${inputs.length} reports with soffice (${wantOffice.join(" and ")}: one batch per format, both in parallel)…`,
        );
        const results = await Promise.all(
          wantOffice.map((target) =>
            convertAll(soffice, inputs, target, dir).then((r) => [target, r] as const),
          ),
        );
        for (const [target, r] of results) {
          ms[target] = r.ms;
          if (target === "pdf") datePdfs(r.written, fileDates);
          if (r.failed.length > 0)
            skipped.push({
              format: target,
              reason: `soffice wrote no ${target} for ${r.failed.length} report(s)`,
            });
        }
      }
    }

    // Record which files exist, and where 表三 runs across a PDF page.
    for (const c of cases.values()) {
      const files: Partial<Record<Format, string>> = {};
      for (const f of ["text", "html", "docx", "pdf"] as const) {
        if (existsSync(join(dir, `${c.id}.${EXTENSIONS[f]}`))) files[f] = `${c.id}.${EXTENSIONS[f]}`;
      }
      const facts = new Set(c.facts);
      if (files.pdf && !c.files.pdf) {
        const split = t3SplitPages(join(dir, files.pdf));
        if (split === true) facts.add("t3-split-pages");
      }
      const updated: GoldCase = { ...c, files, facts: [...facts] };
      if (JSON.stringify(updated) !== JSON.stringify(c) || docHtml.has(c.id)) {
        writeFileSync(join(dir, `${c.id}.json`), `${JSON.stringify(updated, null, 1)}\n`);
      }
      cases.set(c.id, updated);
    }
    return {
      dir,
      cases: [...cases.values()],
      generated,
      reused,
      ms: { total: performance.now() - started, render: renderMs, docx: ms.docx, pdf: ms.pdf },
      skipped,
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
