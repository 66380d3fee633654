/**
 * `pdftotext -layout` text: table columns are aligned with runs of spaces, and a row label that wraps
 * over several lines comes out as separate lines with the row's numbers (vertically centred) on the
 * middle one. This module splits such lines into cells at their column gaps, keeping each cell's
 * character column as its position, and rejoins wrapped labels:
 *
 *   1.申请人无正当理由逾期不补正、              (a fragment that starts the label)
 *   行政机关不再处理其政府信息公开    0   0 …   (the numbers, beside or without a middle fragment)
 *   申请                                         (the rest, in the same column)
 *
 * A fragment standing in another column (a parent label such as 「（六）其」 beside the sub-rows) is
 * left as a line of its own. Positions are character columns (pdftotext counts characters).
 */
import type { Cell } from "../document.ts";
import { isCjk, joinBroken } from "./normalize-text.ts";

/** A column gap: two or more spaces. */
const GAP = / {2,}/;
/** A row label's own numbering at the start of a fragment: 1. 1、 （一） 一、 ①. */
const ORDINAL =
  /^(?:\d{1,2}[.、．]|[（(][一二三四五六七八九十\d]{1,2}[）)]|[一二三四五六七八九十][、．.]|[①-⑨])/;
/** Numbers and blank marks. */
const VALUE = /^(?:[-+]?\d[\d,]*(?:\.\d+)?(?:万元|元)?|[—/-]{1,2})$/;
/** How many lines above or below a row's numbers its wrapped label may reach. */
const MAX_WRAP = 3;

export interface LayoutCell extends Cell {
  readonly x: number;
  readonly x2: number;
}

export function isLayoutValue(text: string): boolean {
  return VALUE.test(text);
}

/** Does this line use runs of spaces as column gaps (text after its indentation)? */
export function isLayoutLine(raw: string): boolean {
  if (raw.includes("\t") || raw.trimStart().startsWith("|")) return false;
  return GAP.test(raw.trim());
}

/**
 * Cells of a layout line with their character columns. Gaps of two or more spaces split; in a line that
 * has such gaps, a single space also splits where both sides are CJK (pdftotext writes no space between
 * Chinese characters of one word) or where the right side starts a numbered label (「（三）不 4.保护…」).
 */
export function layoutCells(raw: string): LayoutCell[] {
  const cells: LayoutCell[] = [];
  const re = /\S+(?: \S+)*/g;
  for (let m = re.exec(raw); m; m = re.exec(raw)) {
    let start = m.index;
    const words = m[0].split(" ");
    let current = "";
    let currentStart = start;
    for (const word of words) {
      if (current !== "") {
        const split = isCjk(current.at(-1)) && (isCjk(word[0]) || ORDINAL.test(word));
        if (split) {
          cells.push({ text: current, x: currentStart, x2: currentStart + current.length });
          current = word;
          currentStart = start;
        } else current += ` ${word}`;
      } else {
        current = word;
        currentStart = start;
      }
      start += word.length + 1;
    }
    if (current !== "") cells.push({ text: current, x: currentStart, x2: currentStart + current.length });
  }
  return cells;
}

export interface LayoutLine {
  /** Source line index (0-based within the block given). */
  readonly index: number;
  readonly cells: LayoutCell[];
}

const isValue = (c: Cell) => isLayoutValue(c.text);
const labelCells = (line: LayoutLine) => line.cells.filter((c) => !isValue(c));
const hasValues = (line: LayoutLine) => line.cells.some(isValue);

/** The label-only fragment of `line` standing in the column starting at `x`, left of `limit`. */
function fragmentAt(line: LayoutLine | undefined, x: number | null, limit: number): LayoutCell | null {
  if (!line || line.cells.length === 0 || hasValues(line)) return null;
  const cells = line.cells.filter((c) => c.x2 <= limit);
  if (cells.length !== line.cells.length) return null;
  const last = cells.at(-1);
  if (!last) return null;
  if (x === null) return cells.length === 1 ? last : null;
  return cells.find((c) => Math.abs(c.x - x) <= 1) ?? null;
}

/**
 * Rejoin wrapped labels around the lines that carry numbers. Lines are consecutive source lines (a blank
 * line is a line without cells, which stops a label). Returns the lines with fragments moved into the
 * value line they belong to; the value line keeps its index.
 */
export function mergeLayoutLabels(lines: readonly LayoutLine[]): LayoutLine[] {
  const used = new Map<number, Set<LayoutCell>>();
  const take = (i: number, cell: LayoutCell) => {
    const set = used.get(i) ?? new Set<LayoutCell>();
    set.add(cell);
    used.set(i, set);
  };
  const isUsed = (i: number, cell: LayoutCell) => used.get(i)?.has(cell) ?? false;
  const replaced = new Map<number, LayoutCell[]>();
  lines.forEach((line, i) => {
    if (!hasValues(line)) return;
    const firstValue = line.cells.find(isValue) as LayoutCell;
    const labels = labelCells(line).filter((c) => c.x2 <= firstValue.x);
    const own = labels.at(-1) ?? null;
    if (own && ORDINAL.test(own.text)) return;
    // Upward: fragments in the label's column up to the one that starts the label (with its numbering).
    let column = own ? own.x : null;
    const above: { i: number; cell: LayoutCell }[] = [];
    let started = false;
    for (let j = i - 1; j >= 0 && j >= i - MAX_WRAP; j--) {
      const prev = lines[j] as LayoutLine;
      if (prev.cells.length === 0 || hasValues(prev)) break;
      const cell = fragmentAt(prev, column, firstValue.x);
      if (!cell || isUsed(j, cell)) {
        // A parent label in another column between the fragments: step over it.
        const at = column;
        if (at !== null && prev.cells.every((c) => c.x2 <= firstValue.x && Math.abs(c.x - at) > 1)) continue;
        break;
      }
      above.unshift({ i: j, cell });
      column = cell.x;
      if (ORDINAL.test(cell.text)) {
        started = true;
        break;
      }
    }
    if (!started) return;
    // Downward: fragments in the same column without numbering of their own.
    const below: { i: number; cell: LayoutCell }[] = [];
    for (let j = i + 1; j < lines.length && j <= i + MAX_WRAP; j++) {
      const next = lines[j] as LayoutLine;
      if (next.cells.length === 0 || hasValues(next)) break;
      const cell = fragmentAt(next, column, firstValue.x);
      if (!cell) {
        if (next.cells.every((c) => c.x2 <= firstValue.x && Math.abs(c.x - (column as number)) > 1)) continue;
        break;
      }
      if (ORDINAL.test(cell.text)) break;
      below.push({ i: j, cell });
    }
    for (const f of [...above, ...below]) take(f.i, f.cell);
    const pieces = [...above.map((f) => f.cell), ...(own ? [own] : []), ...below.map((f) => f.cell)];
    const label: LayoutCell = {
      text: joinBroken(pieces.map((c) => c.text)),
      x: Math.min(...pieces.map((c) => c.x)),
      x2: Math.max(...pieces.map((c) => c.x2)),
    };
    const before = line.cells.filter((c) => c !== own && c.x2 <= firstValue.x);
    const after = line.cells.filter((c) => c.x >= firstValue.x);
    replaced.set(i, [...before, label, ...after]);
  });
  return lines.map((line, i) => {
    const cells = replaced.get(i) ?? line.cells;
    const gone = used.get(i);
    return { index: line.index, cells: gone ? cells.filter((c) => !gone.has(c)) : cells };
  });
}
