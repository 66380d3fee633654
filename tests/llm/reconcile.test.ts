/**
 * Reconciliation per canonical key: agree → both; one side only → that side; disagree → parser stands
 * with a disagreement; cells the parser could not place accept the LLM's reading only when the table's
 * own arithmetic (T3-COLSUM / T4 group sums) holds and it reproduces the printed digits.
 */
import { describe, expect, it } from "vitest";
import { analyse } from "../../extract/analyse.ts";
import type { Document } from "../../extract/document.ts";
import { reconcile } from "../../extract/llm/reconcile.ts";
import { linesFromText } from "../../extract/readers/text.ts";
import type { Figures, ParsedReport } from "../../extract/schema.ts";
import { runRules } from "../../validate/engine.ts";
import { balancedFigures, cleanReport, withRawCells } from "../helpers/report.ts";
import { type TextReportOptions, textReport } from "../helpers/text-report.ts";

function parse(o: Partial<TextReportOptions> = {}): ParsedReport {
  const { lines, pageCount } = linesFromText(
    textReport({ figures: balancedFigures(o.version ?? "2021"), ...o }),
  );
  const doc: Document = { format: "text", pageCount, lines, info: {} };
  return analyse(doc).report;
}

const row = (
  prefix: string,
  values: readonly number[],
  cols = ["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"],
) => Object.fromEntries(cols.map((c, i) => [`${prefix}.${c}`, values[i] ?? null]));
const T4_COLS = ["upheld", "corrected", "other", "pending", "total"];

describe("reconcile: both readings present", () => {
  const base = cleanReport();
  it("equal values are marked source both; the figures do not change", () => {
    const r = reconcile(base, base.figures);
    expect(r.report.figures).toEqual(base.figures);
    expect(r.report.provenance["t3.new.total"]?.source).toBe("both");
    expect(r.agreed).toHaveLength(Object.values(base.figures).filter((v) => v !== null).length);
    expect(r.disagreements).toEqual([]);
  });

  it("different values: the parser's value and provenance stand, the disagreement names both", () => {
    const r = reconcile(base, { ...base.figures, "t3.new.total": 13 });
    expect(r.report.figures["t3.new.total"]).toBe(12);
    expect(r.report.provenance["t3.new.total"]?.source).toBe("parser");
    expect(r.disagreements).toEqual([{ key: "t3.new.total", parser: 12, llm: 13, printed: null }]);
  });

  it("the LLM's null leaves the parser's value, with source parser", () => {
    const r = reconcile(base, { "t3.new.total": null });
    expect(r.report.figures["t3.new.total"]).toBe(12);
    expect(r.report.provenance["t3.new.total"]?.source).toBe("parser");
  });

  it("a cell the parser read as blank stays null when the LLM reads a number (null is never zero)", () => {
    const blank = { ...base, figures: { ...base.figures, "t4.review.pending": null } };
    const r = reconcile(blank, { ...blank.figures, "t4.review.pending": 0 });
    expect(r.report.figures["t4.review.pending"]).toBeNull();
    expect(r.disagreements).toEqual([{ key: "t4.review.pending", parser: null, llm: 0, printed: "" }]);
  });

  it("a cell printed as invalid text stays null and keeps its *-NONNEG finding", () => {
    const invalid = withRawCells(base, { "t3.new.natural_person": "10件" });
    const r = reconcile(invalid, { ...invalid.figures, "t3.new.natural_person": 10 });
    expect(r.report.figures["t3.new.natural_person"]).toBeNull();
    expect(r.disagreements[0]).toMatchObject({ key: "t3.new.natural_person", printed: "10件", llm: 10 });
    expect(runRules({ report: r.report }).findings.some((f) => f.rule === "T3-NONNEG")).toBe(true);
  });
});

describe("reconcile: cells the parser could not place (ambiguous split)", () => {
  const glued = parse({ rowText: { "t3.granted": "110000112" } });

  it("the fixture is ambiguous for the parser", () => {
    expect(glued.figures["t3.granted.total"]).toBeNull();
    expect(glued.issues.some((i) => i.kind === "ambiguous_split" && i.rowKey === "granted")).toBe(true);
  });

  it("accepts the LLM's split when the row sum holds and it reproduces the printed digits", () => {
    const r = reconcile(glued, { ...glued.figures, ...row("t3.granted", [11, 0, 0, 0, 0, 1, 12]) });
    expect(r.report.figures["t3.granted.natural_person"]).toBe(11);
    expect(r.report.figures["t3.granted.total"]).toBe(12);
    expect(r.report.provenance["t3.granted.total"]).toMatchObject({
      source: "llm",
      mode: "decoded",
      decodedBy: ["T3-COLSUM"],
      raw: "110000112",
      table: "表三",
      col: "总计",
    });
    expect(r.filled).toHaveLength(7);
    // No longer "未予采信": the ambiguity is resolved, and the rules run on the reconciled figures.
    const findings = runRules({ report: r.report }).findings;
    expect(findings.some((f) => f.rule === "PARSE-AMBIGUOUS")).toBe(false);
    expect(runRules({ report: glued }).findings.some((f) => f.rule === "PARSE-AMBIGUOUS")).toBe(true);
  });

  it("keeps the cells null when the LLM's row violates T3-COLSUM", () => {
    const r = reconcile(glued, { ...glued.figures, ...row("t3.granted", [11, 0, 0, 0, 0, 1, 13]) });
    expect(r.report.figures["t3.granted.total"]).toBeNull();
    expect(r.rejected.map((x) => x.reason)).toEqual(Array(7).fill("arithmetic"));
    expect(r.report.issues).toEqual(glued.issues);
  });

  it("keeps the cells null when the LLM's row does not reproduce the printed digits", () => {
    const r = reconcile(glued, { ...glued.figures, ...row("t3.granted", [5, 1, 0, 0, 0, 0, 6]) });
    expect(r.report.figures["t3.granted.total"]).toBeNull();
    expect(r.rejected[0]?.reason).toBe("printed_digits");
  });

  it("keeps the cells null when the LLM leaves part of the row null", () => {
    const r = reconcile(glued, { ...glued.figures, ...row("t3.granted", [11, 0, 0, 0, 0, 1]) });
    expect(r.report.figures["t3.granted.natural_person"]).toBeNull();
    expect(r.rejected[0]?.reason).toBe("incomplete");
  });

  it("表二 has no relation to check an ambiguous split against: its cells stay null", () => {
    const t2 = parse({ rowText: { "t2.regulations": "1203" } });
    expect(t2.figures["t2.regulations.made"]).toBeNull();
    const r = reconcile(t2, {
      ...t2.figures,
      "t2.regulations.made": 1,
      "t2.regulations.repealed": 20,
      "t2.regulations.in_force": 3,
    });
    expect(r.report.figures["t2.regulations.made"]).toBeNull();
    expect(r.rejected.map((x) => x.reason)).toEqual(["no_relation", "no_relation", "no_relation"]);
  });

  it("表四 glued into one run: each group's sum gates its cells", () => {
    const figures: Figures = { ...balancedFigures("2021"), ...row("t4.review", [10, 1, 0, 0, 11], T4_COLS) };
    const t4 = parse({ figures, rowText: { t4: "1010011\t00000\t00000" } });
    const amb = t4.issues.find((i) => i.table === "t4" && i.kind === "ambiguous_split");
    expect(amb).toMatchObject({ table: "t4", kind: "ambiguous_split" });
    const reading = {
      ...row("t4.review", [10, 1, 0, 0, 11], T4_COLS),
      ...row("t4.litigation_direct", [0, 0, 0, 0, 0], T4_COLS),
      ...row("t4.litigation_after_review", [0, 0, 0, 0, 0], T4_COLS),
    };
    const r = reconcile(t4, { ...t4.figures, ...reading });
    expect(r.report.figures["t4.review.total"]).toBe(11);
    expect(r.report.provenance["t4.review.total"]?.decodedBy).toEqual(["T4-REVIEW"]);
    expect(r.report.issues.some((i) => i.table === "t4" && i.kind === "ambiguous_split")).toBe(false);

    const wrong = reconcile(t4, { ...t4.figures, ...reading, "t4.review.total": 12 });
    expect(wrong.report.figures["t4.review.total"]).toBeNull();
  });
});

describe("reconcile: a table the parser did not find", () => {
  it("表二 missing: the LLM's values are taken with source llm", () => {
    const base = cleanReport();
    const t2Keys = Object.keys(base.figures).filter((k) => k.startsWith("t2."));
    const missing: ParsedReport = {
      ...base,
      figures: { ...base.figures, ...Object.fromEntries(t2Keys.map((k) => [k, null])) },
      provenance: Object.fromEntries(Object.entries(base.provenance).filter(([k]) => !k.startsWith("t2."))),
      tables: { ...base.tables, t2: { ...base.tables.t2, found: false, line: null } },
    };
    const r = reconcile(missing, { ...base.figures, "t2.licensing.decisions": 7 });
    expect(r.report.figures["t2.licensing.decisions"]).toBe(7);
    expect(r.report.provenance["t2.licensing.decisions"]).toMatchObject({ source: "llm", mode: "printed" });
  });
});
