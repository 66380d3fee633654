/**
 * OFD reader (GB/T 33190, the national fixed-layout format government document systems export).
 * An OFD is a ZIP: OFD.xml names each document's Document.xml, which lists the pages (and template
 * pages) whose Content.xml draws TextObjects (text codes with positions in mm and a font size) and
 * PathObjects (the table rulings). Text objects become positioned words and axis-aligned path segments
 * rulings, in points like a PDF page, and the PDF layout (grids from rulings, words into cells, lines by
 * baseline) turns them into the document model.
 */
import { posix } from "node:path";
import { Parser } from "htmlparser2";
import type { Document, DocumentInfo } from "../document.ts";
import { normalizeText } from "./normalize-text.ts";
import type { Ruling } from "./pdf-rulings.ts";
import type { TextBox } from "./pdf-text.ts";
import { type PositionedPage, positionedLines } from "./positioned.ts";
import { ReadError } from "./read-error.ts";
import { listZipEntries, readZipEntry, type ZipEntry } from "./zip.ts";

/** OFD units are millimetres; the layout's thresholds are in PDF points. */
const PT_PER_MM = 72 / 25.4;
/** Share of the font size above the baseline (as for PDF text). */
const ASCENT = 0.85;
const DESCENT = 0.15;
/** A gap between two glyphs wider than this many ems splits a word (cells printed by position). */
const WORD_GAP = 0.6;
/** A path this thin (points) that is filled is drawn as a line. */
const MAX_FILL_THICKNESS = 3;
const MIN_RULING = 3;
const MAX_PAGES = 500;
const MAX_ENTRY_BYTES = 16 * 1024 * 1024;

interface XmlElement {
  readonly tag: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

/** A namespace-free element tree (OFD files use ofd:, other prefixes, or none). */
export function parseXml(xml: string): XmlElement {
  const root: XmlElement = { tag: "#root", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const el: XmlElement = { tag: name.replace(/^.*:/, ""), attrs, children: [], text: "" };
        (stack.at(-1) ?? root).children.push(el);
        stack.push(el);
      },
      ontext(text) {
        const top = stack.at(-1);
        if (top) top.text += text;
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.write(xml);
  parser.end();
  return root;
}

function child(el: XmlElement | undefined, tag: string): XmlElement | undefined {
  return el?.children.find((c) => c.tag === tag);
}

function children(el: XmlElement | undefined, tag: string): XmlElement[] {
  return el?.children.filter((c) => c.tag === tag) ?? [];
}

function numbers(value: string | undefined): number[] {
  return (value ?? "")
    .trim()
    .split(/[\s,]+/)
    .filter((t) => t !== "")
    .map(Number);
}

type Matrix = readonly [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

function apply(m: Matrix, x: number, y: number): [number, number] {
  return [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
}

/** Object space → page space: the object's CTM, then its Boundary's origin. */
function objectMatrix(el: XmlElement): Matrix {
  const [bx = 0, by = 0] = numbers(el.attrs.Boundary);
  const ctm = numbers(el.attrs.CTM);
  const m: Matrix = ctm.length === 6 ? (ctm as unknown as Matrix) : IDENTITY;
  return [m[0], m[1], m[2], m[3], m[4] + bx, m[5] + by];
}

/**
 * DeltaX/DeltaY: gaps between consecutive glyphs, with "g N d" for N repeats of d. Missing values
 * repeat the last one (writers give one value for evenly spaced text).
 */
export function deltas(value: string | undefined, count: number): number[] {
  const tokens = (value ?? "")
    .trim()
    .split(/\s+/)
    .filter((t) => t !== "");
  const out: number[] = [];
  for (let i = 0; i < tokens.length && out.length < count; i++) {
    if (tokens[i] === "g") {
      const n = Number(tokens[i + 1]);
      const d = Number(tokens[i + 2]);
      for (let k = 0; k < n && out.length < count; k++) out.push(d);
      i += 2;
    } else out.push(Number(tokens[i]));
  }
  const last = out.at(-1);
  while (out.length < count) out.push(last ?? Number.NaN);
  return out;
}

interface Glyph {
  readonly ch: string;
  readonly x: number;
  readonly y: number;
}

/** Words of one TextObject, in points: glyph positions from the text codes, split at spaces and gaps. */
function textObjectBoxes(el: XmlElement, out: TextBox[]): void {
  const m = objectMatrix(el);
  const fontSize = Number(el.attrs.Size) || 3.5;
  const scale = Math.hypot(m[2], m[3]) || 1;
  const size = fontSize * scale * PT_PER_MM;
  let x = 0;
  let y = 0;
  for (const code of children(el, "TextCode")) {
    const chars = [...normalizeText(code.text)];
    if (code.attrs.X !== undefined) x = Number(code.attrs.X);
    if (code.attrs.Y !== undefined) y = Number(code.attrs.Y);
    const dx = deltas(code.attrs.DeltaX, chars.length - 1);
    const dy = deltas(code.attrs.DeltaY, chars.length - 1);
    const glyphs: Glyph[] = [];
    chars.forEach((ch, i) => {
      const [px, py] = apply(m, x, y);
      glyphs.push({ ch, x: px * PT_PER_MM, y: py * PT_PER_MM });
      if (i < chars.length - 1) {
        const ax = dx[i];
        x += ax !== undefined && Number.isFinite(ax) ? ax : advance(ch, fontSize);
        const ay = dy[i];
        if (code.attrs.DeltaY !== undefined && ay !== undefined && Number.isFinite(ay)) y += ay;
      }
    });
    pushWords(glyphs, size, out);
    // The next text code continues after this one unless it gives its own X.
    const last = chars.at(-1);
    if (last !== undefined) x += advance(last, fontSize);
  }
}

function advance(ch: string, size: number): number {
  return size * ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.55);
}

function pushWords(glyphs: readonly Glyph[], size: number, out: TextBox[]): void {
  let word: Glyph[] = [];
  const flush = () => {
    if (word.length === 0) return;
    const first = word[0] as Glyph;
    const last = word.at(-1) as Glyph;
    out.push({
      text: word.map((g) => g.ch).join(""),
      x: first.x,
      x2: last.x + advance(last.ch, size),
      top: first.y - size * ASCENT,
      bottom: first.y + size * DESCENT,
      size,
    });
    word = [];
  };
  for (const g of glyphs) {
    const prev = word.at(-1);
    if (/\s/.test(g.ch)) {
      flush();
      continue;
    }
    if (
      prev &&
      (Math.abs(g.y - prev.y) > size * 0.5 || g.x - (prev.x + advance(prev.ch, size)) > size * WORD_GAP)
    )
      flush();
    word.push(g);
  }
  flush();
}

/** Axis-aligned segments of a PathObject's AbbreviatedData (M, L, C; curves ignored), as rulings. */
function pathRulings(el: XmlElement, out: Ruling[]): void {
  const m = objectMatrix(el);
  const tokens = (child(el, "AbbreviatedData")?.text ?? "").trim().split(/\s+/);
  const points: Array<[number, number]> = [];
  const segments: Array<[[number, number], [number, number]]> = [];
  let start: [number, number] | null = null;
  let current: [number, number] | null = null;
  const pt = (i: number): [number, number] => {
    const [px, py] = apply(m, Number(tokens[i]), Number(tokens[i + 1]));
    return [px * PT_PER_MM, py * PT_PER_MM];
  };
  for (let i = 0; i < tokens.length; ) {
    const op = tokens[i];
    if (op === "M" || op === "S") {
      current = pt(i + 1);
      start = current;
      points.push(current);
      i += 3;
    } else if (op === "L") {
      const next = pt(i + 1);
      if (current) segments.push([current, next]);
      current = next;
      points.push(next);
      i += 3;
    } else if (op === "C") {
      if (current && start) segments.push([current, start]);
      current = start;
      i += 1;
    } else if (op === "Q") {
      current = pt(i + 3);
      i += 5;
    } else if (op === "B") {
      current = pt(i + 5);
      i += 7;
    } else if (op === "A") {
      current = pt(i + 6);
      i += 8;
    } else i += 1;
  }
  const stroke = el.attrs.Stroke !== "false";
  const fill = el.attrs.Fill === "true";
  if (stroke) {
    for (const [a, b] of segments) {
      if (Math.abs(a[1] - b[1]) <= 0.5 && Math.abs(a[0] - b[0]) >= MIN_RULING)
        out.push({ dir: "h", pos: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) });
      else if (Math.abs(a[0] - b[0]) <= 0.5 && Math.abs(a[1] - b[1]) >= MIN_RULING)
        out.push({ dir: "v", pos: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) });
    }
  }
  if (fill && points.length >= 3) {
    // A thin filled rectangle is a line (some writers draw cell borders that way).
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
    if (y1 - y0 <= MAX_FILL_THICKNESS && x1 - x0 >= MIN_RULING)
      out.push({ dir: "h", pos: (y0 + y1) / 2, from: x0, to: x1 });
    else if (x1 - x0 <= MAX_FILL_THICKNESS && y1 - y0 >= MIN_RULING)
      out.push({ dir: "v", pos: (x0 + x1) / 2, from: y0, to: y1 });
  }
}

interface PageObjects {
  boxes: TextBox[];
  rulings: Ruling[];
  images: number;
}

function collect(el: XmlElement, page: PageObjects): void {
  for (const c of el.children) {
    if (c.tag === "TextObject") textObjectBoxes(c, page.boxes);
    else if (c.tag === "PathObject") pathRulings(c, page.rulings);
    else if (c.tag === "ImageObject") page.images++;
    else if (c.tag === "PageBlock" || c.tag === "Layer" || c.tag === "Content") {
      collect(c, page);
    }
  }
}

class OfdPackage {
  private readonly entries: Map<string, ZipEntry>;
  constructor(private readonly bytes: Uint8Array) {
    const list = listZipEntries(bytes);
    if (!list) throw new ReadError("corrupt", "ofd", "zip central directory missing (truncated file?)");
    this.entries = new Map(list.map((e) => [e.name.replace(/^\/+/, ""), e]));
  }

  xml(path: string): XmlElement | null {
    const name = posix.normalize(path.replace(/\\/g, "/")).replace(/^\/+/, "");
    const entry =
      this.entries.get(name) ??
      [...this.entries.values()].find((e) => e.name.toLowerCase() === name.toLowerCase());
    if (!entry) return null;
    const data = readZipEntry(this.bytes, entry, MAX_ENTRY_BYTES);
    if (!data) throw new ReadError("corrupt", "ofd", `cannot inflate ${name}`);
    return parseXml(new TextDecoder("utf-8").decode(data));
  }
}

/** A location in an OFD is relative to the file that names it, or absolute from the package root. */
function resolve(base: string, loc: string): string {
  const clean = loc.trim().replace(/\\/g, "/");
  return clean.startsWith("/") ? clean.slice(1) : posix.join(posix.dirname(base), clean);
}

function docInfo(ofd: XmlElement | undefined): DocumentInfo {
  const info: Record<string, string> = {};
  const title = child(ofd, "Title")?.text.trim();
  const author = child(ofd, "Author")?.text.trim();
  const iso = (v: string | undefined) => {
    const t = v ? Date.parse(v.trim()) : Number.NaN;
    return Number.isNaN(t) ? undefined : new Date(t).toISOString();
  };
  if (title) info.title = title;
  if (author) info.author = author;
  const created = iso(child(ofd, "CreationDate")?.text);
  const modified = iso(child(ofd, "ModDate")?.text);
  if (created) info.created = created;
  if (modified) info.modified = modified;
  return info;
}

/** The positioned pages of the first document in the package (text in points, y down). */
export function readOfdPages(bytes: Uint8Array): {
  pages: PositionedPage[];
  info: DocumentInfo;
  images: number;
} {
  const pkg = new OfdPackage(bytes);
  const root = pkg.xml("OFD.xml");
  const body = child(child(root ?? undefined, "OFD"), "DocBody");
  const docRoot = child(body, "DocRoot")?.text.trim();
  if (!docRoot) throw new ReadError("corrupt", "ofd", "OFD.xml names no DocRoot");
  const docPath = resolve("OFD.xml", docRoot);
  const doc = child(pkg.xml(docPath) ?? undefined, "Document");
  if (!doc) throw new ReadError("corrupt", "ofd", `${docPath} missing`);
  const common = child(doc, "CommonData");
  const defaultBox = numbers(child(child(common, "PageArea"), "PhysicalBox")?.text);
  const templates = new Map(
    children(common, "TemplatePage").map((t) => [t.attrs.ID ?? "", resolve(docPath, t.attrs.BaseLoc ?? "")]),
  );
  const pageRefs = children(child(doc, "Pages"), "Page");
  if (pageRefs.length > MAX_PAGES) throw new ReadError("corrupt", "ofd", `${pageRefs.length} pages`);
  const pages: PositionedPage[] = [];
  let images = 0;
  for (const ref of pageRefs) {
    const path = resolve(docPath, ref.attrs.BaseLoc ?? "");
    const page = child(pkg.xml(path) ?? undefined, "Page");
    if (!page) throw new ReadError("corrupt", "ofd", `page ${path} missing`);
    const objects: PageObjects = { boxes: [], rulings: [], images: 0 };
    for (const t of children(page, "Template")) {
      const tplPath = templates.get(t.attrs.TemplateID ?? "");
      const tpl = tplPath ? child(pkg.xml(tplPath) ?? undefined, "Page") : undefined;
      if (tpl) collect(child(tpl, "Content") ?? tpl, objects);
    }
    collect(child(page, "Content") ?? page, objects);
    const box = numbers(child(child(page, "Area"), "PhysicalBox")?.text);
    const height = ((box.length === 4 ? box[3] : defaultBox[3]) ?? 297) * PT_PER_MM;
    images += objects.images;
    pages.push({ height, boxes: objects.boxes, rulings: objects.rulings });
  }
  return { pages, info: docInfo(child(body, "DocInfo")), images };
}

/** Below this many characters on all pages, an OFD with images is a scan. */
const MIN_CHARS = 50;

export function readOfd(bytes: Uint8Array): Document {
  let read: ReturnType<typeof readOfdPages>;
  try {
    read = readOfdPages(bytes);
  } catch (error) {
    if (ReadError.isInstance(error)) throw error;
    throw new ReadError("corrupt", "ofd", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const chars = read.pages.reduce((n, p) => n + p.boxes.reduce((m, b) => m + b.text.length, 0), 0);
  if (chars < MIN_CHARS && read.images > 0)
    throw new ReadError("no_text_layer", "ofd", `${chars} characters, ${read.images} image(s)`);
  const { lines, pagesWithoutText } = positionedLines(read.pages);
  return {
    format: "ofd",
    pageCount: read.pages.length,
    lines,
    info: { ...read.info, ...(pagesWithoutText.length ? { pagesWithoutText } : {}) },
  };
}
