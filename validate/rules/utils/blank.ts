/** Shared part of the *-BLANK rules: the blank cells of a table, once per table. */
import type { ParsedReport } from "../../../extract/schema.ts";
import type { TableId } from "../../../extract/template/layout.ts";
import { expectedCells } from "./cells.ts";
import { cellState } from "./figures.ts";

/** Expected cells of the table that are blank (not invalid, not unreadable), in template order. */
export function blankCells(report: ParsedReport, table: TableId): string[] {
  return expectedCells(report, table).filter((key) => cellState(report, key) === "blank");
}
