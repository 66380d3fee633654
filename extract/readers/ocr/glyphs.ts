/**
 * Digit glyphs compared with the document's own: a report prints all its table figures in one or two
 * faces, so a digit whose reading is in doubt can be set beside the same digit where two recognisers
 * agreed on it. Tesseract gives a lone 「1」 in a Song or Times face a low confidence however clear it is
 * (chi_sim reads it as 「]」 or at 0.6, eng at 0.7); the glyph itself, laid over the document's sure 1s,
 * says whether it is one. Pure: pixels in, numbers out.
 */
import { type Blob, blobs, type Gray, otsu, PAPER } from "./raster.ts";

/** Side of the square grid a glyph is sampled on. */
const GRID = 16;

/** One glyph: its box in the crop (pixels, inclusive) and its ink sampled on a GRID × GRID square. */
export interface Glyph {
  readonly width: number;
  readonly height: number;
  /** Ink coverage 0–1 per grid square, the glyph centred in a square as large as its longer side. */
  readonly ink: Float32Array;
}

/** A region of a crop (pixels, exclusive right/bottom): where a reading's words lie. */
export interface Region {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

/**
 * The glyphs in `region` of a cell's crop, left to right: its blobs of ink (specks of under three pixels
 * left out) that touch the region, those overlapping in x (a glyph broken in two by a scan) taken as one.
 */
export function glyphsIn(img: Gray, region: Region): Glyph[] {
  const threshold = Math.min(otsu(img), PAPER);
  const found = blobs(img, threshold).filter(
    (b) =>
      b.pixels >= 3 &&
      b.x1 >= region.left &&
      b.x0 < region.right &&
      b.y1 >= region.top &&
      b.y0 < region.bottom,
  );
  found.sort((a, b) => a.x0 - b.x0);
  const groups: Blob[] = [];
  for (const b of found) {
    const last = groups.at(-1);
    const overlap = last ? Math.min(last.x1, b.x1) - Math.max(last.x0, b.x0) + 1 : 0;
    if (last && overlap >= 0.5 * Math.min(last.x1 - last.x0 + 1, b.x1 - b.x0 + 1))
      groups[groups.length - 1] = {
        x0: Math.min(last.x0, b.x0),
        y0: Math.min(last.y0, b.y0),
        x1: Math.max(last.x1, b.x1),
        y1: Math.max(last.y1, b.y1),
        pixels: last.pixels + b.pixels,
      };
    else groups.push(b);
  }
  return groups.map((g) => sample(img, g, threshold));
}

/** The glyph in box `g` sampled on the grid: each square's share of ink pixels. */
function sample(img: Gray, g: Blob, threshold: number): Glyph {
  const width = g.x1 - g.x0 + 1;
  const height = g.y1 - g.y0 + 1;
  const side = Math.max(width, height);
  // The square around the glyph, centred on it.
  const sx = g.x0 - (side - width) / 2;
  const sy = g.y0 - (side - height) / 2;
  const ink = new Float32Array(GRID * GRID);
  const counts = new Float32Array(GRID * GRID);
  // Every pixel of the square counted into the grid square it falls in (a pixel outside the glyph's box,
  // or outside the crop, is paper).
  for (let y = 0; y < side; y++) {
    for (let x = 0; x < side; x++) {
      const cell =
        Math.min(GRID - 1, Math.floor((y * GRID) / side)) * GRID +
        Math.min(GRID - 1, Math.floor((x * GRID) / side));
      counts[cell] = (counts[cell] as number) + 1;
      const px = Math.round(sx + x);
      const py = Math.round(sy + y);
      if (px < g.x0 || px > g.x1 || py < g.y0 || py > g.y1) continue;
      if ((img.data[py * img.width + px] as number) <= threshold) ink[cell] = (ink[cell] as number) + 1;
    }
  }
  for (let i = 0; i < ink.length; i++) ink[i] = (ink[i] as number) / Math.max(1, counts[i] as number);
  return { width, height, ink };
}

/**
 * How unlike two glyphs are: the mean difference of their ink over the grid, plus how far apart their
 * heights are (as a share of the taller; a digit of another font size is another glyph).
 */
export function glyphDistance(a: Glyph, b: Glyph): number {
  let sum = 0;
  for (let i = 0; i < a.ink.length; i++) sum += Math.abs((a.ink[i] as number) - (b.ink[i] as number));
  return sum / a.ink.length + Math.abs(a.height - b.height) / Math.max(a.height, b.height);
}

/** The document's sure glyphs, by digit: those of numbers two recognisers read alike at good confidence. */
export type GlyphBank = Map<string, Glyph[]>;

/** The most glyphs kept of one digit (a report holds hundreds of sure 0s; a few dozen say as much). */
const BANK_PER_DIGIT = 40;

/**
 * The glyphs of a number read alike by both recognisers added to the bank, where the crop's region holds
 * exactly one glyph per digit (two digits run together, or a glyph broken apart and not rejoined, say
 * nothing of either). In place.
 */
export function addToBank(bank: GlyphBank, img: Gray, region: Region, digits: string): void {
  if (!/^\d+$/.test(digits)) return;
  const found = glyphsIn(img, region);
  if (found.length !== digits.length) return;
  found.forEach((g, n) => {
    const d = digits[n] as string;
    const list = bank.get(d) ?? [];
    if (list.length < BANK_PER_DIGIT) list.push(g);
    bank.set(d, list);
  });
}

/** A glyph this close to the document's sure glyphs of a digit is drawn like them. */
export const SAME_GLYPH = 0.12;
/** The nearest glyph of any other digit must be at least this many times as far (and MARGIN further). */
const RATIO = 2;
const MARGIN = 0.08;
/** Sure glyphs of a digit needed before a doubtful one is set beside them. */
const MIN_SAMPLES = 2;

/**
 * Is every glyph of the number `digits`, in the crop's region, drawn like the document's sure glyphs of
 * that digit and unlike those of every other digit? One glyph per digit, each within SAME_GLYPH of at least
 * one of MIN_SAMPLES sure glyphs of its digit, and every other digit's nearest glyph at least RATIO times
 * as far and MARGIN further. On a clean rendering a report's 1s lie at 0.00 of each other and 0.2 from any
 * other digit; in a scan or photo at 0.01–0.11 against 0.18 and more.
 */
export function drawnLikeBank(bank: GlyphBank, img: Gray, region: Region, digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  const found = glyphsIn(img, region);
  if (found.length !== digits.length) return false;
  return found.every((g, n) => {
    const own = bank.get(digits[n] as string) ?? [];
    if (own.length < MIN_SAMPLES) return false;
    const near = Math.min(...own.map((s) => glyphDistance(g, s)));
    if (near > SAME_GLYPH) return false;
    for (const [d, list] of bank) {
      if (d === digits[n]) continue;
      const other = Math.min(...list.map((s) => glyphDistance(g, s)));
      if (other < near * RATIO || other < near + MARGIN) return false;
    }
    return true;
  });
}
