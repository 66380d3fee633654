import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { reportXlsx } from "../../audit/report-xlsx.ts";
import { resultFromReport } from "../../audit/run-audit.ts";
import { cellLabel } from "../../extract/template/layout.ts";
import { cleanReport, withFigures } from "../helpers/report.ts";

async function workbook(bytes: Uint8Array): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  return wb;
}

function rows(ws: ExcelJS.Worksheet | undefined): unknown[][] {
  if (!ws) throw new Error("missing sheet");
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe("report XLSX", () => {
  const report = withFigures(cleanReport(), { "t3.granted.total": 9, "t4.review.pending": null });
  const result = resultFromReport("broken.txt", "0".repeat(64), report, "ok", 1);

  it("lists every canonical figure with key, Chinese label, value and source", async () => {
    const wb = await workbook(await reportXlsx(result));
    const figures = rows(wb.getWorksheet("全部数字"));
    expect(figures[0]).toEqual(["键", "名称", "数值", "出处", "原文"]);
    expect(figures.length - 1).toBe(Object.keys(result.figures).length);
    expect(figures).toContainEqual(["t3.granted.total", cellLabel("t3.granted.total"), 9, "表三 第1行", "9"]);
    const blank = figures.find((r) => r[0] === "t4.review.pending");
    expect(blank?.[2]).toBe("空白");
  });

  it("lists every finding with arithmetic and basis, and the summary and corrections", async () => {
    const wb = await workbook(await reportXlsx(result));
    const findings = rows(wb.getWorksheet("审核发现"));
    expect(findings.length - 1).toBe(result.findings.length);
    const colsum = findings.find((r) => r[2] === "T3-COLSUM");
    expect(colsum?.slice(0, 7)).toEqual([
      expect.any(Number),
      "错误",
      "T3-COLSUM",
      "表三「（一）予以公开」：六类申请人合计 6，总计栏 9，相差 3",
      9,
      6,
      3,
    ]);
    expect(colsum?.[9]).toBe("表三“总计”栏为六类申请人之和");
    const info = rows(wb.getWorksheet("概况"));
    expect(info).toContainEqual(["审核结论", "需更正"]);
    const fixes = rows(wb.getWorksheet("更正建议"));
    expect(fixes.some((r) => String(r[2]).includes("总计应改为 6"))).toBe(true);
  });
});
