/**
 * The lite reader's view of a PDF file: cross-reference tables and streams (with incremental updates
 * through /Prev), object streams, indirect objects fetched on demand, and stream data decoded
 * (FlateDecode through node:zlib with a cap on the bytes produced). A file whose cross-reference data
 * does not hold up (an offset that does not land on its object, a stream whose /Length does not end at
 * `endstream`) is not repaired here: LiteUnsupported sends it to pdf.js, which has a recovery scan.
 */
import { constants, inflateSync } from "node:zlib";
import {
  EOF,
  isDict,
  Lexer,
  LiteOverCap,
  LiteUnsupported,
  PdfCmd,
  type PdfDict,
  PdfName,
  type PdfObject,
  PdfRef,
  PdfStream,
  type Token,
} from "./objects.ts";

/** Bytes one stream may decode to. */
export const MAX_STREAM_BYTES = 64 * 1024 * 1024;
/** Bytes all the streams of one document may decode to together. */
export const MAX_DOCUMENT_STREAM_BYTES = 256 * 1024 * 1024;

type XrefEntry = { readonly offset: number } | { readonly stream: number; readonly index: number };

function cmd(t: Token, name: string): boolean {
  return t instanceof PdfCmd && t.cmd === name;
}

/** Parses one object from `lexer`; indirect references are recognised (`n g R`). */
export function parseObject(lexer: Lexer, first: Token = lexer.next(), depth = 0): PdfObject {
  if (depth > 100) throw new LiteUnsupported("objects nested too deep");
  const t = first;
  if (t === "[") {
    const items: PdfObject[] = [];
    for (;;) {
      const n = lexer.next();
      if (n === "]") return items;
      if (n === EOF) throw new LiteUnsupported("unterminated array");
      items.push(parseValue(lexer, n, depth));
    }
  }
  if (t === "<<") {
    const dict: PdfDict = new Map();
    for (;;) {
      const k = lexer.next();
      if (k === ">>") return dict;
      if (!(k instanceof PdfName)) throw new LiteUnsupported("dictionary key is not a name");
      dict.set(k.name, parseValue(lexer, lexer.next(), depth));
    }
  }
  if (t === EOF || t === "]" || t === ">>" || t instanceof PdfCmd) {
    throw new LiteUnsupported("unexpected token");
  }
  return t;
}

/** parseObject, with `n g R` read as a reference. */
function parseValue(lexer: Lexer, t: Token, depth: number): PdfObject {
  if (typeof t === "number" && Number.isInteger(t) && t >= 0) {
    const save = lexer.pos;
    const g = lexer.next();
    if (typeof g === "number" && Number.isInteger(g) && g >= 0) {
      const r = lexer.next();
      if (cmd(r, "R")) return new PdfRef(t, g);
    }
    lexer.pos = save;
    return t;
  }
  return parseObject(lexer, t, depth + 1);
}

export class LiteDocument {
  readonly xref = new Map<number, XrefEntry>();
  readonly trailer: PdfDict = new Map();
  private readonly cache = new Map<number, PdfObject>();
  private readonly objectStreams = new Map<number, { data: Uint8Array; offsets: Map<number, number> }>();
  private decodedBytes = 0;
  private fetching = new Set<number>();

  constructor(readonly data: Uint8Array) {
    const start = this.findStartXref();
    const seen = new Set<number>();
    let offset: number | null = start;
    while (offset !== null) {
      if (seen.has(offset) || seen.size > 64) throw new LiteUnsupported("xref chain loops");
      seen.add(offset);
      offset = this.readXrefSection(offset);
    }
    if (this.trailer.has("Encrypt")) throw new LiteUnsupported("encrypted");
    if (!this.trailer.has("Root")) throw new LiteUnsupported("no /Root in the trailer");
  }

  private findStartXref(): number {
    const d = this.data;
    const from = Math.max(0, d.length - 2048);
    const tail = Buffer.from(d.buffer, d.byteOffset + from, d.length - from).toString("latin1");
    const at = tail.lastIndexOf("startxref");
    if (at < 0) throw new LiteUnsupported("no startxref");
    const m = /^startxref\s+(\d+)/.exec(tail.slice(at));
    if (!m) throw new LiteUnsupported("bad startxref");
    const offset = Number(m[1]);
    if (offset <= 0 || offset >= d.length) throw new LiteUnsupported("startxref out of range");
    return offset;
  }

  /** Reads the section at `offset` (older entries never replace newer ones); returns /Prev. */
  private readXrefSection(offset: number): number | null {
    const lexer = new Lexer(this.data, offset);
    const t = lexer.next();
    let trailer: PdfDict;
    if (cmd(t, "xref")) {
      for (;;) {
        const a = lexer.next();
        if (cmd(a, "trailer")) break;
        const count = lexer.next();
        if (typeof a !== "number" || typeof count !== "number") throw new LiteUnsupported("bad xref table");
        // Entries are 20 bytes; read them as text for robustness against odd line ends.
        lexer.skipSpace();
        for (let i = 0; i < count; i++) {
          const off = lexer.next();
          const gen = lexer.next();
          const kind = lexer.next();
          if (typeof off !== "number" || typeof gen !== "number" || !(kind instanceof PdfCmd)) {
            throw new LiteUnsupported("bad xref entry");
          }
          const num = a + i;
          if (kind.cmd === "n" && !this.xref.has(num) && off > 0) this.xref.set(num, { offset: off });
          else if (kind.cmd === "f" && !this.xref.has(num)) this.xref.set(num, { offset: 0 });
        }
      }
      const dict = parseObject(lexer);
      if (!isDict(dict)) throw new LiteUnsupported("bad trailer");
      trailer = dict;
      const stm = trailer.get("XRefStm");
      if (typeof stm === "number") this.readXrefSection(stm);
    } else if (typeof t === "number") {
      const gen = lexer.next();
      const obj = lexer.next();
      if (typeof gen !== "number" || !cmd(obj, "obj"))
        throw new LiteUnsupported("startxref does not point at xref");
      const stream = this.readIndirectBody(lexer);
      if (!(stream instanceof PdfStream) || (stream.dict.get("Type") as PdfName)?.name !== "XRef") {
        throw new LiteUnsupported("not an xref stream");
      }
      trailer = stream.dict;
      this.readXrefStream(stream);
    } else throw new LiteUnsupported("startxref does not point at xref");
    for (const [k, v] of trailer) if (!this.trailer.has(k)) this.trailer.set(k, v);
    const prev = trailer.get("Prev");
    return typeof prev === "number" ? prev : null;
  }

  private readXrefStream(stream: PdfStream): void {
    const data = this.decode(stream);
    const w = stream.dict.get("W");
    const size = stream.dict.get("Size");
    if (
      !Array.isArray(w) ||
      w.length !== 3 ||
      !w.every((n) => typeof n === "number") ||
      typeof size !== "number"
    ) {
      throw new LiteUnsupported("bad xref stream");
    }
    const [w0, w1, w2] = w as [number, number, number];
    const index = stream.dict.get("Index");
    const ranges = Array.isArray(index) ? (index as number[]) : [0, size];
    const rowLength = w0 + w1 + w2;
    let p = 0;
    const field = (width: number, dflt: number) => {
      if (width === 0) return dflt;
      let v = 0;
      for (let i = 0; i < width; i++) v = v * 256 + (data[p++] as number);
      return v;
    };
    for (let r = 0; r + 1 < ranges.length; r += 2) {
      const first = ranges[r] as number;
      const count = ranges[r + 1] as number;
      for (let i = 0; i < count; i++) {
        if (p + rowLength > data.length) throw new LiteUnsupported("xref stream too short");
        const type = field(w0, 1);
        const a = field(w1, 0);
        const b = field(w2, 0);
        const num = first + i;
        if (this.xref.has(num)) continue;
        if (type === 1) this.xref.set(num, { offset: a });
        else if (type === 2) this.xref.set(num, { stream: a, index: b });
        else if (type === 0) this.xref.set(num, { offset: 0 });
        else throw new LiteUnsupported("unknown xref entry type");
      }
    }
  }

  /** After `n g obj`: the object, and its stream data where `stream` follows. */
  private readIndirectBody(lexer: Lexer): PdfObject {
    const value = parseObject(lexer);
    if (!isDict(value)) return value;
    const save = lexer.pos;
    const t = lexer.next();
    if (!cmd(t, "stream")) {
      lexer.pos = save;
      return value;
    }
    let p = lexer.pos;
    if (this.data[p] === 0x0d) p++;
    if (this.data[p] === 0x0a) p++;
    const length = this.resolve(value.get("Length"));
    if (typeof length !== "number" || length < 0 || p + length > this.data.length) {
      throw new LiteUnsupported("bad stream length");
    }
    const after = new Lexer(this.data, p + length);
    if (!cmd(after.next(), "endstream")) throw new LiteUnsupported("stream length does not end at endstream");
    return new PdfStream(value, p, length);
  }

  /** The object `ref` points at (null for a free or missing entry, as pdf.js reads those). */
  fetch(ref: PdfRef): PdfObject {
    const cached = this.cache.get(ref.num);
    if (cached !== undefined) return cached;
    const entry = this.xref.get(ref.num);
    if (!entry) throw new LiteUnsupported("object missing from xref");
    if (this.fetching.has(ref.num)) throw new LiteUnsupported("reference cycle");
    this.fetching.add(ref.num);
    try {
      let value: PdfObject;
      if ("offset" in entry) {
        if (entry.offset === 0) throw new LiteUnsupported("free object referenced");
        const lexer = new Lexer(this.data, entry.offset);
        const num = lexer.next();
        const gen = lexer.next();
        if (num !== ref.num || typeof gen !== "number" || !cmd(lexer.next(), "obj")) {
          throw new LiteUnsupported("xref offset does not point at its object");
        }
        value = this.readIndirectBody(lexer);
      } else {
        value = this.fromObjectStream(entry.stream, entry.index, ref.num);
      }
      this.cache.set(ref.num, value);
      return value;
    } finally {
      this.fetching.delete(ref.num);
    }
  }

  private fromObjectStream(streamNum: number, index: number, num: number): PdfObject {
    let os = this.objectStreams.get(streamNum);
    if (!os) {
      const stream = this.fetch(new PdfRef(streamNum, 0));
      if (!(stream instanceof PdfStream)) throw new LiteUnsupported("object stream is not a stream");
      const data = this.decode(stream);
      const n = stream.dict.get("N");
      const first = stream.dict.get("First");
      if (typeof n !== "number" || typeof first !== "number") throw new LiteUnsupported("bad object stream");
      const header = new Lexer(data, 0, first);
      const offsets = new Map<number, number>();
      for (let i = 0; i < n; i++) {
        const on = header.next();
        const off = header.next();
        if (typeof on !== "number" || typeof off !== "number")
          throw new LiteUnsupported("bad object stream header");
        if (!offsets.has(on)) offsets.set(on, first + off);
      }
      os = { data, offsets };
      this.objectStreams.set(streamNum, os);
    }
    const at = os.offsets.get(num);
    if (at === undefined)
      throw new LiteUnsupported(`object ${num} not in its object stream (index ${index})`);
    return parseObject(new Lexer(os.data, at));
  }

  resolve(o: PdfObject | undefined): PdfObject | undefined {
    let v = o;
    for (let i = 0; v instanceof PdfRef; i++) {
      if (i > 32) throw new LiteUnsupported("reference chain too long");
      v = this.fetch(v);
    }
    return v;
  }

  get(dict: PdfDict, key: string): PdfObject | undefined {
    return this.resolve(dict.get(key));
  }

  /** The stream's data with its filters undone (FlateDecode, with PNG/TIFF-free predictors only). */
  decode(stream: PdfStream): Uint8Array {
    const raw = this.data.subarray(stream.start, stream.start + stream.length);
    let filter = this.get(stream.dict, "Filter");
    let parms = this.get(stream.dict, "DecodeParms");
    if (Array.isArray(filter)) {
      if (filter.length > 1) throw new LiteUnsupported("chained filters");
      filter = this.resolve(filter[0]);
      parms = Array.isArray(parms) ? this.resolve(parms[0]) : parms;
    }
    if (filter === undefined || filter === null) return raw;
    if (!(filter instanceof PdfName) || filter.name !== "FlateDecode") {
      throw new LiteUnsupported(`filter ${filter instanceof PdfName ? filter.name : "?"}`);
    }
    let out: Uint8Array;
    const budget = Math.min(MAX_STREAM_BYTES, MAX_DOCUMENT_STREAM_BYTES - this.decodedBytes);
    try {
      out = inflateSync(raw, { maxOutputLength: Math.max(1, budget), finishFlush: constants.Z_SYNC_FLUSH });
    } catch (error) {
      if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
        throw new LiteOverCap(`a stream inflates past ${budget} bytes`);
      }
      throw new LiteUnsupported("corrupt flate stream");
    }
    this.decodedBytes += out.length;
    if (isDict(parms)) {
      const predictor = this.get(parms, "Predictor");
      if (typeof predictor === "number" && predictor > 1) out = this.unpredict(out, parms, predictor);
    }
    return out;
  }

  /**
   * The first bytes of the stream's data (at least `bytes` where the stream has them): a font program's
   * header, without inflating the whole program.
   */
  decodePrefix(stream: PdfStream, bytes: number): Uint8Array {
    const filter = this.get(stream.dict, "Filter");
    const name = Array.isArray(filter) && filter.length === 1 ? this.resolve(filter[0]) : filter;
    if (name instanceof PdfName && name.name === "FlateDecode" && !stream.dict.has("DecodeParms")) {
      const raw = this.data.subarray(stream.start, stream.start + Math.min(stream.length, 4096));
      try {
        const head = inflateSync(raw, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: 1 << 20 });
        if (head.length >= bytes) return head;
      } catch {
        // Fall through to the whole stream (and its own error handling).
      }
    }
    return this.decode(stream);
  }

  private unpredict(data: Uint8Array, parms: PdfDict, predictor: number): Uint8Array {
    if (predictor < 10) throw new LiteUnsupported("TIFF predictor");
    const colors = (this.get(parms, "Colors") as number | undefined) ?? 1;
    const bpc = (this.get(parms, "BitsPerComponent") as number | undefined) ?? 8;
    const columns = (this.get(parms, "Columns") as number | undefined) ?? 1;
    const bpp = Math.max(1, Math.ceil((colors * bpc) / 8));
    const rowBytes = Math.ceil((colors * bpc * columns) / 8);
    const rows = Math.floor(data.length / (rowBytes + 1));
    const out = new Uint8Array(rows * rowBytes);
    for (let r = 0; r < rows; r++) {
      const type = data[r * (rowBytes + 1)] as number;
      const src = r * (rowBytes + 1) + 1;
      const dst = r * rowBytes;
      for (let i = 0; i < rowBytes; i++) {
        const x = data[src + i] as number;
        const left = i >= bpp ? (out[dst + i - bpp] as number) : 0;
        const up = r > 0 ? (out[dst - rowBytes + i] as number) : 0;
        const upLeft = r > 0 && i >= bpp ? (out[dst - rowBytes + i - bpp] as number) : 0;
        let v: number;
        switch (type) {
          case 0:
            v = x;
            break;
          case 1:
            v = x + left;
            break;
          case 2:
            v = x + up;
            break;
          case 3:
            v = x + ((left + up) >> 1);
            break;
          case 4: {
            const p = left + up - upLeft;
            const pa = Math.abs(p - left);
            const pb = Math.abs(p - up);
            const pc = Math.abs(p - upLeft);
            v = x + (pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft);
            break;
          }
          default:
            throw new LiteUnsupported("bad PNG predictor row");
        }
        out[dst + i] = v & 0xff;
      }
    }
    return out;
  }
}
