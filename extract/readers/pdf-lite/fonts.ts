/**
 * Fonts as far as text extraction needs them: how a string splits into character codes, each code's
 * advance width (in 1/1000 of the font size) and its Unicode text, the way pdf.js derives them for the
 * common case. Supported: Type0 fonts with Identity-H and a CIDFontType0/2 descendant, and simple TrueType
 * and Type 1 fonts with a /Widths array (TrueType ones embedded or not), each with a ToUnicode CMap or, for a
 * simple font, /Encoding /WinAnsiEncoding. Anything else (Type 3, vertical
 * writing, named CMaps, a font without ToUnicode, a Type 1 program with an unusual FontMatrix, a code the
 * ToUnicode CMap does not map) throws LiteUnsupported, and pdf.js reads the document.
 */
import type { LiteDocument } from "./document.ts";
import {
  EOF,
  isDict,
  Lexer,
  LiteUnsupported,
  PdfCmd,
  type PdfDict,
  PdfName,
  type PdfObject,
  PdfStream,
  PdfString,
} from "./objects.ts";

export interface LiteFont {
  /** Two-byte codes (Identity-H); else one byte per code. */
  readonly twoByte: boolean;
  /** Advance of `code` in glyph units (1/1000 em). */
  width(code: number): number;
  /** Unicode text of `code`; throws LiteUnsupported for a code without one. */
  unicode(code: number): string;
}

/** Upper bound of a bfrange (pdf.js refuses larger ones too). */
const MAX_RANGE = 0x10000;
/** Entries of one font's ToUnicode map or W array (a crafted file could repeat ranges without end). */
const MAX_ENTRIES = 1 << 18;

/** A ToUnicode CMap's code → text, decoded from UTF-16BE as pdf.js does. */
export function parseToUnicode(data: Uint8Array): Map<number, string> {
  const raw = new Map<number, string>();
  let entries = 0;
  const lexer = new Lexer(data);
  const code = (s: PdfString) => {
    let v = 0;
    for (let i = 0; i < s.bytes.length; i++) v = v * 256 + s.bytes.charCodeAt(i);
    return v;
  };
  for (;;) {
    const t = lexer.next();
    if (t === EOF) break;
    // Header values (CIDSystemInfo dictionaries, names, numbers) do not matter here.
    if (!(t instanceof PdfCmd)) continue;
    if (t.cmd === "usecmap") throw new LiteUnsupported("ToUnicode usecmap");
    if (t.cmd === "beginbfchar") {
      for (;;) {
        const src = lexer.next();
        if (src instanceof PdfCmd && src.cmd === "endbfchar") break;
        const dst = lexer.next();
        if (!(src instanceof PdfString) || !(dst instanceof PdfString)) {
          throw new LiteUnsupported("ToUnicode bfchar entry");
        }
        raw.set(code(src), dst.bytes);
      }
    } else if (t.cmd === "beginbfrange") {
      for (;;) {
        const lo = lexer.next();
        if (lo instanceof PdfCmd && lo.cmd === "endbfrange") break;
        const hi = lexer.next();
        if (!(lo instanceof PdfString) || !(hi instanceof PdfString))
          throw new LiteUnsupported("ToUnicode bfrange");
        let low = code(lo);
        const high = code(hi);
        if (high < low || high - low > MAX_RANGE) throw new LiteUnsupported("ToUnicode bfrange bounds");
        const dst = lexer.next();
        if (dst instanceof PdfString) {
          let s = dst.bytes;
          if (s.length === 0) throw new LiteUnsupported("ToUnicode empty bfrange target");
          const last = s.length - 1;
          entries += high - low + 1;
          if (entries > MAX_ENTRIES) throw new LiteUnsupported("ToUnicode CMap too large");
          while (low <= high) {
            raw.set(low++, s);
            const next = s.charCodeAt(last) + 1;
            if (next > 0xff) {
              // Carry into the byte before, as pdf.js does.
              if (last < 1) throw new LiteUnsupported("ToUnicode bfrange carry");
              s = `${s.slice(0, last - 1)}${String.fromCharCode(s.charCodeAt(last - 1) + 1)}\x00`;
              continue;
            }
            s = s.slice(0, last) + String.fromCharCode(next);
          }
        } else if (dst === "[") {
          while (low <= high) {
            const item = lexer.next();
            if (!(item instanceof PdfString)) throw new LiteUnsupported("ToUnicode bfrange array");
            raw.set(low++, item.bytes);
          }
          if (lexer.next() !== "]") throw new LiteUnsupported("ToUnicode bfrange array length");
        } else throw new LiteUnsupported("ToUnicode bfrange target");
      }
    }
  }
  const out = new Map<number, string>();
  for (const [k, bytes] of raw) {
    let token = bytes;
    if (token.length % 2 !== 0) token = `\x00${token}`;
    const points: number[] = [];
    for (let i = 0; i < token.length; i += 2) {
      const w1 = (token.charCodeAt(i) << 8) | token.charCodeAt(i + 1);
      if ((w1 & 0xf800) !== 0xd800) {
        points.push(w1);
        continue;
      }
      i += 2;
      const w2 = (token.charCodeAt(i) << 8) | token.charCodeAt(i + 1);
      points.push(((w1 & 0x3ff) << 10) + (w2 & 0x3ff) + 0x10000);
    }
    out.set(k, String.fromCodePoint(...points));
  }
  return out;
}

function nameValue(o: PdfObject | undefined): string | undefined {
  return o instanceof PdfName ? o.name : undefined;
}

/** The standard glyph-space matrix in a Type 1 program's clear-text part. */
const STANDARD_FONT_MATRIX =
  /\/FontMatrix\s*\[\s*0?\.001\s+0(?:\.0*)?\s+0(?:\.0*)?\s+0?\.001\s+0(?:\.0*)?\s+0(?:\.0*)?\s*\]/;

/**
 * A bare CFF program (FontFile3 /Type1C) whose glyph space is the standard one: pdf.js takes the FontMatrix of
 * its Top DICT and rescales the widths unless its first value is 0.001 (the default where it is absent).
 * CID-keyed CFF (a ROS operator) and anything that does not parse go to pdf.js.
 */
export function checkCffProgram(data: Uint8Array): void {
  // pdf.js's test for a CFF file: major version ≥ 1, offSize 1–4.
  if (!((data[0] ?? 0) >= 1 && (data[3] ?? 0) >= 1 && (data[3] ?? 0) <= 4)) {
    throw new LiteUnsupported("FontFile3 that is not a CFF program");
  }
  const index = (at: number): { end: number; first: [number, number] | null } => {
    const count = ((data[at] ?? 0) << 8) | (data[at + 1] ?? 0);
    if (count === 0) return { end: at + 2, first: null };
    const offSize = data[at + 2] ?? 0;
    if (offSize < 1 || offSize > 4) throw new LiteUnsupported("bad CFF INDEX");
    const offset = (k: number) => {
      let v = 0;
      for (let b = 0; b < offSize; b++) v = v * 256 + (data[at + 3 + k * offSize + b] ?? 0);
      return v;
    };
    const base = at + 2 + (count + 1) * offSize;
    return { end: base + offset(count), first: [base + offset(0), base + offset(1)] };
  };
  const names = index(data[2] ?? 4);
  const top = index(names.end).first;
  if (!top || top[1] > data.length) throw new LiteUnsupported("CFF without a Top DICT");
  let operands: number[] = [];
  for (let p = top[0]; p < top[1]; ) {
    const b = data[p] as number;
    if (b <= 21) {
      const op = b === 12 ? 1200 + (data[p + 1] ?? 0) : b;
      p += b === 12 ? 2 : 1;
      if (op === 1230) throw new LiteUnsupported("CID-keyed CFF program");
      if (op === 1207 && operands[0] !== 0.001)
        throw new LiteUnsupported("CFF program with another FontMatrix");
      operands = [];
    } else if (b === 28) {
      operands.push((((data[p + 1] ?? 0) << 24) | ((data[p + 2] ?? 0) << 16)) >> 16);
      p += 3;
    } else if (b === 29) {
      operands.push(
        ((data[p + 1] ?? 0) << 24) |
          ((data[p + 2] ?? 0) << 16) |
          ((data[p + 3] ?? 0) << 8) |
          (data[p + 4] ?? 0),
      );
      p += 5;
    } else if (b === 30) {
      let text = "";
      p++;
      for (let done = false; !done && p < top[1]; p++) {
        const byte = data[p] as number;
        for (const nibble of [byte >> 4, byte & 15]) {
          if (nibble === 15) {
            done = true;
            break;
          }
          text += ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", ".", "E", "E-", "", "-"][nibble] ?? "";
        }
      }
      operands.push(Number.parseFloat(text));
    } else if (b >= 32 && b <= 246) {
      operands.push(b - 139);
      p++;
    } else if (b >= 247 && b <= 250) {
      operands.push((b - 247) * 256 + (data[p + 1] ?? 0) + 108);
      p += 2;
    } else if (b >= 251 && b <= 254) {
      operands.push(-(b - 251) * 256 - (data[p + 1] ?? 0) - 108);
      p += 2;
    } else throw new LiteUnsupported("bad CFF DICT");
  }
}

function checkFontProgram(
  doc: LiteDocument,
  descriptor: PdfDict,
  composite: boolean,
  trueType = false,
): void {
  const file2 = doc.get(descriptor, "FontFile2");
  if (file2 instanceof PdfStream) {
    // pdf.js goes by the program's header, not by the key: an OpenType font with CFF outlines ("OTTO")
    // brings its own FontMatrix, which rescales the widths.
    const head = doc.decodePrefix(file2, 4);
    const tag = String.fromCharCode(...head.subarray(0, 4));
    if (tag !== "\x00\x01\x00\x00" && tag !== "true")
      throw new LiteUnsupported(`TrueType program that is not glyf-based (${JSON.stringify(tag)})`);
    return;
  }
  const file3 = doc.get(descriptor, "FontFile3");
  if (file3 instanceof PdfStream && !composite) {
    checkCffProgram(doc.decode(file3));
    return;
  }
  if (file3 !== undefined) throw new LiteUnsupported("CFF font program of a CID font");
  const file = doc.get(descriptor, "FontFile");
  if (file instanceof PdfStream) {
    const data = doc.decode(file);
    // pdf.js goes by the header: "%!" or a PFB segment marker is a Type 1 program; anything else is not.
    if (!((data[0] === 0x25 && data[1] === 0x21) || (data[0] === 0x80 && data[1] === 0x01))) {
      throw new LiteUnsupported("FontFile that is not a Type 1 program");
    }
    const length1 = doc.get(file.dict, "Length1");
    const clear = Buffer.from(
      data.buffer,
      data.byteOffset,
      Math.min(data.length, typeof length1 === "number" ? length1 : data.length),
    ).toString("latin1");
    if (!STANDARD_FONT_MATRIX.test(clear))
      throw new LiteUnsupported("Type 1 program with another FontMatrix");
    return;
  }
  // A simple TrueType font without its program (Word's "do not embed" Latin fonts) reads as an embedded one:
  // pdf.js's missing-file rules change the text of codes only for Type 1 fonts.
  if (!composite && !trueType) throw new LiteUnsupported("simple font without an embedded program");
}

/**
 * Text of the codes of WinAnsiEncoding as pdf.js maps them (its glyph names through the Adobe Glyph List):
 * Windows-1252 (written out: Node's TextDecoder reads "windows-1252" as Latin-1), except that the codes the
 * encoding leaves to `bullet` give U+2022, 0xA0 `space` U+0020 and 0xAD `hyphen` U+002D. Codes below 0x20
 * have no glyph name (absent here).
 */
const WIN_ANSI: ReadonlyMap<number, string> = (() => {
  const table = new Map<number, string>();
  for (let code = 0x20; code <= 0xff; code++) table.set(code, String.fromCharCode(code));
  const high = [
    0x20ac, 0x2022, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152,
    0x2022, 0x017d, 0x2022, 0x2022, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122,
    0x0161, 0x203a, 0x0153, 0x2022, 0x017e, 0x0178,
  ];
  for (const [i, unicode] of high.entries()) table.set(0x80 + i, String.fromCharCode(unicode));
  table.set(0x7f, "\u2022");
  table.set(0xa0, " ");
  table.set(0xad, "-");
  return table;
})();

/** code → text of a font: its ToUnicode CMap, or (simple fonts) the WinAnsiEncoding its /Encoding names. */
function unicodeMap(
  doc: LiteDocument,
  dict: PdfDict,
  subtype: string | undefined,
): ReadonlyMap<number, string> {
  const toUnicodeObj = doc.get(dict, "ToUnicode");
  if (toUnicodeObj instanceof PdfStream) {
    const toUnicode = parseToUnicode(doc.decode(toUnicodeObj));
    if (toUnicode.size === 0) throw new LiteUnsupported("empty ToUnicode CMap");
    return toUnicode;
  }
  if (toUnicodeObj !== undefined) throw new LiteUnsupported("ToUnicode that is not a stream");
  // Word writes Latin text in simple TrueType fonts with /Encoding /WinAnsiEncoding and no ToUnicode.
  const encoding = nameValue(doc.get(dict, "Encoding"));
  if ((subtype === "TrueType" || subtype === "Type1") && encoding === "WinAnsiEncoding") return WIN_ANSI;
  throw new LiteUnsupported(`font without a ToUnicode CMap (${subtype})`);
}

export function loadFont(doc: LiteDocument, dict: PdfDict): LiteFont {
  const subtype = nameValue(doc.get(dict, "Subtype"));
  const toUnicode = unicodeMap(doc, dict, subtype);
  const unicode = (code: number): string => {
    const u = toUnicode.get(code);
    if (u === undefined || u === "") throw new LiteUnsupported("a code the ToUnicode CMap does not map");
    return u;
  };
  if (subtype === "Type0") {
    const encoding = nameValue(doc.get(dict, "Encoding"));
    if (encoding !== "Identity-H") throw new LiteUnsupported(`CMap ${encoding ?? "stream"}`);
    const descendants = doc.get(dict, "DescendantFonts");
    const cid = Array.isArray(descendants) ? doc.resolve(descendants[0]) : undefined;
    if (!isDict(cid)) throw new LiteUnsupported("Type0 font without a descendant");
    const cidType = nameValue(doc.get(cid, "Subtype"));
    if (cidType !== "CIDFontType2" && cidType !== "CIDFontType0")
      throw new LiteUnsupported(`CID font ${cidType}`);
    const descriptor = doc.get(cid, "FontDescriptor");
    if (!isDict(descriptor)) throw new LiteUnsupported("CID font without a descriptor");
    checkFontProgram(doc, descriptor, true);
    const dw = doc.get(cid, "DW");
    const defaultWidth = typeof dw === "number" ? Math.ceil(dw) : 1000;
    const widths = new Map<number, number>();
    let entries = 0;
    const w = doc.get(cid, "W");
    if (Array.isArray(w)) {
      for (let i = 0; i < w.length; i++) {
        let start = doc.resolve(w[i++]);
        if (typeof start !== "number" || !Number.isInteger(start)) break;
        const next = doc.resolve(w[i]);
        if (Array.isArray(next)) {
          for (const c of next) {
            const width = doc.resolve(c);
            if (typeof width === "number") widths.set(start, width);
            start++;
          }
        } else if (typeof next === "number" && Number.isInteger(next)) {
          const width = doc.resolve(w[++i]);
          if (typeof width !== "number") continue;
          entries += next - start + 1;
          if (next - start > MAX_RANGE || entries > MAX_ENTRIES) {
            throw new LiteUnsupported("W ranges too long");
          }
          for (let j = start; j <= next; j++) widths.set(j, width);
        } else break;
      }
    }
    return {
      twoByte: true,
      width: (code) => widths.get(code) ?? defaultWidth,
      unicode,
    };
  }
  if (subtype !== "TrueType" && subtype !== "Type1") throw new LiteUnsupported(`font ${subtype}`);
  const descriptor = doc.get(dict, "FontDescriptor");
  if (!isDict(descriptor)) throw new LiteUnsupported("simple font without a descriptor");
  checkFontProgram(doc, descriptor, false, subtype === "TrueType");
  const widthsObj = doc.get(dict, "Widths");
  const firstChar = doc.get(dict, "FirstChar");
  if (!Array.isArray(widthsObj) || typeof firstChar !== "number")
    throw new LiteUnsupported("simple font without Widths");
  const widths = new Map<number, number>();
  let j = firstChar;
  for (const item of widthsObj) {
    const width = doc.resolve(item);
    if (typeof width === "number") widths.set(j, width);
    j++;
  }
  return {
    twoByte: false,
    // pdf.js may take the width of a code Widths lacks from the font program (Type 1): not followed here.
    width: (code) => {
      const width = widths.get(code);
      if (width === undefined) throw new LiteUnsupported("a code outside the font's Widths");
      return width;
    },
    unicode,
  };
}
