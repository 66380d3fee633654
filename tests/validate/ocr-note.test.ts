/**
 * A finding raised on figures read by OCR says so in its own text (validate/engine.ts renders it, no
 * rule does): the same broken sum read from text has no such note.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../extract/analyse.ts";
import { readDocument } from "../../extract/readers/index.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import { OCR_FINDING_NOTE, OCR_PROSE_NOTE, runRules } from "../../validate/engine.ts";

async function seedReport(): Promise<ParsedReport> {
  const bytes = readFileSync(join(import.meta.dirname, "../fixtures/seeds/002_a01f0cf12a106081.txt"));
  const read = await readDocument(new Uint8Array(bytes));
  if (!read.ok) throw new Error(read.reason);
  return analyse(read.document).report;
}

/** 表三's total of new applications one more than its columns add up to. */
function brokenTotal(report: ParsedReport, source: "parser" | "ocr"): ParsedReport {
  const key = "t3.new.total";
  const provenance = report.provenance[key];
  if (!provenance) throw new Error(`no provenance for ${key}`);
  return {
    ...report,
    figures: { ...report.figures, [key]: (report.figures[key] ?? 0) + 1 },
    provenance: { ...report.provenance, [key]: { ...provenance, source } },
  };
}

describe("findings on OCR'd figures", () => {
  it("end with the OCR note only where a cell of the finding was read by OCR", async () => {
    const report = await seedReport();
    expect(runRules({ report }).findings.filter((f) => f.severity === "error")).toEqual([]);
    const onText = runRules({ report: brokenTotal(report, "parser") }).findings;
    const onOcr = runRules({ report: brokenTotal(report, "ocr") }).findings;
    const hit = onOcr.filter((f) => f.cells.includes("t3.new.total"));
    expect(hit.length).toBeGreaterThan(0);
    for (const f of hit) expect(f.message.endsWith(OCR_FINDING_NOTE)).toBe(true);
    // Same findings otherwise, and none of them noted when read from text.
    expect(onText.map((f) => f.message)).toEqual(
      onOcr.map((f) =>
        f.cells.includes("t3.new.total") ? f.message.replace(OCR_FINDING_NOTE, "") : f.message,
      ),
    );
    expect(onText.some((f) => f.message.includes(OCR_FINDING_NOTE))).toBe(false);
  });
});

describe("findings on numbers of an OCR'd report's prose", () => {
  it("are notices that say the text was recognised; read from a text layer, as the rule says", async () => {
    const report = await seedReport();
    // 「主动公开信息 800 条，其中…」 read as 805 (as a misread digit makes it): no longer its parts' sum.
    const total = report.narrativeTotals.find((t) => t.total === 800 && t.exhaustive);
    expect(total).toBeDefined();
    const narrativeTotals = report.narrativeTotals.map((t) => (t === total ? { ...t, total: 805 } : t));
    const changed = { ...report, narrativeTotals };
    const onText = runRules({ report: changed }).findings.filter((f) => f.rule.startsWith("TEXT-"));
    const onOcr = runRules({
      report: { ...changed, ocr: { engine: "tesseract 5.3.0 chi_sim", dpi: 200 } },
    }).findings.filter((f) => f.rule.startsWith("TEXT-"));
    expect(onText.length).toBeGreaterThan(0);
    expect(onText.some((f) => f.severity === "warning")).toBe(true);
    expect(onOcr.map((f) => f.rule)).toEqual(onText.map((f) => f.rule));
    for (const f of onOcr) {
      expect(f.severity).toBe("notice");
      expect(f.message.endsWith(OCR_PROSE_NOTE)).toBe(true);
    }
  });
});
