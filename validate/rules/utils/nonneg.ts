/** Shared check of the *-NONNEG rules: every present cell has a value of its column's type. */
import type { ParsedReport } from "../../../extract/schema.ts";
import { type CellType, cellDef, type TableId } from "../../../extract/template/layout.ts";
import type { RuleCheck, RuleHit } from "../../finding.ts";
import { producedCells } from "./cells.ts";
import { figure, invalidRaw, rawText } from "./figures.ts";

export function validValue(type: CellType, value: number): boolean {
  if (!Number.isFinite(value)) return false;
  switch (type) {
    case "count":
      return Number.isInteger(value) && value >= 0;
    case "signed":
      return Number.isInteger(value);
    case "amount":
    case "amount_text":
      return value >= 0;
  }
}

/**
 * One instance per present cell: pass when valid, fail when the value is out of type or the printed
 * text is not a number. Blank cells have no instance (the *-BLANK rule reports them).
 * `acceptRaw` lets a table treat some non-numeric printed texts as not invalid.
 */
export function nonnegChecks(
  report: ParsedReport,
  table: TableId,
  hit: (key: string, raw: string, type: CellType) => RuleHit,
  acceptRaw: (key: string, raw: string, type: CellType) => boolean = () => false,
): RuleCheck[] {
  const checks: RuleCheck[] = [];
  for (const key of producedCells(report, table)) {
    const type = cellDef(key)?.column.type ?? "count";
    const value = figure(report, key);
    if (value !== null) {
      checks.push(
        validValue(type, value)
          ? { outcome: "pass", scope: key }
          : { outcome: "fail", scope: key, hit: hit(key, rawText(report, key), type) },
      );
      continue;
    }
    const raw = invalidRaw(report, key);
    if (raw === undefined || acceptRaw(key, raw, type)) continue;
    checks.push({ outcome: "fail", scope: key, hit: hit(key, raw, type) });
  }
  return checks;
}
