/**
 * The text a reader keeps, capped (extract/readers/limits.ts): at most MAX_LINES lines, MAX_CELL_CHARS
 * per cell, MAX_DIGIT_RUN digits per run of digits and MAX_DOCUMENT_CHARS in all. A report is far below
 * every cap; a file above them (100,000 rows, a 10 MB line of digits) is read up to the cap, so that
 * the parser's work stays bounded.
 */
import type { Cell, Document, Line } from "../document.ts";
import { MAX_CELL_CHARS, MAX_DIGIT_RUN, MAX_DOCUMENT_CHARS, MAX_LINES } from "./limits.ts";

const LONG_DIGIT_RUN = new RegExp(`(\\d{${MAX_DIGIT_RUN}})\\d+`, "g");

function capText(text: string): string {
  const cut = text.length > MAX_CELL_CHARS ? text.slice(0, MAX_CELL_CHARS) : text;
  return cut.replace(LONG_DIGIT_RUN, "$1");
}

function needsCap(text: string): boolean {
  if (text.length > MAX_CELL_CHARS) return true;
  LONG_DIGIT_RUN.lastIndex = 0;
  return LONG_DIGIT_RUN.test(text);
}

export function capDocument(document: Document): Document {
  let chars = 0;
  let changed = document.lines.length > MAX_LINES;
  const lines: Line[] = [];
  for (const line of document.lines.slice(0, MAX_LINES)) {
    if (chars >= MAX_DOCUMENT_CHARS) {
      changed = true;
      break;
    }
    let cells: readonly Cell[] = line.cells;
    if (cells.some((c) => needsCap(c.text))) {
      changed = true;
      cells = cells.map((c) => (needsCap(c.text) ? { ...c, text: capText(c.text) } : c));
    }
    for (const c of cells) chars += c.text.length + 1;
    lines.push(cells === line.cells ? line : { ...line, cells });
  }
  return changed ? { ...document, lines } : document;
}
