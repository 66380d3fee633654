/**
 * Logical rows: a document line (or, for one-cell-per-line text, a run of lines) split into its label
 * cells and its value cells. Positions survive: empty cells inside the value run are blanks.
 */
import { ILLEGIBLE, type Line } from "../document.ts";
import { compact, isFilledValue, isValueText, undoubled } from "./normalize.ts";

export interface RawRow {
  /** Label cells, compacted, in printed order. */
  readonly labels: readonly string[];
  /** Value cells as printed, from the first filled value to the last (inner empty cells kept as ""). */
  readonly run: readonly string[];
  /** Empty cells between the last label and the first filled value. */
  readonly leadingEmpty: number;
  /** Cells after the last label in the source, empty ones included (a row printed with blank cells). */
  readonly cellsAfterLabel: number;
  /** Every cell after the last label, empty ones included, as printed. */
  readonly after: readonly string[];
  /** The row comes from a real table grid (HTML, DOCX, PDF rulings): empty cells hold positions. */
  readonly grid: boolean;
  /** Grid from tab-separated text: its fields are positions only when they fit the width exactly. */
  readonly exactOnly?: boolean;
  /** A grid row recognised from an image (OCR): a ruling may have been read as a stroke (「0|0」 as 「010」). */
  readonly recognised?: true;
  /** Source line of the row's first cell (1-based) and page. */
  readonly line: number;
  readonly page: number;
  /** All source lines the row was built from. */
  readonly lines: readonly number[];
  /** Non-empty cells with their positions, where the source has them (PDF text, layout text). */
  readonly placed: readonly Placed[];
  /**
   * A recognised grid row (OCR): where each cell of `after` stands, and the extent of the text read in it.
   * A cell that spans two columns of the table where a ruling was lost is told apart by these.
   */
  readonly cellsAt?: readonly CellAt[];
}

/** A grid cell's extent, and the extent of the text recognised in it (when there is text). */
export interface CellAt {
  readonly x: number;
  readonly x2: number;
  readonly ink?: readonly [number, number];
}

/** A printed cell and where it stands on its line. */
export interface Placed {
  readonly text: string;
  readonly x: number;
  readonly x2: number;
}

interface Piece {
  readonly text: string;
  readonly line: number;
  readonly page: number;
  readonly x?: number | undefined;
  readonly x2?: number | undefined;
  readonly ink?: readonly [number, number] | undefined;
}

/**
 * A short cell of digit look-alikes, specks around them allowed ("D", "o", "1o", "0.", ",0"): in a recognised (OCR) table
 * row, a number the engine garbled. It holds a value position (read as invalid, its digits decided only
 * by the table's arithmetic later), never the row's label.
 */
const GARBLED_VALUE = /^[.,:;'`]*[0-9OoD〇Ql|I丨iSsBG][0-9OoD〇Ql|I丨iSsBG.,:;'`]{0,3}$/u;

const SPECKS = /^[.,:;'`]+$/u;

export interface RowOptions {
  /** The lines were recognised from an image: garbled numbers in grid rows keep their positions. */
  readonly ocr?: boolean;
  /** Recognised text's extents by line (OCR boxes, points): where in a wide cell its text stands. */
  readonly inks?: ReadonlyMap<
    number,
    readonly { readonly text: string; readonly x: number; readonly x2: number }[]
  >;
}

/** Points of slack when a cell is placed in a value column by its left edge. */
const COLUMN_SLACK = 3;

function fromPieces(
  pieces: readonly Piece[],
  grid = false,
  exactOnly = false,
  ocr = false,
  valueStart?: number,
): RawRow | null {
  if (pieces.length === 0) return null;
  // In an OCR grid row that holds a number in the grid's value columns, every cell there is a value
  // position, however garbled its text (「3 0 0 0 0 0 二」): only cells left of those columns label the row.
  const inValues = (p: Piece) =>
    valueStart !== undefined && p.x !== undefined && p.x >= valueStart - COLUMN_SLACK;
  const byColumn =
    ocr && grid && valueStart !== undefined && pieces.some((p) => inValues(p) && isFilledValue(p.text));
  // A cell of specks alone in the value columns (「0 0 , 0」): the recogniser split a cell at a stray mark;
  // no number is there. Dropped: if it was a blank cell, the row is one cell short and only its
  // arithmetic can place the blank.
  if (byColumn) pieces = pieces.filter((p) => !(inValues(p) && SPECKS.test(compact(p.text))));
  // A cell the recogniser marked illegible is a value it could not read where a value stands: in the value
  // columns, or after a label or a number in a row that holds a number. Elsewhere (a short label no reading
  // found, 「规章」 at 150 dpi; a head cell of a header printed again on the next page) it is left empty, as
  // it was before the mark: such a row is read as it was.
  if (ocr && grid) {
    const data = pieces.some((p) => isFilledValue(p.text));
    let seen = false;
    pieces = pieces.map((p) => {
      const c = compact(p.text);
      if (c !== ILLEGIBLE) {
        if (c !== "") seen = true;
        return p;
      }
      return (byColumn ? inValues(p) : seen && data) ? p : { ...p, text: "" };
    });
  }
  let lastLabel = -1;
  let sawNumber = false;
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i] as Piece;
    const c = compact(piece.text);
    if (c === "") continue;
    if (isValueText(piece.text)) {
      if (isFilledValue(piece.text)) sawNumber = true;
      continue;
    }
    if (byColumn && inValues(piece)) continue;
    // A cell the recogniser marked illegible is a value it could not read, never a label.
    if (ocr && grid && c === ILLEGIBLE) continue;
    // After a label, in an OCR grid row: a garbled number, not a second label.
    if (ocr && grid && lastLabel >= 0 && GARBLED_VALUE.test(c)) continue;
    // After a number, in an OCR grid row: no label follows a value in a table row, so a short cell there
    // (表四's data row 「0 0 0 岂 1 …」, which has no label to find its value columns by) or digit
    // look-alikes (「72 64 178 37 35S1 13 …」) is a garbled number.
    if (
      ocr &&
      grid &&
      sawNumber &&
      (GARBLED_VALUE.test(c) || ([...c].length <= 3 && !/[()（）〈〉《》]/u.test(c)))
    )
      continue;
    lastLabel = i;
  }
  const labels = pieces
    .slice(0, lastLabel + 1)
    .map((p) => (ocr ? undoubled(compact(p.text)) : compact(p.text)))
    .filter((t) => t !== "");
  const after = pieces.slice(lastLabel + 1).map((p) => p.text.trim());
  let end = after.length;
  while (end > 0 && compact(after[end - 1] ?? "") === "") end--;
  let start = 0;
  while (start < end && compact(after[start] ?? "") === "") start++;
  const first = pieces[0] as Piece;
  const rest = pieces.slice(lastLabel + 1);
  const positioned =
    ocr && grid && rest.length > 0 && rest.every((p) => p.x !== undefined && p.x2 !== undefined);
  return {
    labels,
    run: after.slice(start, end),
    leadingEmpty: start,
    cellsAfterLabel: after.length,
    after,
    grid,
    ...(exactOnly ? { exactOnly } : {}),
    ...(ocr && grid ? { recognised: true as const } : {}),
    line: first.line,
    page: first.page,
    lines: [...new Set(pieces.map((p) => p.line))],
    placed: pieces.flatMap((p) =>
      p.x !== undefined && p.x2 !== undefined && p.text.trim() !== ""
        ? [{ text: p.text.trim(), x: p.x, x2: p.x2 }]
        : [],
    ),
    ...(positioned
      ? {
          cellsAt: rest.map((p) => ({
            x: p.x as number,
            x2: p.x2 as number,
            ...(p.ink && p.text.trim() !== "" ? { ink: p.ink } : {}),
          })),
        }
      : {}),
  };
}

/**
 * The value columns of a recognised table (one extent per cell), from its rows of exactly `width` cells:
 * each edge the median of those rows'. Null with fewer than two such rows.
 */
export function columnsOf(rows: readonly RawRow[], width: number): [number, number][] | null {
  const full = rows.filter((r) => r.cellsAt !== undefined && r.after.length === width);
  if (full.length < 2) return null;
  const median = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] as number;
  };
  return Array.from({ length: width }, (_, c) => [
    median(full.map((r) => (r.cellsAt as readonly CellAt[])[c]?.x ?? 0)),
    median(full.map((r) => (r.cellsAt as readonly CellAt[])[c]?.x2 ?? 0)),
  ]);
}

/** Points of slack when a cell's or a text's extent is compared with a column's. */
const EDGE_SLACK = 2;

/** A digit string split in two where neither part starts with a zero it cannot have (「10」 | 「5」, never 「1」 | 「05」). */
function digitSplits(text: string): [string, string][] {
  if (!/^\d{2,}$/.test(text)) return [];
  const out: [string, string][] = [];
  for (let i = 1; i < text.length; i++) {
    const left = text.slice(0, i);
    const right = text.slice(i);
    if (!(right.length > 1 && right.startsWith("0")) && !(left.length > 1 && left.startsWith("0")))
      out.push([left, right]);
  }
  return out;
}

/**
 * A recognised row with a cell spanning two columns or more where a ruling was lost (「72」 across 自然人
 * and 商业企业), each spanned column given its own cell by the columns of the table (`columns`, one extent
 * per value cell): the ways the row can be read. An empty cell spans only blanks; a cell whose text lies
 * within one column gives it to that column, blanks to the rest. Text across an edge (「78」 over 总计 and
 * 结果维持) may be one number in either column or two numbers glued: each way is a reading, for the
 * table's arithmetic to choose (one such cell a row). None where the cells do not map onto the columns.
 */
export function unmergedReadings(row: RawRow, columns: readonly (readonly [number, number])[]): RawRow[] {
  const at = row.cellsAt;
  if (!at || at.length !== row.after.length || at.length >= columns.length) return [];
  /** Each reading's cells so far; a branch multiplies them (once). */
  let readings: { after: string[]; cellsAt: CellAt[] }[] = [{ after: [], cellsAt: [] }];
  let branched = false;
  let next = 0;
  for (let i = 0; i < at.length; i++) {
    const cell = at[i] as CellAt;
    const text = row.after[i] ?? "";
    const covered: number[] = [];
    columns.forEach(([a, b], c) => {
      if (a >= cell.x - EDGE_SLACK && b <= cell.x2 + EDGE_SLACK) covered.push(c);
    });
    if (covered.length === 0 || covered[0] !== next) return [];
    if (covered.some((c, k) => k > 0 && c !== (covered[k - 1] as number) + 1)) return [];
    next = (covered.at(-1) as number) + 1;
    const slots = covered.map((c) => columns[c] as readonly [number, number]);
    const place = (texts: readonly string[]) =>
      texts.map((t, k) => {
        const [a, b] = slots[k] as readonly [number, number];
        return { text: t, at: t !== "" && cell.ink ? { x: a, x2: b, ink: cell.ink } : { x: a, x2: b } };
      });
    let ways: { text: string; at: CellAt }[][];
    if (covered.length === 1) ways = [[{ text, at: cell }]];
    else if (compact(text) === "") ways = [place(slots.map(() => ""))];
    else {
      const ink = cell.ink;
      const home = ink
        ? slots.flatMap(([a, b], k) => (ink[0] >= a - EDGE_SLACK && ink[1] <= b + EDGE_SLACK ? [k] : []))
        : [];
      if (home.length === 1) ways = [place(slots.map((_, k) => (k === home[0] ? text : "")))];
      else {
        if (branched) return [];
        branched = true;
        const digits = compact(text);
        ways = [
          ...slots.map((_, k) => place(slots.map((_, j) => (j === k ? text : "")))),
          ...(slots.length === 2 ? digitSplits(digits).map((pair) => place(pair)) : []),
        ];
      }
    }
    readings = readings.flatMap((r) =>
      ways.map((way) => ({
        after: [...r.after, ...way.map((w) => w.text)],
        cellsAt: [...r.cellsAt, ...way.map((w) => w.at)],
      })),
    );
  }
  if (next !== columns.length) return [];
  return readings.map(({ after, cellsAt }) => {
    let end = after.length;
    while (end > 0 && compact(after[end - 1] ?? "") === "") end--;
    let start = 0;
    while (start < end && compact(after[start] ?? "") === "") start++;
    return {
      ...row,
      after,
      cellsAt,
      run: after.slice(start, end),
      leadingEmpty: start,
      cellsAfterLabel: after.length,
    };
  });
}

/** The one way a recognised row with a lost ruling reads (unmergedReadings), or null. */
export function unmerged(row: RawRow, columns: readonly (readonly [number, number])[]): RawRow | null {
  const readings = unmergedReadings(row, columns);
  return readings.length === 1 ? (readings[0] as RawRow) : null;
}

/**
 * Turn lines into logical rows. A one-cell-per-line run is regrouped: a new row starts at a row break
 * (blank source line) or where a label follows a value.
 */
/**
 * Where each OCR grid's value columns begin (points): the left edge of the first number of the rows that
 * end in two or more numbers after a label, the leftmost edge that at least two such rows share; or, in
 * 表二, the left edge of the first column head after 「信息内容」 (a block of two rows, one of them with a
 * garbled cell, 「规章 ] 0 11」, has no two rows that share the edge; the heads row says where the values are).
 */
function valueColumns(lines: readonly Line[]): Map<number, number> {
  const starts = new Map<number, number[]>();
  const heads = new Map<number, number[]>();
  for (const line of lines) {
    if (line.table === undefined) continue;
    const cells = line.cells.filter((c) => compact(c.text) !== "");
    const head = cells[1]?.x;
    if (
      cells.length >= 2 &&
      compact(cells[0]?.text ?? "").startsWith("信息内容") &&
      head !== undefined &&
      cells.slice(1).every((c) => !isValueText(c.text))
    )
      heads.set(line.table, [...(heads.get(line.table) ?? []), head]);
    let k = cells.length;
    while (k > 0 && isFilledValue(cells[k - 1]?.text ?? "")) k--;
    const x = cells[k]?.x;
    if (k === 0 || cells.length - k < 2 || x === undefined) continue;
    starts.set(line.table, [...(starts.get(line.table) ?? []), x]);
  }
  const out = new Map<number, number>();
  for (const table of new Set([...starts.keys(), ...heads.keys()])) {
    const xs = starts.get(table) ?? [];
    const shared = xs.filter((x) => xs.filter((y) => Math.abs(x - y) <= COLUMN_SLACK).length >= 2);
    const edges = [...shared, ...(heads.get(table) ?? [])];
    if (edges.length > 0) out.set(table, Math.min(...edges));
  }
  return out;
}

export function toRows(lines: readonly Line[], options: RowOptions = {}): RawRow[] {
  const rows: RawRow[] = [];
  const columns = options.ocr ? valueColumns(lines) : new Map<number, number>();
  let group: Piece[] = [];
  let groupHasValue = false;
  const flush = () => {
    const row = fromPieces(group);
    if (row) rows.push(row);
    group = [];
    groupHasValue = false;
  };
  for (const line of lines) {
    if (!line.cellPerLine) {
      flush();
      const inks = options.inks?.get(line.line) ?? [];
      const inkOf = (c: Line["cells"][number]) => {
        if (c.x === undefined || c.x2 === undefined) return undefined;
        const box = inks.find(
          (b) =>
            b.text === c.text && b.x >= (c.x as number) - EDGE_SLACK && b.x2 <= (c.x2 as number) + EDGE_SLACK,
        );
        return box ? ([box.x, box.x2] as const) : undefined;
      };
      const row = fromPieces(
        line.cells.map((c) => ({
          text: c.text,
          line: line.line,
          page: line.page,
          x: c.x,
          x2: c.x2,
          ink: inkOf(c),
        })),
        line.table !== undefined,
        line.tabSeparated === true,
        options.ocr === true,
        line.table === undefined ? undefined : columns.get(line.table),
      );
      if (row) rows.push(row);
      continue;
    }
    const texts = line.cells.map((c) => c.text);
    const isLabel = texts.some((t) => compact(t) !== "" && !isValueText(t));
    if (line.rowBreakBefore || (isLabel && groupHasValue)) flush();
    for (const text of texts) {
      group.push({ text, line: line.line, page: line.page });
      if (isFilledValue(text)) groupHasValue = true;
    }
  }
  flush();
  return rows;
}

/**
 * The value cells of a grid row at their printed positions, when they fit the template width once
 * surplus empty cells at the ends are dropped; null when the row is not from a grid or does not fit.
 */
export function gridCells(row: RawRow, width: number): string[] | null {
  if (!row.grid) return null;
  if (row.exactOnly) return row.after.length === width ? [...row.after] : null;
  const cells = [...row.after];
  while (cells.length > width && compact(cells[cells.length - 1] ?? "") === "") cells.pop();
  while (cells.length > width && compact(cells[0] ?? "") === "") cells.shift();
  return cells.length === width ? cells : null;
}

/** The row's label as one string. */
export function rowLabel(row: RawRow): string {
  return row.labels.join("");
}
