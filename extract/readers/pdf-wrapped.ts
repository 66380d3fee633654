/**
 * Wrapped row labels in borderless PDF tables. Without rulings a label printed over two or three lines
 * comes out as separate visual lines, with the row's numbers (vertically centred) on a line of their own
 * or beside the middle fragment. Only these unambiguous shapes are repaired:
 *
 *   fragment            fragment
 *   56  0  0  56        (middle) 56  0  0  56
 *   fragment            fragment
 *
 * where every fragment lies left of the first number, the fragments stand in one column and the lines
 * are tightly spaced. Anything else (a parent label on its own line next to a row with its own label, a
 * fragment on one side only) is left alone.
 */
import type { Cell } from "../document.ts";
import { joinBroken } from "./normalize-text.ts";

export interface FreeLine {
  readonly cells: Cell[];
  readonly top: number;
  readonly bottom: number;
  readonly size: number;
}

/** Numbers (at least one digit: a lone 「,」 is a speck or a stray comma, not a value) or blank marks. */
const VALUE = /^[-+]?[\d.,%]*\d[\d.,%]*$|^[—/-]$/;

export function isValueText(text: string): boolean {
  return VALUE.test(text);
}
/** Consecutive lines of one wrapped label: centres at most this many ems apart. */
const MAX_LEADING = 1.8;

const isValue = (cell: Cell) => isValueText(cell.text);
const centre = (line: FreeLine) => (line.top + line.bottom) / 2;

function tight(a: FreeLine, b: FreeLine): boolean {
  return centre(b) - centre(a) <= MAX_LEADING * Math.max(a.size, b.size);
}

/** A one-cell line of text that ends left of `limit`. */
function isFragment(line: FreeLine | undefined, limit: number): line is FreeLine {
  const cell = line?.cells[0];
  return (
    line?.cells.length === 1 &&
    cell !== undefined &&
    !isValue(cell) &&
    (cell.x2 ?? Number.POSITIVE_INFINITY) < limit
  );
}

function sameColumn(a: Cell, b: Cell, size: number): boolean {
  return Math.abs((a.x ?? 0) - (b.x ?? 0)) <= 1.5 * size;
}

function merged(parts: readonly Cell[]): Cell {
  return {
    text: joinBroken(parts.map((c) => c.text)),
    x: Math.min(...parts.map((c) => c.x ?? Number.POSITIVE_INFINITY)),
    x2: Math.max(...parts.map((c) => c.x2 ?? Number.NEGATIVE_INFINITY)),
  };
}

export function mergeWrappedLabels(lines: readonly FreeLine[]): FreeLine[] {
  const out = [...lines];
  for (let i = 0; i < out.length; i++) {
    const line = out[i] as FreeLine;
    const values = line.cells.filter(isValue);
    const labelled =
      line.cells.length >= 2 && !isValue(line.cells[0] as Cell) && values.length === line.cells.length - 1;
    const bare = line.cells.length >= 1 && values.length === line.cells.length;
    if (!labelled && !bare) continue;
    const firstValue = (labelled ? line.cells[1] : line.cells[0]) as Cell;
    const limit = firstValue.x ?? 0;
    const above = out[i - 1];
    const below = out[i + 1];
    const hasAbove = isFragment(above, limit) && tight(above, line);
    const hasBelow = isFragment(below, limit) && tight(line, below);
    if (!hasAbove || !hasBelow) continue;
    const a = above.cells[0] as Cell;
    const b = below.cells[0] as Cell;
    const middle = labelled ? [line.cells[0] as Cell] : [];
    // The fragments (and a middle one) must stand in one column.
    if (!sameColumn(a, b, line.size) || (labelled && !sameColumn(a, middle[0] as Cell, line.size))) continue;
    const label = merged([a, ...middle, b]);
    out.splice(i - 1, 3, { ...line, cells: [label, ...line.cells.slice(middle.length)], top: above.top });
    i--;
  }
  return out;
}
