/**
 * Grey page images for OCR: decoding (PNG, JPEG, TIFF, PGM), binarising, table rulings found as long
 * dark runs, and those rulings painted out so the recogniser reads the cells' text without the grid.
 * Pure and synchronous; pixels are 8-bit grey, 0 black.
 */
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import * as UTIF from "utif";

export interface Gray {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/** Largest page image accepted (pixels): a 300 dpi A3 page is about 17 million. */
export const MAX_PIXELS = 40_000_000;

/** A pixel of red ink: its red at least this much above its green and its blue (0–255). */
const RED_MARGIN = 60;
/** A seal's ring: a connected mark of red ink about as wide as high, this share of the page's width. */
const SEAL_SIDE = [0.08, 0.4] as const;
const SEAL_ASPECT = 1.35;
/** Share of a page's pixels beyond which its red is not looked at for seals. */
const MAX_RED_SHARE = 0.05;

/**
 * Colour pixels (`channels` bytes each: red, green, blue, then alpha when 4) to grey, with the red seals
 * taken out (sealsDropped).
 */
function toGray(width: number, height: number, pixels: Uint8Array | Buffer, channels: 3 | 4): Gray {
  const data = new Uint8Array(width * height);
  const red = new Uint8Array(width * height);
  let reds = 0;
  for (let i = 0, p = 0; i < data.length; i++, p += channels) {
    const [r, g, b] = [pixels[p] ?? 0, pixels[p + 1] ?? 0, pixels[p + 2] ?? 0];
    const a = channels === 4 ? (pixels[p + 3] ?? 255) / 255 : 1;
    const y = 0.299 * r + 0.587 * g + 0.114 * b;
    data[i] = Math.round(y * a + 255 * (1 - a));
    if (a > 0.5 && r - Math.max(g, b) >= RED_MARGIN) {
      red[i] = 1;
      reds++;
    }
  }
  // A page stamped with a seal or two holds little red; a picture mostly red is no stamped page (and its
  // marks are not followed, which bounds the work and memory of an image made to be all red).
  if (reds > 0 && reds <= MAX_RED_SHARE * red.length)
    sealsDropped({ width, height, data }, red, reds, (i) => pixels[i * channels] ?? 0);
  return { width, height, data };
}

function fromRgba(width: number, height: number, rgba: Uint8Array | Buffer): Gray {
  return toGray(width, height, rgba, 4);
}

/**
 * The red seals stamped over a page (the 公章 over the 落款's issuer and date) taken out of its grey image:
 * grey, a seal's ink is as dark as the text it covers, and the date under it was read as noise. A seal is
 * found by its ring: a connected mark of red ink about as wide as high and SEAL_SIDE of the page's width.
 * Inside the ring's box every pixel is seen through a red filter (its red, where that is lighter than its
 * grey): the seal's ink, its star and text, and the pink at their edges become paper, while black text
 * under the seal is dark in every colour and stays, as does text whose edges a JPEG tinted dark red. Red
 * text (a red title, a 红头) is no ring and stays as read. In place.
 */
function sealsDropped(img: Gray, red: Uint8Array, reds: number, redOf: (i: number) => number): void {
  const { width, height } = img;
  // Red pixels are 1, and 2 once reached; each is pushed once, so the stack holds at most all of them.
  const stack = new Int32Array(reds);
  let top = 0;
  for (let start = 0; start < red.length; start++) {
    if (red[start] !== 1) continue;
    // One connected mark of red ink (8-neighbours), and its box.
    let [x0, y0, x1, y1] = [width, height, -1, -1];
    red[start] = 2;
    stack[top++] = start;
    while (top > 0) {
      const i = stack[--top] as number;
      const x = i % width;
      const y = (i - x) / width;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (red[j] === 1) {
            red[j] = 2;
            stack[top++] = j;
          }
        }
    }
    const [w, h] = [x1 - x0 + 1, y1 - y0 + 1];
    const side = Math.max(w, h) / width;
    if (side < SEAL_SIDE[0] || side > SEAL_SIDE[1] || Math.max(w, h) / Math.min(w, h) > SEAL_ASPECT) continue;
    for (let y = y0; y <= y1; y++)
      for (let x = x0; x <= x1; x++) {
        const i = y * width + x;
        img.data[i] = Math.max(img.data[i] as number, redOf(i));
      }
  }
}

/** A binary Netpbm image's size and pixel bytes (`channels` a pixel), after its header of `magic`. */
function netpbm(bytes: Uint8Array, magic: "P5" | "P6", channels: number) {
  const head = Buffer.from(bytes.subarray(0, 64)).toString("latin1");
  const m = new RegExp(`^${magic}\\s+(?:#[^\\n]*\\n\\s*)*(\\d+)\\s+(\\d+)\\s+(\\d+)\\s`).exec(head);
  if (!m) throw new Error(`not a binary ${magic === "P5" ? "PGM" : "PPM"}`);
  const width = Number(m[1]);
  const height = Number(m[2]);
  const data = bytes.subarray(m[0].length, m[0].length + width * height * channels);
  if (data.length < width * height * channels) throw new Error(`${magic === "P5" ? "PGM" : "PPM"} cut short`);
  return { width, height, data };
}

/** Binary PPM (P6, 8-bit colour), as pdftoppm writes it without -gray: to grey, the red seals taken out. */
export function decodePpm(bytes: Uint8Array): Gray {
  const { width, height, data } = netpbm(bytes, "P6", 3);
  return toGray(width, height, data, 3);
}

/** Binary PGM (P5, 8-bit), as pdftoppm -gray writes it. */
export function decodePgm(bytes: Uint8Array): Gray {
  const { width, height, data } = netpbm(bytes, "P5", 1);
  return { width, height, data: new Uint8Array(data) };
}

export function decodeImage(bytes: Uint8Array, kind: string): Gray {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (kind === "png") {
    const png = PNG.sync.read(buffer);
    return fromRgba(png.width, png.height, png.data);
  }
  if (kind === "jpeg") {
    const img = jpeg.decode(buffer, {
      useTArray: true,
      maxMemoryUsageInMB: 512,
      maxResolutionInMP: MAX_PIXELS / 1e6,
    });
    return fromRgba(img.width, img.height, img.data);
  }
  if (kind === "tiff") {
    const ifds = UTIF.decode(bytes);
    const first = ifds[0];
    if (!first) throw new Error("TIFF without an image");
    UTIF.decodeImage(bytes, first);
    if (first.width * first.height > MAX_PIXELS) throw new Error("TIFF image too large");
    return fromRgba(first.width, first.height, UTIF.toRGBA8(first));
  }
  if (kind === "pgm") return decodePgm(bytes);
  throw new Error(`cannot decode ${kind} images`);
}

export function encodePgm(img: Gray): Uint8Array {
  const head = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, "latin1");
  return Buffer.concat([head, Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength)]);
}

/**
 * Salt-and-pepper specks removed: a dark pixel (under `threshold`) with at most one inked pixel (darker than
 * halfway from `threshold` to white) among its eight neighbours takes the lightest of them; a light pixel
 * with at least seven dark neighbours takes the darkest. A speck inside a 0 made Tesseract read it as 8 or
 * 9. A stroke keeps its pixels, a faint grey one too (its pixels are inked neighbours of each other), a
 * one-pixel line all but its two end pixels; the border rows and columns stay as they are.
 */
export function despeckle(img: Gray, threshold = 128): Gray {
  const { width, height, data: src } = img;
  const data = new Uint8Array(src);
  const inked = Math.round((threshold + 255) / 2);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v = src[i] as number;
      // Paper with three light neighbours (most of a crop) cannot have six dark ones: nothing to do.
      if (
        v >= threshold &&
        (src[i - 1] as number) >= threshold &&
        (src[i + 1] as number) >= threshold &&
        (src[i - width] as number) >= threshold
      )
        continue;
      let dark = 0;
      let ink = 0;
      let lightest = 0;
      let darkest = 255;
      for (let dy = -width; dy <= width; dy += width) {
        for (let dx = -1; dx <= 1; dx++) {
          if (dy === 0 && dx === 0) continue;
          const n = src[i + dy + dx] as number;
          if (n < threshold) dark++;
          if (n < inked) ink++;
          if (n > lightest) lightest = n;
          if (n < darkest) darkest = n;
        }
      }
      if (v < threshold && dark <= 1 && ink <= 3) data[i] = lightest;
      else if (v >= threshold && (dark >= 7 || (dark >= 6 && ink === 8))) data[i] = darkest;
    }
  }
  return { width, height, data };
}

/** Isolated dark pixels per million above which a page is speckled (see speckled). */
const SPECKLED_PER_MILLION = 50;

/**
 * Does the page carry speckle (scanner dust, a scan's salt)? Counted as dark pixels (under 128) none of
 * whose eight neighbours is even grey (under 191), per million pixels: a scan at 150 dpi has 780–870, a
 * clean rendering or a photo 0–2. Only such a page is worth despeckling: despeckle also takes pixels off
 * the one-pixel anti-aliased strokes of small digits (at 150 dpi a 0 lost its top and bottom and was
 * read as 「()」).
 */
export function speckled(img: Gray): boolean {
  const { width, height, data } = img;
  let isolated = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      if ((data[i] as number) >= 128) continue;
      if (
        (data[i - width - 1] as number) >= 191 &&
        (data[i - width] as number) >= 191 &&
        (data[i - width + 1] as number) >= 191 &&
        (data[i - 1] as number) >= 191 &&
        (data[i + 1] as number) >= 191 &&
        (data[i + width - 1] as number) >= 191 &&
        (data[i + width] as number) >= 191 &&
        (data[i + width + 1] as number) >= 191
      )
        isolated++;
    }
  }
  return isolated * 1e6 > SPECKLED_PER_MILLION * width * height;
}

/** Otsu's threshold of the grey histogram. */
export function otsu(img: Gray): number {
  const hist = new Float64Array(256);
  for (const v of img.data) hist[v] = (hist[v] ?? 0) + 1;
  const total = img.data.length;
  let sum = 0;
  for (let i = 0; i < 256; i++) sum += i * (hist[i] ?? 0);
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let threshold = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t] ?? 0;
    if (wB === 0) continue;
    const wF = total - wB;
    if (wF === 0) break;
    sumB += t * (hist[t] ?? 0);
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      threshold = t;
    }
  }
  return threshold;
}

/** Paper lighter than this is never taken for ink, however little ink there is to tell it from. */
export const PAPER = 200;

/**
 * Paper made white, ink left as it is: every pixel lighter than the image's Otsu threshold (at most
 * PAPER) white. For a table cell's crop: on a photo's paper (grey, uneven, a JPEG's blocks around the
 * glyph, white where the crop is padded) Tesseract read a clear 「1」 as 「工」, 「由」, 「尼」 or nothing, and
 * on white paper as 1. The ink keeps its grey edges, which Tesseract's recogniser reads from: made black
 * too, a scan's blurred 0 read as 9. The cap keeps a crop of paper and speckle from splitting its paper
 * in two.
 */
export function whitenPaper(img: Gray): Gray {
  const t = Math.min(otsu(img), PAPER);
  const data = new Uint8Array(img.data);
  for (let i = 0; i < data.length; i++) if ((data[i] as number) > t) data[i] = 255;
  return { width: img.width, height: img.height, data };
}

/** A ruling in pixels: "h" at row y from x0 to x1 (thickness t), "v" at column x from y0 to y1. */
export interface PixelRuling {
  readonly dir: "h" | "v";
  readonly pos: number;
  readonly from: number;
  readonly to: number;
  readonly thickness: number;
  /** A vertical shorter than the shortest ruling, kept as the side of a single row. */
  readonly side?: true;
}

/**
 * Long straight dark runs: a horizontal ruling is a run of dark pixels at least `minLength` long in
 * consecutive rows (a thick or slightly slanted line spans a few rows), likewise vertical.
 */
export interface RulingOptions {
  /**
   * When set, a pixel counts as part of a line only where it is also darker by this much than the pixels
   * `reach` away on both sides across the line: a faint, blurred ruling qualifies, the inside of a text
   * line (dark above and below too) does not.
   */
  readonly contrast?: number;
  readonly reach?: number;
  /** Light pixels tolerated inside one line (JPEG, speckle, a crossing line's blur). */
  readonly gap?: number;
}

export function findPixelRulings(
  img: Gray,
  threshold: number,
  minLength: number,
  options: RulingOptions = {},
): PixelRuling[] {
  const { width, height, data } = img;
  const contrast = options.contrast;
  const reach = options.reach ?? 3;
  const maxGap = options.gap ?? 2;
  const at = (x: number, y: number) =>
    x < 0 || y < 0 || x >= width || y >= height ? 255 : (data[y * width + x] ?? 255);
  const darkFor = (dir: "h" | "v") => (x: number, y: number) => {
    const v = data[y * width + x] ?? 255;
    if (v > threshold) return false;
    if (contrast === undefined) return true;
    return dir === "h"
      ? at(x, y - reach) - v >= contrast && at(x, y + reach) - v >= contrast
      : at(x - reach, y) - v >= contrast && at(x + reach, y) - v >= contrast;
  };
  /**
   * `keep` (verticals): a run shorter than minLength is kept where it joins two horizontal rulings, as the
   * side of a single table row does (a row 45 px high at 200 dpi, minLength 50); no glyph stroke reaches
   * from one ruling to the next.
   */
  const runs = (
    dir: "h" | "v",
    shortest = minLength,
    keep?: (pos: number, from: number, to: number) => boolean,
  ) => {
    const dark = darkFor(dir);
    const lines = dir === "h" ? height : width;
    const along = dir === "h" ? width : height;
    const raw: { pos: number; from: number; to: number }[] = [];
    for (let l = 0; l < lines; l++) {
      let start = -1;
      let gap = 0;
      for (let a = 0; a <= along; a++) {
        const on = a < along && (dir === "h" ? dark(a, l) : dark(l, a));
        if (on) {
          if (start < 0) start = a;
          gap = 0;
        } else if (start >= 0) {
          // Tolerate a short gap (noise, JPEG) inside a line.
          if (++gap <= maxGap && a < along) continue;
          const end = a - gap;
          if (end - start >= minLength || (end - start >= shortest && keep?.(l, start, end)))
            raw.push({ pos: l, from: start, to: end });
          start = -1;
          gap = 0;
        }
      }
    }
    // Merge runs on neighbouring lines that overlap into one ruling.
    raw.sort((p, q) => p.from - q.from || p.pos - q.pos);
    const out: Array<{ pos0: number; pos1: number; from: number; to: number }> = [];
    for (const r of raw) {
      const hit = out.find((o) => r.pos - o.pos1 <= 2 && r.pos >= o.pos0 && r.from < o.to && r.to > o.from);
      if (hit) {
        hit.pos1 = r.pos;
        hit.from = Math.min(hit.from, r.from);
        hit.to = Math.max(hit.to, r.to);
      } else out.push({ pos0: r.pos, pos1: r.pos, from: r.from, to: r.to });
    }
    return out
      .filter((o) => o.pos1 - o.pos0 <= Math.max(8, minLength / 10))
      .map((o) => ({
        dir,
        pos: (o.pos0 + o.pos1) / 2,
        from: o.from,
        to: o.to,
        thickness: o.pos1 - o.pos0 + 1,
      }));
  };
  const horizontal = runs("h");
  const tolerance = Math.max(3, Math.round(minLength / 12));
  const meets = (x: number, y: number) =>
    horizontal.some(
      (h) =>
        Math.abs(h.pos - y) <= tolerance + h.thickness / 2 &&
        x >= h.from - tolerance &&
        x <= h.to + tolerance,
    );
  const between = (x: number, from: number, to: number) => meets(x, from) && meets(x, to);
  // The long lines as they are, then the short sides in a pass of their own: merged with the long lines'
  // runs, pieces of them shifted and widened those lines, and the part of a ruling left unerased in a cell
  // was read as a digit (「1」 → 「14」).
  const long = runs("v");
  const near = Math.max(4, Math.round(minLength / 6));
  const sides = runs("v", Math.round(minLength * 0.6), between)
    .filter(
      (v) =>
        v.to - v.from < minLength &&
        !long.some((l) => Math.abs(l.pos - v.pos) <= near && l.from < v.to && l.to > v.from),
    )
    .map((v) => ({ ...v, side: true as const }));
  return [...horizontal, ...long, ...sides];
}

/** A copy with the rulings painted white (one pixel of margin) so that no cell text touches a line. */
export function eraseRulings(img: Gray, rulings: readonly PixelRuling[]): Gray {
  const data = new Uint8Array(img.data);
  for (const r of rulings) {
    const half = Math.ceil(r.thickness / 2) + 1;
    for (let p = Math.floor(r.pos - half); p <= Math.ceil(r.pos + half); p++) {
      for (let a = r.from; a <= r.to; a++) {
        const [x, y] = r.dir === "h" ? [a, p] : [p, a];
        if (x >= 0 && y >= 0 && x < img.width && y < img.height) data[y * img.width + x] = 255;
      }
    }
  }
  return { width: img.width, height: img.height, data };
}

/**
 * The image enlarged `factor` times by bilinear interpolation: a low-resolution page (a photo the chat
 * shrank, a 150 dpi scan) gives the recogniser glyphs of the height it reads best, with smooth edges
 * rather than the blocks of a pixel repeated.
 */
export function enlarge(img: Gray, factor: number): Gray {
  const width = Math.round(img.width * factor);
  const height = Math.round(img.height * factor);
  const data = new Uint8Array(width * height);
  const src = img.data;
  const maxX = img.width - 1;
  const maxY = img.height - 1;
  for (let y = 0; y < height; y++) {
    const sy = Math.min(maxY, Math.max(0, (y + 0.5) / factor - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(maxY, y0 + 1);
    const fy = sy - y0;
    for (let x = 0; x < width; x++) {
      const sx = Math.min(maxX, Math.max(0, (x + 0.5) / factor - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(maxX, x0 + 1);
      const fx = sx - x0;
      const top = (src[y0 * img.width + x0] as number) * (1 - fx) + (src[y0 * img.width + x1] as number) * fx;
      const bottom =
        (src[y1 * img.width + x0] as number) * (1 - fx) + (src[y1 * img.width + x1] as number) * fx;
      data[y * width + x] = Math.round(top * (1 - fy) + bottom * fy);
    }
  }
  return { width, height, data };
}

/** Nearest-neighbour rotation by `degrees` about the centre; uncovered pixels are white. */
export function rotate(img: Gray, degrees: number): Gray {
  const a = (degrees * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const { width, height } = img;
  const data = new Uint8Array(width * height).fill(255);
  const cx = width / 2;
  const cy = height / 2;
  for (let y = 0; y < height; y++) {
    const dy = y - cy;
    for (let x = 0; x < width; x++) {
      const dx = x - cx;
      const sx = Math.round(cos * dx + sin * dy + cx);
      const sy = Math.round(-sin * dx + cos * dy + cy);
      if (sx >= 0 && sy >= 0 && sx < width && sy < height)
        data[y * width + x] = img.data[sy * width + sx] ?? 255;
    }
  }
  return { width, height, data };
}

/**
 * The page's skew in degrees (within ±3°), by projection profiles: on a quarter-size binary copy, the
 * angle whose row sums of dark pixels vary most is the one that lines text and rulings up horizontally.
 */
export function skewAngle(img: Gray, threshold: number): number {
  const step = 4;
  const w = Math.floor(img.width / step);
  const h = Math.floor(img.height / step);
  const points: Array<[number, number]> = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if ((img.data[y * step * img.width + x * step] ?? 255) <= threshold)
        points.push([x - w / 2, y - h / 2]);
    }
  }
  if (points.length < 100) return 0;
  let best = 0;
  let bestScore = -1;
  for (let deg = -3; deg <= 3.0001; deg += 0.2) {
    const a = (deg * Math.PI) / 180;
    const sin = Math.sin(a);
    const cos = Math.cos(a);
    const rows = new Float64Array(h * 2 + 4);
    for (const [x, y] of points) {
      const r = Math.round(x * sin + y * cos + h);
      if (r >= 0 && r < rows.length) rows[r] = (rows[r] ?? 0) + 1;
    }
    let score = 0;
    for (const v of rows) score += v * v;
    if (score > bestScore) {
      bestScore = score;
      best = deg;
    }
  }
  return Math.round(best * 10) / 10;
}

/**
 * The page with its light evened out: each pixel divided by the paper's local brightness (the brightest
 * pixels around it, on blocks of `block` pixels, spread to their neighbours and interpolated), so that
 * paper is white everywhere and ink keeps its contrast, whether the page was lit from one side (a
 * photo) or greyed by blur and JPEG (a scan). A blurred thin ruling stays darker than its surroundings.
 */
export function flattenLight(img: Gray, block: number): Gray {
  const { width, height } = img;
  const bw = Math.ceil(width / block);
  const bh = Math.ceil(height / block);
  const maxes = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      // A high percentile rather than the maximum: one white speckle must not set the paper's level.
      const hist = new Uint32Array(256);
      let n = 0;
      for (let y = by * block; y < Math.min(height, (by + 1) * block); y++) {
        for (let x = bx * block; x < Math.min(width, (bx + 1) * block); x++) {
          hist[img.data[y * width + x] ?? 255] = (hist[img.data[y * width + x] ?? 255] ?? 0) + 1;
          n++;
        }
      }
      let seen = 0;
      let level = 255;
      for (let v = 255; v >= 0; v--) {
        seen += hist[v] ?? 0;
        if (seen >= n * 0.05) {
          level = v;
          break;
        }
      }
      maxes[by * bw + bx] = level;
    }
  }
  // A block much darker than its neighbours is mostly ink: it takes the paper's level next to it.
  const bg = new Float64Array(bw * bh);
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const x = bx + dx;
          const y = by + dy;
          if (x >= 0 && y >= 0 && x < bw && y < bh) m = Math.max(m, maxes[y * bw + x] ?? 0);
        }
      const own = maxes[by * bw + bx] ?? 0;
      bg[by * bw + bx] = Math.max(own >= m * 0.85 ? own : m, 32);
    }
  }
  const data = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < width; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const level =
        (bg[y0 * bw + x0] as number) * (1 - tx) * (1 - ty) +
        (bg[y0 * bw + x1] as number) * tx * (1 - ty) +
        (bg[y1 * bw + x0] as number) * (1 - tx) * ty +
        (bg[y1 * bw + x1] as number) * tx * ty;
      data[y * width + x] = Math.min(255, Math.round(((img.data[y * width + x] ?? 255) * 255) / level));
    }
  }
  return { width, height, data };
}

/** A near-vertical line x = x0 + slope·y (pixels), and how many line pixels lie on it. */
export interface SlantedLine {
  readonly x0: number;
  readonly slope: number;
  readonly votes: number;
}

/**
 * The strongest near-vertical line (within ±`maxDegrees`) whose position at mid-height falls in
 * [xFrom, xTo): a small Hough transform over the pixels that are darker than the paper left and right
 * of them (`threshold`, `contrast`, `reach` as for rulings).
 */
export function strongestVertical(
  img: Gray,
  xFrom: number,
  xTo: number,
  options: { threshold: number; contrast: number; reach: number; maxDegrees: number },
): SlantedLine | null {
  const { width, height, data } = img;
  const { threshold, contrast, reach } = options;
  const xs: number[] = [];
  const ys: number[] = [];
  const mid = height / 2;
  const margin = Math.ceil(Math.tan((options.maxDegrees * Math.PI) / 180) * mid) + 1;
  const lo = Math.max(reach, xFrom - margin);
  const hi = Math.min(width - reach, xTo + margin);
  for (let y = 0; y < height; y += 2) {
    const row = y * width;
    for (let x = lo; x < hi; x++) {
      const v = data[row + x] ?? 255;
      if (
        v <= threshold &&
        (data[row + x - reach] ?? 255) - v >= contrast &&
        (data[row + x + reach] ?? 255) - v >= contrast
      ) {
        xs.push(x);
        ys.push(y - mid);
      }
    }
  }
  if (xs.length === 0) return null;
  let best: SlantedLine | null = null;
  const span = xTo - xFrom;
  const steps = Math.round(options.maxDegrees / 0.05);
  for (let s = -steps; s <= steps; s++) {
    const slope = Math.tan((s * 0.05 * Math.PI) / 180);
    const acc = new Int32Array(span + 1);
    for (let i = 0; i < xs.length; i++) {
      const at = Math.round((xs[i] as number) - slope * (ys[i] as number)) - xFrom;
      if (at >= 0 && at < span) acc[at] = (acc[at] ?? 0) + 1;
    }
    for (let a = 0; a < span; a++) {
      // A line is one or two pixels wide after rounding: count the pair.
      const votes = (acc[a] ?? 0) + Math.max(acc[a - 1] ?? 0, acc[a + 1] ?? 0);
      if (!best || votes > best.votes) best = { x0: a + xFrom - slope * mid, slope, votes };
    }
  }
  return best;
}

/**
 * A photo taken at an angle (keystone, shear) made square: the table's outermost long vertical lines on
 * the left and the right are found with their slants, and each pixel row is stretched so that both lines
 * stand upright where they are widest apart. Rows stay rows (the vertical squeeze of a keystone is small
 * and does not hurt reading). Returns the image unchanged when no pair of long lines is found, or when
 * they are upright already.
 */
export function straightenVerticals(img: Gray, dpi: number): { img: Gray; corrected: boolean } {
  const options = { threshold: 235, contrast: 20, reach: Math.max(3, Math.round(dpi / 50)), maxDegrees: 3 };
  const third = Math.floor(img.width / 3);
  const left = strongestVertical(img, 0, third, options);
  const right = strongestVertical(img, img.width - third, img.width, options);
  const minVotes = img.height * 0.25 * 0.5; // pixels sampled every other row: a quarter of the height
  if (!left || !right || left.votes < minVotes || right.votes < minVotes) return { img, corrected: false };
  const xl = (y: number) => left.x0 + left.slope * y;
  const xr = (y: number) => right.x0 + right.slope * y;
  const drift = Math.max(
    Math.abs(left.slope * img.height),
    Math.abs(right.slope * img.height),
    Math.abs(xr(img.height) - xl(img.height) - (xr(0) - xl(0))),
  );
  // Below this the slant is within what the ruling finder tolerates, and two borders a pixel or two
  // apart (two tables) can pass for one slanted line: leave the page as it is.
  if (drift < Math.max(8, dpi / 20)) return { img, corrected: false };
  const yRef = xr(0) - xl(0) >= xr(img.height) - xl(img.height) ? 0 : img.height;
  const XL = xl(yRef);
  const XR = xr(yRef);
  if (XR - XL < img.width / 4) return { img, corrected: false };
  const { width, height } = img;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < height; y++) {
    const a = xl(y);
    const scale = (xr(y) - a) / (XR - XL);
    const row = y * width;
    for (let x = 0; x < width; x++) {
      const sx = Math.round(a + (x - XL) * scale);
      if (sx >= 0 && sx < width) data[row + x] = img.data[row + sx] ?? 255;
    }
  }
  return { img: { width, height, data }, corrected: true };
}

/** A connected blob of ink: its bounding box (pixels, inclusive) and its pixel count. */
export interface Blob {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
  readonly pixels: number;
}

/** The 8-connected blobs of pixels at or under `threshold`. */
export function blobs(img: Gray, threshold: number): Blob[] {
  const { width, height, data } = img;
  const seen = new Uint8Array(width * height);
  const out: Blob[] = [];
  const stack: number[] = [];
  for (let start = 0; start < data.length; start++) {
    if (seen[start] || (data[start] as number) > threshold) continue;
    seen[start] = 1;
    stack.push(start);
    let [x0, y0, x1, y1, pixels] = [width, height, -1, -1, 0];
    while (stack.length > 0) {
      const i = stack.pop() as number;
      const x = i % width;
      const y = (i - x) / width;
      pixels++;
      x0 = Math.min(x0, x);
      x1 = Math.max(x1, x);
      y0 = Math.min(y0, y);
      y1 = Math.max(y1, y);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= width || ny >= height) continue;
          const j = ny * width + nx;
          if (seen[j] || (data[j] as number) > threshold) continue;
          seen[j] = 1;
          stack.push(j);
        }
      }
    }
    out.push({ x0, y0, x1, y1, pixels });
  }
  return out;
}

/**
 * Does the crop of a number show a decimal point after its `digitsBefore`-th digit? Read from the ink, not
 * by a recogniser: the crop's blobs are one row of glyphs as tall as the tallest (each digit one blob, as a
 * clean print has them) and one small blob, no more than a third of their height and width and at least
 * two pixels across, sitting on their baseline with exactly `digitsBefore` glyphs to its left. Anything
 * else (a glyph broken in two, a smudge, a second small blob) is no such point.
 */
export function showsDecimalPoint(img: Gray, digitsBefore: number): boolean {
  const found = blobs(img, Math.min(otsu(img), PAPER));
  const tallest = Math.max(0, ...found.map((b) => b.y1 - b.y0 + 1));
  if (tallest < 6) return false;
  const glyphs = found.filter((b) => b.y1 - b.y0 + 1 >= 0.6 * tallest);
  const small = found.filter((b) => b.y1 - b.y0 + 1 <= tallest / 3);
  if (glyphs.length + small.length !== found.length || small.length !== 1) return false;
  const point = small[0] as Blob;
  const base = Math.max(...glyphs.map((g) => g.y1));
  const top = Math.min(...glyphs.map((g) => g.y0));
  const w = point.x1 - point.x0 + 1;
  const h = point.y1 - point.y0 + 1;
  if (w < 2 || h < 2 || w > tallest / 3) return false;
  // On the baseline: its bottom within a sixth of the glyphs' height of theirs, its top in their lower half.
  if (Math.abs(point.y1 - base) > tallest / 6 || point.y0 < top + tallest / 2) return false;
  const before = glyphs.filter((g) => g.x1 < point.x0).length;
  const after = glyphs.filter((g) => g.x0 > point.x1).length;
  return before === digitsBefore && before + after === glyphs.length && after > 0;
}
