/**
 * The template parser: finds 表二, 表三 and 表四 in a document, detects the template version and maps
 * every printed cell to its canonical key (rules.md §4–5, §7). Pure: no I/O.
 */
import type { Document } from "../document.ts";
import type { DetectedVersion, Figures, ParseIssue, Provenance, TableInfo } from "../schema.ts";
import type { TableParse } from "./cells.ts";
import { emptyTable } from "./cells.ts";
import {
  T3_OTHER_SINGLE,
  T4_CELLS,
  TABLE_NAMES,
  type TableId,
  type TemplateVersion,
  t2Cells,
  t3Cells,
} from "./layout.ts";
import { type RawRow, toRows } from "./rows.ts";
import { isT2Start, parseT2 } from "./t2.ts";
import { isT3Start, isT4Start, parseT3 } from "./t3.ts";
import { parseT4 } from "./t4.ts";

export interface TemplateResult {
  readonly templateVersion: DetectedVersion | null;
  readonly templateEvidence: string[];
  readonly figures: Figures;
  readonly provenance: Record<string, Provenance>;
  readonly rawCells: Record<string, string>;
  readonly tables: { t2: TableInfo; t3: TableInfo; t4: TableInfo };
  readonly issues: ParseIssue[];
  /** Source lines inside the tables (the prose excludes them). */
  readonly tableLines: Set<number>;
}

type StartTest = (row: RawRow, next?: RawRow) => boolean;

function findIndex(rows: readonly RawRow[], from: number, test: StartTest): number {
  for (let i = Math.max(0, from); i < rows.length; i++) if (test(rows[i] as RawRow, rows[i + 1])) return i;
  return -1;
}

function info(t: TableParse): TableInfo {
  return {
    found: t.found,
    rows: t.rows,
    layout: t.layout,
    line: t.line,
    page: t.page,
    headers: t.headers,
    note: t.note,
  };
}

export function parseTemplate(doc: Document): TemplateResult {
  // Read by OCR: a row label may be garbled beyond recognition, and is then placed by template order.
  const ocr = doc.info.ocr !== undefined;
  const inks = new Map<number, { text: string; x: number; x2: number }[]>();
  for (const c of doc.info.ocr?.cells ?? [])
    inks.set(c.line, [...(inks.get(c.line) ?? []), { text: c.text, x: c.box[0], x2: c.box[0] + c.box[2] }]);
  const rows = toRows(doc.lines, { ocr, inks });
  // Read by OCR, a table's heads are found with fewer of their words read right.
  const isT3StartHere: StartTest = (row, next) => isT3Start(row, next, ocr);
  const isT4StartHere: StartTest = (row) => isT4Start(row, ocr);
  const t3Start = findIndex(rows, 0, isT3StartHere);
  const t2Start = findIndex(rows, 0, isT2Start);
  // 表二 ends where 表三 (else 表四) begins after it, never at the end of the page by default.
  const t2Stop = [
    t3Start > t2Start ? t3Start : findIndex(rows, t2Start + 1, isT3StartHere),
    findIndex(rows, t2Start + 1, isT4StartHere),
  ].find((i) => i > t2Start);

  const t2 =
    t2Start >= 0
      ? parseT2(rows, t2Start, t2Stop ?? rows.length, ocr)
      : { table: emptyTable(), evidence: [], version: null };
  const t3 = t3Start >= 0 ? parseT3(rows, t3Start, ocr) : { table: emptyTable(), end: 0 };
  const t4Start = findIndex(rows, t3Start >= 0 ? t3.end : Math.max(0, t2Start), isT4StartHere);
  const t4 = t4Start >= 0 ? parseT4(rows, t4Start) : { table: emptyTable(), end: 0 };

  // Version: 表二's headers decide; 表三's （六） layout is the weak signal when 表二 is missing.
  let version: DetectedVersion | null = t2.version;
  const evidence = [...new Set(t2.evidence.map((e) => `${e.printed}（${e.version}版）`))];
  if (version === null && t3.table.layout) {
    version = t3.table.layout === "split" ? "2021" : "2019";
    evidence.push(
      t3.table.layout === "split"
        ? "表三（六）分三行（2021版，弱信号）"
        : "表三（六）仅一行（2019版，弱信号）",
    );
  }

  const keyVersion: TemplateVersion = version === "2019" ? "2019" : "2021";
  const split = t3.table.layout ? t3.table.layout === "split" : keyVersion === "2021";
  const keys = [
    ...t2Cells(keyVersion).map((c) => c.key),
    ...t3Cells(split).map((c) => c.key),
    ...T4_CELLS.map((c) => c.key),
  ];
  // A report that prints both the （六） parent and its sub-rows keeps the parent as a subtotal.
  if (split && t3.table.rows.includes("other_processing")) {
    for (const c of t3Cells(false)) if (c.row.key === T3_OTHER_SINGLE.key) keys.push(c.key);
  }

  const figures: Figures = {};
  const provenance: Record<string, Provenance> = {};
  const rawCells: Record<string, string> = {};
  const all = new Map([...t2.table.cells, ...t3.table.cells, ...t4.table.cells]);
  for (const key of keys) {
    const cell = all.get(key);
    figures[key] = cell?.value ?? null;
    if (!cell) continue;
    if (cell.invalid) rawCells[key] = cell.raw;
    if (cell.value === null) continue;
    const table = TABLE_NAMES[key.split(".")[0] as TableId];
    provenance[key] = {
      page: cell.page,
      table,
      row: cell.rowLabel,
      col: cell.colLabel,
      raw: cell.raw,
      line: cell.line,
      source: "parser",
      mode: cell.mode,
      ...(cell.mode === "decoded" ? { decodedBy: [...cell.decodedBy] } : {}),
    };
  }

  const issues = [...t2.table.issues, ...t3.table.issues, ...t4.table.issues];
  for (const [tableId, parse, expected] of [
    ["t2", t2.table, t2Cells(keyVersion)],
    ["t3", t3.table, t3Cells(split)],
  ] as const) {
    if (!parse.found) continue;
    const seen = new Set(parse.rows);
    for (const row of new Map(expected.map((c) => [c.row.key, c.row])).values()) {
      if (!seen.has(row.key)) {
        issues.push({
          kind: "missing_row",
          table: tableId,
          row: row.label,
          rowKey: row.key,
          raw: "",
          line: null,
        });
      }
    }
  }
  const tableLines = new Set([...t2.table.lines, ...t3.table.lines, ...t4.table.lines]);
  return {
    templateVersion: version,
    templateEvidence: evidence,
    figures,
    provenance,
    rawCells,
    tables: { t2: info(t2.table), t3: info(t3.table), t4: info(t4.table) },
    issues,
    tableLines,
  };
}
