/**
 * Positioned words of a PDF page: pdf.js text items in viewport units, split at spaces so that a run
 * like "56    0    0" drawn as one item still yields one box per number.
 */
import { normalizeText } from "./normalize-text.ts";
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

/** Rough advance of a character in ems, to place the words of a split item. */
function advance(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  return code >= 0x2e80 ? 1 : 0.55;
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
    const text = normalizeText(item.str);
    if (!horizontal) {
      boxes.push(rotatedBox(text, m, item.width, size));
      continue;
    }
    const x = m[4];
    const base = m[5];
    const top = base - size * ASCENT;
    const bottom = base + size * DESCENT;
    const width = item.width > 0 ? item.width : [...text].reduce((s, ch) => s + advance(ch), 0) * size;
    const chars = [...text];
    const total = chars.reduce((s, ch) => s + advance(ch), 0) || 1;
    let offset = 0;
    let word = "";
    let wordStart = 0;
    const flush = () => {
      if (word !== "") {
        boxes.push({
          text: word,
          x: x + (wordStart / total) * width,
          x2: x + (offset / total) * width,
          top,
          bottom,
          size,
        });
      }
      word = "";
    };
    for (const ch of chars) {
      if (/\s/.test(ch)) {
        flush();
        offset += advance(ch);
        wordStart = offset;
        continue;
      }
      if (word === "") wordStart = offset;
      word += ch;
      offset += advance(ch);
    }
    flush();
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
