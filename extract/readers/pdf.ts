/**
 * PDF reader on pdf.js (pdfjs-dist as pinned by pdf-parse 2; pdf-parse's getText/getTable lose
 * positions and merge grid columns, so pdf.js is driven directly, see pdf-pages.ts): positioned words
 * from getTextContent, table rulings from getOperatorList, rebuilt into lines of cells by pdf-layout.ts. Where page workers are enabled and idle (pdf-worker-pool.ts) they read
 * part of the pages in parallel, with the same code; whatever they fail to deliver is read here. Bounded
 * by a timeout; the parser is always destroyed.
 */
import type { Document, DocumentInfo, Line } from "../document.ts";
import { findGrids } from "./pdf-grid.ts";
import { layoutPage, type PageLine } from "./pdf-layout.ts";
import { LiteOverCap, LiteUnsupported, MAX_STREAM_BYTES, openLite } from "./pdf-lite/index.ts";
import type { PdfDocumentProxy } from "./pdf-ops.ts";
import {
  loadPdfjs,
  type OpenedPdf,
  openPdf,
  type Pdfjs,
  type PdfMetadata,
  type RawPage,
  READER_CLAIM,
  readMetadata,
  readRawPage,
} from "./pdf-pages.ts";
import type { TextBox } from "./pdf-text.ts";
import { type PageJob, startPageJob } from "./pdf-worker-pool.ts";
import { ReadError } from "./read-error.ts";

export interface PdfReadOptions {
  /** Give up after this long (default 20 s). */
  readonly timeoutMs?: number;
  /** Share the pages with idle page workers where they are enabled (default true); false: this thread only. */
  readonly parallel?: boolean;
  /** Which reader (default: NIANBAO_PDF_READER, else auto). */
  readonly reader?: PdfReaderChoice;
}

export const DEFAULT_PDF_TIMEOUT_MS = 20_000;
/** Fewer non-space characters than this per page (and in all) means scanned pages. */
const MIN_CHARS_PER_PAGE = 20;
const MIN_CHARS = 30;
/** A page with fewer characters than this counts as a page without text. */
const MIN_PAGE_CHARS = 5;
/** Shorter documents are read on this thread alone. */
const MIN_SHARED_PAGES = 3;

function toIso(value: unknown): string | undefined {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

function classify(error: unknown): ReadError {
  if (error instanceof ReadError) return error;
  const name = error instanceof Error ? error.name : "";
  const message = error instanceof Error ? error.message : String(error);
  if (name === "PasswordException") {
    return new ReadError("encrypted", "pdf", message, { cause: error });
  }
  return new ReadError("corrupt", "pdf", `${name || "Error"}: ${message}`, { cause: error });
}

/** A page's lines, or what laying it out threw (kept to be thrown in page order, after the text check). */
type Laid = { readonly lines: PageLine[] } | { readonly error: unknown };

function layOut({ height, boxes, rulings }: RawPage): Laid {
  try {
    return { lines: boxes.length === 0 ? [] : layoutPage(boxes, rulings ? findGrids(rulings) : [], height) };
  } catch (error) {
    return { error };
  }
}

/**
 * Every page: read here, or by the page workers of `job` where they claimed the page first (they go
 * from the front, this thread from the back; whatever a worker fails to deliver is read here). This
 * thread's own pages are laid out before it waits for the workers' last ones.
 */
async function readAllPages(
  doc: PdfDocumentProxy,
  deadline: number,
  job: PageJob | undefined,
): Promise<{ pages: RawPage[]; laid: Array<Laid | undefined> }> {
  const count = doc.numPages;
  const pages: RawPage[] = new Array(count);
  const laid: Array<Laid | undefined> = new Array(count);
  const readHere = async (n: number) => {
    if (Date.now() > deadline) throw new ReadError("timeout", "pdf", `timed out reading page ${n}`);
    pages[n - 1] = await readRawPage(doc, n);
  };
  if (!job) {
    for (let n = 1; n <= count; n++) await readHere(n);
    return { pages, laid };
  }
  const { claims } = job;
  const claimable = Math.min(count, claims.length);
  if (count < MIN_SHARED_PAGES) {
    for (let k = 0; k < claimable; k++) Atomics.compareExchange(claims, k, 0, READER_CLAIM);
  }
  /** Pages 1 … firstOwn - 1 are the workers'. */
  let firstOwn = count + 1;
  for (let k = count - 1; k >= 0; k--) {
    if (k < claimable && Atomics.compareExchange(claims, k, 0, READER_CLAIM) > 0) break;
    await readHere(k + 1);
    firstOwn = k + 1;
  }
  for (let n = firstOwn; n <= count; n++) laid[n - 1] = layOut(pages[n - 1] as RawPage);
  for (let n = 1; n < firstOwn; n++) {
    const delivered = await job.page(n).catch(() => undefined);
    if (delivered) pages[n - 1] = delivered;
    else await readHere(n);
  }
  return { pages, laid };
}

async function readPages(
  pdfjs: Pdfjs,
  opened: OpenedPdf,
  deadline: number,
  job: PageJob | undefined,
): Promise<Document> {
  const doc = await opened.loaded;
  const metadata = await readMetadata(pdfjs, doc);
  const { pages, laid } = await readAllPages(doc, deadline, job);
  return assemble(pages, laid, metadata, deadline);
}

/** The Document from every page's RawPage (and those already laid out) and the metadata. */
function assemble(
  pages: RawPage[],
  laid: Array<Laid | undefined>,
  metadata: PdfMetadata,
  deadline: number,
): Document {
  const charsOf = (boxes: readonly TextBox[]) =>
    boxes.reduce((s, b) => s + b.text.replace(/\s/g, "").length, 0);
  const chars = pages.reduce((s, p) => s + charsOf(p.boxes), 0);
  if (chars < Math.max(MIN_CHARS, MIN_CHARS_PER_PAGE * pages.length)) {
    throw new ReadError("no_text_layer", "pdf", `${chars} characters on ${pages.length} page(s)`);
  }

  const lines: Line[] = [];
  const pagesWithoutText: number[] = [];
  let tables = 0;
  for (const [i, page] of pages.entries()) {
    if (Date.now() > deadline) throw new ReadError("timeout", "pdf", `timed out laying out page ${i + 1}`);
    if (charsOf(page.boxes) < MIN_PAGE_CHARS) pagesWithoutText.push(i + 1);
    const done = laid[i] ?? layOut(page);
    if ("error" in done) throw done.error;
    const tableIds = new Map<number, number>();
    for (const pageLine of done.lines) {
      let table: number | undefined;
      if (pageLine.grid !== undefined) {
        table = tableIds.get(pageLine.grid) ?? ++tables;
        tableIds.set(pageLine.grid, table);
      }
      lines.push({ cells: pageLine.cells, page: i + 1, line: lines.length + 1, ...(table ? { table } : {}) });
    }
  }

  const raw = metadata.info;
  const info: DocumentInfo = {
    ...(text(raw.Title) ? { title: text(raw.Title) } : {}),
    ...(text(raw.Author) ? { author: text(raw.Author) } : {}),
    ...(toIso(metadata.created) ? { created: toIso(metadata.created) } : {}),
    ...(toIso(metadata.modified) ? { modified: toIso(metadata.modified) } : {}),
    ...(pagesWithoutText.length > 0 ? { pagesWithoutText } : {}),
  };
  return { format: "pdf", pageCount: pages.length, lines, info };
}

/** Which reader reads PDFs: NIANBAO_PDF_READER=auto (default: lite, else pdf.js), lite (no fallback), pdfjs. */
export type PdfReaderChoice = "auto" | "lite" | "pdfjs";

export function pdfReaderChoice(env: NodeJS.ProcessEnv = process.env): PdfReaderChoice {
  const value = env.NIANBAO_PDF_READER?.trim().toLowerCase();
  return value === "lite" || value === "pdfjs" ? value : "auto";
}

/** How many PDFs each reader read in this process, and why the lite reader passed documents on. */
export interface PdfReaderStats {
  lite: number;
  pdfjs: number;
  readonly fallbacks: Record<string, number>;
}
const stats: PdfReaderStats = { lite: 0, pdfjs: 0, fallbacks: {} };

/** This process's PDF reader counts (a copy). */
export function pdfReaderStats(): PdfReaderStats {
  return { lite: stats.lite, pdfjs: stats.pdfjs, fallbacks: { ...stats.fallbacks } };
}

/** With NIANBAO_PDF_READER_LOG=1, one line per PDF on stderr: which reader read it, and why. */
function note(reader: "lite" | "pdfjs", reason?: string): void {
  if (reader === "lite") stats.lite++;
  else stats.pdfjs++;
  if (reason) stats.fallbacks[reason] = (stats.fallbacks[reason] ?? 0) + 1;
  if (process.env.NIANBAO_PDF_READER_LOG === "1") {
    process.stderr.write(`nianbao pdf reader: ${reader}${reason ? ` (${reason})` : ""}\n`);
  }
}

/** Reads the document with the lite reader (pdf-lite/), on this thread; throws its errors as they are. */
async function readLite(bytes: Uint8Array, deadline: number): Promise<Document> {
  const lite = openLite(bytes, deadline);
  const pages: RawPage[] = [];
  for (let n = 1; n <= lite.numPages; n++) {
    if (Date.now() > deadline) throw new ReadError("timeout", "pdf", `timed out reading page ${n}`);
    pages.push(await lite.readPage(n));
  }
  return assemble(pages, [], lite.metadata, deadline);
}

export async function readPdf(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<Document> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const choice = options.reader ?? pdfReaderChoice();
  let fallback: string | undefined;
  if (choice !== "pdfjs") {
    try {
      const document = await readLite(bytes, Date.now() + timeoutMs);
      note("lite");
      return document;
    } catch (error) {
      if (error instanceof LiteOverCap) {
        throw new ReadError("over_limit", "pdf", error.message, {
          cause: error,
          limit: `PDF 数据流解压后超过 ${MAX_STREAM_BYTES / 1024 / 1024} MB`,
        });
      }
      // What the lite reader decided about the document itself stands (no text, past the time budget).
      if (error instanceof ReadError) throw error;
      const reason = error instanceof LiteUnsupported ? error.reason : `error: ${String(error)}`;
      if (choice === "lite")
        throw new ReadError("corrupt", "pdf", `lite reader: ${reason}`, { cause: error });
      fallback = reason;
    }
  }
  note("pdfjs", fallback);
  let pdfjs: Pdfjs;
  try {
    pdfjs = await loadPdfjs();
  } catch (error) {
    throw classify(error);
  }
  const deadline = Date.now() + timeoutMs;
  const job = options.parallel === false ? undefined : startPageJob(bytes, deadline);
  let opened: OpenedPdf;
  try {
    opened = openPdf(pdfjs, bytes);
  } catch (error) {
    job?.finish();
    throw classify(error);
  }
  let timer: NodeJS.Timeout | undefined;
  const work = readPages(pdfjs, opened, deadline, job);
  work.catch(() => undefined);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new ReadError("timeout", "pdf", `no result within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } catch (error) {
    throw classify(error);
  } finally {
    clearTimeout(timer);
    job?.finish();
    await opened.destroy();
    // After a timeout pdf.js may still be busy with it: destroy it again once that settles.
    work.finally(() => opened.destroy()).catch(() => undefined);
  }
}
