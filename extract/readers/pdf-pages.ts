/**
 * pdf.js, loaded once and driven for text extraction: documents opened, pages read into positioned words
 * and, where a table may stand, ruling lines. Used by the reader (pdf.ts) and by its page workers
 * (pdf-worker.ts), so that both read a page with the same code. pdf.js is pdfjs-dist as installed for
 * pdf-parse (which pins it); its API is used directly.
 *
 * Loading it costs ~0.1 s in plain Node but ~1.2 s and ~400 MB more under tsx, which rewrites every
 * module that has an `import(` (pdf.js's two files, 3 MB) with a source map, and has Node parse pdf.js's
 * own 7 MB of source maps for the stack traces core-js takes while it probes the runtime. Its API half is
 * therefore imported under a URL that tsx passes through (a tsx namespace query; any other loader just
 * sees a distinct URL), and its worker half is not imported at all (below); source maps are off for the
 * duration.
 *
 * In Node, pdf.js runs its "worker" half (the parser) on the calling thread and talks to it through a
 * loopback port. These make that much cheaper without changing anything the reader extracts (checked
 * byte for byte by tests/extract/readers/pdf-patch.test.ts on the bench fixtures, a Type 1 fixture without
 * Widths, a seed report and a page that sets fonts in every way the known-font change meets):
 *  - pdfjs-dist's legacy build installs core-js polyfills that replace `Array.prototype.push` and
 *    `JSON.parse` for the whole process with JavaScript versions (for spec corner cases: array-likes
 *    longer than 2^32, non-writable lengths, JSON.parse's source-text access) several times slower than
 *    V8's; every `push` of the audit paid for it. The natives are put back once pdf.js is loaded. (The
 *    modern build, without core-js, is no faster once that is done: the other polyfills are off the hot
 *    path. It also needs DOMMatrix, Promise.withResolvers, … polyfilled on Node 20, so it is not used.)
 *  - The loopback port structured-clones every message (some 2,700 for a 10-page report). The port used
 *    here hands messages over as they are, copying only what pdf.js reuses after sending (the arrays of
 *    streamed chunks): both halves run on one thread and neither changes a message it received.
 *  - With font faces disabled (Node's default) pdf.js builds an outline path for every glyph an operator
 *    list draws, for canvas rendering; and with them enabled the API half would base64-encode each font
 *    program into an @font-face rule. The reader renders nothing: font faces are enabled (no paths), and
 *    the port hands the API half each font as an unusable one (pdf.js's own error form), so no rule is
 *    made. Text content and operator lists do not depend on it.
 *  - Images are dropped from operator lists undecoded (maxImageSize 0): pdf.js would decode every image
 *    a table page paints (a seal, a logo), in the background, and only its paths are read here.
 *  - pdfjs-dist itself is patched at install (patch-package, `postinstall`: patches/pdfjs-dist+5.4.296.patch;
 *    docs/pdf.md lists each change with its measured gain). pdf.js has no option to skip building font
 *    files and exposes none of its internals to hook; the patch leaves out work whose results only a
 *    renderer uses (Type 1 fonts recompiled into CFF/OpenType) and stops pausing the text-content loop on
 *    fonts it has already loaded. tests/extract/readers/pdf-patch.test.ts reads documents with the patched
 *    worker half and with the shipped one (the patch reversed) and compares text content and paths. Where
 *    the patch is not applied (an install without scripts), the worker half runs as shipped: slower, same
 *    output; `Pdfjs.patched` says which.
 *    Left as it is, though it costs time: pdf.js's Unicode normalisation of text content (the reader's
 *    NFKC would make it redundant, but it also feeds pdf.js's right-to-left ordering).
 */
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { MAX_PAGE_BOXES, MAX_PAGE_OPERATORS } from "./limits.ts";
import { asMatrix, IDENTITY, type Matrix, type PdfDocumentProxy, type PdfOperatorList } from "./pdf-ops.ts";
import { extractRulings, type Ruling } from "./pdf-rulings.ts";
import { type TextBox, textBoxes } from "./pdf-text.ts";

/** What the reader needs of one page: its words, and its rulings where it may hold a table. */
export interface RawPage {
  /** Page height in viewport units (scale 1). */
  readonly height: number;
  readonly boxes: TextBox[];
  /** null: the page has no cell values, so its operator list was not read. */
  readonly rulings: Ruling[] | null;
}

// ---------------------------------------------------------------- loading pdf.js

/** pdfjs-dist's folder, found next to pdf-parse (whose dependency it is). */
function pdfjsRoot(): string | undefined {
  try {
    const require = createRequire(import.meta.url);
    const fromParser = createRequire(require.resolve("pdf-parse"));
    return dirname(fromParser.resolve("pdfjs-dist/package.json"));
  } catch {
    return undefined;
  }
}

const PDFJS_ROOT = pdfjsRoot();

/** pdf.js data files (CMaps for non-embedded CJK fonts, standard fonts). */
const DATA_URLS: { cMapUrl?: string; standardFontDataUrl?: string } = PDFJS_ROOT
  ? {
      cMapUrl: `${join(PDFJS_ROOT, "cmaps")}/`,
      standardFontDataUrl: `${join(PDFJS_ROOT, "standard_fonts")}/`,
    }
  : {};

/** The parts of pdfjs-dist 5.4 (legacy build) used here. */
interface PdfjsApi {
  readonly PDFWorker: new (params: { port: DirectPort; verbosity?: number }) => { destroy(): void };
  readonly getDocument: (params: object) => { promise: Promise<unknown>; destroy(): Promise<void> };
  readonly PDFDateString: { toDateObject(input: string): Date | null };
}
interface PdfjsWorkerSide {
  readonly WorkerMessageHandler: { initializeFromPort(port: DirectPort): void };
}

export interface Pdfjs {
  readonly api: PdfjsApi;
  readonly workerSide: PdfjsWorkerSide;
  /** The worker half is patched (patches/pdfjs-dist+5.4.296.patch); false: as shipped. */
  readonly patched: boolean;
}

/** A query that tsx's loader leaves alone (its namespaces); other loaders treat it as part of the URL. */
const UNTRANSFORMED = "?tsx-namespace=nianbao-pdfjs";

/**
 * Runs `load` with source maps off, and puts back the natives that pdf.js's core-js polyfills replace
 * (`Array.prototype.push`, `JSON.parse`: see the head of this file). Exported for the tests and for
 * anything else that evaluates a copy of pdf.js.
 */
export async function withNatives<T>(load: () => Promise<T>): Promise<T> {
  const push = Array.prototype.push;
  const parse = JSON.parse;
  const sourceMaps = process.sourceMapsEnabled;
  process.setSourceMapsEnabled(false);
  try {
    return await load();
  } finally {
    process.setSourceMapsEnabled(sourceMaps);
    Array.prototype.push = push;
    JSON.parse = parse;
  }
}

/** pdfjs-dist's legacy build folder (the one patch-package patches). */
export function pdfjsBuildDir(): string {
  if (!PDFJS_ROOT) throw new Error("pdfjs-dist was not found next to pdf-parse");
  return join(PDFJS_ROOT, "legacy/build");
}

let loading: Promise<Pdfjs> | undefined;

/** pdf.js (both halves), loaded on first use; see the head of this file. */
export function loadPdfjs(): Promise<Pdfjs> {
  loading ??= withNatives(async () => {
    const build = pdfjsBuildDir();
    const url = (file: string) => `${pathToFileURL(join(build, file)).href}${UNTRANSFORMED}`;
    // The worker half first: it sets globalThis.pdfjsWorker, which keeps pdf.js from importing it itself.
    const workerSide = (await import(url("pdf.worker.mjs"))) as PdfjsWorkerSide & {
      nianbaoPatched?: boolean;
    };
    const api = (await import(url("pdf.mjs"))) as PdfjsApi;
    if (
      typeof api.getDocument !== "function" ||
      typeof api.PDFWorker !== "function" ||
      typeof workerSide.WorkerMessageHandler?.initializeFromPort !== "function"
    ) {
      throw new Error("pdfjs-dist does not have the expected API");
    }
    return { api, workerSide, patched: workerSide.nianbaoPatched === true };
  });
  loading.catch(() => {
    loading = undefined;
  });
  return loading;
}

// ---------------------------------------------------------------- the port between pdf.js's halves

type Listener = (event: { data: unknown }) => void;

/** pdf.js's MessageHandler stream opcode for a chunk of a streamed result (StreamKind.ENQUEUE). */
const STREAM_ENQUEUE = 4;

/**
 * A message as the receiver may keep it. pdf.js's worker half reuses two things after sending a streamed
 * chunk: the operator list empties its fnArray/argsArray in place, and text content is given fresh
 * `items`/`styles` properties. A one-level copy of the chunk (object and its arrays) keeps what was sent.
 * A font sent for rendering ("commonobj" … "Font") goes over as a font that failed to load.
 */
function handOver(message: unknown): unknown {
  const m = message as { action?: unknown; data?: unknown; stream?: unknown; chunk?: unknown } | null;
  if (m?.action === "commonobj" && Array.isArray(m.data) && m.data[1] === "Font") {
    return { ...m, data: [m.data[0], "Font", { error: "not loaded: the PDF reader renders nothing" }] };
  }
  if (m?.stream !== STREAM_ENQUEUE || typeof m.chunk !== "object" || m.chunk === null) return message;
  const chunk: Record<string, unknown> = { ...(m.chunk as Record<string, unknown>) };
  for (const key of Object.keys(chunk)) {
    const value = chunk[key];
    if (Array.isArray(value)) chunk[key] = value.slice();
  }
  return { ...m, chunk };
}

/** One end of an in-thread port pair that delivers messages asynchronously, in order, uncloned. */
class DirectPort {
  peer: DirectPort | undefined;
  readonly #listeners = new Set<Listener>();
  readonly #ready = Promise.resolve();

  postMessage(message: unknown): void {
    const peer = this.peer;
    if (!peer) return;
    const data = handOver(message);
    this.#ready.then(() => {
      for (const listener of peer.#listeners) listener.call(peer, { data });
    });
  }

  addEventListener(type: string, listener: Listener, options?: { signal?: AbortSignal }): void {
    if (type !== "message" || options?.signal?.aborted) return;
    this.#listeners.add(listener);
    options?.signal?.addEventListener("abort", () => this.#listeners.delete(listener), { once: true });
  }

  removeEventListener(type: string, listener: Listener): void {
    if (type === "message") this.#listeners.delete(listener);
  }

  terminate(): void {
    this.#listeners.clear();
    this.peer = undefined;
  }
}

/** A pdf.js worker for one document: its parser half set up on this thread behind a DirectPort. */
function directWorker(pdfjs: Pdfjs): { readonly worker: object; destroy(): void } {
  const main = new DirectPort();
  const parser = new DirectPort();
  main.peer = parser;
  parser.peer = main;
  pdfjs.workerSide.WorkerMessageHandler.initializeFromPort(parser);
  const worker = new pdfjs.api.PDFWorker({ port: main, verbosity: 0 });
  return {
    worker,
    destroy() {
      worker.destroy();
      main.terminate();
      parser.terminate();
    },
  };
}

// ---------------------------------------------------------------- documents and pages

/** getDocument parameters (the reader and its workers must parse alike). */
function loadParameters(bytes: Uint8Array, worker: object): Record<string, unknown> {
  return {
    // pdf.js may transfer (detach) the buffer it is given: hand it a copy.
    data: new Uint8Array(bytes),
    ...DATA_URLS,
    cMapPacked: true,
    isEvalSupported: false,
    useSystemFonts: false,
    verbosity: 0,
    // Operator lists are read for their paths only: images go undecoded.
    maxImageSize: 0,
    worker,
    disableFontFace: false,
  };
}

export interface OpenedPdf {
  /** The document once loaded (rejects as pdf.js does: PasswordException, InvalidPDFException, …). */
  readonly loaded: Promise<PdfDocumentProxy>;
  /** Stops the loading or destroys the document, and its pdf.js worker; never throws. */
  destroy(): Promise<void>;
}

/** Start loading `bytes`. */
export function openPdf(pdfjs: Pdfjs, bytes: Uint8Array): OpenedPdf {
  const direct = directWorker(pdfjs);
  const task = pdfjs.api.getDocument(loadParameters(bytes, direct.worker));
  const loaded = task.promise as Promise<PdfDocumentProxy>;
  loaded.catch(() => undefined);
  return {
    loaded,
    async destroy() {
      await task.destroy().catch(() => undefined);
      direct.destroy();
    },
  };
}

export interface PdfMetadata {
  /** The Info dictionary as pdf.js gives it. */
  readonly info: Record<string, unknown>;
  /** Info dates, else XMP dates (as pdf-parse's InfoResult.getDateNode reads them). */
  readonly created?: Date;
  readonly modified?: Date;
}

function xmpDate(metadata: { get(name: string): unknown } | null, name: string): Date | undefined {
  const value = metadata?.get(name);
  if (!value) return undefined;
  const parsed = Date.parse(value as string);
  return Number.isNaN(parsed) ? undefined : new Date(parsed);
}

/** The document's Info dictionary and its creation and modification dates. */
export async function readMetadata(pdfjs: Pdfjs, doc: PdfDocumentProxy): Promise<PdfMetadata> {
  const { info: dictionary, metadata } = await doc.getMetadata();
  const info = dictionary as Record<string, unknown> | undefined;
  const infoDate = (key: string) => {
    const value = info?.[key];
    return value ? (pdfjs.api.PDFDateString.toDateObject(value as string) ?? undefined) : undefined;
  };
  const created = infoDate("CreationDate") ?? xmpDate(metadata, "xmp:createdate");
  const modified = infoDate("ModDate") ?? xmpDate(metadata, "xmp:modifydate");
  return { info: info ?? {}, ...(created ? { created } : {}), ...(modified ? { modified } : {}) };
}

const CELL_VALUE = /^(?:[-+]?\d[\d,.]*(?:万元|元)?|[—/－-]|无)$/;

/** A page with several stand-alone numbers (cell values) may hold a table. */
function mayHoldTable(boxes: readonly TextBox[]): boolean {
  let values = 0;
  for (const b of boxes) if (CELL_VALUE.test(b.text.trim()) && ++values >= 2) return true;
  return false;
}

/**
 * A page's RawPage from its text items and, where it may hold a table, its operator list (fetched only
 * then): shared by the pdf.js path and the lite reader (pdf-lite/), so that both go through one code path.
 */
export async function assembleRawPage(
  items: ReadonlyArray<unknown>,
  viewport: Matrix,
  height: number,
  operatorList: () => PdfOperatorList | Promise<PdfOperatorList>,
): Promise<RawPage> {
  // Bounded work per page (limits.ts): the words kept, and rulings only from a page of sane size.
  const boxes = textBoxes(items.slice(0, MAX_PAGE_BOXES), viewport);
  // Ruling lines matter only where numbers sit in cells; prose pages skip the operator list.
  const ops = mayHoldTable(boxes) ? await operatorList() : null;
  const rulings = ops && ops.fnArray.length <= MAX_PAGE_OPERATORS ? extractRulings(ops, viewport) : null;
  return { height, boxes, rulings };
}

/** Page `n` (1-based): words from its text content; rulings from its operator list where numbers stand. */
export async function readRawPage(doc: PdfDocumentProxy, n: number): Promise<RawPage> {
  const page = await doc.getPage(n);
  const { transform, height } = page.getViewport({ scale: 1 });
  const viewport = asMatrix(transform) ?? IDENTITY;
  const content = await page.getTextContent();
  const raw = await assembleRawPage(content.items, viewport, height, () => page.getOperatorList());
  page.cleanup();
  return raw;
}

/**
 * Page claims shared by the reader and its page workers (an Int32Array on a SharedArrayBuffer, one entry
 * per page, page k + 1 at k): 0 free, READER_CLAIM taken by the reader's thread, w (1 …) by worker w.
 * Workers claim from the front, the reader from the back, each stopping at the other's first claim.
 */
export const READER_CLAIM = -1;
