/**
 * The PDF reader's pdf.js driving (pdf-pages.ts) and word boxes (pdf-text.ts): the fast set-up is really
 * in use, and the word splitter gives exactly what the plain version it replaced gave.
 */
import { runInNewContext } from "node:vm";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeText } from "../../../extract/readers/normalize-text.ts";
import { IDENTITY, type Matrix, multiply } from "../../../extract/readers/pdf-ops.ts";
import { loadPdfjs, openPdf } from "../../../extract/readers/pdf-pages.ts";
import { isSpaceCode, type TextBox, textBoxes } from "../../../extract/readers/pdf-text.ts";
import { makePdf, textAt } from "./make-pdf.ts";

/** Source text of a function as another realm sees it (core-js disguises its polyfills as native here). */
const realSource = (fn: unknown) =>
  (runInNewContext("Function.prototype.toString") as (this: unknown) => string).call(fn);

describe("pdf.js set-up", () => {
  it("puts back the natives that pdfjs-dist's polyfills replace", async () => {
    await loadPdfjs();
    expect(realSource(Array.prototype.push)).toContain("[native code]");
    expect(realSource(JSON.parse)).toContain("[native code]");
  });

  it("opens and reads documents through the direct port", async () => {
    const pdfjs = await loadPdfjs();
    const opened = openPdf(pdfjs, makePdf([textAt(50, 700, "政府信息公开工作年度报告 2024")]));
    try {
      const doc = await opened.loaded;
      expect(doc.numPages).toBe(1);
      const page = await doc.getPage(1);
      const text = await page.getTextContent();
      expect(text.items.map((i) => ("str" in i ? i.str : "")).join("")).toContain("年度报告");
    } finally {
      await opened.destroy();
    }
  });
});

// ---------------------------------------------------------------- word boxes

/** The word splitter as first written (per-character regex and string building), kept as the reference. */
function referenceBoxes(
  items: ReadonlyArray<{ str: string; transform: number[]; width: number; height: number }>,
) {
  const advance = (ch: string) => ((ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.55);
  const boxes: TextBox[] = [];
  for (const item of items) {
    if (item.str.trim() === "") continue;
    const m = multiply(IDENTITY, item.transform as unknown as Matrix);
    const size = Math.hypot(m[2], m[3]) || item.height || 1;
    const text = normalizeText(item.str);
    const x = m[4];
    const top = m[5] - size * 0.85;
    const bottom = m[5] + size * 0.15;
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

describe("textBoxes", () => {
  it("sees the spaces /\\s/ sees, for every UTF-16 code unit", () => {
    const differ: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      if (isSpaceCode(c) !== /\s/.test(String.fromCharCode(c))) differ.push(c.toString(16));
    }
    expect(differ).toEqual([]);
  });

  it("splits horizontal runs exactly as the reference splitter", () => {
    const piece = fc.constantFrom(
      "56",
      "0",
      " ",
      "   ",
      "\u3000",
      "\u00a0",
      "\t",
      "政府信息",
      "（一）",
      "万元",
      "𠀋",
      "\ud800",
      "a",
      "—",
      "\u2003",
      "\ufeff",
    );
    const item = fc.record({
      str: fc.array(piece, { maxLength: 12 }).map((parts) => parts.join("")),
      size: fc.double({ min: 1, max: 40, noNaN: true }),
      x: fc.double({ min: 0, max: 600, noNaN: true }),
      y: fc.double({ min: 0, max: 800, noNaN: true }),
      width: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 500, noNaN: true })),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 6 }), (specs) => {
        const items = specs.map((s) => ({
          str: s.str,
          transform: [s.size, 0, 0, s.size, s.x, s.y],
          width: s.width,
          height: s.size,
        }));
        expect(textBoxes(items, IDENTITY)).toEqual(referenceBoxes(items));
      }),
      { numRuns: 500 },
    );
  });
});
