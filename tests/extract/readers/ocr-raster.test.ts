import { describe, expect, it } from "vitest";
import {
  decodePpm,
  despeckle,
  enlarge,
  findPixelRulings,
  flattenLight,
  type Gray,
  showsDecimalPoint,
  speckled,
  straightenVerticals,
  whitenPaper,
} from "../../../extract/readers/ocr/raster.ts";
import { missedLines, rulingsAt } from "../../../extract/readers/ocr/read-scan.ts";

/** A page lit from the left (paper 250 → 150 across), with a faint blurred ruling and a dark text block. */
function litPage(): Gray {
  const width = 300;
  const height = 200;
  const data = new Uint8Array(width * height);
  const paper = (x: number) => 250 - (100 * x) / width;
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data[y * width + x] = Math.round(paper(x));
  // A faint ruling at y = 60 (a 1-pixel line blurred to three rows of 80% / 60% / 80% paper).
  for (let x = 20; x < 280; x++) {
    data[59 * width + x] = Math.round(paper(x) * 0.8);
    data[60 * width + x] = Math.round(paper(x) * 0.6);
    data[61 * width + x] = Math.round(paper(x) * 0.8);
  }
  // A "text line": rows 120–140 dark with a light column every 12 pixels (no white above or below inside it).
  for (let y = 120; y < 140; y++)
    for (let x = 20; x < 280; x++) if (x % 12 !== 0) data[y * width + x] = Math.round(paper(x) * 0.5);
  return { width, height, data };
}

describe("OCR raster: rulings on unevenly lit, blurred pages", () => {
  it("evens out the light: paper becomes white on both sides, ink keeps its contrast", () => {
    const flat = flattenLight(litPage(), 30);
    const at = (x: number, y: number) => flat.data[y * flat.width + x] ?? 0;
    expect(at(10, 10)).toBeGreaterThanOrEqual(240);
    expect(at(290, 10)).toBeGreaterThanOrEqual(240); // 152 before
    expect(at(150, 60)).toBeLessThan(170);
    expect(at(290, 60)).toBeGreaterThanOrEqual(240); // past the ruling's end
  });

  it("finds a faint ruling by its contrast and not the inside of a text line", () => {
    const flat = flattenLight(litPage(), 30);
    const found = findPixelRulings(flat, 235, 50, { contrast: 20, reach: 4, gap: 4 });
    expect(found.map((r) => [r.dir, r.pos, r.from, r.to])).toEqual([["h", 60, 20, 279]]);
    // The old single threshold on the raw page either misses the ruling on the dark side or takes the
    // text block's rows as lines.
    const page = litPage();
    const plain = findPixelRulings(page, 150, 50);
    expect(plain.some((r) => r.dir === "h" && r.pos === 60 && r.from <= 25 && r.to >= 275)).toBe(false);
  });

  it("joins a line broken by short gaps (JPEG, speckle) up to the given gap", () => {
    const width = 200;
    const data = new Uint8Array(width * 40).fill(255);
    for (let x = 10; x < 190; x++) if (x % 20 < 17) data[20 * width + x] = 0;
    const img = { width, height: 40, data };
    expect(findPixelRulings(img, 128, 100, { gap: 3 }).map((r) => [r.from, r.to])).toEqual([[10, 189]]);
    expect(findPixelRulings(img, 128, 100, { gap: 2 })).toEqual([]);
  });
});

describe("OCR raster: a table row shorter than the shortest ruling", () => {
  /**
   * A row 30 px high between two horizontal rulings, its sides at x = 40, 100 and 160 (the first row of a
   * table carried over to a new page); below it, a glyph's stroke 30 px long that touches the lower ruling
   * only, and one that touches neither.
   */
  function strip(): Gray {
    const width = 200;
    const height = 120;
    const data = new Uint8Array(width * height).fill(255);
    for (const y of [20, 50]) for (let x = 40; x <= 160; x++) data[y * width + x] = 0;
    for (const x of [40, 100, 160]) for (let y = 20; y <= 50; y++) data[y * width + x] = 0;
    for (let y = 51; y <= 81; y++) data[y * width + 70] = 0;
    for (let y = 60; y <= 90; y++) data[y * width + 130] = 0;
    return { width, height, data };
  }

  it("keeps the row's sides, as they join two rulings, and no stroke that does not", () => {
    const found = findPixelRulings(strip(), 128, 50);
    expect(found.filter((r) => r.dir === "v").map((r) => [r.pos, r.from, r.to])).toEqual([
      [40, 20, 50],
      [100, 20, 50],
      [160, 20, 50],
    ]);
    expect(found.filter((r) => r.dir === "h").map((r) => r.pos)).toEqual([20, 50]);
    // Marked, so that the finder is chosen by the long lines alone (read-scan.ts).
    expect(found.filter((r) => r.dir === "v").every((r) => r.side === true)).toBe(true);
  });

  it("keeps no short piece beside a long line (a photo's slanted ruling, a few pixels over)", () => {
    const img = strip();
    for (let y = 20; y <= 110; y++) img.data[y * img.width + 180] = 0;
    for (let x = 160; x <= 190; x++) img.data[110 * img.width + x] = 0;
    for (let x = 160; x <= 190; x++) img.data[20 * img.width + x] = 0;
    for (let x = 160; x <= 190; x++) img.data[50 * img.width + x] = 0;
    for (let y = 20; y <= 50; y++) img.data[y * img.width + 185] = 0;
    const vertical = findPixelRulings(img, 128, 50).filter((r) => r.dir === "v");
    expect(vertical.map((r) => r.pos)).toEqual([180, 40, 100, 160]);
  });
});

describe("OCR raster: a photo's keystone", () => {
  /** Two table borders leaning towards each other at the top (a phone held at an angle), one upright line. */
  function keystoned(squeeze: number): Gray {
    const width = 400;
    const height = 600;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 50; y < 550; y++) {
      const s = 1 - squeeze * (1 - y / height);
      // Lines three pixels wide, as a ruling photographed at 200 dpi.
      for (const x of [60, 340, 200])
        for (let d = -1; d <= 1; d++) data[y * width + Math.round((x - 200) * s + 200) + d] = 0;
    }
    for (let x = 60; x <= 340; x++) data[300 * width + x] = 0;
    return { width, height, data };
  }
  const verticals = (img: Gray) =>
    findPixelRulings(img, 128, 100, { gap: 2 })
      .filter((r) => r.dir === "v")
      .map((r) => [Math.round(r.pos), r.to - r.from]);

  it("makes slanted table borders upright, each one line over its full length", () => {
    const photo = keystoned(0.15);
    // Slanted by 21 pixels over the height (a photo at 200 dpi: 25–30): the ruling finder sees no full-length border.
    expect(verticals(photo).filter(([, len]) => (len as number) > 450)).toHaveLength(1);
    const { img, corrected } = straightenVerticals(photo, 200);
    expect(corrected).toBe(true);
    const upright = verticals(img).filter(([, len]) => (len as number) > 450);
    expect(upright).toHaveLength(3);
    upright.forEach(([pos], i) => {
      expect(Math.abs((pos as number) - ([60, 200, 340][i] as number))).toBeLessThanOrEqual(1);
    });
  });

  it("leaves a page with upright lines as it is", () => {
    const page = keystoned(0);
    const { img, corrected } = straightenVerticals(page, 200);
    expect(corrected).toBe(false);
    expect(img).toBe(page);
  });
});

describe("OCR raster: specks", () => {
  const width = 30;
  /** A 0 drawn as a ring with three-pixel strokes, a one-pixel speck inside it and a two-pixel one beside it. */
  function zeroWithSpecks(): Gray {
    const height = 24;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 3; y < 19; y++)
      for (let x = 4; x < 16; x++) if (x < 7 || x >= 13 || y < 6 || y >= 16) data[y * width + x] = 40;
    data[10 * width + 10] = 30; // inside the ring: a 0 read as 8 or 9
    data[3 * width + 24] = 20; // on the paper, two pixels
    data[4 * width + 24] = 60;
    data[10 * width + 5] = 255; // a light speck inside the stroke
    return { width, height, data };
  }
  const at = (g: Gray, x: number, y: number) => g.data[y * g.width + x] ?? 0;
  const dark = (g: Gray) => [...g.data].flatMap((v, i) => (v < 128 ? [i] : []));

  it("removes dark specks of one or two pixels and fills a light one inside a stroke", () => {
    const out = despeckle(zeroWithSpecks());
    expect(at(out, 10, 10)).toBeGreaterThanOrEqual(128);
    expect(at(out, 24, 3)).toBeGreaterThanOrEqual(128);
    expect(at(out, 24, 4)).toBeGreaterThanOrEqual(128);
    expect(at(out, 5, 10)).toBeLessThan(128);
  });

  it("keeps the strokes, a one-pixel line but for its two end pixels", () => {
    const img = zeroWithSpecks();
    for (let x = 18; x < 28; x++) img.data[20 * width + x] = 50; // a thin underline
    const specks = new Set([10 * width + 10, 3 * width + 24, 4 * width + 24]);
    const ends = [20 * width + 18, 20 * width + 27];
    const kept = new Set(dark(despeckle(img)));
    expect(dark(img).filter((i) => !specks.has(i) && !kept.has(i))).toEqual(ends);
  });

  it("keeps a decimal point of two by two pixels (「64.01」 must not become 6401)", () => {
    const height = 8;
    const data = new Uint8Array(width * height).fill(255);
    for (const [x, y] of [
      [10, 4],
      [11, 4],
      [10, 5],
      [11, 5],
    ] as const)
      data[y * width + x] = 60;
    const img = { width, height, data };
    expect(despeckle(img).data).toEqual(img.data);
  });

  it("keeps a faint grey stroke whose darkest pixels are apart (a photo's thin ink at 150 dpi)", () => {
    const height = 12;
    const data = new Uint8Array(width * height).fill(255);
    // A two-pixel stroke at 150–170 grey with a dark pixel every fourth one.
    for (let y = 2; y < 10; y++) for (let x = 10; x < 12; x++) data[y * width + x] = y % 4 === 0 ? 100 : 160;
    const img = { width, height, data };
    expect(despeckle(img).data).toEqual(img.data);
  });
});

describe("OCR raster: is the page speckled?", () => {
  /** A page of 400 × 300 px with rows of strokes (text), and `specks` isolated dark pixels spread over it. */
  function page(specks: number): Gray {
    const width = 400;
    const height = 300;
    const data = new Uint8Array(width * height).fill(255);
    // Text: one-pixel anti-aliased strokes (a dark core with grey sides) and blocks of ink.
    for (let y = 20; y < 280; y += 30)
      for (let x = 20; x < 380; x += 12) {
        for (let k = 0; k < 10; k++) {
          data[(y + k) * width + x] = k % 3 === 0 ? 90 : 150;
          data[(y + k) * width + x + 1] = 170;
        }
        data[y * width + x + 4] = 60;
        data[y * width + x + 5] = 60;
      }
    for (let k = 0; k < specks; k++) {
      const x = 7 + ((k * 37) % 386);
      const y = 15 + ((k * 53) % 270);
      if (data[y * width + x] === 255) data[y * width + x] = 40;
    }
    return { width, height, data };
  }

  it("a page with scattered one-pixel specks is; a page of text alone, or a few specks, is not", () => {
    expect(speckled(page(0))).toBe(false);
    expect(speckled(page(3))).toBe(false);
    expect(speckled(page(120))).toBe(true);
  });
});

describe("OCR raster: a cell's paper made white", () => {
  /** A photo's cell: grey paper with a JPEG's ripple (228–244), white padding around it, a grey 「1」. */
  function photoCell(withGlyph: boolean): Gray {
    const width = 60;
    const height = 50;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 10; y < 40; y++)
      for (let x = 10; x < 50; x++) data[y * width + x] = 228 + ((x * 7 + y * 3) % 17);
    if (withGlyph) for (let y = 16; y < 34; y++) for (let x = 29; x < 32; x++) data[y * width + x] = 90 + y;
    return { width, height, data };
  }

  it("makes the grey paper, its ripple and the padding white, and leaves the glyph's grey as it was", () => {
    const img = photoCell(true);
    const out = whitenPaper(img);
    const glyph = [...img.data.keys()].filter((i) => (img.data[i] as number) < 200);
    expect(glyph.length).toBe(18 * 3);
    expect([...out.data.keys()].filter((i) => out.data[i] !== 255)).toEqual(glyph);
    expect(glyph.every((i) => out.data[i] === img.data[i])).toBe(true);
  });

  it("leaves a cell of paper alone white: its ripple is not split into ink and paper", () => {
    expect([...whitenPaper(photoCell(false)).data].every((v) => v === 255)).toBe(true);
  });
});

describe("OCR raster: a decimal point seen in the ink", () => {
  /** A cell's crop with glyphs (x, width) 24 px high on one baseline, and marks given as [x, y, w, h]. */
  function number(glyphs: readonly (readonly [number, number])[], marks: readonly number[][]): Gray {
    const width = 90;
    const height = 60;
    const data = new Uint8Array(width * height).fill(245);
    const ink = (x0: number, y0: number, w: number, h: number) => {
      for (let y = y0; y < y0 + h; y++) data.fill(40, y * width + x0, y * width + x0 + w);
    };
    for (const [x, w] of glyphs) ink(x, 18, w, 24);
    for (const [x, y, w, h] of marks) ink(x as number, y as number, w as number, h as number);
    return { width, height, data };
  }
  const ONE_FIVE = [
    [20, 4],
    [40, 12],
  ] as const;

  it("「1.5」: a small blob on the baseline with one glyph before it, not two", () => {
    const img = number(ONE_FIVE, [[30, 38, 4, 4]]);
    expect(showsDecimalPoint(img, 1)).toBe(true);
    expect(showsDecimalPoint(img, 2)).toBe(false);
  });

  it("no point: 「15」, a mark at mid-height (「1-5」), a speck of one pixel, a point with nothing after it", () => {
    expect(showsDecimalPoint(number(ONE_FIVE, []), 1)).toBe(false);
    expect(showsDecimalPoint(number(ONE_FIVE, [[30, 28, 4, 3]]), 1)).toBe(false);
    expect(showsDecimalPoint(number(ONE_FIVE, [[30, 40, 1, 1]]), 1)).toBe(false);
    expect(showsDecimalPoint(number([[20, 4]], [[30, 38, 4, 4]]), 1)).toBe(false);
  });

  it("nothing it cannot account for: a second small blob, or a glyph broken in two", () => {
    expect(
      showsDecimalPoint(
        number(ONE_FIVE, [
          [30, 38, 4, 4],
          [60, 38, 4, 4],
        ]),
        1,
      ),
    ).toBe(false);
    const broken = number(ONE_FIVE, [[30, 38, 4, 4]]);
    broken.data.fill(245, 30 * 90 + 40, 30 * 90 + 52); // the 5 cut across its middle
    expect(showsDecimalPoint(broken, 1)).toBe(false);
  });
});

describe("OCR raster: a low-resolution page enlarged", () => {
  it("doubles each side, keeps flat paper and ink as they are, and grades an edge between them", () => {
    const width = 8;
    const height = 4;
    const data = new Uint8Array(width * height).fill(255);
    for (let y = 0; y < height; y++) for (let x = 0; x < 4; x++) data[y * width + x] = 20;
    const out = enlarge({ width, height, data }, 2);
    expect([out.width, out.height]).toEqual([16, 8]);
    const row = [...out.data.subarray(3 * 16, 4 * 16)];
    expect(row.slice(0, 6)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(row.slice(10)).toEqual([255, 255, 255, 255, 255, 255]);
    // The edge: between the last ink pixel and the first paper pixel, in order.
    expect(row[7]).toBeGreaterThan(20);
    expect(row[7]).toBeLessThan(row[8] as number);
    expect(row[8]).toBeLessThan(255);
  });

  it("takes any factor (a chat photo of 110 dpi to 300)", () => {
    const img = { width: 11, height: 7, data: new Uint8Array(77).fill(128) };
    const out = enlarge(img, 300 / 110);
    expect([out.width, out.height]).toEqual([30, 19]);
    expect(new Set(out.data)).toEqual(new Set([128]));
  });
});

describe("OCR: rulings looked for on an enlarged copy", () => {
  /** A 200 dpi page with a ruled table of 3 × 4 cells (lines 2 px wide, grey 90). */
  function tablePage(): Gray {
    const width = 800;
    const height = 600;
    const data = new Uint8Array(width * height).fill(245);
    const xs = [100, 250, 400, 550, 700];
    const ys = [100, 200, 300, 400];
    for (const y of ys)
      for (let x = 100; x <= 700; x++) for (const d of [0, 1]) data[(y + d) * width + x] = 90;
    for (const x of xs) for (let y = 100; y <= 400; y++) for (const d of [0, 1]) data[y * width + x + d] = 90;
    return { width, height, data };
  }

  it("finds the same grid on a copy enlarged to 300 dpi, its rulings given back in the page's pixels", () => {
    const page = tablePage();
    const [atPage] = rulingsAt(page, 200, 200);
    const [onCopy] = rulingsAt(enlarge(page, 1.5), 300, 200);
    expect(atPage?.cells).toBe(12);
    expect(onCopy?.cells).toBe(12);
    const key = (r: { dir: string; pos: number }) => `${r.dir}${Math.round(r.pos)}`;
    const native = (atPage?.pixelRulings ?? []).map(key).sort();
    const back = (onCopy?.pixelRulings ?? []).map(key).sort();
    expect(back.length).toBe(native.length);
    back.forEach((k, i) => {
      const a = native[i] as string;
      expect(k[0]).toBe(a[0]);
      expect(Math.abs(Number(k.slice(1)) - Number(a.slice(1)))).toBeLessThanOrEqual(1);
    });
    // Whole pixels of the page, so that erasing them paints the page's own pixels.
    for (const r of onCopy?.pixelRulings ?? []) {
      expect(Number.isInteger(r.from)).toBe(true);
      expect(Number.isInteger(r.to)).toBe(true);
    }
  });
});

describe("OCR: lines of ink no page word stands on", () => {
  /** A page (200 dpi) with three lines of "glyphs" (dark blocks): y 100–130, 200–236 (a larger heading), 300–330. */
  function page(specks = false): Gray {
    const width = 800;
    const height = 420;
    const data = new Uint8Array(width * height).fill(250);
    const line = (y0: number, y1: number, x0: number, x1: number) => {
      for (let y = y0; y < y1; y++)
        for (let x = x0; x < x1; x++) if (x % 40 < 30 && (y - y0) % 6 < 4) data[y * width + x] = 20;
    };
    line(100, 130, 40, 760);
    line(200, 236, 40, 300);
    line(300, 330, 40, 760);
    // Scanner specks: single dark pixels here and there, never a line's worth in a row.
    if (specks) for (let i = 0; i < 400; i++) data[((i * 7919) % (height * width)) | 0] = 0;
    return { width, height, data };
  }
  const word = (top: number, height: number) => ({
    text: "政府",
    left: 40,
    top,
    width: 80,
    height,
    conf: 90,
    line: "1.1.1",
    image: 1,
  });

  it("finds the line the page reading left out (a heading set larger), from its first ink to its last", () => {
    const found = missedLines(page(), [word(100, 30), word(300, 30)], 200);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ y0: 200, x0: 40 });
    expect(found[0]?.y1).toBeGreaterThanOrEqual(234);
    expect(found[0]?.x1).toBeGreaterThanOrEqual(290);
  });

  it("none where every line has words, and none of a scan's specks", () => {
    expect(missedLines(page(true), [word(100, 30), word(205, 30), word(300, 30)], 200)).toEqual([]);
    const blank: Gray = { width: 800, height: 420, data: new Uint8Array(800 * 420).fill(250) };
    for (let i = 0; i < 600; i++) blank.data[(i * 7919) % blank.data.length] = 0;
    expect(missedLines(blank, [], 200)).toEqual([]);
  });
});

describe("red seals in a colour page image", () => {
  const W = 1000;
  const H = 800;
  /** A white page with `marks` painted (each an RGB colour over some pixels), as a binary PPM. */
  function ppm(
    marks: { rgb: [number, number, number]; at: (x: number, y: number) => boolean }[],
  ): Uint8Array {
    const data = Buffer.alloc(W * H * 3, 255);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) for (const m of marks) if (m.at(x, y)) data.set(m.rgb, (y * W + x) * 3);
    return new Uint8Array(Buffer.concat([Buffer.from(`P6\n${W} ${H}\n255\n`, "latin1"), data]));
  }
  const RED: [number, number, number] = [230, 40, 40];
  const BLACK: [number, number, number] = [0, 0, 0];
  /** A seal's ring 200 px across (a fifth of the page's width), 8 px thick, centred at (600, 500). */
  const ring = (x: number, y: number) => {
    const d = Math.hypot(x - 600, y - 500);
    return d <= 100 && d >= 92;
  };
  /** Its star: a red square in the middle. */
  const star = (x: number, y: number) => Math.abs(x - 600) < 20 && Math.abs(y - 500) < 20;
  /** A line of black text through the seal, and a red title (strokes 30 px high) at the top. */
  const text = (x: number, y: number) => y >= 496 && y < 504 && x >= 300 && x < 900 && x % 12 < 6;
  const title = (x: number, y: number) => y >= 40 && y < 70 && x >= 100 && x < 700 && x % 40 < 10;
  const px = (img: { data: Uint8Array }, x: number, y: number) => img.data[y * W + x];
  /** The seal's ring, more marks, and black text through them over all, read as grey. */
  const sealed = (...more: Parameters<typeof ppm>[0]) =>
    decodePpm(ppm([{ rgb: RED, at: ring }, ...more, { rgb: BLACK, at: text }]));

  it("takes the seal's ring and what it holds out, and keeps the black text under it", () => {
    const img = sealed({ rgb: RED, at: star });
    // The ring and the star as light as their red: paper to any threshold.
    expect(px(img, 600, 404)).toBe(230);
    expect(px(img, 600, 490)).toBe(230);
    expect(px(img, 504, 500)).toBe(0); // text crossing the ring
    expect(px(img, 600, 500)).toBe(0); // text over the star
  });

  it("keeps text whose edge a JPEG tinted dark red as dark as it was", () => {
    const DARK_RED: [number, number, number] = [90, 10, 10];
    const edge = (x: number, y: number) => y >= 504 && y < 506 && x >= 300 && x < 900 && x % 12 < 6;
    expect(px(sealed({ rgb: DARK_RED, at: edge }), 504, 505)).toBe(90);
  });

  it("keeps red text that is no ring (a red title), and a page mostly red as it is", () => {
    const titled = decodePpm(ppm([{ rgb: RED, at: title }]));
    expect(px(titled, 122, 50)).toBeLessThan(128);
    const red = decodePpm(
      ppm([
        { rgb: RED, at: (_x, y) => y < 400 },
        { rgb: RED, at: ring },
      ]),
    );
    expect(px(red, 600, 404)).toBeLessThan(128);
  });
});
