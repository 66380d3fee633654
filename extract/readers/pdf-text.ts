/**
 * Positioned words of a PDF page: pdf.js text items in viewport units, split at spaces so that a run
 * like "56    0    0" drawn as one item still yields one box per number.
 */
import { isPlainText, normalizeText } from "./normalize-text.ts";
import { type Matrix, multiply, type PdfTextItem } from "./pdf-ops.ts";

export interface TextBox {
  readonly text: string;
  readonly x: number;
  readonly x2: number;
  readonly top: number;
  readonly bottom: number;
  /** Font size (glyph height) in viewport units. */
  readonly size: number;
}

/** Share of the font size above and below the baseline. */
const ASCENT = 0.85;
const DESCENT = 0.15;

/** Rough advance of a character (a code point) in ems, to place the words of a split item. */
function advance(code: number): number {
  return code >= 0x2e80 ? 1 : 0.55;
}

/** Whether UTF-16 code unit `c` is a space as `/\s/` sees it (WhiteSpace or LineTerminator). */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d);
  if (c < 0xa0) return false;
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

function isTextItem(item: unknown): item is PdfTextItem {
  return typeof item === "object" && item !== null && "str" in item && "transform" in item;
}

export function textBoxes(items: ReadonlyArray<unknown>, viewport: Matrix): TextBox[] {
  const boxes: TextBox[] = [];
  for (const item of items) {
    if (!isTextItem(item) || item.str.trim() === "" || item.transform.length !== 6) continue;
    const m = multiply(viewport, item.transform as unknown as Matrix);
    const size = Math.hypot(m[2], m[3]) || item.height || 1;
    const horizontal = Math.abs(m[1]) <= Math.abs(m[0]) * 0.1 && m[0] > 0;
    const text = isPlainText(item.str) ? item.str : normalizeText(item.str);
    if (!horizontal) {
      boxes.push(rotatedBox(text, m, item.width, size));
      continue;
    }
    const x = m[4];
    const base = m[5];
    const top = base - size * ASCENT;
    const bottom = base + size * DESCENT;
    // Ems of the whole run, summed code point by code point (as the words are placed below).
    let ems = 0;
    for (let i = 0; i < text.length; ) {
      const code = text.codePointAt(i) as number;
      ems += advance(code);
      i += code > 0xffff ? 2 : 1;
    }
    const width = item.width > 0 ? item.width : ems * size;
    const total = ems || 1;
    let offset = 0;
    let wordStart = 0;
    /** UTF-16 index where the current word starts, or -1 between words. */
    let from = -1;
    for (let i = 0; i < text.length; ) {
      const code = text.codePointAt(i) as number;
      const units = code > 0xffff ? 2 : 1;
      if (units === 1 && isSpaceCode(code)) {
        if (from >= 0) {
          boxes.push({
            text: text.slice(from, i),
            x: x + (wordStart / total) * width,
            x2: x + (offset / total) * width,
            top,
            bottom,
            size,
          });
          from = -1;
        }
        offset += advance(code);
        wordStart = offset;
      } else {
        if (from < 0) {
          from = i;
          wordStart = offset;
        }
        offset += advance(code);
      }
      i += units;
    }
    if (from >= 0) {
      boxes.push({
        text: text.slice(from),
        x: x + (wordStart / total) * width,
        x2: x + (offset / total) * width,
        top,
        bottom,
        size,
      });
    }
  }
  return boxes;
}

/** Bounding box of a rotated or mirrored run (kept whole). */
function rotatedBox(text: string, m: Matrix, width: number, size: number): TextBox {
  const len = Math.hypot(m[0], m[1]) || 1;
  const dx = (m[0] / len) * width;
  const dy = (m[1] / len) * width;
  const ux = (m[2] / size) * size;
  const uy = (m[3] / size) * size;
  const px = [m[4], m[4] + dx, m[4] + ux * ASCENT, m[4] + dx + ux * ASCENT, m[4] - ux * DESCENT];
  const py = [m[5], m[5] + dy, m[5] + uy * ASCENT, m[5] + dy + uy * ASCENT, m[5] - uy * DESCENT];
  return {
    text: text.trim(),
    x: Math.min(...px),
    x2: Math.max(...px),
    top: Math.min(...py),
    bottom: Math.max(...py),
    size,
  };
}
