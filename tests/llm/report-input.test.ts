/** The input budget: tables and sentences with numbers, not the whole document, bounded in tokens. */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildReportInput } from "../../extract/llm/report-input.ts";
import { estimateTokens } from "../../extract/llm/tokens.ts";
import { parsed, SEEDS, seedBytes } from "./helpers.ts";

const files = readdirSync(SEEDS).filter((f) => !f.endsWith(".json"));

describe("estimateTokens", () => {
  it("counts one per CJK character and groups digits", () => {
    expect(estimateTokens("本年新收")).toBe(4);
    expect(estimateTokens("123456")).toBe(2);
    expect(estimateTokens("56\t0\t56")).toBe(5);
  });
});

describe("buildReportInput", () => {
  it.each(files)("%s: every table row, within budget and smaller than the document", async (file) => {
    const [name, ext] = [file.slice(0, file.lastIndexOf(".")), file.slice(file.lastIndexOf(".") + 1)];
    const { report, document } = await parsed(seedBytes(name, ext));
    const input = buildReportInput(document, report);
    expect(input.estimatedTokens).toBeLessThanOrEqual(8_000);
    expect(input.estimatedTokens).toBeLessThan(estimateTokens(report.fullText));
    expect(input.truncated).toBe(false);
    expect(input.text).toMatch(/本年新收/);
    expect(input.text).toMatch(/结转下年度/);
    expect(input.text).toMatch(/结果\s?维持/);
    // The parsed report alone (no Document) gives a usable input too.
    const fromReport = buildReportInput(report, report);
    expect(fromReport.text).toMatch(/本年新收/);
    expect(fromReport.estimatedTokens).toBeLessThanOrEqual(8_000);
  });

  it("over budget, prose goes first, then table lines from the end", async () => {
    const { report, document } = await parsed(seedBytes());
    const full = buildReportInput(document, report);
    const tight = buildReportInput(document, report, Math.round(full.estimatedTokens * 0.7));
    expect(tight.truncated).toBe(true);
    expect(tight.estimatedTokens).toBeLessThanOrEqual(Math.round(full.estimatedTokens * 0.7));
    expect(tight.proseSentences).toBeLessThan(full.proseSentences);
    expect(tight.text).toContain("一、本年新收政府信息公开申请数量");
  });
});
