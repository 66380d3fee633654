/**
 * The lite PDF reader: our own text reader for the common case (issue 13), pure TypeScript on Node's
 * built-ins. It produces exactly what the pdf.js path produces for the reader (the same RawPages, built
 * by the same `assembleRawPage` from text items and an operator list made the way pdf.js makes them, and
 * the same metadata), for documents whose every page, font and stream it fully supports; for anything
 * else it throws LiteUnsupported with the reason and the caller reads the document with pdf.js. See
 * docs/pdf.md "The lite reader". A stream that inflates past its cap throws LiteOverCap: that document is
 * refused, not handed to pdf.js (a flate bomb, issue 14).
 */

import type { Matrix } from "../pdf-ops.ts";
import { assembleRawPage, type PdfMetadata, type RawPage } from "../pdf-pages.ts";
import { newTextState, PageWalker } from "./content.ts";
import { LiteDocument } from "./document.ts";
import type { LiteFont } from "./fonts.ts";
import {
  isDict,
  LiteUnsupported,
  type PdfDict,
  PdfName,
  type PdfObject,
  PdfStream,
  PdfString,
} from "./objects.ts";

export { MAX_STREAM_BYTES } from "./document.ts";
export { LiteOverCap, LiteUnsupported } from "./objects.ts";

export interface LiteResult {
  readonly numPages: number;
  readonly metadata: PdfMetadata;
  /** Reads page `n` (1-based). */
  readPage(n: number): Promise<RawPage>;
}

/** Pages (and the nodes above them) deeper than this: pdf.js reads the document. */
const MAX_TREE_DEPTH = 32;
/** The US-letter box pdf.js assumes where a page has no usable MediaBox. */
const LETTER: readonly [number, number, number, number] = [0, 0, 612, 792];

interface PageNode {
  readonly dict: PdfDict;
  /** Inherited values, the nearest first. */
  readonly chain: readonly PdfDict[];
}

type Rect = [number, number, number, number];

function normalRect(doc: LiteDocument, o: PdfObject | undefined): Rect | null {
  if (!Array.isArray(o) || o.length !== 4) return null;
  const v = o.map((x) => doc.resolve(x));
  if (!v.every((x) => typeof x === "number")) return null;
  const [a, b, c, d] = v as number[] as Rect;
  return [Math.min(a, c), Math.min(b, d), Math.max(a, c), Math.max(b, d)];
}

function inherited(doc: LiteDocument, node: PageNode, key: string): PdfObject | undefined {
  for (const d of node.chain) {
    const v = doc.get(d, key);
    if (v !== undefined) return v;
  }
  return undefined;
}

function box(doc: LiteDocument, node: PageNode, key: string): Rect | null {
  const r = normalRect(doc, inherited(doc, node, key));
  return r && r[2] - r[0] > 0 && r[3] - r[1] > 0 ? r : null;
}

/** The page's view (CropBox within MediaBox), as pdf.js's Page.view. */
function viewOf(doc: LiteDocument, node: PageNode): Rect {
  const media = box(doc, node, "MediaBox") ?? ([...LETTER] as Rect);
  const crop = box(doc, node, "CropBox") ?? media;
  if (crop.every((v, i) => v === media[i])) return media;
  const x0 = Math.max(Math.min(crop[0], crop[2]), Math.min(media[0], media[2]));
  const x1 = Math.min(Math.max(crop[0], crop[2]), Math.max(media[0], media[2]));
  const y0 = Math.max(Math.min(crop[1], crop[3]), Math.min(media[1], media[3]));
  const y1 = Math.min(Math.max(crop[1], crop[3]), Math.max(media[1], media[3]));
  if (x0 > x1 || y0 > y1 || x1 - x0 <= 0 || y1 - y0 <= 0) return media;
  return [x0, y0, x1, y1];
}

/** The viewport at scale 1, as pdf.js's PageViewport computes it. */
export function viewport(view: Rect, rotation: number): { transform: Matrix; height: number } {
  const scale = 1;
  const centerX = (view[2] + view[0]) / 2;
  const centerY = (view[3] + view[1]) / 2;
  const [a, b, c, d] = (
    { 0: [1, 0, 0, -1], 90: [0, 1, 1, 0], 180: [-1, 0, 0, 1], 270: [0, -1, -1, 0] } as const
  )[rotation as 0 | 90 | 180 | 270];
  let offsetX: number;
  let offsetY: number;
  let height: number;
  if (a === 0) {
    offsetX = Math.abs(centerY - view[1]) * scale + 0;
    offsetY = Math.abs(centerX - view[0]) * scale + 0;
    height = (view[2] - view[0]) * scale;
  } else {
    offsetX = Math.abs(centerX - view[0]) * scale + 0;
    offsetY = Math.abs(centerY - view[1]) * scale + 0;
    height = (view[3] - view[1]) * scale;
  }
  const transform: Matrix = [
    a * scale,
    b * scale,
    c * scale,
    d * scale,
    offsetX - a * scale * centerX - c * scale * centerY,
    offsetY - b * scale * centerX - d * scale * centerY,
  ];
  return { transform, height };
}

function rotationOf(doc: LiteDocument, node: PageNode): number {
  const r = inherited(doc, node, "Rotate");
  let rotate = typeof r === "number" && r ? r : 0;
  if (rotate % 90 !== 0) rotate = 0;
  else if (rotate >= 360) rotate %= 360;
  else if (rotate < 0) rotate = ((rotate % 360) + 360) % 360;
  return rotate;
}

/** Resources: the nearest dictionary's keys first, then the keys only ancestors have (pdf.js merges them). */
function resourcesOf(doc: LiteDocument, node: PageNode): PdfDict | null {
  const found: PdfDict[] = [];
  for (const d of node.chain) {
    const r = doc.get(d, "Resources");
    if (isDict(r)) found.push(r);
  }
  if (found.length <= 1) return found[0] ?? null;
  const merged: PdfDict = new Map();
  for (const r of found) for (const [k, v] of r) if (!merged.has(k)) merged.set(k, v);
  return merged;
}

function pageNodes(doc: LiteDocument, root: PdfDict): PageNode[] {
  const pages = doc.get(root, "Pages");
  if (!isDict(pages)) throw new LiteUnsupported("no page tree");
  const out: PageNode[] = [];
  const seen = new Set<PdfDict>();
  const visit = (node: PdfDict, chain: PdfDict[], depth: number) => {
    if (depth > MAX_TREE_DEPTH || seen.has(node)) throw new LiteUnsupported("page tree loops or is too deep");
    seen.add(node);
    const here = [node, ...chain];
    const kids = doc.get(node, "Kids");
    const type = doc.get(node, "Type");
    if (Array.isArray(kids) && !(type instanceof PdfName && type.name === "Page")) {
      for (const kid of kids) {
        const k = doc.resolve(kid);
        if (!isDict(k)) throw new LiteUnsupported("page tree kid is not a dictionary");
        visit(k, here, depth + 1);
      }
      return;
    }
    if (!(type instanceof PdfName && type.name === "Page"))
      throw new LiteUnsupported("page without /Type /Page");
    out.push({ dict: node, chain: here });
  };
  visit(pages, [], 0);
  const count = doc.get(pages, "Count");
  if (count !== out.length) throw new LiteUnsupported("page count differs from /Count");
  return out;
}

/** A PDF text string as pdf.js decodes it (UTF-16 or UTF-8 with a BOM; else PDFDocEncoding's ASCII part). */
function pdfText(o: PdfObject | undefined): string | undefined {
  if (!(o instanceof PdfString)) return undefined;
  const s = o.bytes;
  const bytes = Buffer.from(s, "latin1");
  let decoded: string | undefined;
  try {
    if (s.startsWith("\xfe\xff"))
      decoded = new TextDecoder("utf-16be", { fatal: true }).decode(bytes.subarray(0, bytes.length & ~1));
    else if (s.startsWith("\xff\xfe"))
      decoded = new TextDecoder("utf-16le", { fatal: true }).decode(bytes.subarray(0, bytes.length & ~1));
    else if (s.startsWith("\xef\xbb\xbf")) decoded = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    throw new LiteUnsupported("info string that does not decode");
  }
  if (decoded !== undefined) {
    if (decoded.includes("\x1b")) throw new LiteUnsupported("info string with escape sequences");
    return decoded;
  }
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    // Codes where PDFDocEncoding differs from Latin-1 (pdf.js translates them; not done here).
    if ((c >= 0x18 && c <= 0x1f) || (c >= 0x7f && c <= 0xa0) || c === 0xad) {
      throw new LiteUnsupported("info string in PDFDocEncoding");
    }
  }
  return s;
}

const DATE = /^D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?([Z|+|-])?(\d{2})?'?(\d{2})?'?/;

/** A PDF date as pdf.js's PDFDateString.toDateObject reads it. */
export function pdfDate(input: string | undefined): Date | undefined {
  if (!input) return undefined;
  const m = DATE.exec(input);
  if (!m) return undefined;
  const int = (i: number) => Number.parseInt(m[i] as string, 10);
  const within = (v: number, lo: number, hi: number, dflt: number) => (v >= lo && v <= hi ? v : dflt);
  const year = int(1);
  const month = within(int(2), 1, 12, 1) - 1;
  const day = within(int(3), 1, 31, 1);
  let hour = within(int(4), 0, 23, 0);
  let minute = within(int(5), 0, 59, 0);
  const second = within(int(6), 0, 59, 0);
  const relation = m[7] || "Z";
  const offsetHour = within(int(8), 0, 23, 0);
  const offsetMinute = within(int(9) || 0, 0, 59, 0);
  if (relation === "-") {
    hour += offsetHour;
    minute += offsetMinute;
  } else if (relation === "+") {
    hour -= offsetHour;
    minute -= offsetMinute;
  }
  return new Date(Date.UTC(year, month, day, hour, minute, second));
}

function metadataOf(doc: LiteDocument, root: PdfDict): PdfMetadata {
  const infoObj = doc.get(doc.trailer, "Info");
  const info: Record<string, unknown> = {};
  let created: Date | undefined;
  let modified: Date | undefined;
  if (isDict(infoObj)) {
    for (const key of ["Title", "Author"]) {
      const v = pdfText(doc.get(infoObj, key));
      if (v !== undefined) info[key] = v;
    }
    created = pdfDate(pdfText(doc.get(infoObj, "CreationDate")));
    modified = pdfDate(pdfText(doc.get(infoObj, "ModDate")));
  }
  if ((!created || !modified) && root.has("Metadata")) {
    throw new LiteUnsupported("dates only in XMP metadata");
  }
  return { info, ...(created ? { created } : {}), ...(modified ? { modified } : {}) };
}

/** Content bytes of a page (an array of streams is joined as pdf.js joins it: back to back). */
function contentOf(doc: LiteDocument, page: PdfDict): Uint8Array {
  const contents = doc.get(page, "Contents");
  if (contents === undefined || contents === null) return new Uint8Array(0);
  if (contents instanceof PdfStream) return doc.decode(contents);
  if (!Array.isArray(contents)) throw new LiteUnsupported("odd /Contents");
  const parts = contents.map((c) => {
    const s = doc.resolve(c);
    if (!(s instanceof PdfStream)) throw new LiteUnsupported("content array item is not a stream");
    return doc.decode(s);
  });
  return Buffer.concat(parts);
}

/** Opens `bytes` with the lite reader; throws LiteUnsupported (with its reason) or LiteOverCap. */
export function openLite(bytes: Uint8Array, deadline = Number.POSITIVE_INFINITY): LiteResult {
  const doc = new LiteDocument(bytes);
  const root = doc.get(doc.trailer, "Root");
  if (!isDict(root)) throw new LiteUnsupported("no catalog");
  if (root.has("AcroForm") && isDict(doc.get(root, "AcroForm"))) {
    const fields = doc.get(doc.get(root, "AcroForm") as PdfDict, "XFA");
    if (fields !== undefined) throw new LiteUnsupported("XFA form");
  }
  const nodes = pageNodes(doc, root);
  const metadata = metadataOf(doc, root);
  const fonts = new Map<PdfDict, LiteFont>();
  return {
    numPages: nodes.length,
    metadata,
    async readPage(n: number): Promise<RawPage> {
      const node = nodes[n - 1];
      if (!node) throw new LiteUnsupported(`no page ${n}`);
      const userUnit = doc.get(node.dict, "UserUnit");
      if (userUnit !== undefined && userUnit !== 1) throw new LiteUnsupported("UserUnit");
      const annots = doc.get(node.dict, "Annots");
      if (Array.isArray(annots)) {
        for (const a of annots) {
          const annot = doc.resolve(a);
          // pdf.js draws appearance streams, and makes some for form fields and markup without one, into the
          // operator list (where their paths would count as rulings); a plain link draws nothing.
          if (!isDict(annot)) continue;
          const subtype = doc.get(annot, "Subtype");
          if (annot.has("AP") || !(subtype instanceof PdfName && subtype.name === "Link")) {
            throw new LiteUnsupported("annotation that pdf.js may draw");
          }
        }
      }
      const view = viewOf(doc, node);
      const { transform, height } = viewport(view, rotationOf(doc, node));
      const walker = new PageWalker(doc, view, deadline, fonts);
      walker.walk(contentOf(doc, node.dict), resourcesOf(doc, node), newTextState(), 0);
      return assembleRawPage(walker.items, transform, height, () => {
        if (walker.operatorCount > 190_000 && walker.operatorCount < 210_000) {
          throw new LiteUnsupported("operator count too close to MAX_PAGE_OPERATORS to match pdf.js");
        }
        // Past the band pdf.js's list is longer than the cap as well: a list that says so.
        if (walker.operatorCount >= 210_000)
          return { fnArray: { length: walker.operatorCount }, argsArray: [] };
        return { fnArray: walker.fnArray, argsArray: walker.argsArray };
      });
    },
  };
}
