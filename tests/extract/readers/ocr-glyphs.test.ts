import { describe, expect, it } from "vitest";
import {
  addToBank,
  drawnLikeBank,
  type GlyphBank,
  glyphDistance,
  glyphsIn,
} from "../../../extract/readers/ocr/glyphs.ts";
import type { Gray } from "../../../extract/readers/ocr/raster.ts";

/** A white crop with black rectangles [x, y, w, h]. */
function crop(rects: readonly (readonly [number, number, number, number])[], width = 80, height = 50): Gray {
  const data = new Uint8Array(width * height).fill(255);
  for (const [x0, y0, w, h] of rects)
    for (let y = y0; y < y0 + h; y++) data.fill(0, y * width + x0, y * width + x0 + w);
  return { width, height, data };
}

const ALL = { left: 0, top: 0, right: 80, bottom: 50 };
/** A 「1」: stroke, flag, foot. */
const one = (x: number) =>
  [
    [x + 3, 10, 3, 20],
    [x, 11, 3, 2],
    [x, 28, 9, 2],
  ] as const;
/** A 「7」: bar and stroke. */
const seven = (x: number) =>
  [
    [x, 10, 12, 3],
    [x + 9, 10, 3, 20],
  ] as const;
/** A 「0」: a ring. */
const zero = (x: number) =>
  [
    [x, 10, 12, 3],
    [x, 27, 12, 3],
    [x, 10, 3, 20],
    [x + 9, 10, 3, 20],
  ] as const;

describe("glyphs of a cell's crop", () => {
  it("one per digit, left to right; a glyph broken in two is one, specks are none", () => {
    const found = glyphsIn(
      crop([...one(10), ...seven(30), [50, 10, 3, 9], [50, 21, 3, 9], [70, 40, 1, 2]]),
      ALL,
    );
    expect(found.map((g) => [g.width, g.height])).toEqual([
      [9, 20],
      [12, 20],
      [3, 20],
    ]);
  });

  it("only those touching the region", () => {
    expect(
      glyphsIn(crop([...one(10), ...seven(40)]), { left: 35, top: 0, right: 80, bottom: 50 }),
    ).toHaveLength(1);
  });

  it("are at distance 0 from themselves wherever they stand, and far from another digit", () => {
    const [a] = glyphsIn(crop(one(10)), ALL);
    const [b] = glyphsIn(crop(one(40)), ALL);
    const [c] = glyphsIn(crop(seven(40)), ALL);
    if (!a || !b || !c) throw new Error("glyphs not found");
    expect(glyphDistance(a, b)).toBe(0);
    expect(glyphDistance(a, c)).toBeGreaterThan(0.15);
  });
});

describe("a doubtful number set beside the document's sure glyphs", () => {
  /** Sure 「10」 twice and 「70」 once: two 1s, three 0s, one 7. */
  function bank(): GlyphBank {
    const b: GlyphBank = new Map();
    addToBank(b, crop([...one(10), ...zero(30)]), ALL, "10");
    addToBank(b, crop([...one(20), ...zero(40)]), ALL, "10");
    addToBank(b, crop([...seven(10), ...zero(30)]), ALL, "70");
    // Two glyphs for three digits: says nothing.
    addToBank(b, crop([...seven(10), ...zero(30)]), ALL, "770");
    return b;
  }

  it("the bank holds one glyph per digit of each sure number", () => {
    expect([...bank()].map(([d, l]) => [d, l.length])).toEqual([
      ["1", 2],
      ["0", 3],
      ["7", 1],
    ]);
  });

  it("matches where each glyph is drawn like two or more sure glyphs of its digit", () => {
    expect(drawnLikeBank(bank(), crop(one(50)), ALL, "1")).toBe(true);
    expect(drawnLikeBank(bank(), crop([...one(10), ...zero(40)]), ALL, "10")).toBe(true);
  });

  it("not where a glyph is another digit's, nor with one sure glyph of it, nor with a glyph too many", () => {
    expect(drawnLikeBank(bank(), crop(seven(50)), ALL, "1")).toBe(false);
    expect(drawnLikeBank(bank(), crop(seven(50)), ALL, "7")).toBe(false);
    expect(drawnLikeBank(bank(), crop([...one(10), ...one(30)]), ALL, "1")).toBe(false);
    expect(drawnLikeBank(bank(), crop(one(50)), ALL, "l")).toBe(false);
  });
});
