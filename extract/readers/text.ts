/**
 * Plain-text reader: text extractions of PDFs and DOCX files (tab-separated rows, markdown from PDF
 * converters, one table cell per line from DOCX exports). `line` is the 1-based source line number.
 */
import type { Cell, Document, Line } from "../document.ts";
import { isCollapsedLine, segmentCollapsed } from "./collapsed-text.ts";
import { decodeText } from "./decode-text.ts";
import {
  isLayoutLine,
  isLayoutValue,
  type LayoutLine,
  layoutCells,
  mergeLayoutLabels,
} from "./layout-text.ts";
import { joinBroken, normalizeText } from "./normalize-text.ts";

/** pdf-parse's page joiner: "-- 3 of 10 --" ends page 3. */
const PAGE_MARKER = /^\s*--\s*(\d+)\s+of\s+(\d+)\s*--\s*$/;
/** Markdown table rules and horizontal rules: `---|---`, `|:---|`, `---`, `---------\t---`. */
const RULE_CHARS = /^[\s|:+-]*$/;
const BOOKMARK = /\[bookmark:[^\]]*\]/g;
const HEADING = /^\s*#{1,6}(?:\s+|$)/;
/** A line of a one-cell-per-line run: one leading tab, no further tab. */
const CELL_LINE = /^\t[^\t]*$/;
/** Longest text accepted as the wrapped rest of the previous cell inside a run (商业⏎企业). */
const MAX_CONTINUATION = 20;
/** Fewest cell lines that make a run (fewer is more likely stray indentation). */
const MIN_RUN_CELLS = 3;

interface SourceLine {
  readonly no: number;
  readonly page: number;
  readonly text: string;
}

type Kind = "blank" | "cell" | "other";

function kindOf(text: string): Kind {
  if (CELL_LINE.test(text)) return "cell";
  return text.trim() === "" ? "blank" : "other";
}

/** Split into source lines with page numbers: a form feed or a page-marker line starts a new page. */
function sourceLines(text: string): { lines: SourceLine[]; declaredPages: number } {
  const lines: SourceLine[] = [];
  let page = 1;
  let declaredPages = 0;
  text.split("\n").forEach((raw, index) => {
    const marker = PAGE_MARKER.exec(raw);
    if (marker) {
      page = Number(marker[1]) + 1;
      declaredPages = Math.max(declaredPages, Number(marker[2]));
      return;
    }
    raw.split("\f").forEach((part, i) => {
      if (i > 0) page++;
      lines.push({ no: index + 1, page, text: part });
    });
  });
  return { lines, declaredPages };
}

function isRule(text: string): boolean {
  if (!RULE_CHARS.test(text)) return false;
  return /-{3,}/.test(text) || (text.includes("|") && text.includes("-"));
}

function pipeCells(text: string): string[] | null {
  const t = text.trim();
  if (!t.startsWith("|")) return null;
  const body = t.endsWith("|") && t.length > 1 ? t.slice(1, -1) : t.slice(1);
  return body.split(/(?<!\\)\|/).map((c) => c.replace(/\\\|/g, "|"));
}

function dropTrailingEmpty(texts: string[]): string[] {
  let end = texts.length;
  while (end > 0 && texts[end - 1] === "") end--;
  return texts.slice(0, end);
}

/** A short row label followed by its numbers, single-spaced: 「行政许可 97」, 「规章 0 0 0」. */
// Values are separated by spaces: with an optional separator a long digit run backtracks without end.
const VALUE_TEXT = "[-+]?\\d[\\d,]*(?:\\.\\d+)?(?:万元|元)?";
const LABEL_VALUES = new RegExp(
  `^([^\\d\\s。，；：,;:！？]{2,16}?)\\s+(${VALUE_TEXT}(?:\\s+${VALUE_TEXT}){0,14})\\s*$`,
);

/**
 * A line that is a table row whose cells a converter joined with single spaces: the label and each
 * number as cells. Prose never matches (no sentence punctuation, a label of at most 16 characters).
 */
function labelAndValues(text: string): string[] {
  const m = LABEL_VALUES.exec(text);
  if (!m?.[1] || !m[2] || !/[\u4e00-\u9fff]/.test(m[1])) return [text];
  return [m[1].trim(), ...m[2].trim().split(/\s+/)];
}

/** Cells of an ordinary line (outside a one-cell-per-line run), or null for debris. */
function ordinaryCells(raw: string): Cell[] | null {
  if (isRule(raw)) return null;
  const text = raw.replace(BOOKMARK, "");
  let texts: string[];
  if (text.includes("\t")) texts = text.split("\t").map((t) => t.trim());
  else {
    const pipes = pipeCells(text);
    texts = pipes ? pipes.map((t) => t.trim()) : labelAndValues(text.replace(HEADING, "").trim());
  }
  texts = dropTrailingEmpty(texts);
  if (texts.length === 0) return null;
  return texts.map((t) => ({ text: t }));
}

/**
 * Cells of a tab-separated line: a tab-separated table keeps a field for every cell, so empty fields —
 * trailing ones too — are blanks at their positions (「（一）予以公开\t258\t12\t\t\t1\t1\t」: 总计 blank). The
 * lines of a tabbed block are marked as one table; the parser takes the fields by position only where
 * they fit the template's width exactly (no padding dropped), else it reads the numbers as a run.
 */
function tabCells(raw: string): Cell[] | null {
  const texts = raw
    .replace(BOOKMARK, "")
    .split("\t")
    .map((t) => t.trim());
  if (texts.every((t) => t === "")) return null;
  return texts.map((t) => ({ text: t }));
}

/**
 * A tabbed block (two lines or more) whose every line ends in a tab was padded by its converter: that last empty field is no
 * cell of the table (seed 002: seven values and a tab on each row), so it goes from every line.
 */
/** Cells of a markdown table row: every field between pipes, empty ones included (an empty cell is a blank). */
function pipeFields(raw: string): Cell[] | null {
  const texts = (pipeCells(raw.replace(BOOKMARK, "")) ?? []).map((t) => t.trim());
  if (texts.every((t) => t === "")) return null;
  return texts.map((t) => ({ text: t }));
}

function dropTabPadding(lines: Line[], tabLines: ReadonlySet<number>): void {
  const blocks = new Map<number, number[]>();
  lines.forEach((line, i) => {
    if (tabLines.has(i) && line.table !== undefined) {
      const block = blocks.get(line.table) ?? [];
      block.push(i);
      blocks.set(line.table, block);
    }
  });
  for (const members of blocks.values()) {
    const padded =
      members.length > 1 &&
      members.every((i) => {
        const cells = (lines[i] as Line).cells;
        return cells.length > 1 && cells[cells.length - 1]?.text === "";
      });
    if (!padded) continue;
    for (const i of members) {
      const line = lines[i] as Line;
      lines[i] = { ...line, cells: line.cells.slice(0, -1) };
    }
  }
}

/**
 * Index ranges [start, end) of one-cell-per-line runs: cell lines, blank lines between them and short
 * untabbed lines that continue the cell above (a cell whose text had a paragraph break).
 */
function findRuns(lines: readonly SourceLine[]): Array<[number, number]> {
  const kinds = lines.map((l) => kindOf(l.text));
  const isContinuation = (i: number) =>
    kinds[i] === "other" &&
    kinds[i - 1] === "cell" &&
    (lines[i]?.text.trim().length ?? 0) <= MAX_CONTINUATION &&
    (kinds[i + 1] === "cell" || (kinds[i + 1] === "blank" && kinds[i + 2] === "cell"));
  const runs: Array<[number, number]> = [];
  let i = 0;
  while (i < lines.length) {
    if (kinds[i] !== "cell") {
      i++;
      continue;
    }
    const start = i;
    let last = i;
    let cells = 0;
    let j = i;
    while (j < lines.length) {
      const kind = kinds[j];
      if (kind === "cell") {
        cells++;
        last = j;
      } else if (kind === "other" && !isContinuation(j)) break;
      else if (kind === "other") last = j;
      j++;
    }
    if (cells >= MIN_RUN_CELLS) runs.push([start, last + 1]);
    i = last + 1;
  }
  return runs;
}

/** Fewest column-aligned lines with numbers that make a text `pdftotext -layout` output. */
const MIN_LAYOUT_ROWS = 3;

/** A line of at least this many short heads, single-spaced, is a header band line. */
const MIN_HEAD_CELLS = 3;
const MAX_HEAD_CELL = 6;

/** Is this text laid out in space-aligned columns (and not tab-separated or one cell per line)? */
function isLayoutText(source: readonly SourceLine[]): boolean {
  let rows = 0;
  for (const line of source) {
    if (!isLayoutLine(line.text)) continue;
    const cells = layoutCells(line.text);
    if (cells.length >= 2 && cells.some((c) => isLayoutValue(c.text))) rows++;
    if (rows >= MIN_LAYOUT_ROWS) return true;
  }
  return false;
}

/** Lines of a layout text: cells split at column gaps, with positions, wrapped labels rejoined. */
function layoutLines(source: readonly SourceLine[]): Line[] {
  const blocks: LayoutLine[] = source.map((line, index) => {
    if (line.text.includes("\t") || isRule(line.text) || line.text.trim().startsWith("|"))
      return { index, cells: [] };
    const text = line.text.replace(BOOKMARK, "").replace(HEADING, "");
    if (isLayoutLine(text)) return { index, cells: layoutCells(text) };
    const split = layoutCells(text);
    // A header band line of short column heads with single spaces (「结果维 结果纠 其他结 尚未审」).
    if (split.length >= MIN_HEAD_CELLS && split.every((c) => c.text.length <= MAX_HEAD_CELL))
      return { index, cells: split };
    const trimmed = text.trim();
    if (trimmed === "") return { index, cells: [] };
    const x = text.length - text.trimStart().length;
    return { index, cells: [{ text: trimmed, x, x2: x + trimmed.length }] };
  });
  const out: Line[] = [];
  for (const merged of mergeLayoutLabels(blocks)) {
    const src = source[merged.index] as SourceLine;
    const cells = merged.cells.length > 0 || src.text.includes("\t") ? merged.cells : null;
    const own = src.text.includes("\t") ? ordinaryCells(src.text) : cells;
    if (own && own.length > 0) out.push({ cells: own, page: src.page, line: src.no });
  }
  return out;
}

/**
 * Lines of a text with collapsed lines (a whole report on one line): each collapsed line is cut into the
 * report's sentences, headings and table rows. Line numbers then count these segments (1-based), since
 * one source line holds the whole report.
 */
function collapsedLines(source: readonly SourceLine[]): Line[] {
  const out: Line[] = [];
  for (const src of source) {
    const rows = isCollapsedLine(src.text) ? segmentCollapsed(src.text) : [];
    if (rows.length === 0) {
      const cells = ordinaryCells(src.text);
      if (cells) out.push({ cells, page: src.page, line: out.length + 1 });
      continue;
    }
    for (const row of rows)
      out.push({ cells: row.map((text) => ({ text })), page: src.page, line: out.length + 1 });
  }
  return out;
}

export function linesFromText(text: string): { lines: Line[]; pageCount: number; collapsed?: true } {
  const { lines: source, declaredPages } = sourceLines(normalizeText(text));
  if (source.some((l) => isCollapsedLine(l.text))) {
    const out = collapsedLines(source);
    const lastPage = out.reduce((max, l) => Math.max(max, l.page), 1);
    return { lines: out, pageCount: Math.max(lastPage, declaredPages), collapsed: true };
  }
  const runs = findRuns(source);
  if (runs.length === 0 && isLayoutText(source)) {
    const out = layoutLines(source);
    const lastPage = out.reduce((max, l) => Math.max(max, l.page), 1);
    return { lines: out, pageCount: Math.max(lastPage, declaredPages) };
  }
  const out: Line[] = [];
  let runIndex = 0;
  let tabBlock = 0;
  let inTabBlock = false;
  const tabLines = new Set<number>();
  for (let i = 0; i < source.length; i++) {
    const run = runs[runIndex];
    if (run && i === run[0]) {
      emitRun(source.slice(run[0], run[1]), out);
      i = run[1] - 1;
      runIndex++;
      inTabBlock = false;
      continue;
    }
    const line = source[i] as SourceLine;
    const tabbed = line.text.includes("\t") && !isRule(line.text);
    const piped = !tabbed && !isRule(line.text) && pipeCells(line.text) !== null;
    const fielded = tabbed || piped;
    if (fielded && !inTabBlock) tabBlock++;
    inTabBlock = fielded;
    const cells = tabbed ? tabCells(line.text) : piped ? pipeFields(line.text) : ordinaryCells(line.text);
    if (cells && tabbed) tabLines.add(out.length);
    if (cells)
      out.push({
        cells,
        page: line.page,
        line: line.no,
        ...(fielded ? { table: tabBlock, tabSeparated: true } : {}),
      });
  }
  dropTabPadding(out, tabLines);
  const lastPage = out.reduce((max, l) => Math.max(max, l.page), 1);
  return { lines: out, pageCount: Math.max(lastPage, declaredPages) };
}

function emitRun(run: readonly SourceLine[], out: Line[]): void {
  let rowBreak = true;
  let previous: {
    cells: Cell[];
    page: number;
    line: number;
    cellPerLine: true;
    rowBreakBefore?: true;
  } | null = null;
  for (const src of run) {
    const kind = kindOf(src.text);
    if (kind === "blank") {
      rowBreak = true;
      continue;
    }
    if (kind === "other" && previous) {
      const cell = previous.cells[0] as Cell;
      previous.cells[0] = { text: joinBroken([cell.text, src.text.replace(BOOKMARK, "")]) };
      continue;
    }
    const line: { cells: Cell[]; page: number; line: number; cellPerLine: true; rowBreakBefore?: true } = {
      cells: [{ text: src.text.replace(BOOKMARK, "").trim() }],
      page: src.page,
      line: src.no,
      cellPerLine: true,
    };
    if (rowBreak) line.rowBreakBefore = true;
    rowBreak = false;
    out.push(line);
    previous = line;
  }
}

export function readText(bytes: Uint8Array): Document {
  const { text, encoding } = decodeText(bytes);
  const { lines, pageCount, collapsed } = linesFromText(text);
  return { format: "text", pageCount, lines, info: { encoding, ...(collapsed ? { collapsed } : {}) } };
}
