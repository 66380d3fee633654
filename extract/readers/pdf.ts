/**
 * PDF reader on pdf-parse 2 (pdf.js). pdf-parse loads the document and reads its metadata; the pages are
 * then read from pdf.js directly (pdf-parse's getText/getTable lose positions and merge grid columns):
 * positioned words from getTextContent, table rulings from getOperatorList, rebuilt into lines of cells
 * by pdf-layout.ts. Bounded by a timeout; the parser is always destroyed.
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PasswordException, PDFParse } from "pdf-parse";
import type { Document, DocumentInfo, Line } from "../document.ts";
import { findGrids } from "./pdf-grid.ts";
import { layoutPage } from "./pdf-layout.ts";
import { asMatrix, IDENTITY, type PdfDocumentProxy, type PdfPage } from "./pdf-ops.ts";
import { extractRulings } from "./pdf-rulings.ts";
import { type TextBox, textBoxes } from "./pdf-text.ts";
import { ReadError } from "./read-error.ts";

export interface PdfReadOptions {
  /** Give up after this long (default 20 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_PDF_TIMEOUT_MS = 20_000;
/** Fewer non-space characters than this per page (and in all) means scanned pages. */
const MIN_CHARS_PER_PAGE = 20;
const MIN_CHARS = 30;
/** A page with fewer characters than this counts as a page without text. */
const MIN_PAGE_CHARS = 5;

/** pdf.js data files (CMaps for non-embedded CJK fonts, standard fonts), found next to pdf-parse. */
function pdfjsDataUrls(): { cMapUrl?: string; standardFontDataUrl?: string } {
  try {
    const require = createRequire(import.meta.url);
    const fromParser = createRequire(require.resolve("pdf-parse"));
    const root = dirname(fromParser.resolve("pdfjs-dist/package.json"));
    return { cMapUrl: `${join(root, "cmaps")}/`, standardFontDataUrl: `${join(root, "standard_fonts")}/` };
  } catch {
    return {};
  }
}

const DATA_URLS = pdfjsDataUrls();

/** The pdf.js document pdf-parse loaded (a private field of PDFParse 2.4.5, checked at run time). */
function loadedDocument(parser: PDFParse): PdfDocumentProxy {
  const doc = (parser as unknown as { doc?: unknown }).doc;
  if (!doc || typeof (doc as PdfDocumentProxy).getPage !== "function") {
    throw new ReadError("corrupt", "pdf", "pdf-parse did not expose the loaded document");
  }
  return doc as PdfDocumentProxy;
}

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
  if (error instanceof PasswordException || name === "PasswordException") {
    return new ReadError("encrypted", "pdf", message, { cause: error });
  }
  return new ReadError("corrupt", "pdf", `${name || "Error"}: ${message}`, { cause: error });
}

interface PageText {
  readonly page: PdfPage;
  readonly viewport: readonly number[];
  readonly height: number;
  readonly boxes: TextBox[];
}

const CELL_VALUE = /^(?:[-+]?\d[\d,.]*(?:万元|元)?|[—/－-]|无)$/;

/** A page with several stand-alone numbers (cell values) may hold a table. */
function mayHoldTable(boxes: readonly TextBox[]): boolean {
  let values = 0;
  for (const b of boxes) if (CELL_VALUE.test(b.text.trim()) && ++values >= 2) return true;
  return false;
}

async function readPages(parser: PDFParse, deadline: number): Promise<Document> {
  const infoResult = await parser.getInfo();
  const doc = loadedDocument(parser);
  const pages: PageText[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    if (Date.now() > deadline) throw new ReadError("timeout", "pdf", `timed out reading page ${n}`);
    const page = await doc.getPage(n);
    const { transform: viewport, height } = page.getViewport({ scale: 1 });
    const content = await page.getTextContent();
    pages.push({ page, viewport, height, boxes: textBoxes(content.items, asMatrix(viewport) ?? IDENTITY) });
  }
  const charsOf = (boxes: readonly TextBox[]) =>
    boxes.reduce((s, b) => s + b.text.replace(/\s/g, "").length, 0);
  const chars = pages.reduce((s, p) => s + charsOf(p.boxes), 0);
  if (chars < Math.max(MIN_CHARS, MIN_CHARS_PER_PAGE * pages.length)) {
    throw new ReadError("no_text_layer", "pdf", `${chars} characters on ${pages.length} page(s)`);
  }

  const lines: Line[] = [];
  const pagesWithoutText: number[] = [];
  let tables = 0;
  for (const [i, { page, viewport, height, boxes }] of pages.entries()) {
    if (Date.now() > deadline) throw new ReadError("timeout", "pdf", `timed out laying out page ${i + 1}`);
    if (charsOf(boxes) < MIN_PAGE_CHARS) pagesWithoutText.push(i + 1);
    if (boxes.length === 0) continue;
    // Ruling lines matter only where numbers sit in cells; prose pages skip the operator list.
    const grids = mayHoldTable(boxes)
      ? findGrids(extractRulings(await page.getOperatorList(), asMatrix(viewport) ?? IDENTITY))
      : [];
    const tableIds = new Map<number, number>();
    for (const pageLine of layoutPage(boxes, grids, height)) {
      let table: number | undefined;
      if (pageLine.grid !== undefined) {
        table = tableIds.get(pageLine.grid) ?? ++tables;
        tableIds.set(pageLine.grid, table);
      }
      lines.push({ cells: pageLine.cells, page: i + 1, line: lines.length + 1, ...(table ? { table } : {}) });
    }
    page.cleanup();
  }

  const raw = (infoResult.info ?? {}) as Record<string, unknown>;
  const dates = infoResult.getDateNode();
  const info: DocumentInfo = {
    ...(text(raw.Title) ? { title: text(raw.Title) } : {}),
    ...(text(raw.Author) ? { author: text(raw.Author) } : {}),
    ...(toIso(dates.CreationDate ?? dates.XmpCreateDate)
      ? { created: toIso(dates.CreationDate ?? dates.XmpCreateDate) }
      : {}),
    ...(toIso(dates.ModDate ?? dates.XmpModifyDate)
      ? { modified: toIso(dates.ModDate ?? dates.XmpModifyDate) }
      : {}),
    ...(pagesWithoutText.length > 0 ? { pagesWithoutText } : {}),
  };
  return { format: "pdf", pageCount: doc.numPages, lines, info };
}

export async function readPdf(bytes: Uint8Array, options: PdfReadOptions = {}): Promise<Document> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const parser = new PDFParse({
    // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    ...DATA_URLS,
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
  });
  let timer: NodeJS.Timeout | undefined;
  const work = readPages(parser, Date.now() + timeoutMs);
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
    await parser.destroy().catch(() => undefined);
    // After a timeout the document may finish loading later: destroy it then too.
    work.finally(() => parser.destroy()).catch(() => undefined);
  }
}
