/**
 * Label and value normalisation for table cells (rules.md §7). Pure string functions.
 */
import { nfkc } from "../readers/normalize-text.ts";

/**
 * compact's results: the parser compacts the same cell and line texts many times over one report. Cleared
 * at the start of each analysis (forgetCompacted), so one report's texts are never kept for the next.
 */
const COMPACTED = new Map<string, string>();
const COMPACTED_MAX = 20_000;

/** Empties compact's cache (analyse calls it first). */
export function forgetCompacted(): void {
  COMPACTED.clear();
}

/**
 * A label a recogniser read twice over (a photo's double image: 「属属于于行政行政执法执法案卷案卷」), each
 * glyph or pair of glyphs once. Only where such repeats cover at least half of the label: a label of
 * the templates repeats no glyph in a row, but a single repeat alone may be printed (「11.」 is not 「1.」).
 */
export function undoubled(label: string): string {
  let covered = 0;
  const collapsed = label.replace(/(.{1,2}?)\1/gu, (repeat: string, once: string) => {
    covered += [...repeat].length;
    return once;
  });
  return covered * 2 >= [...label].length ? collapsed : label;
}

/** NFKC, no whitespace of any kind, no markdown debris, unified quotes and brackets. */
export function compact(text: string): string {
  let out = COMPACTED.get(text);
  if (out === undefined) {
    out = compactUncached(text);
    if (COMPACTED.size >= COMPACTED_MAX) COMPACTED.clear();
    COMPACTED.set(text, out);
  }
  return out;
}

function compactUncached(text: string): string {
  return nfkc(text)
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[#*|`>]+/g, "")
    .replace(/[“”"'‘’「」『』]/g, "")
    .replace(/[（]/g, "(")
    .replace(/[）]/g, ")")
    .replace(/[，]/g, ",")
    .replace(/[：]/g, ":")
    .replace(/[、．]/g, ".");
}

const CN_ORDINALS = "一二三四五六七八九十";

export interface LabelParts {
  /** 一、 二、 三、 四、 (top-level 表三 rows). */
  top?: number;
  /** (一)…(七). */
  paren?: number;
  /** 1. 2. … */
  sub?: number;
  /** Label text with the numbering removed. */
  text: string;
}

/** Split numbering off a compacted label: "(三)不予公开" → { paren: 3, text: "不予公开" }. */
export function splitNumbering(label: string): LabelParts {
  let rest = label;
  const parts: LabelParts = { text: "" };
  for (let guard = 0; guard < 3; guard++) {
    let m = /^([一二三四五六七八九十])\.(?!\d)/.exec(rest);
    if (m?.[1]) {
      parts.top = CN_ORDINALS.indexOf(m[1]) + 1;
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^\(([一二三四五六七八九十])\)/.exec(rest);
    if (m?.[1]) {
      parts.paren = CN_ORDINALS.indexOf(m[1]) + 1;
      rest = rest.slice(m[0].length);
      continue;
    }
    m = /^(\d{1,2})[.)](?!\d)/.exec(rest) ?? /^\((\d{1,2})\)/.exec(rest) ?? /^([①②③④⑤⑥⑦⑧⑨])/.exec(rest);
    if (m?.[1]) {
      const circled = "①②③④⑤⑥⑦⑧⑨".indexOf(m[1]);
      parts.sub = circled >= 0 ? circled + 1 : Number(m[1]);
      rest = rest.slice(m[0].length);
      continue;
    }
    break;
  }
  parts.text = rest;
  return parts;
}

// ------------------------------------------------------------------ values

const BLANK_MARKERS = new Set(["", "-", "--", "—", "——", "–", "/", "无", "空", "\\", "─"]);

export type ValueKind = "number" | "blank" | "invalid";

export interface ParsedValue {
  readonly kind: ValueKind;
  readonly value: number | null;
  /** Unit printed with the number ("万元", "元", "件"…), if any. */
  readonly unit?: string;
}

const NUMBER_RE = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;

/** Is this cell text a value (number, signed change, amount, blank marker) rather than a label? */
export function isValueText(text: string): boolean {
  const t = compact(text);
  if (BLANK_MARKERS.has(t)) return true;
  return /^(?:[+-]|增|减|增加|减少)?\d[\d,]*(?:\.\d+)?(?:万元|元|件|项|个|条|宗|次)?$/.test(t);
}

/** A non-empty value cell (number or explicit blank marker such as "—"). */
export function isFilledValue(text: string): boolean {
  return compact(text) !== "" && isValueText(text);
}

/** Parse a cell's printed text as a number; blank markers are null, never 0. */
export function parseNumber(text: string): ParsedValue {
  let t = compact(text);
  if (BLANK_MARKERS.has(t)) return { kind: "blank", value: null };
  let unit: string | undefined;
  const u = /(万元|元|件|项|个|条|宗|次)$/.exec(t);
  if (u?.[1]) {
    unit = u[1];
    t = t.slice(0, -u[1].length);
  }
  let sign = 1;
  if (/^(减少|减)/.test(t)) {
    sign = -1;
    t = t.replace(/^(减少|减)/, "");
  } else if (/^(增加|增)/.test(t)) {
    t = t.replace(/^(增加|增)/, "");
  }
  const m = NUMBER_RE.exec(t);
  if (!m) return { kind: "invalid", value: null, ...(unit ? { unit } : {}) };
  const int = (m[2] ?? "").replace(/,/g, "");
  const value = sign * (m[1] === "-" ? -1 : 1) * Number(m[3] ? `${int}.${m[3]}` : int);
  return { kind: "number", value, ...(unit ? { unit } : {}) };
}

/** A pure digit run (candidate for glued cells). */
export function isDigitRun(text: string): boolean {
  return /^\d+$/.test(compact(text));
}
