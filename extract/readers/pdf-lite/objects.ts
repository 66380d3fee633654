/**
 * PDF objects for the lite reader: a lexer over the file's bytes (also used for content streams), the
 * object types, and the error that sends a document to pdf.js. Numbers are computed digit by digit the
 * way pdf.js's lexer does (integer part over a power of ten), so that both readers start from the same
 * doubles.
 */

/** Thrown for anything the lite reader does not fully support: the document goes to pdf.js. */
export class LiteUnsupported extends Error {
  constructor(readonly reason: string) {
    super(`pdf-lite: ${reason}`);
  }
}

/** Thrown when a cap is passed (a flate bomb): the document is refused, not handed to pdf.js. */
export class LiteOverCap extends Error {}

export class PdfName {
  constructor(readonly name: string) {}
}
/** A string object; `bytes` holds one char per byte (latin1). */
export class PdfString {
  constructor(readonly bytes: string) {}
}
export class PdfRef {
  constructor(
    readonly num: number,
    readonly gen: number,
  ) {}
}
/** An operator keyword in a content stream (or `obj`, `R`, … while parsing the file). */
export class PdfCmd {
  constructor(readonly cmd: string) {}
}
export type PdfDict = Map<string, PdfObject>;
export class PdfStream {
  constructor(
    readonly dict: PdfDict,
    readonly start: number,
    readonly length: number,
  ) {}
}
export type PdfObject =
  | number
  | boolean
  | null
  | PdfName
  | PdfString
  | PdfRef
  | PdfObject[]
  | PdfDict
  | PdfStream;

export const EOF = Symbol("eof");
export type Token = PdfObject | PdfCmd | typeof EOF | "[" | "]" | "<<" | ">>";

const names = new Map<string, PdfName>();
export function nameOf(name: string): PdfName {
  let n = names.get(name);
  if (!n) {
    n = new PdfName(name);
    names.set(name, n);
  }
  return n;
}

/** Character classes: 1 white space, 2 delimiter, 0 regular. */
const CLASS = new Uint8Array(256);
for (const c of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[c] = 1;
for (const c of "()<>[]{}/%") CLASS[c.charCodeAt(0)] = 2;

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

export class Lexer {
  pos: number;
  constructor(
    readonly data: Uint8Array,
    start = 0,
    readonly end = data.length,
  ) {
    this.pos = start;
  }

  skipSpace(): void {
    const d = this.data;
    let p = this.pos;
    while (p < this.end) {
      const c = d[p] as number;
      if (c === 0x25) {
        while (p < this.end && d[p] !== 0x0a && d[p] !== 0x0d) p++;
      } else if (CLASS[c] === 1) p++;
      else break;
    }
    this.pos = p;
  }

  next(): Token {
    this.skipSpace();
    const d = this.data;
    if (this.pos >= this.end) return EOF;
    const c = d[this.pos] as number;
    if ((c >= 0x30 && c <= 0x39) || c === 0x2d || c === 0x2b || c === 0x2e) return this.number();
    switch (c) {
      case 0x2f:
        return this.name();
      case 0x28:
        return this.literal();
      case 0x3c:
        if (d[this.pos + 1] === 0x3c) {
          this.pos += 2;
          return "<<";
        }
        return this.hex();
      case 0x3e:
        if (d[this.pos + 1] === 0x3e) {
          this.pos += 2;
          return ">>";
        }
        throw new LiteUnsupported("stray >");
      case 0x5b:
        this.pos++;
        return "[";
      case 0x5d:
        this.pos++;
        return "]";
      case 0x7b:
      case 0x7d:
      case 0x29:
        throw new LiteUnsupported("unexpected delimiter");
    }
    let p = this.pos;
    while (p < this.end && CLASS[d[p] as number] === 0) p++;
    let word = "";
    for (let i = this.pos; i < p; i++) word += String.fromCharCode(d[i] as number);
    this.pos = p;
    if (word === "true") return true;
    if (word === "false") return false;
    if (word === "null") return null;
    return cmdOf(word);
  }

  /** A number as pdf.js's lexer computes it. */
  private number(): number {
    const d = this.data;
    let p = this.pos;
    let sign = 1;
    let c = d[p] as number;
    if (c === 0x2d) {
      sign = -1;
      c = d[++p] as number;
      if (c === 0x2d) c = d[++p] as number;
    } else if (c === 0x2b) c = d[++p] as number;
    let divideBy = 0;
    if (c === 0x2e) {
      divideBy = 10;
      c = d[++p] as number;
    }
    if (!(c >= 0x30 && c <= 0x39)) throw new LiteUnsupported("malformed number");
    let value = c - 0x30;
    for (p++; p < this.end; p++) {
      c = d[p] as number;
      if (c >= 0x30 && c <= 0x39) {
        if (divideBy !== 0) divideBy *= 10;
        value = value * 10 + (c - 0x30);
      } else if (c === 0x2e) {
        if (divideBy === 0) divideBy = 1;
        else break;
      } else if (c === 0x2d || c === 0x45 || c === 0x65) {
        throw new LiteUnsupported("unusual number");
      } else break;
    }
    this.pos = p;
    if (divideBy !== 0) value /= divideBy;
    return sign * value;
  }

  private name(): PdfName {
    const d = this.data;
    let p = this.pos + 1;
    let s = "";
    while (p < this.end) {
      const c = d[p] as number;
      if (CLASS[c] !== 0) break;
      if (c === 0x23) {
        const h = hexValue(d[p + 1] ?? 0);
        const l = hexValue(d[p + 2] ?? 0);
        if (h < 0 || l < 0) throw new LiteUnsupported("malformed name");
        s += String.fromCharCode(h * 16 + l);
        p += 3;
        continue;
      }
      s += String.fromCharCode(c);
      p++;
    }
    this.pos = p;
    return nameOf(s);
  }

  private literal(): PdfString {
    const d = this.data;
    let p = this.pos + 1;
    let depth = 1;
    const out: number[] = [];
    for (;;) {
      if (p >= this.end) throw new LiteUnsupported("unterminated string");
      let c = d[p++] as number;
      if (c === 0x28) depth++;
      else if (c === 0x29) {
        if (--depth === 0) break;
      } else if (c === 0x5c) {
        c = d[p++] as number;
        switch (c) {
          case 0x6e:
            out.push(0x0a);
            continue;
          case 0x72:
            out.push(0x0d);
            continue;
          case 0x74:
            out.push(0x09);
            continue;
          case 0x62:
            out.push(0x08);
            continue;
          case 0x66:
            out.push(0x0c);
            continue;
          case 0x0d:
            if (d[p] === 0x0a) p++;
            continue;
          case 0x0a:
            continue;
        }
        if (c >= 0x30 && c <= 0x37) {
          let v = c - 0x30;
          for (let k = 0; k < 2 && (d[p] as number) >= 0x30 && (d[p] as number) <= 0x37; k++) {
            v = v * 8 + ((d[p++] as number) - 0x30);
          }
          out.push(v & 0xff);
          continue;
        }
      }
      out.push(c);
    }
    this.pos = p;
    return new PdfString(bytesToLatin1(out));
  }

  private hex(): PdfString {
    const d = this.data;
    let p = this.pos + 1;
    const out: number[] = [];
    let high = -1;
    for (;;) {
      if (p >= this.end) throw new LiteUnsupported("unterminated hex string");
      const c = d[p++] as number;
      if (c === 0x3e) break;
      if (CLASS[c] === 1) continue;
      const v = hexValue(c);
      if (v < 0) throw new LiteUnsupported("bad hex string");
      if (high < 0) high = v;
      else {
        out.push(high * 16 + v);
        high = -1;
      }
    }
    if (high >= 0) out.push(high * 16);
    this.pos = p;
    return new PdfString(bytesToLatin1(out));
  }
}

const cmds = new Map<string, PdfCmd>();
export function cmdOf(word: string): PdfCmd {
  let c = cmds.get(word);
  if (!c) {
    c = new PdfCmd(word);
    cmds.set(word, c);
  }
  return c;
}

export function bytesToLatin1(bytes: ArrayLike<number>): string {
  let s = "";
  for (let i = 0; i < bytes.length; i += 8192) {
    s += String.fromCharCode(...Array.prototype.slice.call(bytes, i, i + 8192));
  }
  return s;
}

export function isDict(o: unknown): o is PdfDict {
  return o instanceof Map;
}
