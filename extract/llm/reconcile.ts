/**
 * Parser and LLM readings, per canonical key (audit-json.md, issue 6):
 * - both have the same value → the value, provenance `source: "both"`;
 * - only the parser has one → unchanged (`parser`);
 * - they differ → the parser's value stands, a Disagreement (→ EXTRACT-DISAGREE) shows both. A cell the
 *   parser read as printed blank or as invalid text counts as a parser reading (null), so an LLM
 *   number there is a disagreement too: null is never zero, and never a guess;
 * - only the LLM has one, where the parser could not read the cell (ambiguous split, misaligned row,
 *   missing row or table) → the LLM's value with `source: "llm"`, but in 表三/表四 only if the row
 *   satisfies the table's own arithmetic (row-gate.ts), else the cells stay null; 表二 cells of an
 *   ambiguous or misaligned row have no relation to check and stay null.
 * Pure. The rules then run on the reconciled report.
 */
import { cellState, issueCells, rowKeyOf } from "../../validate/rules/utils/figures.ts";
import type { ParsedReport, ParseIssue, Provenance } from "../schema.ts";
import { cellDef, TABLE_NAMES, type TableId } from "../template/layout.ts";
import { checkRow, type GateResult, reproducesDigits } from "./row-gate.ts";

export interface Disagreement {
  readonly key: string;
  readonly parser: number | null;
  readonly llm: number;
  /** What the parser saw when its value is null: the printed text ("" = blank). */
  readonly printed: string | null;
}

export interface Rejection {
  readonly key: string;
  readonly llm: number;
  readonly reason: Exclude<GateResult, { ok: true }>["reason"];
}

export interface Reconciliation {
  readonly report: ParsedReport;
  /** Keys both read alike (`source: "both"`). */
  readonly agreed: readonly string[];
  /** Keys only the LLM read, accepted (`source: "llm"`). */
  readonly filled: readonly string[];
  readonly disagreements: readonly Disagreement[];
  /** LLM values for unreadable cells that failed the gate (the cells stay null). */
  readonly rejected: readonly Rejection[];
}

const CANNOT_PLACE: ReadonlySet<ParseIssue["kind"]> = new Set(["ambiguous_split", "row_width"]);

function issuesOf(report: ParsedReport, key: string): ParseIssue[] {
  const table = key.slice(0, 2);
  return report.issues.filter((i) => i.table === table && issueCells(i).includes(key));
}

/** The parser has no reading of this cell at all: its table or row was not found, or it could not place the row. */
function unread(report: ParsedReport, key: string): boolean {
  const table = key.slice(0, 2) as TableId;
  if (!report.tables[table].found) return true;
  return cellState(report, key) === "unreadable";
}

function llmProvenance(
  key: string,
  issue: ParseIssue | undefined,
  value: number,
  gate: GateResult | null,
): Provenance {
  const def = cellDef(key);
  const row = def ? `${def.row.parent ?? ""}${def.row.label}` : rowKeyOf(key);
  return {
    page: null,
    table: TABLE_NAMES[key.slice(0, 2) as TableId],
    row,
    col: def?.column.label ?? "",
    raw: issue?.raw ?? String(value),
    line: issue?.line ?? null,
    source: "llm",
    mode: gate?.ok ? "decoded" : "printed",
    ...(gate?.ok ? { decodedBy: [gate.relation] } : {}),
  };
}

export function reconcile(
  report: ParsedReport,
  llm: Readonly<Record<string, number | null>>,
): Reconciliation {
  const figures = { ...report.figures };
  const provenance = { ...report.provenance };
  const agreed: string[] = [];
  const filled: string[] = [];
  const disagreements: Disagreement[] = [];
  const rejected: Rejection[] = [];
  const candidates = new Map<string, string[]>(); // row key → LLM-only cell keys

  for (const key of Object.keys(report.figures)) {
    const p = report.figures[key] ?? null;
    const l = llm[key] ?? null;
    if (l === null) continue;
    if (p !== null) {
      if (p === l) {
        agreed.push(key);
        const prov = provenance[key];
        if (prov) provenance[key] = { ...prov, source: "both" };
      } else disagreements.push({ key, parser: p, llm: l, printed: null });
      continue;
    }
    if (!unread(report, key)) {
      disagreements.push({ key, parser: null, llm: l, printed: report.rawCells[key] ?? "" });
      continue;
    }
    const row = rowKeyOf(key);
    candidates.set(row, [...(candidates.get(row) ?? []), key]);
  }

  for (const [rowKey, keys] of candidates) {
    const issue = keys.flatMap((k) => issuesOf(report, k)).find((i) => CANNOT_PLACE.has(i.kind));
    const merged = (k: string) => report.figures[k] ?? llm[k] ?? null;
    let gate: GateResult | null = null;
    if (rowKey.startsWith("t2.")) {
      if (issue) gate = { ok: false, reason: "no_relation" };
    } else {
      gate = checkRow(rowKey, merged);
      if (gate.ok && issue?.kind === "ambiguous_split") {
        const cells = issueCells(issue).filter((k) => k in report.figures);
        if (!reproducesDigits(issue.raw, cells.map(merged))) gate = { ok: false, reason: "printed_digits" };
      }
    }
    for (const key of keys) {
      const value = llm[key] as number;
      if (gate !== null && !gate.ok) {
        rejected.push({ key, llm: value, reason: gate.reason });
        continue;
      }
      figures[key] = value;
      provenance[key] = llmProvenance(key, issue, value, gate);
      filled.push(key);
    }
  }

  // An ambiguous split now fully read is no longer a PARSE-AMBIGUOUS finding.
  const issues = report.issues.filter((i) => {
    if (i.kind !== "ambiguous_split") return true;
    const cells = issueCells(i).filter((k) => k in figures);
    return cells.length === 0 || cells.some((k) => figures[k] === null);
  });

  return {
    report: { ...report, figures, provenance, issues },
    agreed,
    filled,
    disagreements,
    rejected,
  };
}
