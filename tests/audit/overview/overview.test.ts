import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { auditBatch, type BatchResult } from "../../../audit/batch.ts";
import { chartFontFile, svgCharacters } from "../../../audit/charts/render.ts";
import { heatmapPng, heatmapSvg, MAX_UNITS } from "../../../audit/overview/heatmap.ts";
import { buildOverview, type Overview, RANKING_CRITERIA } from "../../../audit/overview/overview.ts";
import { pngSize } from "../../../audit/overview/xlsx.ts";
import { batchXlsx } from "../../../audit/report-xlsx.ts";
import { generatedSources } from "../../../eval/supervisor/overview-bench.ts";
import { runCli } from "../../helpers/cli.ts";

let batch: BatchResult;
let overview: Overview;
beforeAll(async () => {
  batch = await auditBatch(generatedSources(24));
  overview = buildOverview(batch.entries);
});

describe("regional overview", () => {
  it("ranks units by errors, then warnings, lateness, template problems and notices, and says so", () => {
    expect(overview.criteria).toBe(RANKING_CRITERIA);
    expect(overview.units).toHaveLength(24);
    overview.units.forEach((u, i) => {
      expect(u.rank).toBe(i + 1);
      const next = overview.units[i + 1];
      if (!next) return;
      const key = (x: typeof u) => [x.errors, x.warnings, Number(x.late), x.template, x.notices];
      const [a, b] = [key(u), key(next)];
      const first = a.findIndex((v, j) => v !== b[j]);
      if (first >= 0) expect(a[first]).toBeGreaterThan(b[first] ?? 0);
    });
  });

  it("the matrix counts every finding once", () => {
    const cells = overview.units.reduce(
      (s, u) => s + [...u.byRule.values()].reduce((t, c) => t + c.count, 0),
      0,
    );
    const findings = batch.entries.reduce((s, e) => s + e.result.findings.length, 0);
    expect(cells).toBe(findings);
    expect(overview.rules.reduce((s, r) => s + r.count, 0)).toBe(findings);
  });

  it("totals add the filled cells of each year's reports, blanks never as zero", () => {
    for (const t of overview.totals) {
      const reports = batch.entries.map((e) => e.result).filter((r) => r.meta.reportYear === t.year);
      expect(t.reports).toBe(reports.length);
      const row = t.t3.find((r) => r.key === "t3.new");
      const filled = reports
        .map((r) => r.figures["t3.new.total"])
        .filter((v): v is number => typeof v === "number");
      expect(row?.sums.total).toBe(filled.reduce((s, v) => s + v, 0));
      expect(t.t4.map((r) => r.key)).toEqual([
        "t4.review",
        "t4.litigation_direct",
        "t4.litigation_after_review",
      ]);
    }
  });

  it("draws the heatmap with ECharts (SVG) and resvg (PNG) within Telegram's photo size", async () => {
    const chart = await heatmapPng(overview);
    expect(Buffer.from(chart.png.subarray(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    expect(pngSize(chart.png)).toEqual({ width: chart.width, height: chart.height });
    expect(Math.max(chart.width, chart.height)).toBeLessThanOrEqual(1280);
    expect(chart.svg).toContain("各单位审核发现热力图");
    for (const u of overview.units.slice(0, MAX_UNITS)) expect(chart.svg).toContain(u.label);
    // Every character drawn is in the shipped font's subset input (no system font involved).
    expect(svgCharacters(chart.svg)).toContain("热");
    expect(readFileSync(chartFontFile()).byteLength).toBeGreaterThan(1_000_000);
  });

  it("an empty overview still draws", async () => {
    const empty = buildOverview([]);
    expect(empty.units).toEqual([]);
    expect(heatmapSvg(empty).svg).toContain("<svg");
  });

  it("the batch XLSX has the ranking, the chart and the totals", async () => {
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await batchXlsx(batch)) as unknown as ArrayBuffer);
    const rank = book.getWorksheet("单位排名");
    expect(String(rank?.getCell("A1").value)).toContain("排名依据");
    expect(rank?.getRow(4).getCell(2).value).toBe(overview.units[0]?.issuer);
    const heat = book.getWorksheet("问题热力图");
    expect(heat?.getImages()).toHaveLength(1);
    const totals = book.getWorksheet("地区合计");
    const labels: string[] = [];
    totals?.eachRow((row) => {
      labels.push(String(row.getCell(1).value));
    });
    expect(labels.some((l) => l.startsWith("一、本年新收政府信息公开申请数量"))).toBe(true);
    expect(labels.some((l) => l === "行政复议")).toBe(true);
  });
});

describe("nianbao audit --overview", () => {
  it("writes the PNG and the XLSX and prints the ranking and totals", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-overview-"));
    for (const s of generatedSources(5)) writeFileSync(join(dir, s.name), s.bytes);
    const png = join(dir, "out", "..", "heat.png");
    const r = await runCli(["audit", dir, "--overview", png, "--xlsx", join(dir, "b.xlsx")]);
    expect(r.code).toBe(0);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe("PNG");
    expect(r.stderr).toContain("已写入热力图");
    expect(r.stderr).toContain("排名依据");
    expect(r.stderr).toMatch(/\d{4} 年度 \d+ 份报告合计/);
  });
});
