/**
 * The overview's sheets in the batch XLSX: 单位排名 (ranking with its criteria), 问题热力图 (the same
 * PNG the chat gets, then the full units × rules matrix coloured like it) and 地区合计 (表三 and 表四
 * summed per year, as an aggregate report prints them, with how many reports left cells blank).
 */
import type ExcelJS from "exceljs";
import { cellColour } from "./colours.ts";
import type { Overview, TotalRow } from "./overview.ts";

const HEAD_FILL = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } } as const;

function argb(hex: string): string {
  return `FF${hex.replace("#", "").toUpperCase()}`;
}

export function addOverviewSheets(wb: ExcelJS.Workbook, overview: Overview, png: Uint8Array): void {
  // --- 单位排名
  const rank = wb.addWorksheet("单位排名", { views: [{ state: "frozen", ySplit: 3 }] });
  rank.getCell("A1").value = overview.criteria;
  rank.mergeCells("A1:J1");
  rank.getRow(1).alignment = { wrapText: true, vertical: "top" };
  rank.getRow(1).height = 36;
  const head = ["名次", "发布机关", "年度", "结论", "错误", "警告", "提示", "逾期公布", "模板问题", "文件"];
  rank.getRow(3).values = head;
  rank.getRow(3).font = { bold: true };
  rank.getRow(3).eachCell((c) => {
    c.fill = HEAD_FILL;
  });
  [6, 36, 7, 9, 6, 6, 6, 9, 9, 40].forEach((w, i) => {
    rank.getColumn(i + 1).width = w;
  });
  for (const u of overview.units)
    rank.addRow([
      u.rank,
      u.issuer,
      u.year ?? "",
      u.verdict,
      u.errors,
      u.warnings,
      u.notices,
      u.late ? "是" : "",
      u.template,
      u.file,
    ]);

  // --- 问题热力图: the picture, then the matrix
  const heat = wb.addWorksheet("问题热力图");
  const id = wb.addImage({ buffer: Buffer.from(png) as unknown as ExcelJS.Buffer, extension: "png" });
  const size = pngSize(png);
  heat.addImage(id, {
    tl: { col: 0, row: 0 },
    ext: { width: size.width * 0.75, height: size.height * 0.75 },
  });
  const startRow = Math.ceil((size.height * 0.75) / 20) + 3;
  heat.getCell(startRow, 1).value = "全部单位 × 规则（格内为发现次数，颜色同上图）";
  heat.getCell(startRow, 1).font = { bold: true };
  const headerRow = heat.getRow(startRow + 1);
  headerRow.values = ["名次", "单位", ...overview.rules.map((r) => r.rule)];
  headerRow.font = { bold: true };
  heat.getColumn(1).width = 6;
  heat.getColumn(2).width = 34;
  for (let i = 0; i < overview.rules.length; i++) heat.getColumn(i + 3).width = 12;
  overview.units.forEach((u, y) => {
    const row = heat.getRow(startRow + 2 + y);
    row.getCell(1).value = u.rank;
    row.getCell(2).value = u.year !== null ? `${u.issuer}（${u.year}）` : u.issuer;
    overview.rules.forEach((r, x) => {
      const c = u.byRule.get(r.rule);
      if (!c) return;
      const cell = row.getCell(x + 3);
      cell.value = c.count;
      cell.fill = {
        type: "pattern",
        pattern: "solid",
        fgColor: { argb: argb(cellColour(c.severity, c.count)) },
      };
      cell.alignment = { horizontal: "center" };
    });
  });

  // --- 地区合计
  const sum = wb.addWorksheet("地区合计");
  sum.getColumn(1).width = 44;
  for (let i = 2; i <= 10; i++) sum.getColumn(i).width = 11;
  sum.addRow([
    "各单位报告表三、表四逐格相加（空白不按 0 计：合计只含已填数字，末列为该行有空白或未读出的报告数）。县级政府可据此核对本级汇总报告。",
  ]).alignment = { wrapText: true };
  sum.mergeCells("A1:J1");
  sum.getRow(1).height = 32;
  for (const t of overview.totals) {
    sum.addRow([]);
    const title = sum.addRow([`${t.year} 年度（${t.reports} 份报告）`]);
    title.font = { bold: true, size: 12 };
    const table = (
      name: string,
      columns: readonly { label: string; key: string }[],
      rows: readonly TotalRow[],
    ) => {
      const h = sum.addRow([name, ...columns.map((c) => c.label), "有空白的报告数"]);
      h.font = { bold: true };
      h.eachCell((c) => {
        c.fill = HEAD_FILL;
      });
      for (const r of rows)
        sum.addRow([r.label, ...columns.map((c) => r.sums[c.key] ?? 0), r.incomplete || ""]);
    };
    table("表三　政府信息公开申请", t.t3Columns, t.t3);
    sum.addRow([]);
    table("表四　行政复议、行政诉讼", t.t4Columns, t.t4);
  }
}

/** Width and height from a PNG's IHDR. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
