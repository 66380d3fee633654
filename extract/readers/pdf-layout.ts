/**
 * One PDF page → lines of cells. Words inside a table grid go to their grid cell, however many visual
 * lines the cell's text wraps over, so a grid row is one line; the other words are clustered into visual
 * lines by baseline and split into cells at wide gaps. Lines come out in page order (top to bottom).
 */
import type { Cell } from "../document.ts";
import { isCjk, joinBroken } from "./normalize-text.ts";
import { cellAt, type Grid } from "./pdf-grid.ts";
import type { TextBox } from "./pdf-text.ts";
import { type FreeLine, isValueText, mergeWrappedLabels } from "./pdf-wrapped.ts";

export interface PageLine {
  readonly cells: Cell[];
  /** Index of the grid (on this page) the line is a row of. */
  readonly grid?: number;
  /** Top of the line, for ordering. */
  readonly y: number;
}

/** Two words on one visual line: centres closer than this share of the font size. */
const SAME_LINE = 0.5;
/** A gap wider than this many ems starts a new cell (outside grids). */
const CELL_GAP = 1.2;
/** A gap wider than this many ems gets a space when joining words (unless both sides are CJK). */
const WORD_GAP = 0.15;
/**
 * A grid whose cell holds more visual lines than this is a frame around prose, not a table: at most
 * FRAME_LINES in a grid of few cells (a boxed paragraph, a page border with a rule), MAX_CELL_LINES in any.
 */
const FRAME_LINES = 12;
const FRAME_CELLS = 8;
const MAX_CELL_LINES = 40;

const centre = (b: TextBox) => (b.top + b.bottom) / 2;

/** Cluster words into visual lines (top to bottom), each sorted left to right. */
function visualLines(boxes: readonly TextBox[]): TextBox[][] {
  const sorted = [...boxes].sort((a, b) => centre(a) - centre(b) || a.x - b.x);
  const lines: Array<{ boxes: TextBox[]; sum: number; size: number }> = [];
  for (const box of sorted) {
    const line = lines.at(-1);
    const y = line ? line.sum / line.boxes.length : 0;
    if (line && Math.abs(centre(box) - y) <= SAME_LINE * Math.max(box.size, line.size)) {
      line.boxes.push(box);
      line.sum += centre(box);
      line.size = Math.max(line.size, box.size);
    } else lines.push({ boxes: [box], sum: centre(box), size: box.size });
  }
  return lines.map((l) => l.boxes.sort((a, b) => a.x - b.x));
}

function gapEm(left: TextBox, right: TextBox): number {
  return (right.x - left.x2) / Math.max(left.size, right.size);
}

/** Words of one visual line joined: a space at a real gap unless both sides are CJK. */
function joinWords(words: readonly TextBox[]): string {
  let out = "";
  let previous: TextBox | undefined;
  for (const word of words) {
    if (previous && gapEm(previous, word) > WORD_GAP && !(isCjk(out.at(-1)) && isCjk(word.text[0])))
      out += " ";
    out += word.text;
    previous = word;
  }
  return out;
}

/**
 * Split a visual line at gaps wider than CELL_GAP ems; inside a grid cell only between two values
 * (several numbers in one undivided cell mean the grid missed a ruling).
 */
function splitAtGaps(words: readonly TextBox[], valuesOnly: boolean): TextBox[][] {
  const parts: TextBox[][] = [];
  for (const word of words) {
    const part = parts.at(-1);
    const last = part?.at(-1);
    const wide = last !== undefined && gapEm(last, word) > CELL_GAP;
    if (part && last && !(wide && (!valuesOnly || (isValueText(last.text) && isValueText(word.text)))))
      part.push(word);
    else parts.push([word]);
  }
  return parts;
}

function span(n: number): number | undefined {
  return n > 1 ? n : undefined;
}

/** Rows of one grid; null when the grid is a frame around prose rather than a table. */
function gridRows(grid: Grid, boxes: readonly TextBox[], index: number): PageLine[] | null {
  const byCell = new Map<number, TextBox[]>();
  for (const box of boxes) {
    const cell = cellAt(grid, box.x + Math.min(box.size, box.x2 - box.x) / 2, centre(box));
    const list = byCell.get(cell) ?? [];
    list.push(box);
    byCell.set(cell, list);
  }
  const texts = new Map<number, Cell[]>();
  for (const [cellIndex, words] of byCell) {
    const cell = grid.cells[cellIndex];
    if (!cell) continue;
    const lines = visualLines(words);
    if (lines.length > MAX_CELL_LINES || (lines.length > FRAME_LINES && grid.cells.length < FRAME_CELLS))
      return null;
    const x = grid.xs[cell.c0] as number;
    const x2 = grid.xs[cell.c1] as number;
    const parts = lines.length === 1 ? splitAtGaps(lines[0] as TextBox[], true) : [];
    if (parts.length > 1) {
      // An undivided cell holding several values: the grid missed a ruling; keep the values apart.
      texts.set(
        cellIndex,
        parts.map((p) => ({ text: joinWords(p), x: (p[0] as TextBox).x, x2: (p.at(-1) as TextBox).x2 })),
      );
    } else texts.set(cellIndex, [{ text: joinBroken(lines.map(joinWords)), x, x2 }]);
  }
  const rows: PageLine[] = [];
  const rowCount = grid.ys.length - 1;
  for (let r = 0; r < rowCount; r++) {
    const starting = grid.cells
      .map((cell, i) => ({ cell, i }))
      .filter(({ cell }) => cell.r0 === r)
      .sort((a, b) => a.cell.c0 - b.cell.c0);
    if (starting.length === 0) continue;
    const cells: Cell[] = [];
    for (const { cell, i } of starting) {
      const colSpan = span(cell.c1 - cell.c0);
      const rowSpan = span(cell.r1 - cell.r0);
      const extra = { ...(colSpan ? { colSpan } : {}), ...(rowSpan ? { rowSpan } : {}) };
      const content = texts.get(i) ?? [
        { text: "", x: grid.xs[cell.c0] as number, x2: grid.xs[cell.c1] as number },
      ];
      if (content.length === 1) cells.push({ ...(content[0] as Cell), ...extra });
      else cells.push(...content);
    }
    if (cells.every((c) => c.text === "")) continue;
    rows.push({ cells, grid: index, y: grid.ys[r] as number });
  }
  return rows.length > 0 ? rows : null;
}

/** Page numbers printed in the top or bottom margin: "- 3 -", "3", "第 3 页 共 10 页", "3/10". */
const PAGE_NUMBER = /^(?:[-—–]\s*\d+\s*[-—–]|\d+|第\s*\d+\s*页(?:\s*[,,]?\s*共\s*\d+\s*页)?|\d+\s*\/\s*\d+)$/;
/** Share of the page height at the top and bottom counted as margin. */
const MARGIN = 0.1;

/** Lines of words outside any grid, page numbers in the margins dropped, wrapped labels rejoined. */
function freeLines(boxes: readonly TextBox[], pageHeight: number): PageLine[] {
  const lines: FreeLine[] = [];
  for (const words of visualLines(boxes)) {
    const top = Math.min(...words.map((w) => w.top));
    const bottom = Math.max(...words.map((w) => w.bottom));
    const cells = splitAtGaps(words, false).map((part) => ({
      text: joinWords(part),
      x: (part[0] as TextBox).x,
      x2: (part.at(-1) as TextBox).x2,
    }));
    const inMargin =
      pageHeight > 0 &&
      ((top + bottom) / 2 < pageHeight * MARGIN || (top + bottom) / 2 > pageHeight * (1 - MARGIN));
    if (inMargin && PAGE_NUMBER.test(cells.map((c) => c.text).join(""))) continue;
    lines.push({ cells, top, bottom, size: Math.max(...words.map((w) => w.size)) });
  }
  return mergeWrappedLabels(lines).map((l) => ({ cells: l.cells, y: l.top }));
}

/** Lines of one page in reading order; `pageHeight` (viewport units) locates the margins. */
export function layoutPage(boxes: readonly TextBox[], grids: readonly Grid[], pageHeight = 0): PageLine[] {
  const inGrid = new Map<number, TextBox[]>();
  const free: TextBox[] = [];
  for (const box of boxes) {
    const x = box.x + Math.min(box.size, box.x2 - box.x) / 2;
    const g = grids.findIndex((grid) => cellAt(grid, x, centre(box)) >= 0);
    if (g < 0) free.push(box);
    else {
      const list = inGrid.get(g);
      if (list) list.push(box);
      else inGrid.set(g, [box]);
    }
  }
  const lines: PageLine[] = [];
  grids.forEach((grid, g) => {
    const words = inGrid.get(g) ?? [];
    if (words.length === 0) return;
    const rows = gridRows(grid, words, g);
    if (rows) lines.push(...rows);
    else free.push(...words);
  });
  lines.push(...freeLines(free, pageHeight));
  return lines.sort((a, b) => a.y - b.y || (a.cells[0]?.x ?? 0) - (b.cells[0]?.x ?? 0));
}
