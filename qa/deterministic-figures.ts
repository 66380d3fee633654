/**
 * Figures for the deterministic answerer: which canonical cells a parsed question asks for (rows ×
 * columns, group sums, the template version's own cells) and how an answer states them with their
 * source cell.
 */
import { KEY_FIGURES } from "../audit/render-text.ts";
import type { AuditResult } from "../audit/result.ts";
import {
  cellDef,
  cellLabel,
  T3_COLUMNS,
  T4_COLUMNS,
  T4_ROWS,
  TABLE_NAMES,
  type TableId,
} from "../extract/template/layout.ts";
import type { Citation } from "./answerer.ts";
import type { ParsedQuestion, RowTerm } from "./deterministic-lexicon.ts";

/** One figure (or a sum of figures) the question asks for. */
export interface Ask {
  readonly label: string;
  readonly keys: readonly string[];
}

export function unitOf(key: string): string {
  if (key.endsWith("amount_wan_yuan") || key.endsWith("total_amount")) return " 万元";
  if (key.endsWith(".change")) return "";
  return " 件";
}

/** "表三「（一）予以公开」总计，第2页第52行" — where a figure was read. */
export function sourceOf(result: AuditResult, key: string): string {
  const p = result.provenance[key];
  if (!p) return cellLabel(key);
  const page = p.page && result.pageCount && result.pageCount > 1 ? `第${p.page}页` : "";
  const line = p.line ? `第${p.line}行` : "";
  const where = page || line ? `，${page}${line}` : "";
  const decoded = p.mode === "decoded" ? "（按表内关系推算）" : "";
  return `${p.table}「${p.row}」${p.col}${where}${decoded}`;
}

function rowLabel(row: RowTerm, firstKey: string | undefined): string {
  if (row.row === "litigation") return "行政诉讼";
  const def = firstKey ? cellDef(firstKey) : undefined;
  if (row.members && def?.row.parent) return def.row.parent;
  return def?.row.label ?? row.row;
}

function columnLabel(table: TableId, columns: readonly string[]): string {
  if (columns.length > 1)
    return table === "t3" && columns.length === 5 ? "法人或其他组织" : columns.join("+");
  const col = columns[0] ?? "total";
  const list = table === "t3" ? T3_COLUMNS : table === "t4" ? T4_COLUMNS : [];
  return list.find((c) => c.key === col)?.label ?? col;
}

function keysFor(result: AuditResult, table: TableId, row: RowTerm, columns: readonly string[]): string[] {
  // （六）其他处理 is one row in the 2019 template and three sub-rows in 2021.
  const single =
    row.row === "other_processing" && columns.some((c) => `t3.other_processing.${c}` in result.figures);
  const rows = single ? [row.row] : (row.members ?? [row.row]);
  return rows.flatMap((r) => columns.map((c) => `${table}.${r}.${c}`));
}

/** Columns a row has in this report (t2 rows differ by template version). */
function t2Columns(result: AuditResult, row: string): string[] {
  const prefix = `t2.${row}.`;
  return Object.keys(result.figures)
    .filter((k) => k.startsWith(prefix))
    .map((k) => k.slice(prefix.length));
}

export function decideTable(p: ParsedQuestion): TableId | null {
  if (p.table) return p.table;
  const strong = p.rows.filter((r) => !r.weak);
  const byRows = new Set(strong.map((r) => r.table));
  if (byRows.size === 1) return [...byRows][0] ?? null;
  if (byRows.size > 1) return strong[0]?.table ?? null;
  const byColumns = new Set(p.columns.filter((c) => c.columns[0] !== "total").map((c) => c.table));
  if (byColumns.size === 1) return [...byColumns][0] ?? null;
  if (p.rows.length > 0) return p.rows[0]?.table ?? null;
  return null;
}

/** What figures the question asks for (empty when it names none). */
export function asks(result: AuditResult, p: ParsedQuestion, previous: ParsedQuestion | null): Ask[] {
  const table = decideTable(p);
  if (!table) return [];
  let rows = p.rows.filter((r) => r.table === table);
  if (rows.some((r) => !r.weak)) rows = rows.filter((r) => !r.weak);
  const columns = p.columns.filter((c) => c.table === table);
  const named = columns.filter((c) => c.columns[0] !== "total");
  if (rows.length === 0 && named.length === 0) {
    // A bare "表三": its key figures, unless the question is about something else (表三有什么问题).
    if (!p.table || p.topics.length > 0) return [];
    return KEY_FIGURES.filter(([key]) => key.startsWith(`${table}.`)).map(([key]) => ({
      label: cellLabel(key),
      keys: [key],
    }));
  }
  if (rows.length === 0 && previous) {
    const earlier = previous.rows.filter((r) => r.table === table && !r.weak);
    if (earlier.length > 0 && named.length > 0) rows = earlier;
  }
  if (rows.length === 0) {
    if (table === "t3") rows = [{ table, row: "new" }];
    else if (table === "t4") rows = T4_ROWS.map((r) => ({ table, row: r.key }));
    else {
      const wanted = new Set(named.flatMap((c) => c.columns));
      const t2Rows = new Set(
        Object.keys(result.figures)
          .filter((k) => k.startsWith("t2.") && wanted.has(k.split(".")[2] ?? ""))
          .map((k) => k.split(".")[1] ?? ""),
      );
      rows = [...t2Rows].map((row) => ({ table, row }));
    }
  }
  const out: Ask[] = [];
  for (const row of rows) {
    let colSets: (readonly string[])[] = named.map((c) => c.columns);
    if (table === "t2") {
      const has = new Set(t2Columns(result, row.row));
      const present = colSets.filter((set) => set.every((c) => has.has(c)));
      // A named column this template does not have: answered as "没有此项", not with other columns.
      const absent = colSets.filter((set) => set.every((c) => cellDef(`t2.${row.row}.${c}`)));
      colSets =
        present.length > 0 ? present : absent.length > 0 ? absent.slice(0, 1) : [...has].map((c) => [c]);
    } else if (colSets.length === 0) colSets = [["total"]];
    for (const set of colSets) {
      const keys = keysFor(result, table, row, set);
      const label =
        keys.length === 1 && keys[0]
          ? cellLabel(keys[0])
          : `${TABLE_NAMES[table]}「${rowLabel(row, keys[0])}」${columnLabel(table, set)}`;
      out.push({ label, keys });
    }
  }
  return out;
}

export function figureLines(result: AuditResult, ask: Ask, citations: Citation[]): string[] {
  const values = ask.keys.map((k) => result.figures[k]);
  for (const [i, key] of ask.keys.entries())
    citations.push({ key, value: values[i] ?? null, source: sourceOf(result, key) });
  const unit = unitOf(ask.keys[0] ?? "");
  if (values.every((v) => v === undefined))
    return [`${ask.label}：该报告所用模板（${result.meta.templateVersion ?? "未识别"}版）没有此项。`];
  if (ask.keys.length === 1) {
    const key = ask.keys[0] ?? "";
    const v = values[0];
    if (v === null || v === undefined)
      return [`${ask.label}：报告中此格为空白或无法读取（null，不按 0 计）。`];
    return [`${ask.label}：${v}${unit}`, `  出处：${sourceOf(result, key)}`];
  }
  const sameRow = new Set(ask.keys.map((k) => cellDef(k)?.row.key)).size === 1;
  const partName = (k: string) => {
    const def = cellDef(k);
    if (!def) return k;
    if (sameRow) return def.column.label;
    return def.column.key === "total" ? def.row.label : `${def.row.label}·${def.column.label}`;
  };
  const line = (k: string) => result.provenance[k]?.line;
  const parts = ask.keys.map(
    (k, i) => `${partName(k)} ${values[i] ?? "空白"}${line(k) ? `（第${line(k)}行）` : ""}`,
  );
  if (values.some((v) => v === null || v === undefined))
    return [`${ask.label}：有空白格，无法相加。`, `  各项：${parts.join("；")}`];
  const sum = (values as number[]).reduce((a, b) => a + b, 0);
  return [`${ask.label}：${sum}${unit}（${ask.keys.length} 项相加）`, `  各项：${parts.join("；")}`];
}
