/**
 * Scans and photos through offline OCR: page images (a PDF's pages rendered by poppler's pdftoppm, or a
 * JPEG/PNG/TIFF as sent) are deskewed, their light evened out, a photo's keystone straightened, their table
 * rulings found (two finders, the better grid kept) and painted out, the text recognised
 * by Tesseract, and the words with the rulings laid out like a PDF page into the document model. Every
 * table cell keeps its box and confidence (DocumentInfo.ocr) for provenance.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Document, ILLEGIBLE, type OcrCell } from "../../document.ts";
import { normalizeText } from "../normalize-text.ts";
import { findGrids, type Grid } from "../pdf-grid.ts";
import type { Ruling } from "../pdf-rulings.ts";
import type { TextBox } from "../pdf-text.ts";
import { type PositionedPage, positionedLines } from "../positioned.ts";
import { ReadError } from "../read-error.ts";
import { addToBank, drawnLikeBank, type GlyphBank, type Region } from "./glyphs.ts";
import { MIN_CONFIDENCE, SURE, suggestedDigits } from "./ocr-figures.ts";
import {
  blobs,
  decodeImage,
  decodePgm,
  decodePpm,
  despeckle,
  encodePgm,
  enlarge,
  eraseRulings,
  findPixelRulings,
  flattenLight,
  type Gray,
  MAX_PIXELS,
  otsu,
  PAPER,
  type PixelRuling,
  rotate,
  showsDecimalPoint,
  skewAngle,
  speckled,
  straightenVerticals,
  whitenPaper,
} from "./raster.ts";
import {
  digitsModel,
  OCR_INSTALL,
  type OcrAvailability,
  type OcrWord,
  ocrAvailability,
  recogniseDigits,
  recogniseLines,
  recognisePageAndCells,
} from "./tesseract.ts";

/** The user's message when a scan cannot be recognised here: why, and how to turn OCR on. */
export function ocrUnavailableMessage(
  availability: Exclude<OcrAvailability, { ok: true }>,
  what: string,
): string {
  const instead = "或提供带文字层的 PDF 或 Word（.docx）文件";
  if (availability.reason === "off")
    return `${what}没有可提取的文字层，文字识别（OCR）已关闭（NIANBAO_OCR=off）。去掉该设置即可识别扫描件，${instead}。`;
  return `${what}没有可提取的文字层，本机未安装文字识别（OCR）组件。管理员执行 \`${OCR_INSTALL}\` 后即可识别扫描件和照片，${instead}。`;
}

async function requireOcr(format: string, what: string): Promise<string> {
  const availability = await ocrAvailability();
  if (!availability.ok)
    throw new ReadError("no_text_layer", format, `OCR unavailable: ${availability.reason}`, {
      userMessage: ocrUnavailableMessage(availability, what),
    });
  return availability.version;
}

/** On the light-flattened page, a ruling pixel is at most this light… */
const RULING_THRESHOLD = 235;
/** …and this much darker than the paper just above and below it (left and right for a vertical one). */
const RULING_CONTRAST = 20;

/** Render resolution for PDF pages. */
export const OCR_DPI = 200;
/**
 * Pages of a lower resolution (a photo the chat shrank to 1280 pixels, a 150 dpi scan) are enlarged to
 * READ_DPI before anything else: at 150 dpi a table's digits are 10–15 pixels high, below what
 * Tesseract reads well, and its thin rulings are found better enlarged too. Measured on three real
 * reports at 150 dpi (docs/ocr.md): 52 → 97 % of figures exact in clean renderings, 29 → 96 % in photos.
 * Pages at 200 dpi are read as they are: enlarged to 300 they lost a point or two in clean renderings
 * and scans and took 3 s a page.
 */
const ENLARGE_BELOW = 180;
const READ_DPI = 300;
/**
 * A page with a table below this resolution has its rulings looked for on a copy enlarged to it too: in
 * photos at 200 dpi, rulings between cells were missed and their cells read as one (three real reports:
 * 51 → 83 % of figures exact; about 0.4 s of CPU a page with a table).
 */
const STRUCTURE_DPI = 300;
/** A photo's resolution is unknown: take an A4 page across its width. */
const A4_WIDTH_IN = 8.27;
const MAX_PAGES = 30;
/** Pages recognised at the same time (each runs up to two Tesseract processes, one thread each). */
const PAGES_AT_ONCE = 2;

export type OcrProgress = (page: number, pages: number) => void;

export interface ScanOptions {
  readonly timeoutMs?: number;
  readonly onPage?: OcrProgress;
}

/** Pixels of `img` inside the rectangle, padded with white (Tesseract reads a cell better with a margin). */
function crop(
  img: Gray,
  x0: number,
  y0: number,
  x1: number,
  y1: number,
  pad: number,
  glyph: number,
): Gray | null {
  const w = x1 - x0;
  const h = y1 - y0;
  if (w < 4 || h < 4) return null;
  const width = w + 2 * pad;
  const height = h + 2 * pad;
  const data = new Uint8Array(width * height).fill(255);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++)
      data[(y + pad) * width + x + pad] = img.data[(y0 + y) * img.width + x0 + x] ?? 255;
  }
  // Specks (scanner dust, a JPEG's salt) off, so that a speck inside a 0 does not read as 8 and a cell of
  // specks alone is no cell to read.
  const out = despeckle({ width, height, data });
  let ink = 0;
  for (const v of out.data) if (v < 128) ink++;
  if (ink >= 6) return out;
  // A faint glyph (a grey print scanned and blurred, all of it lighter than 128: a lone 「2」 was an empty
  // cell): a blob darker than the paper as tall as a glyph, inside the cell (a ruling's remnant along an
  // edge, or as tall as the cell, is none).
  const inner = h - 2;
  const faint = blobs(out, PAPER).some(
    (b) =>
      b.y1 - b.y0 + 1 >= glyph &&
      b.y1 - b.y0 + 1 <= 0.75 * inner &&
      b.pixels >= glyph &&
      b.x0 > pad + 1 &&
      b.y0 > pad + 1 &&
      b.x1 < pad + w - 2 &&
      b.y1 < pad + h - 2,
  );
  return faint ? out : null;
}

/** A word's confidence under which a number in a cell is read again as digits only. */
const REREAD_BELOW = SURE * 100;
/** From this confidence (MIN_CONFIDENCE) a number confirmed by the second reading stands on its own. */
const TRUSTED = MIN_CONFIDENCE * 100;

/** A cell's words as one string, normalised, without spaces. */
function cellText(list: readonly OcrWord[]): string {
  return list
    .map((w) => normalizeText(w.text))
    .join("")
    .replace(/\s+/g, "");
}

/**
 * Is the cell's reading worth a second look as a number: short (at most three characters), no bracket (a
 * row label 「（一）」), at most one Chinese character (a digit read as 「二」 or 「工」), and either no clean
 * number or a number the engine doubted.
 */
function doubtfulNumber(list: readonly OcrWord[]): boolean {
  const text = cellText(list);
  if (text === "" || [...text].length > 3 || /[()（）〈〉《》]/.test(text)) return false;
  if ((text.match(/\p{Script=Han}/gu) ?? []).length > 1) return false;
  return !/^\d+$/.test(text) || list.some((w) => w.conf < REREAD_BELOW);
}

/** A second reading at least this sure (0–100) of the very digits the first one printed confirms them. */
const CONFIRMED = 90;

/**
 * Do the words lie inside the cell's own area, clear of its edges, and well short of its height? A digit
 * does; a scrap of a ruling left at the cell's edge, which both readings may take for a 1, does not.
 */
function insideCell(words: readonly OcrWord[], img: Gray, pad: number): boolean {
  const inner = img.height - 2 * pad;
  return words.every(
    (w) =>
      w.left > pad &&
      w.top > pad &&
      w.left + w.width < img.width - pad &&
      w.top + w.height < img.height - pad &&
      w.height <= 0.75 * inner,
  );
}

/** The box around a reading's words, two pixels wider each way. */
function regionOf(words: readonly OcrWord[]): Region {
  return {
    left: Math.min(...words.map((w) => w.left)) - 2,
    top: Math.min(...words.map((w) => w.top)) - 2,
    right: Math.max(...words.map((w) => w.left + w.width)) + 2,
    bottom: Math.max(...words.map((w) => w.top + w.height)) + 2,
  };
}

/** Is the cell's reading a plain number, digits only? (Those not doubtful are checked by a second reading.) */
function cleanNumber(list: readonly OcrWord[]): boolean {
  const text = cellText(list);
  return /^\d{1,6}$/.test(text);
}

/**
 * A cell read as a number without doubt, read again as digits only by the other model (`read`). Where the
 * second reading is another number (「22」 and 2: chi_sim doubled a glyph at confidence 0.97), the two
 * readers disagree and neither is taken on its own: the cell is marked `disputed` with the second
 * number, and applyOcr takes whichever of the two the table's arithmetic forces, else nothing. A second
 * reading that found no digits says nothing. In place.
 */
function takeCheck(cellWords: OcrWord[][], i: number, read: readonly OcrWord[]): void {
  const text = read.map((w) => w.text).join("");
  const first = cellWords[i] ?? [];
  if (!/^\d{1,6}$/.test(text) || first.length === 0) return;
  const firstText = cellText(first);
  if (Number(firstText) === Number(text)) return;
  cellWords[i] = first.map((w) => ({ ...w, disputed: text }));
}

/**
 * A cell whose first reading was a doubtful number (or no word at all), read again as digits only
 * (`read`), by another model (eng) than the first (chi_sim):
 * - both give the same number, the first read with at least MIN_CONFIDENCE: the first stands;
 * - both give the same lone digit, the second (by eng, not chi_sim again) with at least CONFIRMED, and the
 *   glyph sits inside the cell (chi_sim reads a lone 「1」 right but with confidence 0): the first stands
 *   with the second's confidence.
 *   Never a longer number: the first reading may have lost a decimal point the second cannot print;
 * - the first has a decimal point and the second repeats its digits (「1.5」, 15): the first stands, with
 *   its own confidence, as the second says nothing of the point; with the second's confidence where that
 *   is at least REREAD_BELOW and the crop's ink shows the point in its place (showsDecimalPoint);
 * - otherwise the second reading's number replaces the first, flagged `reread`, and stands only where the
 *   table's arithmetic forces that value (applyOcr): a digit the first reading saw as something else
 *   (「了」 for 7) is never taken on the digits-only reading alone, which can only answer digits.
 * In place.
 */
function takeReread(
  cellWords: OcrWord[][],
  i: number,
  read: readonly OcrWord[],
  img: Gray,
  pad: number,
  otherModel: boolean,
): void {
  const text = read.map((w) => w.text).join("");
  const first = cellWords[i] ?? [];
  if (!/^\d{1,6}$/.test(text) || read.length === 0) return;
  const firstText = cellText(first);
  const readConf = Math.min(...read.map((w) => w.conf));
  // 「1.5」 and 15: the digits-only reading cannot print a decimal point, so it says nothing of the one the
  // first reading saw; the first stands, for applyOcr to judge by its own confidence. Where the second
  // reading is sure of the digits and the ink shows the point where the first put it, the first stands
  // with the second's confidence: the digits read alike by two models, the point seen in the pixels.
  if (/^\d+\.\d+$/.test(firstText) && firstText.replace(".", "") === text) {
    if (otherModel && readConf >= REREAD_BELOW && showsDecimalPoint(img, firstText.indexOf(".")))
      cellWords[i] = first.map((w) => ({ ...w, conf: Math.max(w.conf, readConf) }));
    return;
  }
  if (firstText === text) {
    // Both readings the same number, the first not doubted enough to need the arithmetic: it stands.
    if (first.every((w) => w.conf >= TRUSTED)) return;
    if (otherModel && text.length === 1 && readConf >= CONFIRMED && insideCell(first, img, pad)) {
      cellWords[i] = first.map((w) => ({ ...w, conf: Math.max(w.conf, readConf) }));
      return;
    }
  }
  // The box of the first reading's words, or of the second's where the first read nothing (both are in
  // pixels of the same crop).
  const boxed = first.length > 0 ? first : read;
  const left = Math.min(...boxed.map((w) => w.left));
  const top = Math.min(...boxed.map((w) => w.top));
  const right = Math.max(...boxed.map((w) => w.left + w.width));
  const bottom = Math.max(...boxed.map((w) => w.top + w.height));
  cellWords[i] = [
    {
      text,
      left,
      top,
      width: right - left,
      height: bottom - top,
      conf: readConf,
      line: (boxed[0] as OcrWord).line,
      image: (boxed[0] as OcrWord).image,
      reread: true,
    },
  ];
}

/**
 * A doubtful number that both models read alike (「1」 at 0.58 and 0.68: Tesseract's confidence in a lone 1
 * of a Song or Times face is low however clear it is), or that the digits-only reading found where the
 * first found no word at all (a scan's lone 「2」), whose every glyph is drawn like the document's own sure
 * glyphs of its digit and unlike those of every other digit (drawnLikeBank): it stands, with the
 * confidence CONFIRMED. The readings and the document's own print agree; a reading the models disagree
 * on (「]」 and 1) is left to the table's arithmetic as before. In place; whether it was confirmed.
 */
function confirmByGlyphs(
  cellWords: OcrWord[][],
  i: number,
  read: readonly OcrWord[],
  img: Gray,
  pad: number,
  bank: GlyphBank,
): boolean {
  const first = cellWords[i] ?? [];
  // Where the first reading found no word in the cell's ink, the second's words are the reading.
  const words = first.length > 0 ? first : read;
  const text = cellText(words);
  if (read.length === 0 || text !== cellText(read) || !/^\d{1,6}$/.test(text)) return false;
  if (!insideCell(words, img, pad) || !drawnLikeBank(bank, img, regionOf(words), text)) return false;
  cellWords[i] = words.map((w) => ({ ...w, conf: Math.max(w.conf, CONFIRMED) }));
  return true;
}

/** One page image recognised, before its doubtful cells are read again and its words laid out. */
interface PageReading {
  readonly width: number;
  readonly height: number;
  readonly dpi: number;
  readonly rulings: Ruling[];
  readonly pageWords: OcrWord[];
  /** Words of each recognised cell, in pixels of its crop (padded by `pad`). */
  readonly cellWords: OcrWord[][];
  readonly cells: readonly { x0: number; y0: number }[];
  readonly pad: number;
  /** The crops of the cells whose reading is a doubtful number, by cell index. */
  readonly doubtful: ReadonlyMap<number, Gray>;
  /** The crops of the cells read as a number without doubt, by cell index: checked by a second reading. */
  readonly checks: ReadonlyMap<number, Gray>;
  /** Lines of ink outside the tables no page word covers, cropped (padded by `pad`), and where they are. */
  readonly missed: readonly { readonly img: Gray; readonly x0: number; readonly y0: number }[];
}

/** A band of rows of ink on a page, in pixels. */
export interface InkLine {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * Lines of ink on a page (its tables painted out) that no recognised word stands on: bands of rows with
 * more dark pixels than a scan's specks make, as tall as a line of text, at least two glyphs wide, whose
 * middle no word's middle is near. Their ink is cropped from the first dark column to the last.
 */
export function missedLines(page: Gray, words: readonly OcrWord[], dpi: number): InkLine[] {
  const { width, height, data } = page;
  const dark = Math.min(otsu(page), 160);
  const minRowInk = Math.max(8, Math.round(width * 0.004));
  const rowInk = new Array<number>(height).fill(0);
  for (let y = 0; y < height; y++) {
    let n = 0;
    for (let x = 0; x < width; x++) if ((data[y * width + x] ?? 255) <= dark) n++;
    rowInk[y] = n;
  }
  const bands: [number, number][] = [];
  let start = -1;
  let gap = 0;
  for (let y = 0; y <= height; y++) {
    const inked = y < height && (rowInk[y] ?? 0) >= minRowInk;
    if (inked) {
      if (start < 0) start = y;
      gap = 0;
    } else if (start >= 0 && ++gap > 2) {
      bands.push([start, y - gap + 1]);
      start = -1;
      gap = 0;
    }
  }
  const out: InkLine[] = [];
  for (const [y0, y1] of bands) {
    const h = y1 - y0;
    if (h < dpi * 0.06 || h > dpi * 0.5) continue;
    const covered = words.some((w) => {
      const middle = w.top + w.height / 2;
      return w.text.trim() !== "" && middle >= y0 - h / 2 && middle <= y1 + h / 2;
    });
    if (covered) continue;
    let x0 = -1;
    let x1 = -1;
    for (let x = 0; x < width; x++) {
      let n = 0;
      for (let y = y0; y < y1 && n < 2; y++) if ((data[y * width + x] ?? 255) <= dark) n++;
      if (n < 2) continue;
      if (x0 < 0) x0 = x;
      x1 = x + 1;
    }
    if (x0 < 0 || x1 - x0 < 2 * h) continue;
    out.push({ x0, y0, x1, y1 });
  }
  return out;
}

/** A missed line's reading is text only where it holds two Han characters or more (specks read as 「一 |」 are not). */
const MIN_HAN_OF_A_LINE = 2;

/** The missed lines of all pages, read in one Tesseract run per resolution, their words added to the pages'. */
async function readMissed(readings: readonly PageReading[], timeoutMs: number): Promise<void> {
  for (const dpi of new Set(readings.map((r) => r.dpi))) {
    const jobs = readings.filter((r) => r.dpi === dpi).flatMap((r) => r.missed.map((m) => ({ r, m })));
    if (jobs.length === 0) continue;
    const read = await recogniseLines(
      jobs.map((j) => encodePgm(j.m.img)),
      dpi,
      timeoutMs,
    );
    jobs.forEach(({ r, m }, k) => {
      const words = (read[k] ?? []).filter((w) => w.text.trim() !== "");
      const han = words.reduce((n, w) => n + [...w.text.matchAll(/\p{Script=Han}/gu)].length, 0);
      if (han < MIN_HAN_OF_A_LINE) return;
      // A raw line's word boxes may span the whole crop, padding included (「情况」 72 px high on a 32 px
      // line): each is kept within the band of ink, or it may reach into the next line.
      const [bandTop, bandBottom] = [r.pad, m.img.height - r.pad];
      for (const w of words) {
        const top = Math.max(w.top, bandTop);
        const bottom = Math.max(top + 1, Math.min(w.top + w.height, bandBottom));
        r.pageWords.push({
          ...w,
          left: w.left + m.x0 - r.pad,
          top: top + m.y0 - r.pad,
          height: bottom - top,
          line: `missed${k}.${w.line}`,
        });
      }
    });
  }
}

/** A page's words (page pixels) and its layout in points, once its cells' words are final. */
function layOut(r: PageReading): { page: PositionedPage; words: OcrWord[] } {
  const pt = 72 / r.dpi;
  const words: OcrWord[] = [...r.pageWords];
  r.cellWords.forEach((list, i) => {
    const cell = r.cells[i] as (typeof r.cells)[number];
    for (const w of list)
      words.push({
        ...w,
        left: w.left + cell.x0 - r.pad,
        top: w.top + cell.y0 - r.pad,
        line: `cell${i}.${w.line}`,
      });
  });
  const boxes: TextBox[] = words.map((w) => ({
    text: normalizeText(w.text),
    x: w.left * pt,
    x2: (w.left + w.width) * pt,
    top: w.top * pt,
    bottom: (w.top + w.height) * pt,
    size: Math.max(4, w.height * pt * 1.1),
  }));
  return { page: { height: r.height * pt, boxes, rulings: r.rulings }, words };
}

/**
 * The doubtful cells of all pages, and the cells read as a number without doubt, read again as digits, in
 * one Tesseract run per resolution (starting one costs about as much as reading many cells; the digits
 * of a whole report take about 0.4 s). In place.
 */
async function readAgain(readings: readonly PageReading[], timeoutMs: number): Promise<void> {
  for (const dpi of new Set(readings.map((r) => r.dpi))) {
    const jobs = readings
      .filter((r) => r.dpi === dpi)
      .flatMap((r) => [
        ...[...r.doubtful].map(([i, img]) => ({ r, i, img, check: false })),
        ...[...r.checks].map(([i, img]) => ({ r, i, img, check: true })),
      ]);
    if (jobs.length === 0) continue;
    const again = await recogniseDigits(
      jobs.map((j) => encodePgm(j.img)),
      dpi,
      timeoutMs,
    );
    // A lone digit is confirmed only by another model than the first reading's.
    const otherModel = (await digitsModel()) !== "chi_sim";
    // The document's own glyphs of the numbers both models read alike, first (see confirmByGlyphs).
    const bank: GlyphBank = new Map();
    jobs.forEach((j, k) => {
      const first = j.r.cellWords[j.i] ?? [];
      const read = again[k] ?? [];
      if (j.check && read.every((w) => w.conf >= TRUSTED) && cellText(first) === cellText(read))
        addToBank(bank, j.img, regionOf(first), cellText(first));
    });
    // What the first reading made of each cell, before the second reading replaces it (takeReadAlike).
    const firstTexts = jobs.map((j) => cellText(j.r.cellWords[j.i] ?? []));
    jobs.forEach((j, k) => {
      if (j.check) takeCheck(j.r.cellWords, j.i, again[k] ?? []);
      else if (!(otherModel && confirmByGlyphs(j.r.cellWords, j.i, again[k] ?? [], j.img, j.r.pad, bank)))
        takeReread(j.r.cellWords, j.i, again[k] ?? [], j.img, j.r.pad, otherModel);
    });
    // The cells still in doubt, read a third time on their crops enlarged (a scan's 14-pixel digits).
    const doubted = jobs.filter((j) => inDoubt(j.r.cellWords[j.i] ?? []));
    if (doubted.length === 0) continue;
    const third = await recogniseDigits(
      doubted.map((j) => encodePgm(enlarge(j.img, THIRD_SCALE))),
      dpi * THIRD_SCALE,
      timeoutMs,
    );
    doubted.forEach((j, k) => {
      takeThird(j.r.cellWords, j.i, third[k] ?? [], j.img, j.r.pad, otherModel);
      // A cell the first reading was unsure of, read alike twice by the other model (never a checked one).
      const n = jobs.indexOf(j);
      if (!j.check && otherModel)
        takeReadAlike(j.r.cellWords, j.i, firstTexts[n] ?? "", again[n] ?? [], third[k] ?? []);
    });
  }
  // A cell with ink that no reading found a word in is marked illegible, never left to look blank.
  for (const r of readings)
    for (const [i, img] of r.doubtful)
      if ((r.cellWords[i] ?? []).length === 0) r.cellWords[i] = [illegible(img, r.pad)];
}

/** The illegible mark (ILLEGIBLE) over a cell's crop inside its padding, as a word no one read. */
function illegible(img: Gray, pad: number): OcrWord {
  return {
    text: ILLEGIBLE,
    left: pad,
    top: pad,
    width: Math.max(1, img.width - 2 * pad),
    height: Math.max(1, img.height - 2 * pad),
    conf: 0,
    line: "illegible",
    image: 0,
  };
}

/** How much a doubted cell's crop is enlarged for its third reading. */
const THIRD_SCALE = 2;

/**
 * Is a cell still in doubt after its second reading: no number read, or one the table's arithmetic has to
 * decide (read again, disputed, or read with less than TRUSTED confidence)?
 */
function inDoubt(words: readonly OcrWord[]): boolean {
  return (
    words.length === 0 ||
    !/^\d{1,6}$/.test(cellText(words)) ||
    words.some((w) => w.reread || w.disputed !== undefined || w.conf < TRUSTED)
  );
}

/**
 * A doubted cell's third reading (`read`, digits only, on the crop enlarged THIRD_SCALE times):
 * - where the cell still holds no number and suggests none (「外」 for 11), it is taken as a second reading
 *   is (takeReread: flagged `reread`, standing only where the arithmetic forces it);
 * - where the cell holds a number and the third reading is another one, that number is kept beside it
 *   (`alsoRead`) for the arithmetic to choose from.
 * It never replaces a number read, nor a confusable reading (「D」), which suggests its own digits, nor a
 * decimal (「1.5」). In place.
 */
function takeThird(
  cellWords: OcrWord[][],
  i: number,
  read: readonly OcrWord[],
  img: Gray,
  pad: number,
  otherModel: boolean,
): void {
  const text = read.map((w) => w.text).join("");
  if (!/^\d{1,6}$/.test(text)) return;
  const words = cellWords[i] ?? [];
  const current = cellText(words);
  // A confusable reading (「D」, 「1o」) suggests its own digits, for the arithmetic to check: it stays. So
  // does a decimal (「1.5」), which the second reading has judged (takeReread): a digits-only one cannot.
  if (suggestedDigits(current) !== null || /^\d+\.\d+$/.test(current)) return;
  if (!/^\d{1,6}$/.test(current)) {
    const scaled = read.map((w) => ({
      ...w,
      left: Math.round(w.left / THIRD_SCALE),
      top: Math.round(w.top / THIRD_SCALE),
      width: Math.round(w.width / THIRD_SCALE),
      height: Math.round(w.height / THIRD_SCALE),
    }));
    takeReread(cellWords, i, scaled, img, pad, otherModel);
    return;
  }
  if (Number(text) === Number(current) || words.some((w) => Number(w.disputed) === Number(text))) return;
  cellWords[i] = words.map((w) => ({ ...w, alsoRead: text }));
}

/**
 * A doubted cell that the first reading (chi_sim) did not read as a number it was sure of: a glyph it took
 * for a Chinese character (「了」 for 7, 「人」 for a face's 6), or a number read with less than SURE
 * confidence (「600」 at 0.65 for 66). Where the other model read it as one and the same number twice, on
 * the crop and on the crop enlarged (`second`, `third`), each time with at least CONFIRMED confidence,
 * that number stands with the lower of the two confidences, as a figure read with confidence does: the
 * table's arithmetic still checks it, and a row that does not add up is reported.
 * Not where the first reading is a confusable run (「D」, 「]2」, 「7S45」): its letters suggest digits that
 * only the table's arithmetic may decide. Not where it found no word (a speck read twice as a digit says
 * nothing of the print). Not a number the first reading was sure of and the second read otherwise
 * (`disputed`): there chi_sim was right as often as the other model (「103」 at 0.90, read 「193」 twice at
 * 0.96 in a photo).
 * Measured on the five real reports and our corpus at 150, 200 and 300 dpi (docs/ocr.md, Session 14):
 * every cell so taken was the printed figure. In place.
 */
function takeReadAlike(
  cellWords: OcrWord[][],
  i: number,
  firstText: string,
  second: readonly OcrWord[],
  third: readonly OcrWord[],
): void {
  if (firstText === "" || suggestedDigits(firstText) !== null) return;
  const text = second.map((w) => w.text).join("");
  if (!/^\d{1,6}$/.test(text) || third.map((w) => w.text).join("") !== text) return;
  const conf = Math.min(...second.map((w) => w.conf), ...third.map((w) => w.conf));
  const words = cellWords[i] ?? [];
  if (conf < CONFIRMED || cellText(words) !== text) return;
  cellWords[i] = words.map(({ reread: _r, disputed: _d, alsoRead: _a, ...w }) => ({ ...w, conf }));
}

/** Rulings a finder found, the grids they make and how many cells those hold. */
export interface FoundRulings {
  /** In points. */
  readonly rulings: Ruling[];
  readonly grids: Grid[];
  /** In pixels of the page as it is read. */
  readonly pixelRulings: PixelRuling[];
  /** Cells of the grids the long rulings make (the short sides of single rows left out). */
  readonly cells: number;
}

/**
 * The page's rulings by both finders, looked for on `img` at `atDpi`: the plain threshold's and the faint
 * finder's, each with its grids; its pixels given back at `pageDpi` (the page as it is read, where `img`
 * is an enlarged copy). The count of cells leaves out the short sides of single rows (pieces of a faint
 * line in a photo at 150 dpi among them): they must not tip the choice.
 */
export function rulingsAt(img: Gray, atDpi: number, pageDpi: number): FoundRulings[] {
  const pt = 72 / atDpi;
  const toPoints = (found: readonly PixelRuling[]): Ruling[] =>
    found.map((r) => ({ dir: r.dir, pos: r.pos * pt, from: r.from * pt, to: r.to * pt }));
  const cellCount = (grids: readonly Grid[]) => grids.reduce((n, g) => n + g.cells.length, 0);
  const minLength = Math.round(atDpi * 0.25);
  const plain = findPixelRulings(img, otsu(img), minLength);
  const faint = findPixelRulings(img, RULING_THRESHOLD, minLength, {
    contrast: RULING_CONTRAST,
    reach: Math.max(3, Math.round(atDpi / 50)),
    gap: Math.max(2, Math.round(atDpi / 50)),
  });
  const scale = atDpi / pageDpi;
  return [plain, faint].map((found) => {
    const rulings = toPoints(found);
    const grids = findGrids(rulings);
    const long = found.filter((r) => !r.side);
    return {
      rulings,
      grids,
      pixelRulings:
        scale === 1
          ? found
          : found.map((r) => ({
              ...r,
              pos: r.pos / scale,
              from: Math.floor(r.from / scale),
              to: Math.ceil(r.to / scale),
              thickness: r.thickness / scale,
            })),
      cells: long.length === found.length ? cellCount(grids) : cellCount(findGrids(toPoints(long))),
    };
  });
}

/**
 * One page image recognised, with its rulings. Inside a table grid each cell is recognised on its own (a
 * cell's text can never run into its neighbour's); the rest of the page, grids painted out, as one.
 */
async function ocrPage(given: Gray, givenDpi: number, timeoutMs: number): Promise<PageReading> {
  const started = Date.now();
  // A page below ENLARGE_BELOW dpi is read enlarged to READ_DPI; a speckled one has its specks taken off
  // first (enlarged, a one-pixel speck is a blob no longer told from ink), and only a speckled one.
  const low = givenDpi < ENLARGE_BELOW;
  const original = low ? enlarge(speckled(given) ? despeckle(given) : given, READ_DPI / givenDpi) : given;
  const dpi = low ? READ_DPI : givenDpi;
  // Straighten a skewed scan first: rulings are found as horizontal and vertical runs.
  const threshold = otsu(original);
  const skew = skewAngle(original, threshold);
  const straight = Math.abs(skew) >= 0.2 ? rotate(original, skew) : original;
  // Paper made white everywhere (uneven light, a grey scan), so a faint blurred ruling is found by its
  // contrast with the paper on both sides rather than by one threshold for the whole page.
  // A photo taken at an angle: the table's outer vertical lines made upright (keystone, shear).
  const img = straightenVerticals(flattenLight(straight, Math.round(dpi / 6)), dpi).img;
  const px = dpi / 72;
  // Two ways to find the rulings: dark runs under the page's own threshold (crisp lines, a black-and-white
  // scan) and runs darker than the paper on both sides (faint, blurred lines) — on the page, and on a copy
  // enlarged to STRUCTURE_DPI where the page has a table (a photo's faint ruling between two merged-looking
  // cells is found there). The one whose grids hold the most cells recovered most of the tables'
  // structure; on a tie the page before the copy, the plain threshold before the faint.
  const found = rulingsAt(img, dpi, dpi);
  if (dpi < STRUCTURE_DPI && found.some((f) => f.cells > 0))
    found.push(...rulingsAt(enlarge(img, STRUCTURE_DPI / dpi), STRUCTURE_DPI, dpi));
  let best = found[0] as FoundRulings;
  for (const f of found) if (f.cells > best.cells) best = f;
  const { rulings, grids, pixelRulings } = best;
  const clean = eraseRulings(img, pixelRulings);
  // Cells of every grid, in pixels, inset past their rulings.
  const cells: { x0: number; y0: number; x1: number; y1: number }[] = [];
  const outside = new Uint8Array(clean.data);
  const inset = Math.max(2, Math.round(dpi / 100));
  for (const grid of grids) {
    for (const cell of grid.cells) {
      const x0 = Math.round((grid.xs[cell.c0] as number) * px) + inset;
      const x1 = Math.round((grid.xs[cell.c1] as number) * px) - inset;
      const y0 = Math.round((grid.ys[cell.r0] as number) * px) + inset;
      const y1 = Math.round((grid.ys[cell.r1] as number) * px) - inset;
      if (x1 > x0 && y1 > y0) cells.push({ x0, y0, x1, y1 });
    }
    const gx0 = Math.max(0, Math.round((grid.xs[0] as number) * px));
    const gx1 = Math.min(img.width, Math.round((grid.xs.at(-1) as number) * px));
    const gy0 = Math.max(0, Math.round((grid.ys[0] as number) * px));
    const gy1 = Math.min(img.height, Math.round((grid.ys.at(-1) as number) * px));
    for (let y = gy0; y < gy1; y++) outside.fill(255, y * img.width + gx0, y * img.width + gx1);
  }
  const pad = Math.round(dpi / 10);
  const crops = cells.map((c) => ({
    cell: c,
    img: crop(clean, c.x0, c.y0, c.x1, c.y1, pad, Math.round(dpi / 20)),
  }));
  const inked = crops.filter((c): c is { cell: (typeof cells)[number]; img: Gray } => c.img !== null);
  // The page around the grids and every cell in one Tesseract run: starting Tesseract with chi_sim costs
  // about 0.4 s of CPU, as much as reading a fifth of a page.
  // Cells on white paper (whitenPaper: a photo's lone 「1」s were read as Han characters on grey paper).
  const white = inked.map((c) => whitenPaper(c.img));
  const { page: pageWords, cells: cellWords } = await recognisePageAndCells(
    encodePgm({ width: img.width, height: img.height, data: outside }),
    white.map(encodePgm),
    dpi,
    Math.max(1000, timeoutMs - (Date.now() - started)),
  );
  const doubtful = new Map<number, Gray>();
  const checks = new Map<number, Gray>();
  cellWords.forEach((list, i) => {
    const img = (inked[i] as (typeof inked)[number]).img;
    // A cell with ink in which the first reading found no word at all (a lone 「2」 in a scan, read as
    // nothing) is read again too: its digits then stand only where the arithmetic forces them. Doubtful
    // cells are read again on white paper, as the first reading was; a clean number is checked on the
    // crop as it is, a second view of it (on white paper the digits model read a scan's blurred 0 as 9).
    if (list.length === 0 || doubtfulNumber(list)) doubtful.set(i, white[i] as Gray);
    else if (cleanNumber(list)) checks.set(i, img);
  });
  const page = { width: img.width, height: img.height, data: outside };
  const missed = missedLines(page, pageWords, dpi).flatMap((l) => {
    const cropped = crop(page, l.x0, l.y0, l.x1, l.y1, pad, Math.round(dpi / 20));
    return cropped ? [{ img: cropped, x0: l.x0, y0: l.y0 }] : [];
  });
  return {
    width: img.width,
    height: img.height,
    dpi,
    rulings,
    pageWords,
    cellWords,
    cells: inked.map((c) => c.cell),
    pad,
    doubtful,
    checks,
    missed,
  };
}

/** Points by which a line's top may lie below the ruling above its row (the ruling is found to a pixel or two). */
const ROW_SLACK = 2;

/**
 * Boxes and confidences of the document's table cells: the words inside each cell's column span and its
 * printed row whose text makes up the cell. The row is the band between the horizontal rulings above and
 * below the line's top that cross the cell; a line without them (no ruled row) takes the band from its
 * top to the next line's. The row, not the text line: a number centred beside a label that wraps to two
 * text lines stands below the second line's top, and was left without box or confidence.
 */
function cellBoxes(
  lines: Document["lines"],
  tops: readonly number[],
  pages: readonly { words: OcrWord[]; dpi: number; rulings: readonly Ruling[] }[],
): OcrCell[] {
  const out: OcrCell[] = [];
  lines.forEach((line, i) => {
    const page = pages[line.page - 1];
    if (!page || line.table === undefined) return;
    const pt = 72 / page.dpi;
    const top = tops[i] ?? 0;
    const nextLine =
      lines[i + 1]?.page === line.page ? (tops[i + 1] ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY;
    for (const cell of line.cells) {
      const x = cell.x;
      if (!/\d/.test(cell.text) || x === undefined) continue;
      const x2 = cell.x2 ?? x;
      const across = page.rulings
        .filter((r) => r.dir === "h" && r.from <= (x + x2) / 2 && r.to >= (x + x2) / 2)
        .map((r) => r.pos);
      const above = Math.max(...across.filter((p) => p <= top + ROW_SLACK));
      const below = Math.min(...across.filter((p) => p > top + ROW_SLACK));
      const ruled = Number.isFinite(above) && Number.isFinite(below);
      const [from, to] = ruled ? [above, below] : [top - 1, nextLine];
      const inside = page.words.filter((w) => {
        const cy = (w.top + w.height / 2) * pt;
        return (
          w.left * pt >= x - 1 &&
          (w.left + w.width) * pt <= x2 + 1 &&
          cy >= from &&
          cy < to &&
          cell.text.includes(normalizeText(w.text))
        );
      });
      if (inside.length === 0) continue;
      const disputed = inside.find((w) => w.disputed !== undefined)?.disputed;
      const alsoRead = inside.find((w) => w.alsoRead !== undefined)?.alsoRead;
      const left = Math.min(...inside.map((w) => w.left));
      const wordsTop = Math.min(...inside.map((w) => w.top));
      const right = Math.max(...inside.map((w) => w.left + w.width));
      const bottom = Math.max(...inside.map((w) => w.top + w.height));
      out.push({
        line: line.line,
        page: line.page,
        text: cell.text,
        box: [left, wordsTop, right - left, bottom - wordsTop].map((v) => Math.round(v * pt * 10) / 10) as [
          number,
          number,
          number,
          number,
        ],
        confidence: Math.round(Math.min(...inside.map((w) => w.conf))) / 100,
        ...(inside.some((w) => w.reread) ? { reread: true as const } : {}),
        ...(disputed ? { disputed } : {}),
        ...(alsoRead ? { alsoRead } : {}),
      });
    }
  });
  return out;
}

export async function ocrImages(
  images: readonly { img: Gray; dpi: number }[],
  options: ScanOptions,
  format: "pdf" | "image",
): Promise<Document> {
  const version = await requireOcr(format, "文件为扫描图片，");
  const started = Date.now();
  const timeoutMs = options.timeoutMs ?? 120_000;
  const readings: PageReading[] = [];
  // Pages two at a time: one page's image work (JavaScript, one core) runs while the other page's
  // Tesseract processes use the other core.
  let next = 0;
  const worker = async () => {
    while (next < images.length) {
      const i = next++;
      const { img, dpi } = images[i] as (typeof images)[number];
      options.onPage?.(i + 1, images.length);
      const left = timeoutMs - (Date.now() - started);
      if (left <= 0) throw new ReadError("timeout", format, `OCR timed out at page ${i + 1}`);
      readings[i] = await ocrPage(img, dpi, left);
    }
  };
  await Promise.all(Array.from({ length: Math.min(PAGES_AT_ONCE, images.length) }, worker));
  await readAgain(readings, Math.max(1000, timeoutMs - (Date.now() - started)));
  await readMissed(readings, Math.max(1000, timeoutMs - (Date.now() - started)));
  const laid = readings.map(layOut);
  const pages = laid.map((l) => l.page);
  const read = laid.map((l, i) => ({
    words: l.words,
    dpi: (readings[i] as PageReading).dpi,
    rulings: (readings[i] as PageReading).rulings,
  }));
  const { lines, pagesWithoutText, tops } = positionedLines(pages);
  const chars = lines.reduce((n, l) => n + l.cells.reduce((m, c) => m + c.text.length, 0), 0);
  if (chars === 0) throw new ReadError("empty_text", format, "OCR found no text");
  return {
    format,
    pageCount: images.length,
    lines,
    info: {
      ...(pagesWithoutText.length ? { pagesWithoutText } : {}),
      ocr: {
        engine: `${version} chi_sim`,
        dpi: images[0]?.dpi ?? OCR_DPI,
        seconds: Math.round((Date.now() - started) / 100) / 10,
        cells: cellBoxes(lines, tops, read),
      },
    },
  };
}

/** A photo or scan sent as an image file (the largest size the chat kept). */
export async function readImage(
  bytes: Uint8Array,
  kind: string,
  options: ScanOptions = {},
): Promise<Document> {
  await requireOcr("image", "这是一张图片（照片或扫描件），");
  let img: Gray;
  try {
    img = decodeImage(bytes, kind);
  } catch (error) {
    throw new ReadError("corrupt", "image", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  if (img.width * img.height > MAX_PIXELS) throw new ReadError("corrupt", "image", "image too large");
  const dpi = Math.max(100, Math.min(600, Math.round(img.width / A4_WIDTH_IN)));
  return ocrImages([{ img, dpi }], options, "image");
}

function pdftoppm(args: readonly string[], timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(
      process.env.NIANBAO_PDFTOPPM || "pdftoppm",
      [...args],
      { timeout: timeoutMs },
      (error, _stdout, stderr) =>
        error ? reject(Object.assign(error, { stderr: String(stderr ?? "") })) : resolve(),
    );
  });
}

/**
 * Pages rendered at a time. They are rendered in colour, so that a red seal can be told from the black
 * text it covers (raster.ts, sealsDropped): 11.6 MB a page at 200 dpi on disk, each chunk read and
 * removed before the next is rendered.
 */
const RENDER_CHUNK = 5;

/** The first MAX_PAGES pages of the PDF in `dir`/in.pdf, rendered at OCR_DPI and read as grey images. */
export async function renderPages(dir: string, timeoutMs: number): Promise<{ img: Gray; dpi: number }[]> {
  const images: { img: Gray; dpi: number }[] = [];
  const deadline = Date.now() + timeoutMs;
  for (let first = 1; first <= MAX_PAGES; first += RENDER_CHUNK) {
    const last = Math.min(MAX_PAGES, first + RENDER_CHUNK - 1);
    const prefix = join(dir, `p${String(first).padStart(2, "0")}`);
    try {
      await pdftoppm(
        ["-r", String(OCR_DPI), "-f", String(first), "-l", String(last), join(dir, "in.pdf"), prefix],
        Math.max(1000, deadline - Date.now()),
      );
    } catch (error) {
      // The previous chunk ended on the document's last page.
      const stderr = (error as { stderr?: string }).stderr ?? "";
      if (first > 1 && /Wrong page range/i.test(stderr)) break;
      throw new ReadError(
        "no_text_layer",
        "pdf",
        `pdftoppm failed or missing: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    const files = (await readdir(dir)).filter((f) => f.endsWith(".ppm") || f.endsWith(".pgm")).sort();
    for (const f of files) {
      const bytes = new Uint8Array(await readFile(join(dir, f)));
      images.push({ img: f.endsWith(".ppm") ? decodePpm(bytes) : decodePgm(bytes), dpi: OCR_DPI });
      await rm(join(dir, f), { force: true });
    }
    if (files.length < last - first + 1) break;
  }
  return images;
}

/** A PDF without a text layer: its pages rendered by pdftoppm (colour, OCR_DPI) and recognised. */
export async function readScannedPdf(bytes: Uint8Array, options: ScanOptions = {}): Promise<Document> {
  await requireOcr("pdf", "文件为扫描图片，");
  const dir = await mkdtemp(join(tmpdir(), "nianbao-ocr-"));
  try {
    await writeFile(join(dir, "in.pdf"), bytes);
    const images = await renderPages(dir, options.timeoutMs ?? 120_000);
    return await ocrImages(images, options, "pdf");
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
