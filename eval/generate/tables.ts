/**
 * The three tables as grids with the template's merged cells (rules.md §5): the shape every renderer
 * starts from. HTML prints the grid with rowspan/colspan; the text renderings print its matrix.
 */
import {
  type RowDef,
  T3_COLUMNS,
  T4_COLUMNS,
  T4_ROWS,
  type TableId,
  type TemplateVersion,
  t2Blocks,
  t3Rows,
} from "../../extract/template/layout.ts";

export interface GridCell {
  readonly text: string;
  readonly rowSpan?: number;
  readonly colSpan?: number;
  /** A value cell (centred in HTML); `key` is its canonical key. */
  readonly key?: string;
}

export interface Grid {
  readonly table: TableId;
  /** Relative column widths. */
  readonly widths: readonly number[];
  /** Header rows (repeated at a page split). */
  readonly head: readonly (readonly GridCell[])[];
  readonly body: readonly GridCell[][];
  /** Row key of each body row that holds values (null for block headings of 表二). */
  readonly bodyKeys: readonly (string | null)[];
}

export const T3_CORNER = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
export const T3_APPLICANTS = "申请人情况";
export const T3_ORGANISATIONS = "法人或其他组织";
const T2_ITEM_HEADER = "信息内容";

export interface GridInput {
  readonly version: TemplateVersion;
  readonly otherSplit: boolean;
  /** Printed text of each cell by canonical key. */
  readonly cells: Readonly<Record<string, string>>;
  /** Printed label of a template label (label variants). */
  readonly label: (text: string) => string;
}

function value(input: GridInput, key: string, colSpan = 1): GridCell {
  const text = input.cells[key];
  if (text === undefined) throw new Error(`grid: no printed text for ${key}`);
  return { text, key, ...(colSpan > 1 ? { colSpan } : {}) };
}

function t2Grid(input: GridInput): Grid {
  const width = 4;
  const body: GridCell[][] = [];
  const bodyKeys: (string | null)[] = [];
  for (const block of t2Blocks(input.version)) {
    body.push([{ text: block.heading, colSpan: width }]);
    bodyKeys.push(null);
    const columns = block.rows[0]?.columns ?? [];
    const stretch = (i: number) => (i === columns.length - 1 ? width - columns.length : 1);
    body.push([
      { text: T2_ITEM_HEADER },
      ...columns.map((c, i) => ({ text: input.label(c.label), colSpan: stretch(i) })),
    ]);
    bodyKeys.push(null);
    for (const row of block.rows) {
      body.push([
        { text: input.label(row.label) },
        ...row.columns.map((c, i) => value(input, `t2.${row.key}.${c.key}`, stretch(i))),
      ]);
      bodyKeys.push(`t2.${row.key}`);
    }
  }
  return { table: "t2", widths: [31, 23, 23, 23], head: [], body, bodyKeys };
}

/** How many items from `from` on pass `test`, in a row (the rowspan of a group). */
export function countWhile<T>(items: readonly T[], from: number, test: (item: T) => boolean): number {
  let n = 0;
  while (from + n < items.length && test(items[from + n] as T)) n++;
  return n;
}

export function t3Head(label: (text: string) => string): GridCell[][] {
  const [naturalPerson, ...rest] = T3_COLUMNS;
  const organisations = rest.slice(0, 5);
  const total = rest[5];
  if (!naturalPerson || !total) throw new Error("unexpected 表三 columns");
  return [
    [
      { text: T3_CORNER, rowSpan: 3, colSpan: 3 },
      { text: T3_APPLICANTS, colSpan: 7 },
    ],
    [
      { text: label(naturalPerson.label), rowSpan: 2 },
      { text: T3_ORGANISATIONS, colSpan: 5 },
      { text: label(total.label), rowSpan: 2 },
    ],
    organisations.map((c) => ({ text: label(c.label) })),
  ];
}

function t3Grid(input: GridInput): Grid {
  const rows = t3Rows(input.otherSplit);
  const results = rows.find((r) => r.key === "granted")?.parent ?? "";
  const inResults = (row: RowDef) => row.parent !== undefined;
  const body: GridCell[][] = [];
  const bodyKeys: string[] = [];
  rows.forEach((row, i) => {
    const cells: GridCell[] = [];
    const previous = rows[i - 1];
    if (!inResults(row)) cells.push({ text: input.label(row.label), colSpan: 3 });
    else {
      if (!previous || !inResults(previous))
        cells.push({ text: input.label(results), rowSpan: countWhile(rows, i, inResults) });
      if (row.parent === results) cells.push({ text: input.label(row.label), colSpan: 2 });
      else {
        if (previous?.parent !== row.parent) {
          cells.push({
            text: input.label(row.parent ?? ""),
            rowSpan: countWhile(rows, i, (r) => r.parent === row.parent),
          });
        }
        cells.push({ text: input.label(row.label) });
      }
    }
    for (const c of row.columns) cells.push(value(input, `t3.${row.key}.${c.key}`));
    body.push(cells);
    bodyKeys.push(`t3.${row.key}`);
  });
  return { table: "t3", widths: [8, 9, 34, 7, 7, 7, 7, 7, 7, 7], head: t3Head(input.label), body, bodyKeys };
}

function t4Grid(input: GridInput): Grid {
  const [review, ...litigation] = T4_ROWS;
  if (!review) throw new Error("unexpected 表四 rows");
  const group = litigation[0]?.label.split("·")[0] ?? "";
  const head: GridCell[][] = [
    [
      { text: input.label(review.label), colSpan: T4_COLUMNS.length },
      { text: group, colSpan: T4_COLUMNS.length * litigation.length },
    ],
    [
      ...T4_COLUMNS.map((c) => ({ text: input.label(c.label), rowSpan: 2 })),
      ...litigation.map((g) => ({ text: g.label.split("·")[1] ?? g.label, colSpan: T4_COLUMNS.length })),
    ],
    litigation.flatMap(() => T4_COLUMNS.map((c) => ({ text: input.label(c.label) }))),
  ];
  const body = [T4_ROWS.flatMap((g) => g.columns.map((c) => value(input, `t4.${g.key}.${c.key}`)))];
  return { table: "t4", widths: Array.from({ length: 15 }, () => 1), head, body, bodyKeys: ["t4"] };
}

export function tableGrid(table: TableId, input: GridInput): Grid {
  if (table === "t2") return t2Grid(input);
  if (table === "t3") return t3Grid(input);
  return t4Grid(input);
}

/** A grid's rows as a matrix: a merged cell's text in its top-left slot, "" in the slots it covers. */
export function gridMatrix(widths: number, rows: readonly (readonly GridCell[])[]): GridCell[][] {
  const matrix: (GridCell | undefined)[][] = rows.map(() => []);
  rows.forEach((cells, r) => {
    let c = 0;
    for (const cell of cells) {
      while (matrix[r]?.[c] !== undefined) c++;
      for (let dr = 0; dr < (cell.rowSpan ?? 1); dr++) {
        for (let dc = 0; dc < (cell.colSpan ?? 1); dc++) {
          const target = matrix[r + dr];
          if (target) target[c + dc] = dr === 0 && dc === 0 ? cell : { text: "" };
        }
      }
      c += cell.colSpan ?? 1;
    }
  });
  return matrix.map((row) => Array.from({ length: widths }, (_, c) => row[c] ?? { text: "" }));
}
