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
import { OCR_FINDING_NOTE, runRules } from "../../validate/engine.ts";

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
