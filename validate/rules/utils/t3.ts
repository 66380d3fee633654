/**
 * 表三 relations shared by T3-BAL, T3-COLSUM, T3-RESULTS and T3-BLANK: which rows are printed, the
 * instances of each relation, and the culprit hints of rules.md §6.
 */
import type { ParsedReport } from "../../../extract/schema.ts";
import { T3_APPLICANT_COLUMNS, T3_COLUMNS, T3_GROUPS, t3Rows } from "../../../extract/template/layout.ts";
import { evalRelation, fails, holds, type Relation } from "./relation.ts";

export const T3_BAL = "T3-BAL";
export const T3_COLSUM = "T3-COLSUM";
export const T3_RESULTS = "T3-RESULTS";

/** The seven columns C = A ∪ {total}. */
export const T3_COLUMN_KEYS: readonly string[] = T3_COLUMNS.map((c) => c.key);

const PARENT = "other_processing";
const SUBS: readonly string[] = T3_GROUPS.other_split;

/** Which form of （六）其他处理 the report prints: the one row, the three sub-rows, or both. */
export interface OtherLayout {
  readonly parent: boolean;
  readonly subs: boolean;
}

function hasRow(report: ParsedReport, row: string): boolean {
  return T3_COLUMN_KEYS.some((col) => Object.hasOwn(report.figures, `t3.${row}.${col}`));
}

/** From the keys the parser produced; without any, from tables.t3.layout (or the template version). */
export function otherLayout(report: ParsedReport): OtherLayout {
  const parent = hasRow(report, PARENT);
  const subs = SUBS.some((row) => hasRow(report, row));
  if (parent || subs) return { parent, subs };
  const layout = report.tables.t3.layout;
  const split = layout === "split" || (layout !== "single" && report.meta.templateVersion === "2021");
  return { parent: !split, subs: split };
}

/** Row keys (without "t3.") of the printed 表三, in template order; a printed （六） parent precedes its sub-rows. */
export function t3RowKeys(report: ParsedReport): string[] {
  const { parent, subs } = otherLayout(report);
  const rows: string[] = [];
  for (const row of t3Rows(false)) {
    if (row.key !== PARENT) rows.push(row.key);
    else {
      if (parent) rows.push(PARENT);
      if (subs) rows.push(...SUBS);
    }
  }
  return rows;
}

/** Rows whose sum is （七）总计: （一）…（五） and R6 (the sub-rows when printed, else the one row). */
export function resultPartRows(report: ParsedReport): string[] {
  const { subs } = otherLayout(report);
  return [
    "granted",
    "partially_granted",
    ...T3_GROUPS.denied,
    ...T3_GROUPS.unable,
    ...T3_GROUPS.not_processed,
    ...(subs ? SUBS : [PARENT]),
  ];
}

export const BAL_LHS = ["new", "carried_over"] as const;
export const BAL_RHS = ["total_processed", "carried_forward"] as const;

const key = (row: string, col: string) => `t3.${row}.${col}`;

export interface ColumnInstance {
  readonly col: string;
  readonly relation: Relation;
}
export interface RowInstance {
  readonly row: string;
  readonly relation: Relation;
}

/** T3-BAL per column: reported = （七）+四, computed = 一+二. */
export function balInstances(report: ParsedReport): ColumnInstance[] {
  return T3_COLUMN_KEYS.map((col) => ({
    col,
    relation: evalRelation(
      report,
      T3_BAL,
      BAL_RHS.map((r) => key(r, col)),
      BAL_LHS.map((r) => key(r, col)),
    ),
  }));
}

/** T3-COLSUM per printed row: reported = total, computed = Σ six applicant columns. */
export function colsumInstances(report: ParsedReport): RowInstance[] {
  return t3RowKeys(report).map((row) => ({
    row,
    relation: evalRelation(
      report,
      T3_COLSUM,
      [key(row, "total")],
      T3_APPLICANT_COLUMNS.map((col) => key(row, col)),
      { countParts: true },
    ),
  }));
}

/** T3-RESULTS per column: reported = （七）总计, computed = Σ（一）…（六）. */
export function resultsInstances(report: ParsedReport): ColumnInstance[] {
  const parts = resultPartRows(report);
  return T3_COLUMN_KEYS.map((col) => ({
    col,
    relation: evalRelation(
      report,
      T3_RESULTS,
      [key("total_processed", col)],
      parts.map((r) => key(r, col)),
    ),
  }));
}

/** T3-RESULTS subtotal per column when both the （六） parent and its sub-rows are printed. */
export function otherSubtotalInstances(report: ParsedReport): ColumnInstance[] {
  const { parent, subs } = otherLayout(report);
  if (!(parent && subs)) return [];
  return T3_COLUMN_KEYS.map((col) => ({
    col,
    relation: evalRelation(
      report,
      T3_RESULTS,
      [key(PARENT, col)],
      SUBS.map((r) => key(r, col)),
    ),
  }));
}

/** Relations of rules.md §6 that a 表三 row takes part in (for T3-BLANK's "{rules} 无法核验"). */
export function relationsOfRow(report: ParsedReport, row: string): string[] {
  const out: string[] = [];
  if ((BAL_LHS as readonly string[]).includes(row) || (BAL_RHS as readonly string[]).includes(row))
    out.push(T3_BAL);
  out.push(T3_COLSUM);
  const { parent, subs } = otherLayout(report);
  if (
    row === "total_processed" ||
    resultPartRows(report).includes(row) ||
    (row === PARENT && parent && subs)
  ) {
    out.push(T3_RESULTS);
  }
  return out;
}

/**
 * The hint of rules.md §6: T3-COLSUM fails on exactly one row r while T3-BAL and/or T3-RESULTS fail
 * only in the 总计 column, by the same amount, in a relation r takes part in → r's total is the culprit.
 */
export interface TotalCulprit {
  readonly row: string;
  /** The failed COLSUM relation of that row. */
  readonly colsum: Extract<Relation, { status: "ok" }>;
  /** Relations whose 总计-column failure it explains. */
  readonly explains: readonly (typeof T3_BAL | typeof T3_RESULTS)[];
}

function onlyTotalFails(instances: readonly ColumnInstance[], amount: number): boolean {
  const failed = instances.filter((i) => fails(i.relation));
  const only = failed[0];
  return (
    failed.length === 1 &&
    only !== undefined &&
    only.col === "total" &&
    fails(only.relation) &&
    Math.abs(only.relation.difference) === amount
  );
}

export function totalCulprit(report: ParsedReport): TotalCulprit | null {
  const failed = colsumInstances(report).filter((i) => fails(i.relation));
  // Only a difference known exactly (every cell read) can be matched against the columns' differences.
  if (failed.some((i) => fails(i.relation) && i.relation.unread)) return null;
  const only = failed[0];
  if (failed.length !== 1 || only === undefined || !fails(only.relation)) return null;
  const amount = Math.abs(only.relation.difference);
  const explains: (typeof T3_BAL | typeof T3_RESULTS)[] = [];
  if (relationsOfRow(report, only.row).includes(T3_BAL) && onlyTotalFails(balInstances(report), amount)) {
    explains.push(T3_BAL);
  }
  const inResults = only.row === "total_processed" || resultPartRows(report).includes(only.row);
  if (inResults && onlyTotalFails(resultsInstances(report), amount)) explains.push(T3_RESULTS);
  return explains.length > 0 ? { row: only.row, colsum: only.relation, explains } : null;
}

/** T3-BAL holds in column `col` (pass or assumed). */
export function balHolds(report: ParsedReport, col: string): boolean {
  const instance = balInstances(report).find((i) => i.col === col);
  return instance !== undefined && holds(instance.relation);
}
