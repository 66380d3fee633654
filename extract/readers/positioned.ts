/**
 * Pages of positioned words and rulings (points, origin top-left, y down) into document lines, with the
 * PDF reader's layout: grids from rulings, words into grid cells, the rest into lines by baseline. Used by
 * the readers whose source is a fixed layout but not a PDF: OFD, and OCR of page images.
 */
import type { Line } from "../document.ts";
import { findGrids } from "./pdf-grid.ts";
import { layoutPage } from "./pdf-layout.ts";
import type { Ruling } from "./pdf-rulings.ts";
import type { TextBox } from "./pdf-text.ts";

export interface PositionedPage {
  /** Page height in points. */
  readonly height: number;
  readonly boxes: readonly TextBox[];
  readonly rulings: readonly Ruling[];
}

/** A page with fewer characters than this counts as a page without text. */
const MIN_PAGE_CHARS = 5;

export function positionedLines(pages: readonly PositionedPage[]): {
  lines: Line[];
  pagesWithoutText: number[];
  /** Top of each line on its page (points), by index in `lines`. */
  tops: number[];
} {
  const lines: Line[] = [];
  const tops: number[] = [];
  const pagesWithoutText: number[] = [];
  let tables = 0;
  pages.forEach((page, i) => {
    const chars = page.boxes.reduce((n, b) => n + b.text.replace(/\s/g, "").length, 0);
    if (chars < MIN_PAGE_CHARS) pagesWithoutText.push(i + 1);
    if (page.boxes.length === 0) return;
    const tableIds = new Map<number, number>();
    for (const pageLine of layoutPage(page.boxes, findGrids(page.rulings), page.height)) {
      let table: number | undefined;
      if (pageLine.grid !== undefined) {
        table = tableIds.get(pageLine.grid) ?? ++tables;
        tableIds.set(pageLine.grid, table);
      }
      lines.push({ cells: pageLine.cells, page: i + 1, line: lines.length + 1, ...(table ? { table } : {}) });
      tops.push(pageLine.y);
    }
  });
  return { lines, pagesWithoutText, tops };
}
