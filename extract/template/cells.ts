/**
 * Shared result types of the table parsers and the step that turns a resolved row into cell readings.
 */
import type { ParseIssue } from "../schema.ts";
import { type Candidate, distinct, formatCandidate, type RowReading } from "./decode.ts";
import type { CellType, ColumnDef, TableId } from "./layout.ts";
import { parseNumber } from "./normalize.ts";
import type { RawRow } from "./rows.ts";

export interface CellReading {
  readonly value: number | null;
  /** Printed text of the cell ("" when blank). */
  readonly raw: string;
  /** The cell had text that is not a valid value of its type (→ *-NONNEG). */
  readonly invalid: boolean;
  readonly rowLabel: string;
  readonly colLabel: string;
  readonly line: number;
  readonly page: number;
  readonly mode: "printed" | "decoded";
  readonly decodedBy: readonly string[];
}

export interface TableParse {
  readonly found: boolean;
  readonly cells: Map<string, CellReading>;
  readonly rows: string[];
  readonly layout: string | null;
  readonly issues: ParseIssue[];
  /** Source lines that belong to the table (excluded from the prose). */
  readonly lines: Set<number>;
  readonly headers: string[];
  readonly line: number | null;
  readonly page: number | null;
  readonly note: string | null;
}

export function emptyTable(): TableParse {
  return {
    found: false,
    cells: new Map(),
    rows: [],
    layout: null,
    issues: [],
    lines: new Set(),
    headers: [],
    line: null,
    page: null,
    note: null,
  };
}

/** Value of printed text for a column type; null for blank or invalid. */
export function slotOf(type: CellType): (raw: string) => number | null {
  return (raw) => {
    const v = validate(type, raw);
    return v.invalid ? null : v.value;
  };
}

/** Parse and type-check one printed cell. */
export function validate(type: CellType, raw: string): { value: number | null; invalid: boolean } {
  const parsed = parseNumber(raw);
  if (parsed.kind === "blank") return { value: null, invalid: false };
  if (parsed.kind === "invalid" || parsed.value === null) return { value: null, invalid: true };
  const v = parsed.value;
  switch (type) {
    case "count":
      return Number.isInteger(v) && v >= 0 && parsed.unit !== "元" && parsed.unit !== "万元"
        ? { value: v, invalid: false }
        : { value: null, invalid: true };
    case "signed":
      return Number.isInteger(v) ? { value: v, invalid: false } : { value: null, invalid: true };
    case "amount":
      // 表二 fees are in 万元; a bare "元" is kept as printed for T2-UNIT to judge.
      return v >= 0 ? { value: v, invalid: false } : { value: null, invalid: true };
    case "amount_text":
      if (v < 0) return { value: null, invalid: true };
      if (parsed.unit === "万元") return { value: v, invalid: false };
      if (parsed.unit === "元") return { value: Math.round((v / 10_000) * 1e6) / 1e6, invalid: false };
      // Without a unit only 0 is unambiguous; another bare amount stays null (an unparsed_value issue).
      return { value: v === 0 ? 0 : null, invalid: false };
  }
}

export interface ResolvedRow {
  readonly candidate: Candidate | null;
  readonly decoded: boolean;
  readonly decodedBy: readonly string[];
}

/**
 * Write a row's cells into the table result. `resolved.candidate` null = ambiguous (all cells null).
 */
export function writeRow(
  table: TableParse,
  tableId: TableId,
  rowKey: string,
  columns: readonly ColumnDef[],
  row: RawRow,
  printedLabel: string,
  resolved: ResolvedRow,
): void {
  const rawRun = row.run.join(" ");
  columns.forEach((column, i) => {
    const key = `${tableId}.${rowKey}.${column.key}`;
    const candidate = resolved.candidate;
    const raw = candidate ? (candidate.raws[i] ?? "") : "";
    const slot = candidate ? candidate.slots[i] : null;
    const checked = raw !== "" ? validate(column.type, raw) : { value: null, invalid: false };
    const value = slot === "?" || slot === undefined ? null : slot;
    table.cells.set(key, {
      value: resolved.decoded ? value : checked.value,
      raw: raw !== "" ? raw : resolved.decoded && value !== null ? `（由「${rawRun}」推算）` : "",
      invalid: checked.invalid,
      rowLabel: printedLabel,
      colLabel: column.label,
      line: row.line,
      page: row.page,
      mode: resolved.decoded ? "decoded" : "printed",
      decodedBy: resolved.decodedBy,
    });
  });
}

/** Record why a row did not line up (STRUCTURE-TABLES / PARSE-AMBIGUOUS). */
export function rowIssue(
  table: TableParse,
  tableId: TableId,
  rowKey: string,
  printedLabel: string,
  row: RawRow,
  reading: RowReading,
  width: number,
  accepted: boolean,
  options: readonly Candidate[],
): void {
  if (reading.kind === "direct") return;
  if (reading.kind === "glued" && accepted) return;
  const shown = distinct(options).slice(0, 4).map(formatCandidate);
  const base = { table: tableId, row: printedLabel, rowKey, raw: row.run.join(" "), line: row.line };
  const kind = reading.kind === "glued" ? "ambiguous_split" : "row_width";
  table.issues.push({ ...base, kind, options: shown, found: row.run.length, expected: width });
}
