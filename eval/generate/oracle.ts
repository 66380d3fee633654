/**
 * The oracle: what a careful auditor must find in a generated report, computed from what is printed
 * (cells, prose claims, sections, date) with the relations of rules.md §6, independently of the
 * pipeline. A defect's consequences are derived here, never hand-listed: nudging one 表三 cell yields
 * T3-COLSUM for its row and T3-BAL/T3-RESULTS for its columns, and TEXT-* wherever the prose restates it.
 */
import type { IssuerLevel } from "../../extract/schema.ts";
import {
  type CellDef,
  T3_APPLICANT_COLUMNS,
  T3_COLUMNS,
  T3_GROUPS,
  T4_CELLS,
  T4_ROWS,
  type TemplateVersion,
  t2Cells,
  t3Cells,
  t3Rows,
} from "../../extract/template/layout.ts";
import { deadlineOf } from "./issuers.ts";
import {
  type Block,
  type Claim,
  type Expected,
  type ExpectedFinding,
  FORMATS,
  type Format,
  portalDateOnPage,
  type ReportSpec,
  type Severity,
} from "./model.ts";

/** Cells of the printed layout. */
export function layoutCells(version: TemplateVersion, otherSplit: boolean): CellDef[] {
  return [...t2Cells(version), ...t3Cells(otherSplit), ...T4_CELLS];
}

const BLANK = /^(?:|—|——|-|--|–|\/|无|空)$/;

/** Value of printed cell text as the rulebook defines it (§5, §7); null for blank or invalid. */
export function printedValue(
  cell: CellDef,
  raw: string,
): { value: number | null; state: "ok" | "blank" | "invalid" } {
  const t = raw.replace(/\s+/g, "");
  if (BLANK.test(t)) return { value: null, state: "blank" };
  const m = /^(-?)(\d+)(?:\.(\d+))?(万元|元)?$/.exec(t);
  if (!m) return { value: null, state: "invalid" };
  const n = Number(`${m[1]}${m[2]}${m[3] ? `.${m[3]}` : ""}`);
  const unit = m[4];
  switch (cell.column.type) {
    case "count":
      return Number.isInteger(n) && n >= 0 && !unit
        ? { value: n, state: "ok" }
        : { value: null, state: "invalid" };
    case "signed":
      return Number.isInteger(n) && !unit ? { value: n, state: "ok" } : { value: null, state: "invalid" };
    case "amount":
      return n >= 0 ? { value: n, state: "ok" } : { value: null, state: "invalid" };
    case "amount_text":
      if (n < 0) return { value: null, state: "invalid" };
      if (unit === "万元" || n === 0) return { value: n, state: "ok" };
      if (unit === "元") return { value: Math.round((n / 10_000) * 1e6) / 1e6, state: "ok" };
      return { value: null, state: "ok" };
  }
}

function expectedVersion(year: number): TemplateVersion {
  return year >= 2021 ? "2021" : "2019";
}

interface Collector {
  add(rule: string, severity: Severity, scope: string, formats?: readonly Format[]): void;
  readonly findings: ExpectedFinding[];
}

function collector(): Collector {
  const findings: ExpectedFinding[] = [];
  return {
    findings,
    add(rule, severity, scope, formats) {
      findings.push({ rule, severity, scope, ...(formats ? { formats } : {}) });
    },
  };
}

type Values = Readonly<Record<string, number | null>>;

const sumOf = (values: Values, keys: readonly string[]): number | null => {
  let s = 0;
  for (const k of keys) {
    const x = values[k];
    if (x === null || x === undefined) return null;
    s += x;
  }
  return s;
};

function tableRules(spec: ReportSpec, values: Values, states: Record<string, string>, out: Collector): void {
  const rows = t3Rows(spec.otherSplit).map((r) => r.key);
  const cols = T3_COLUMNS.map((c) => c.key);
  const at = (row: string, col: string) => `t3.${row}.${col}`;
  // T3-COLSUM per printed row.
  for (const row of rows) {
    const total = values[at(row, "total")];
    const sum = sumOf(
      values,
      T3_APPLICANT_COLUMNS.map((c) => at(row, c)),
    );
    if (total !== null && total !== undefined && sum !== null && total !== sum)
      out.add("T3-COLSUM", "error", `t3.${row}.*`);
  }
  const parts = rows.filter(
    (r) => !["new", "carried_over", "total_processed", "carried_forward"].includes(r),
  );
  for (const col of cols) {
    const lhs = sumOf(values, [at("new", col), at("carried_over", col)]);
    const rhs = sumOf(values, [at("total_processed", col), at("carried_forward", col)]);
    if (lhs !== null && rhs !== null && lhs !== rhs) out.add("T3-BAL", "error", `t3.*.${col}`);
    const reported = values[at("total_processed", col)];
    const computed = sumOf(
      values,
      parts.map((r) => at(r, col)),
    );
    if (reported !== null && reported !== undefined && computed !== null && reported !== computed) {
      out.add("T3-RESULTS", "error", `t3.*.${col}`);
    }
  }
  const t4Rule: Record<string, string> = {
    review: "T4-REVIEW",
    litigation_direct: "T4-LITIGATION_DIRECT",
    litigation_after_review: "T4-LITIGATION_AFTER_REVIEW",
  };
  for (const group of T4_ROWS) {
    const total = values[`t4.${group.key}.total`];
    const sum = sumOf(
      values,
      ["upheld", "corrected", "other", "pending"].map((c) => `t4.${group.key}.${c}`),
    );
    if (total !== null && total !== undefined && sum !== null && total !== sum)
      out.add(t4Rule[group.key] ?? "", "error", `t4.${group.key}`);
  }
  // NONNEG per invalid cell, BLANK once per table.
  const blanks: Record<string, number> = { t2: 0, t3: 0, t4: 0 };
  for (const [key, state] of Object.entries(states)) {
    const table = key.slice(0, 2);
    if (state === "invalid") out.add(`${table.toUpperCase()}-NONNEG`, "error", key);
    if (state === "blank") blanks[table] = (blanks[table] ?? 0) + 1;
  }
  for (const table of ["t2", "t3", "t4"])
    if ((blanks[table] ?? 0) > 0) out.add(`${table.toUpperCase()}-BLANK`, "warning", table);
  // 表二 plausibility.
  const [flow, stock] = spec.version === "2021" ? ["made", "in_force"] : ["new_published", "total_published"];
  for (const row of ["regulations", "normative_documents"]) {
    const a = values[`t2.${row}.${flow}`];
    const b = values[`t2.${row}.${stock}`];
    if (typeof a === "number" && typeof b === "number" && b < a)
      out.add("T2-VALID-SELF", "warning", `t2.${row}.*`);
  }
  if (spec.version === "2021") {
    const raw = spec.cells["t2.fees.amount_wan_yuan"] ?? "";
    const fee = values["t2.fees.amount_wan_yuan"];
    const small = spec.level === "subdistrict" || spec.level === "township_government";
    if ((/元/.test(raw) && !/万元/.test(raw)) || (small && typeof fee === "number" && fee >= 1e6)) {
      out.add("T2-UNIT", "warning", "t2.fees.amount_wan_yuan");
    }
  }
}

/** Cells a narrative key expression restates (rules.md §6.4), given the printed layout. */
function claimCells(key: string, spec: ReportSpec): string[] {
  const out: string[] = [];
  for (const term of key.split("+")) {
    const group = /^t3\.([a-z_]+)\.\*$/.exec(term)?.[1];
    if (group === undefined) {
      if (term.startsWith("t2.") && spec.version === "2019") {
        const [, row, col] = term.split(".");
        const mapped = col === "made" ? "new_made" : col === "in_force" ? "total_published" : col;
        out.push(`t2.${row}.${mapped}`);
      } else out.push(term);
    } else if (group === "other_processing") {
      out.push(
        ...(spec.otherSplit
          ? T3_GROUPS.other_split.map((r) => `t3.${r}.total`)
          : ["t3.other_processing.total"]),
      );
    } else {
      const rows = (T3_GROUPS as Record<string, readonly string[]>)[group] ?? [];
      out.push(...rows.map((r) => `t3.${r}.total`));
    }
  }
  return out;
}

function textRule(key: string): string | null {
  if (key === "t3.new.total") return "TEXT-T3-NEW";
  if (key === "t3.total_processed.total") return "TEXT-T3-DONE";
  if (key === "t3.carried_forward.total" || key === "t3.carried_over.total") return "TEXT-T3-CARRY";
  if (key.startsWith("t3.")) return "TEXT-T3-SPLIT";
  if (key.startsWith("t4.")) return "TEXT-T4";
  if (key.startsWith("t2.")) return "TEXT-T2";
  return null;
}

function narrativeBlocks(spec: ReportSpec, present: ReadonlySet<number>): Block[] {
  return spec.blocks.filter(
    (b) =>
      b.kind === "paragraph" && !b.debris && (b.section === 1 || b.section === 6) && present.has(b.section),
  );
}

function textRules(spec: ReportSpec, values: Values, present: ReadonlySet<number>, out: Collector): void {
  const layout = new Set(layoutCells(spec.version, spec.otherSplit).map((c) => c.key));
  for (const block of narrativeBlocks(spec, present)) {
    if (block.kind !== "paragraph") continue;
    for (const claim of block.claims) checkClaim(claim, spec, values, layout, out);
    for (const t of block.totals) {
      const sum = t.parts.reduce((a, b) => a + b, 0);
      if (sum > t.total || (t.exhaustive && sum < t.total))
        out.add("TEXT-SELF", "warning", `${t.total}${t.unit}`);
    }
  }
}

function checkClaim(
  claim: Claim,
  spec: ReportSpec,
  values: Values,
  layout: ReadonlySet<string>,
  out: Collector,
): void {
  const rule = textRule(claim.key);
  if (rule === null) return;
  if (claim.year !== null && claim.year !== spec.year) return; // about another year: not this table
  const cells = claimCells(claim.key, spec);
  if (cells.some((c) => !layout.has(c))) return;
  const table = sumOf(values, cells);
  if (table === null || Math.abs(table - claim.value) < 1e-9) return;
  let severity: Severity = claim.scoped ? "notice" : "warning";
  if (rule === "TEXT-T3-NEW") {
    const carried = values["t3.carried_over.total"];
    if (typeof carried === "number" && carried > 0 && claim.value === table + carried) severity = "notice";
  }
  out.add(rule, severity, claim.key);
}

function feeRules(spec: ReportSpec, values: Values, present: ReadonlySet<number>, out: Collector): void {
  if (spec.year < 2021) return;
  const block = spec.blocks.find(
    (b) => b.kind === "paragraph" && b.fee !== undefined && present.has(b.section),
  );
  const fee = block?.kind === "paragraph" ? block.fee : undefined;
  const parts = fee ? [fee.noticeCount, fee.noticeAmount, fee.collected].filter((x) => x !== null).length : 0;
  if (parts === 0) out.add("FEE-PRESENT", "warning", "fee");
  else if (parts < 3) out.add("FEE-PRESENT", "notice", "fee");
  const n = values["t3.other_processing.overdue_fee.total"];
  if (typeof n === "number" && n > 0) {
    const count = fee?.noticeCount ?? null;
    if (count === null || count < n || fee?.noticeAmount === null || fee?.noticeAmount === undefined) {
      out.add("FEE-NOTICE", "warning", "t3.other_processing.overdue_fee.total");
    }
  }
  if (fee && fee.noticeAmount !== null && fee.collected !== null && fee.collected > fee.noticeAmount) {
    out.add("FEE-NOTICE", "notice", "fee.collected_yuan");
  }
}

function structureRules(
  spec: ReportSpec,
  present: ReadonlySet<number>,
  order: readonly number[],
  out: Collector,
): void {
  for (let n = 1; n <= 6; n++) if (!present.has(n)) out.add("STRUCTURE-SECTIONS", "warning", `section.${n}`);
  for (let i = 0; i + 1 < order.length; i++) {
    if ((order[i] ?? 0) > (order[i + 1] ?? 0))
      out.add("STRUCTURE-SECTIONS", "warning", `order.${order[i + 1]}-${order[i]}`);
  }
  // Rows with a lost or an extra cell are listed even when they align unambiguously (rules.md §6.6).
  for (const key of spec.text.lostCells) {
    out.add("STRUCTURE-TABLES", "warning", key.slice(0, key.lastIndexOf(".")), ["text"]);
  }
  if (spec.text.t4ExtraCell) out.add("STRUCTURE-TABLES", "warning", "t4", ["text"]);
}

function systemsRequired(level: IssuerLevel): Severity | null {
  if (level === "department") return null;
  return level === "subdistrict" ? "notice" : "warning";
}

/** Years printed in the prose outside 一/六 narratives that META-YEAR checks (period, the report's own name). */
export interface MetaYearFacts {
  readonly periodYear: number | null;
  readonly reportNameYear: number | null;
}

export function oracle(spec: ReportSpec, facts: MetaYearFacts): Expected {
  const out = collector();
  const values: Record<string, number | null> = {};
  const states: Record<string, string> = {};
  for (const cell of layoutCells(spec.version, spec.otherSplit)) {
    const raw = spec.cells[cell.key];
    if (raw === undefined) throw new Error(`oracle: no printed text for ${cell.key}`);
    const v = printedValue(cell, raw);
    values[cell.key] = v.value;
    if (v.state !== "ok") states[cell.key] = v.state;
  }
  const order = spec.blocks.flatMap((b) => (b.kind === "heading" ? [b.section] : []));
  const present = new Set(order);

  tableRules(spec, values, states, out);
  textRules(spec, values, present, out);
  feeRules(spec, values, present, out);
  structureRules(spec, present, order, out);

  // Template version (§6.3).
  const tolerated: string[] = [];
  if (spec.version !== expectedVersion(spec.year)) out.add("XY-FORMAT", "warning", "meta.templateVersion");
  if (spec.year >= 2021 && !spec.otherSplit) {
    if (spec.version === "2021") out.add("FORMAT-OTHER-SPLIT", "warning", "t3.other_processing");
    else tolerated.push("FORMAT-OTHER-SPLIT"); // a whole 2019 layout: XY-FORMAT says it; §6.3 is silent
  }

  // Date (§6.6).
  const [m, d] = deadlineOf(spec.level);
  const limit = `${spec.year + 1}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
  // The saved HTML page carries the portal's publication date (shown, or in <meta>): DEADLINE prefers it.
  const portal = portalDateOnPage(spec);
  const printedIn = portal === null ? undefined : FORMATS.filter((f) => f !== "html");
  if (spec.publicationDate === null) {
    out.add("META-DATE", "warning", "meta.publicationDate");
    // Only DOCX and PDF carry a creation date; made after the deadline (within Y+1), it shows lateness.
    if (spec.fileCreated > limit && spec.fileCreated < `${spec.year + 2}-01-01`)
      out.add("DEADLINE", "notice", "meta.publicationDate", ["docx", "pdf"]);
  } else {
    if (spec.publicationDate > limit) out.add("DEADLINE", "warning", "meta.publicationDate", printedIn);
    else if (spec.publicationDate < `${spec.year}-12-31`)
      out.add("DEADLINE", "notice", "meta.publicationDate", printedIn);
  }
  if (portal !== null) {
    if (portal > limit) out.add("DEADLINE", "warning", "meta.publicationDate", ["html"]);
    else if (portal < `${spec.year}-12-31`) out.add("DEADLINE", "notice", "meta.publicationDate", ["html"]);
  }

  // Year (§6.6 META-YEAR): the narrative's years, the statistical period, the report naming itself.
  for (const block of narrativeBlocks(spec, present)) {
    if (block.kind !== "paragraph" || block.claims.length + block.totals.length === 0) continue;
    const years = new Set(block.claims.map((c) => c.year).filter((y): y is number => y !== null));
    for (const y of years) if (y !== spec.year) out.add("META-YEAR", "warning", `narrative.${y}`);
  }
  if (facts.periodYear !== null && facts.periodYear !== spec.year) out.add("META-YEAR", "warning", "period");
  if (facts.reportNameYear !== null && facts.reportNameYear !== spec.year)
    out.add("META-YEAR", "warning", "name");

  // 条例第四十六条 systems (CONTENT-ART50).
  const systems = new Set(
    spec.blocks.flatMap((b) => (b.kind === "paragraph" && !b.debris ? (b.systems ?? []) : [])),
  );
  const severity = systemsRequired(spec.level);
  if (severity !== null && systems.size < 3) out.add("CONTENT-ART50", severity, "art46");

  return {
    meta: {
      issuer: spec.issuer,
      reportYear: spec.year,
      templateVersion: spec.version,
      publicationDate: spec.publicationDate,
      issuerLevel: spec.level,
    },
    figures: values,
    findings: out.findings,
    tolerated,
  };
}
