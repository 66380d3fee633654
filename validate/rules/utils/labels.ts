/** Printed labels for messages: tables, rows, columns, and "label=value" cell lists (rules.md §6). */
import type { ParsedReport } from "../../../extract/schema.ts";
import {
  type CellDef,
  cellDef,
  T3_COLUMNS,
  type TableId,
  type TemplateVersion,
  t2Cells,
} from "../../../extract/template/layout.ts";
import { cellsOfRow, colKeyOf, figure, rowKeyOf } from "./figures.ts";
import { formatNumber } from "./format.ts";

/** "二", "三", "四" — as in 表{n}. */
export const TABLE_NUMERALS: Record<TableId, string> = { t2: "二", t3: "三", t4: "四" };

/** Row labels shortened where the printed label carries an explanatory aside. */
const SHORT_ROW_LABELS: Record<string, string> = {
  "t3.partially_granted": "（二）部分公开",
};

function labelOf(rowKey: string, def: CellDef | undefined): string {
  const short = SHORT_ROW_LABELS[rowKey];
  if (short !== undefined) return short;
  if (!def) return rowKey;
  const { label, parent } = def.row;
  const ordinal = parent?.match(/^（[一二三四五六七八九十]+）/)?.[0];
  return ordinal !== undefined && /^\d/.test(label) ? `${ordinal}${label}` : label;
}

/**
 * Printed label of a row key ("t3.denied.state_secret"): "一、本年新收政府信息公开申请数量",
 * "（七）总计"; a numbered sub-row carries its group's ordinal: "（三）1.属于国家秘密". 表二 rows
 * whose label differs by version ("规范性文件" / "行政规范性文件") take `version` (default 2021).
 */
export function labelOfRow(rowKey: string, version: TemplateVersion = "2021"): string {
  const cells = cellsOfRow(rowKey);
  const inVersion = rowKey.startsWith("t2.")
    ? cells.find((k) => t2Cells(version).some((c) => c.key === k))
    : undefined;
  return labelOf(rowKey, cellDef(inVersion ?? cells[0] ?? ""));
}

/** Printed label of a cell's row (see labelOfRow); the cell key fixes the version. */
export function rowLabel(cellKey: string): string {
  return labelOf(rowKeyOf(cellKey), cellDef(cellKey));
}

/** Printed header of a cell's column: "自然人", "总计", "本年制发件数". */
export function colLabel(key: string): string {
  return cellDef(key)?.column.label ?? colKeyOf(key);
}

/** Printed header of a 表三 column key ("natural_person" → "自然人"). */
export function t3ColumnLabel(col: string): string {
  return T3_COLUMNS.find((c) => c.key === col)?.label ?? col;
}

/**
 * "label=value" pairs joined by "；". With `column`, the label names the column too
 * (「（七）总计」自然人=8); without, only the row (for messages that already name the column).
 */
export function cellsText(
  report: ParsedReport,
  keys: readonly string[],
  options: { column?: boolean } = {},
): string {
  return keys
    .map((key) => {
      const value = figure(report, key);
      const label = options.column ? `「${rowLabel(key)}」${colLabel(key)}` : rowLabel(key);
      return `${label}=${value === null ? "空白" : formatNumber(value)}`;
    })
    .join("；");
}

/** Two 表二 cell keys belong to the same version's layout. */
function sameVersion(a: string, b: string): boolean {
  return (["2019", "2021"] as const).some((v) => {
    const keys = t2Cells(v).map((c) => c.key);
    return keys.includes(a) && keys.includes(b);
  });
}

/**
 * Cells listed by printed label, grouped by row in the given order: 「（七）总计」自然人、总计；
 * 「四、结转下年度继续办理」全部7栏 (when every cell of a multi-cell row is listed).
 */
export function cellListText(keys: readonly string[]): string {
  const rows = new Map<string, string[]>();
  for (const key of keys) {
    const row = rowKeyOf(key);
    rows.set(row, [...(rows.get(row) ?? []), key]);
  }
  return [...rows.entries()]
    .map(([row, cells]) => {
      const all = cellsOfRow(row).filter((k) => !row.startsWith("t2.") || sameVersion(k, cells[0] as string));
      const whole = all.length > 1 && all.every((k) => cells.includes(k));
      return `「${rowLabel(cells[0] as string)}」${whole ? `全部${all.length}栏` : cells.map(colLabel).join("、")}`;
    })
    .join("；");
}
