/** Which cells a table rule looks at, in template order. */
import type { ParsedReport } from "../../../extract/schema.ts";
import {
  allKeys,
  T3_COLUMNS,
  T3_OTHER_SINGLE,
  T3_OTHER_SPLIT,
  T4_CELLS,
  type TableId,
  t2Cells,
  t3Rows,
} from "../../../extract/template/layout.ts";
import { t2Keys } from "./t2.ts";
import { t3RowKeys } from "./t3.ts";

/** Every canonical key in reading order: 表二 (2021, then 2019-only cells), 表三 row by row, 表四. */
const ORDER: ReadonlyMap<string, number> = (() => {
  const t3 = t3Rows(false).flatMap((row) =>
    row.key === T3_OTHER_SINGLE.key ? [row, ...T3_OTHER_SPLIT] : [row],
  );
  const keys = [
    ...t2Cells("2021").map((c) => c.key),
    ...t2Cells("2019").map((c) => c.key),
    ...t3.flatMap((row) => T3_COLUMNS.map((c) => `t3.${row.key}.${c.key}`)),
    ...T4_CELLS.map((c) => c.key),
    ...allKeys(),
  ];
  const order = new Map<string, number>();
  for (const key of keys) if (!order.has(key)) order.set(key, order.size);
  return order;
})();

/** Order of two cell keys: template reading order; unknown keys last, by code unit. */
export function compareCellKeys(a: string, b: string): number {
  const ia = ORDER.get(a) ?? Number.MAX_SAFE_INTEGER;
  const ib = ORDER.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ia !== ib ? ia - ib : a < b ? -1 : a > b ? 1 : 0;
}

/** Keys sorted in template order (unknown keys last, by name), duplicates dropped. */
export function templateOrder(keys: Iterable<string>): string[] {
  return [...new Set(keys)].sort(compareCellKeys);
}

/** The cells the report's template (as printed) has in a table. */
export function expectedCells(report: ParsedReport, table: TableId): string[] {
  if (table === "t2") return t2Keys(report);
  if (table === "t4") return T4_CELLS.map((c) => c.key);
  return t3RowKeys(report).flatMap((row) => T3_COLUMNS.map((c) => `t3.${row}.${c.key}`));
}

/** Every key of a table the parser produced (figures or raw texts), in template order. */
export function producedCells(report: ParsedReport, table: TableId): string[] {
  const prefix = `${table}.`;
  return templateOrder(
    [...Object.keys(report.figures), ...Object.keys(report.rawCells)].filter((k) => k.startsWith(prefix)),
  );
}
