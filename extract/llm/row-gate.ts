/**
 * The table's own arithmetic that an LLM reading must satisfy before it may fill cells the parser
 * left null (rules.md §7: a guessed number is worse than a null): a 表三 row's 总计 = Σ six applicant
 * columns (T3-COLSUM), a 表四 group's 总计 = 维持+纠正+其他+未审结 (T4-*). 表二 has no such relation.
 */
import { T3_APPLICANT_COLUMNS } from "../template/layout.ts";

export type GateResult =
  | { readonly ok: true; readonly relation: string }
  | { readonly ok: false; readonly reason: "incomplete" | "arithmetic" | "printed_digits" | "no_relation" };

const T4_RELATIONS: Record<string, string> = {
  review: "T4-REVIEW",
  litigation_direct: "T4-LITIGATION_DIRECT",
  litigation_after_review: "T4-LITIGATION_AFTER_REVIEW",
};
const T4_PARTS = ["upheld", "corrected", "other", "pending"];

/**
 * `rowKey` like "t3.granted" or "t4.review"; `value(key)` the merged reading (parser where it has a
 * value, else the LLM's).
 */
export function checkRow(rowKey: string, value: (key: string) => number | null): GateResult {
  const table = rowKey.slice(0, 2);
  const row = rowKey.slice(3);
  let parts: string[];
  let relation: string;
  if (table === "t3") {
    parts = T3_APPLICANT_COLUMNS.map((c) => `${rowKey}.${c}`);
    relation = "T3-COLSUM";
  } else if (table === "t4" && T4_RELATIONS[row]) {
    parts = T4_PARTS.map((c) => `${rowKey}.${c}`);
    relation = T4_RELATIONS[row] as string;
  } else {
    return { ok: false, reason: "no_relation" };
  }
  const keys = [...parts, `${rowKey}.total`];
  const values = keys.map(value);
  if (values.some((v) => v === null || !Number.isInteger(v) || v < 0))
    return { ok: false, reason: "incomplete" };
  const nums = values as number[];
  const total = nums[nums.length - 1] as number;
  const sum = nums.slice(0, -1).reduce((a, b) => a + b, 0);
  if (sum !== total) return { ok: false, reason: "arithmetic" };
  return { ok: true, relation };
}

/**
 * A glued digit run ("110000112") and a reading of its cells: written one after another, the values
 * must reproduce the printed digits. Runs holding anything but digits and spaces are not checked.
 */
export function reproducesDigits(printed: string, values: readonly (number | null)[]): boolean {
  if (!/^[\d\s]+$/.test(printed)) return true;
  if (values.some((v) => v === null || !Number.isInteger(v) || v < 0)) return false;
  return values.map(String).join("") === printed.replace(/\s+/g, "");
}
