/**
 * Overview speed: N generated reports (default 200, text form) are audited as a batch, then the
 * overview (ranking, heatmap PNG, totals) and the batch XLSX with it are made and timed.
 *
 *   npx tsx eval/supervisor/overview-bench.ts [N] [OUT_DIR]
 *
 * Prints the audit time and, separately, the overview time (PNG + XLSX), which is the ≤ 5 s budget:
 * once as `nianbao audit --xlsx` runs it (chart libraries warmed up while the files were audited) and
 * once more (a second overview in the same process, as in the running bot).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { auditBatch, type BatchSource } from "../../audit/batch.ts";
import { warmUpCharts } from "../../audit/charts/render.ts";
import { heatmapPng } from "../../audit/overview/heatmap.ts";
import { buildOverview } from "../../audit/overview/overview.ts";
import { batchXlsx } from "../../audit/report-xlsx.ts";
import { createRng } from "../generate/prng.ts";
import { renderText } from "../generate/render-text.ts";
import { generateReport } from "../generate/report.ts";

export function generatedSources(
  n: number,
  firstSeed = 1,
): Array<Extract<BatchSource, { readonly bytes: Uint8Array }>> {
  const out: Array<Extract<BatchSource, { readonly bytes: Uint8Array }>> = [];
  for (let seed = firstSeed; seed < firstSeed + n; seed++) {
    const { spec } = generateReport(seed);
    const text = renderText(
      { ...spec, text: { ...spec.text, encoding: "utf8" } },
      createRng((seed ^ 0x7e57) >>> 0),
    );
    out.push({ name: `g${String(seed).padStart(5, "0")}.txt`, bytes: new TextEncoder().encode(text) });
  }
  return out;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 200);
  const outDir = process.argv[3] ?? join(process.cwd(), "eval", ".cache", "overview");
  mkdirSync(outDir, { recursive: true });
  const sources = generatedSources(n);
  const t0 = performance.now();
  // As `nianbao audit --xlsx` does: the chart libraries warm up while the files are audited.
  const warming = warmUpCharts();
  const batch = await auditBatch(sources);
  await warming;
  const t1 = performance.now();
  const overview = buildOverview(batch.entries);
  const chart = await heatmapPng(overview);
  const t2 = performance.now();
  const xlsx = await batchXlsx(batch, { overview, png: chart.png });
  const t3 = performance.now();
  const again = buildOverview(batch.entries);
  await batchXlsx(batch, { overview: again, png: (await heatmapPng(again)).png });
  const warm = performance.now() - t3;
  writeFileSync(join(outDir, "overview.png"), chart.png);
  writeFileSync(join(outDir, "overview.xlsx"), xlsx);
  const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  console.log(`reports: ${batch.entries.length} (problems ${batch.problems.length})`);
  console.log(`audit (not part of the budget): ${s(t1 - t0)}`);
  console.log(
    `overview + heatmap PNG (${chart.width}×${chart.height}, ${chart.unitsShown} units × ${chart.rulesShown} rules): ${s(t2 - t1)}`,
  );
  console.log(`batch XLSX with overview sheets and the chart: ${s(t3 - t2)}`);
  console.log(`overview → PNG + XLSX total: ${s(t3 - t1)} (budget 5 s) ${t3 - t1 <= 5000 ? "OK" : "OVER"}`);
  console.log(`overview → PNG + XLSX total, second run in the same process: ${s(warm)}`);
  console.log(`wrote ${join(outDir, "overview.png")} and overview.xlsx`);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
