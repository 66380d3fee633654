/**
 * Converter artefacts in markdown made from PDFs (issue 12, pattern 8), on real files: row labels moved
 * away from their numbers, table rows printed as plain 「行政许可 97」 lines, a stray lone number, 表四's
 * data after its footnote, 表四 as three small tables.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import { linesFromText, readText } from "../../../extract/readers/text.ts";

const real = join(import.meta.dirname, "../../fixtures/real");

function load(id: string) {
  const doc = readText(new Uint8Array(readFileSync(join(real, `${id}.md`))));
  const gold = JSON.parse(readFileSync(join(real, `${id}.gold.json`), "utf8")) as {
    figures: Record<string, number | null>;
  };
  return { report: analyse(doc).report, gold: gold.figures };
}

function pick(figures: Record<string, number | null>, test: (key: string) => boolean) {
  return Object.fromEntries(Object.entries(figures).filter(([k]) => test(k)));
}

describe("converted text", () => {
  it("reads a plain 「label number」 line as a row, never a prose line", () => {
    const cells = (t: string) => linesFromText(t).lines.map((l) => l.cells.map((c) => c.text));
    expect(cells("行政许可 97\n规章 0 0 0\n")).toEqual([
      ["行政许可", "97"],
      ["规章", "0", "0", "0"],
    ]);
    expect(cells("申请中同意公开答复 9 件，不予公开答复 2\n")).toEqual([
      ["申请中同意公开答复 9 件,不予公开答复 2"],
    ]);
  });

  it("places 表三 rows whose labels were moved away by template order, and skips a stray lone number", () => {
    const { report, gold } = load("sh-stcsm-kewei-2024");
    // 四、结转 prints six numbers and an empty cell: the gold keeps its total blank (not this fix's concern).
    const t3 = (k: string) => k.startsWith("t3.") && k !== "t3.carried_forward.total";
    expect(pick(report.figures, t3)).toEqual(pick(gold, t3));
    expect(report.figures["t3.other_processing.overdue_correction.total"]).toBe(10);
    expect(report.figures["t3.other_processing.overdue_fee.natural_person"]).toBe(0);
    expect(pick(report.figures, (k) => /^t2\.(licensing|punishment|coercion|fees)\./.test(k))).toEqual({
      "t2.licensing.decisions": 97,
      "t2.punishment.decisions": 0,
      "t2.coercion.decisions": 0,
      "t2.fees.amount_wan_yuan": 0,
    });
  });

  it("reads 表四 after its footnote, and the row whose label moved above the previous row", () => {
    const { report, gold } = load("sh-shanghai-bangongting-2025");
    const t34 = (k: string) => k.startsWith("t3.") || k.startsWith("t4.");
    expect(pick(report.figures, t34)).toEqual(pick(gold, t34));
    expect(report.tables.t4.note).toMatch(/^注/);
    expect(report.figures["t2.licensing.decisions"]).toBe(0);
  });

  it("reads 表四 printed as three small tables, one per group", () => {
    const { report, gold } = load("js-suqian-shuyang-2025");
    const t4 = (k: string) => k.startsWith("t4.");
    expect(pick(report.figures, t4)).toEqual(pick(gold, t4));
  });
});
