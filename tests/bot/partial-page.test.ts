/**
 * The notes on a photo's summary (bot/audit/audit-service.ts): which of 表二/三/四 the picture showed and
 * which are missing (partialPage), and a resolution too low for every digit (lowResolution); nothing for
 * other formats or a sharp photo with all three.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lowResolution, partialPage } from "../../bot/audit/audit-service.ts";
import { analyse } from "../../extract/analyse.ts";
import { readDocument } from "../../extract/readers/index.ts";
import type { ParsedReport } from "../../extract/schema.ts";

async function seedReport(): Promise<ParsedReport> {
  const bytes = readFileSync(join(import.meta.dirname, "../fixtures/seeds/002_a01f0cf12a106081.txt"));
  const read = await readDocument(new Uint8Array(bytes));
  if (!read.ok) throw new Error(read.reason);
  return analyse(read.document).report;
}

function only(report: ParsedReport, keep: readonly ("t2" | "t3" | "t4")[]): ParsedReport {
  const tables = { ...report.tables };
  for (const t of ["t2", "t3", "t4"] as const)
    if (!keep.includes(t)) tables[t] = { ...tables[t], found: false, rows: [] };
  return { ...report, tables };
}

describe("partialPage", () => {
  it("names the tables a photo showed and the ones it lacks", async () => {
    const report = await seedReport();
    expect(partialPage("image", only(report, ["t3"]))).toEqual([
      "这是一张照片（图片），只审核了其中的内容：只识别到表三，缺少表二、表四，缺少的部分未做计算核验。要完整审核，请发送报告全部页面的扫描件（一个 PDF）或原始电子版。",
    ]);
    expect(partialPage("image", only(report, []))[0]).toContain(
      "未识别到统一格式的表格，缺少表二、表三、表四",
    );
  });

  it("says nothing for a photo with all three tables, other formats, or an unread file", async () => {
    const report = await seedReport();
    expect(partialPage("image", report)).toEqual([]);
    expect(partialPage("pdf", only(report, ["t3"]))).toEqual([]);
    expect(partialPage("image", null)).toEqual([]);
  });
});

describe("lowResolution", () => {
  it("tells a photo read at a low resolution how to send a sharper one", async () => {
    const report = await seedReport();
    expect(lowResolution("image", { ...report, ocr: { engine: "tesseract", dpi: 116.4 } })).toEqual([
      "照片分辨率较低（按整页估算约 116 dpi），部分数字可能无法识别，未能识别的数字不做计算核验。要完整审核，请在聊天中以“文件”方式发送原图（不压缩），或发送 200 dpi 以上的扫描件。",
    ]);
  });

  it("says nothing at 150 dpi or more, for a scanned PDF, or a file not read by OCR", async () => {
    const report = await seedReport();
    expect(lowResolution("image", { ...report, ocr: { engine: "tesseract", dpi: 150 } })).toEqual([]);
    expect(lowResolution("pdf", { ...report, ocr: { engine: "tesseract", dpi: 100 } })).toEqual([]);
    expect(lowResolution("image", report)).toEqual([]);
    expect(lowResolution("image", null)).toEqual([]);
  });
});
