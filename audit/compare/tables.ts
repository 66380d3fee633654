/**
 * Every cell of 表二/表三/表四 of two years side by side: both values, the change, whether it is large
 * (thresholds.ts), and cells blank in one year and filled in the other. A blank cell is never 0.
 */
import { type CellDef, cellLabel, TABLE_NAMES, templateCells } from "../../extract/template/layout.ts";
import type { AuditResult } from "../result.ts";
import type { CompareThresholds } from "./thresholds.ts";

export type CellChangeKind =
  /** Both filled, different. */
  | "changed"
  /** Both filled, equal. */
  | "same"
  /** Blank last year, filled this year. */
  | "filled"
  /** Filled last year, blank this year. */
  | "blanked"
  /** Blank (or unread) both years. */
  | "both_blank"
  /** The cell is in only one year's template (e.g. 2019 → 2021 表二). */
  | "layout";

export interface CellChange {
  readonly key: string;
  readonly table: "t2" | "t3" | "t4";
  /** 表三「（七）总计」总计. */
  readonly label: string;
  readonly previous: number | null;
  readonly current: number | null;
  /** current − previous when both are filled. */
  readonly change: number | null;
  /** change / previous when previous > 0. */
  readonly ratio: number | null;
  readonly kind: CellChangeKind;
  readonly large: boolean;
  /** The cell is in this year's layout / last year's. */
  readonly inPrevious: boolean;
  readonly inCurrent: boolean;
}

function layoutOf(result: AuditResult): readonly CellDef[] {
  const version = result.meta.templateVersion === "2019" ? "2019" : "2021";
  const split = Object.keys(result.figures).some((k) => k.startsWith("t3.other_processing.overdue"));
  const cells = templateCells(version);
  // templateCells(2021) has the split （六）; a 2021 report printed with one row keeps its own keys.
  if (version === "2021" && !split && "t3.other_processing.total" in result.figures)
    return cells
      .filter((c) => !c.key.startsWith("t3.other_processing."))
      .concat(templateCells("2019").filter((c) => c.key.startsWith("t3.other_processing.")));
  if (version === "2019" && split)
    return cells
      .filter((c) => !c.key.startsWith("t3.other_processing."))
      .concat(templateCells("2021").filter((c) => c.key.startsWith("t3.other_processing.")));
  return cells;
}

function isLarge(key: string, prev: number, cur: number, t: CompareThresholds): boolean {
  const change = Math.abs(cur - prev);
  if (change === 0) return false;
  if (key.includes("amount")) return change >= t.minAmount;
  if (change < t.minAbs) return false;
  return prev === 0 || change / Math.abs(prev) >= t.minPct;
}

const TABLE_ORDER = { t2: 0, t3: 1, t4: 2 } as const;

/** All cells of both layouts, in template order (表二, 表三, 表四). */
export function compareCells(
  previous: AuditResult,
  current: AuditResult,
  thresholds: CompareThresholds,
): CellChange[] {
  const prevCells = layoutOf(previous);
  const curCells = layoutOf(current);
  const prevKeys = new Set(prevCells.map((c) => c.key));
  const curKeys = new Set(curCells.map((c) => c.key));
  const order: CellDef[] = [...curCells];
  for (const c of prevCells) if (!curKeys.has(c.key)) order.push(c);
  order.sort((a, b) => TABLE_ORDER[a.table] - TABLE_ORDER[b.table]);
  return order.map((def) => {
    const inPrevious = prevKeys.has(def.key);
    const inCurrent = curKeys.has(def.key);
    const p = inPrevious ? (previous.figures[def.key] ?? null) : null;
    const c = inCurrent ? (current.figures[def.key] ?? null) : null;
    let kind: CellChangeKind;
    if (!inPrevious || !inCurrent) kind = "layout";
    else if (p === null && c === null) kind = "both_blank";
    else if (p === null) kind = "filled";
    else if (c === null) kind = "blanked";
    else kind = p === c ? "same" : "changed";
    const change = p !== null && c !== null ? round(c - p) : null;
    return {
      key: def.key,
      table: def.table,
      label: cellLabel(def.key),
      previous: p,
      current: c,
      change,
      ratio: change !== null && p !== null && p > 0 ? change / p : null,
      kind,
      large: kind === "changed" && p !== null && c !== null && isLarge(def.key, p, c, thresholds),
      inPrevious,
      inCurrent,
    };
  });
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000;
}

/** Large changes first (biggest absolute change, then biggest ratio), then the other changes. */
export function rankChanges(cells: readonly CellChange[]): CellChange[] {
  return cells
    .filter((c) => c.kind === "changed")
    .sort(
      (a, b) =>
        Number(b.large) - Number(a.large) ||
        Math.abs(b.change ?? 0) - Math.abs(a.change ?? 0) ||
        Math.abs(b.ratio ?? Number.POSITIVE_INFINITY) - Math.abs(a.ratio ?? Number.POSITIVE_INFINITY) ||
        a.key.localeCompare(b.key),
    );
}

/** "+12（+150%）", "−3（−25%）", "+4（上年为0）". */
export function changeText(c: Pick<CellChange, "change" | "ratio" | "previous">): string {
  if (c.change === null) return "";
  const sign = c.change > 0 ? "+" : c.change < 0 ? "−" : "±";
  const abs = `${sign}${Math.abs(c.change)}`;
  if (c.previous === 0) return `${abs}（上年为0）`;
  if (c.ratio === null) return abs;
  return `${abs}（${c.ratio > 0 ? "+" : c.ratio < 0 ? "−" : ""}${Math.round(Math.abs(c.ratio) * 100)}%）`;
}

export const CELL_KIND_TITLES: Record<CellChangeKind, string> = {
  changed: "有变化",
  same: "相同",
  filled: "上年空白、本年填报",
  blanked: "上年填报、本年空白",
  both_blank: "两年均空白",
  layout: "仅一年模板有此栏",
};

export function tableName(t: CellChange["table"]): string {
  return TABLE_NAMES[t];
}
