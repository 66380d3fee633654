/**
 * Reading figures for rules: null is never zero. Blank, invalid and unreadable cells are told apart
 * so that each is reported by exactly one rule (*-BLANK, *-NONNEG, PARSE-AMBIGUOUS/STRUCTURE-TABLES).
 */
import type { ParsedReport, ParseIssue } from "../../../extract/schema.ts";
import { allKeys, cellDef, T4_CELLS, type TableId, t2Cells } from "../../../extract/template/layout.ts";
import { formatNumber } from "./format.ts";
import { t2Version } from "./t2.ts";

/** The figure of a cell; null when blank, unreadable or absent. */
export function figure(report: ParsedReport, key: string): number | null {
  return report.figures[key] ?? null;
}

/** Printed text that counts as "not filled": empty, dashes, slashes, "无" (rules.md §6.1, §7). */
export function isBlankText(raw: string): boolean {
  const t = raw.replace(/[\s\u3000\u00a0]/g, "");
  return t === "" || t === "无" || /^[-—–―－/／\\]+$/.test(t);
}

/** Row key ("t3.denied.state_secret") of a cell key: everything before the last dot. */
export function rowKeyOf(key: string): string {
  return key.slice(0, key.lastIndexOf("."));
}

/** Column key ("total") of a cell key: the last segment. */
export function colKeyOf(key: string): string {
  return key.slice(key.lastIndexOf(".") + 1);
}

const KEYS_BY_ROW = new Map<string, string[]>();
for (const key of allKeys()) {
  const row = rowKeyOf(key);
  const list = KEYS_BY_ROW.get(row) ?? [];
  if (!list.includes(key)) list.push(key);
  KEYS_BY_ROW.set(row, list);
}

/** Cell keys of a row key ("t3.new" → t3.new.natural_person … t3.new.total), in column order. */
export function cellsOfRow(rowKey: string): string[] {
  return [...(KEYS_BY_ROW.get(rowKey) ?? [])];
}

/** Cell keys of a row as this report's layout has them (表二 rows differ by version). */
export function rowCellsIn(report: ParsedReport, rowKey: string): string[] {
  const cells = cellsOfRow(rowKey);
  if (!rowKey.startsWith("t2.")) return cells;
  const version = t2Version(report);
  if (version === null) return cells;
  const keys = new Set(t2Cells(version).map((c) => c.key));
  return cells.filter((k) => keys.has(k));
}

/** Full row key of a parse issue (a row reading wins over a cell reading: "t3.other_processing.other") ("denied.state_secret" or "t3.denied.state_secret" → "t3.denied.state_secret"). */
export function issueRowKey(issue: ParseIssue): string | null {
  if (issue.rowKey === null || issue.rowKey === "") return null;
  const full = issue.rowKey.startsWith(`${issue.table}.`) ? issue.rowKey : `${issue.table}.${issue.rowKey}`;
  return cellsOfRow(full).length === 0 && cellDef(full) ? rowKeyOf(full) : full;
}

/**
 * Cells an issue covers: the whole row, or one cell when its rowKey is a cell key. 表四 is printed as
 * one row of 15 cells: an issue naming none of its groups or cells (e.g. rowKey "row") covers all 15.
 */
export function issueCells(issue: ParseIssue): string[] {
  const rowKey = issue.rowKey ?? "";
  const full = rowKey.startsWith(`${issue.table}.`) ? rowKey : `${issue.table}.${rowKey}`;
  const row = rowKey === "" ? [] : cellsOfRow(full);
  if (row.length > 0) return row;
  if (rowKey !== "" && cellDef(full)) return [full];
  return issue.table === "t4" ? T4_CELLS.map((c) => c.key) : [];
}

const UNREADABLE_KINDS: ReadonlySet<ParseIssue["kind"]> = new Set([
  "ambiguous_split",
  "row_width",
  "unparsed_value",
  "missing_row",
  // A cell OCR read but did not take (a doubtful digit, 「肌」, an illegible mark): printed, not blank.
  "ocr_uncertain",
]);

/** Printed text of a present-but-invalid cell ("12件", "-3"), or undefined. Blank-like texts do not count. */
export function invalidRaw(report: ParsedReport, key: string): string | undefined {
  if (figure(report, key) !== null) return undefined;
  const raw = report.rawCells[key];
  return raw !== undefined && !isBlankText(raw) ? raw : undefined;
}

export type CellState = "value" | "blank" | "invalid" | "unreadable";

/**
 * value: a number; invalid: printed but not a valid number (a *-NONNEG finding); unreadable: the
 * parser could not place the row (PARSE-AMBIGUOUS / STRUCTURE-TABLES); blank: not filled (*-BLANK).
 */
export function cellState(report: ParsedReport, key: string): CellState {
  if (figure(report, key) !== null) return "value";
  if (invalidRaw(report, key) !== undefined) return "invalid";
  const table = key.slice(0, 2) as TableId;
  for (const issue of report.issues) {
    if (issue.table === table && UNREADABLE_KINDS.has(issue.kind) && issueCells(issue).includes(key)) {
      return "unreadable";
    }
  }
  return "blank";
}

/** Printed text of a cell: rawCells, then provenance, then the figure. */
export function rawText(report: ParsedReport, key: string): string {
  const raw = report.rawCells[key] ?? report.provenance[key]?.raw;
  if (raw !== undefined) return raw;
  const value = figure(report, key);
  return value === null ? "" : formatNumber(value);
}

/** Some cell among `keys` was decoded (rules.md §7) with relation `ruleId`. */
export function decodedWith(report: ParsedReport, keys: readonly string[], ruleId: string): boolean {
  return keys.some((key) => {
    const p = report.provenance[key];
    return p?.mode === "decoded" && (p.decodedBy ?? []).includes(ruleId);
  });
}

export interface Sum {
  readonly sum: number;
  /** Keys whose figure is null, in order. */
  readonly missing: string[];
}

/** Σ of the present cells, with the list of null cells (which never count as 0). */
export function sumPresent(report: ParsedReport, keys: readonly string[]): Sum {
  let sum = 0;
  const missing: string[] = [];
  for (const key of keys) {
    const value = figure(report, key);
    if (value === null) {
      if (!missing.includes(key)) missing.push(key);
    } else sum += value;
  }
  return { sum, missing };
}
