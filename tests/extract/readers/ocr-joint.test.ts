import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decideJointly, relationsOf } from "../../../extract/readers/ocr/joint.ts";
import { templateCells } from "../../../extract/template/layout.ts";

const keys2021 = templateCells("2021").map((c) => c.key);
const keys2019 = templateCells("2019").map((c) => c.key);
/** Seed 002's figures (a 2021 report whose tables balance), from its hand-checked expectation. */
const seedFigures = (): Record<string, number | null> =>
  JSON.parse(
    readFileSync(
      join(import.meta.dirname, "../../fixtures/seeds/002_a01f0cf12a106081.expected.json"),
      "utf8",
    ),
  ).figures;

describe("relationsOf", () => {
  it("lists each 表三 row and 表四 group sum, and 表三's two column relations per column", () => {
    const relations = relationsOf(keys2021);
    const count = (id: string) => relations.filter((r) => r.id === id).length;
    // 2021: 25 表三 rows (（六） printed as three sub-rows), 3 表四 groups, 7 columns.
    expect([count("T3-COLSUM"), count("T4-SUM"), count("T3-BAL"), count("T3-RESULTS")]).toEqual([
      25, 3, 7, 7,
    ]);
    const results = relations.find(
      (r) => r.id === "T3-RESULTS" && r.terms[0]?.[0] === "t3.total_processed.other",
    );
    // The result rows are 三（一）…（六）: （六） as its sub-rows, never its own row beside them, and never 一、二、四.
    const terms = results?.terms.map(([k]) => k) ?? [];
    expect(terms).toContain("t3.other_processing.overdue_correction.other");
    expect(terms).not.toContain("t3.other_processing.other");
    expect(terms.filter((k) => /t3\.(new|carried_over|carried_forward)\./.test(k))).toEqual([]);
    // 2019: （六） is one row.
    const old = relationsOf(keys2019).find((r) => r.id === "T3-RESULTS");
    expect(old?.terms.map(([k]) => k)).toContain("t3.other_processing.natural_person");
  });

  it("leaves out a relation one of whose keys the report lacks", () => {
    const relations = relationsOf(keys2021.filter((k) => k !== "t3.new.research"));
    expect(relations.some((r) => r.terms.some(([k]) => k === "t3.new.research"))).toBe(false);
    expect(relations.filter((r) => r.id === "T3-BAL")).toHaveLength(6);
  });
});

describe("decideJointly", () => {
  const relations = relationsOf(keys2021);
  /** Seed 002 with these cells doubted (null), and the readings OCR gave them. */
  const doubt = (readings: Record<string, number[]>) => {
    const figures = seedFigures();
    for (const key of Object.keys(readings)) figures[key] = null;
    return decideJointly(figures, new Map(Object.entries(readings)), relations);
  };

  it("takes several doubted cells of one row where their readings make it hold", () => {
    // 一、本年新收: 56 0 0 0 0 0 | 56, with the 56, a 0 and the total doubted, the total read two ways.
    const out = doubt({
      "t3.new.natural_person": [56],
      "t3.new.business": [0],
      "t3.new.total": [5656, 56],
    });
    expect(Object.fromEntries([...out].map(([k, v]) => [k, v.value]))).toEqual({
      "t3.new.natural_person": 56,
      "t3.new.business": 0,
      "t3.new.total": 56,
    });
  });

  it("decides nothing from a relation no choice of readings makes hold, nor from one with an unread term", () => {
    // 56 read as 57 beside a total read 56: no choice holds. The columns cannot check either cell: their
    // 三（七） cells are doubted too, with no reading.
    const figures = seedFigures();
    figures["t3.new.natural_person"] = null;
    figures["t3.new.total"] = null;
    figures["t3.total_processed.total"] = null;
    figures["t3.total_processed.natural_person"] = null;
    const out = decideJointly(
      figures,
      new Map([
        ["t3.new.natural_person", [57]],
        ["t3.new.total", [56]],
      ]),
      relations,
    );
    expect(out.size).toBe(0);
  });

  it("does not take two doubted cells on either side of a relation read as the same number", () => {
    // 「56 … 56」 both doubted and nothing else checks them: a 56 misread the same way twice holds as well.
    const figures = seedFigures();
    for (const k of ["t3.new.natural_person", "t3.new.total", "t3.total_processed.natural_person"])
      figures[k] = null;
    figures["t3.total_processed.total"] = null;
    const out = decideJointly(
      figures,
      new Map([
        ["t3.new.natural_person", [56]],
        ["t3.new.total", [56]],
      ]),
      relations,
    );
    expect(out.has("t3.new.natural_person")).toBe(false);
    expect(out.has("t3.new.total")).toBe(false);
  });

  it("decides nothing where two choices of readings hold", () => {
    // 1 and 2, or 2 and 1, in a row of total 3: the arithmetic does not say which.
    const figures: Record<string, number | null> = {};
    for (const k of keys2021.filter((k) => k.startsWith("t4."))) figures[k] = 0;
    Object.assign(figures, { "t4.review.upheld": null, "t4.review.corrected": null, "t4.review.total": 3 });
    const out = decideJointly(
      figures,
      new Map([
        ["t4.review.upheld", [1, 2]],
        ["t4.review.corrected", [2, 1]],
      ]),
      relationsOf(Object.keys(figures)),
    );
    expect(out.size).toBe(0);
    // A third reading that only one choice fits (the total read 3 or 4, upheld 1 or 3, corrected 3 only).
    Object.assign(figures, { "t4.review.total": null });
    const one = decideJointly(
      figures,
      new Map([
        ["t4.review.upheld", [1]],
        ["t4.review.corrected", [3]],
        ["t4.review.total", [3, 4]],
      ]),
      relationsOf(Object.keys(figures)),
    );
    expect(one.get("t4.review.total")).toEqual({ value: 4, relation: "T4-SUM" });
  });

  it("takes doubted cells of one column where the column relation holds with them", () => {
    // The research column is 0 throughout: three doubted 0s (「Q」 for one) checked by 一+二 = 三（七）+四.
    const out = doubt({
      "t3.new.research": [0],
      "t3.carried_over.research": [0, 9],
      "t3.total_processed.research": [0],
    });
    expect(out.get("t3.carried_over.research")?.value).toBe(0);
    expect(out.get("t3.new.research")?.value).toBe(0);
  });
});
