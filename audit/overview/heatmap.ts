/**
 * The heatmap of the overview: units (ranked, most problems on top) × rules (errors first, then
 * warnings and notices, most frequent first), each cell the number of findings, coloured by the
 * severity (red errors, orange warnings, blue notices), darker for more. Sized to stay within
 * Telegram's 1280-pixel photo side so names stay legible without rescaling.
 */
import { chartSvg, svgToPng } from "../charts/render.ts";
import { cellColour, SEVERITY_NAMES, SEVERITY_ORDER } from "./colours.ts";
import type { Overview, Severity } from "./overview.ts";

/** Units drawn at most (the XLSX's 热力图数据 sheet has them all). */
export const MAX_UNITS = 40;
/** Rules drawn at most. */
export const MAX_RULES = 22;

/** Index of a cell's colour: severity × 3 + min(count, 3) − 1; −1 for an empty cell. */
function colourCode(severity: Severity, count: number): number {
  return SEVERITY_ORDER.indexOf(severity) * 3 + Math.min(count, 3) - 1;
}

/** The visualMap pieces that turn colour codes into the colours of cellColour(). */
function colourPieces() {
  const pieces: { value: number; color: string }[] = [{ value: -1, color: "#f7f7f7" }];
  for (const s of SEVERITY_ORDER)
    for (let n = 1; n <= 3; n++) pieces.push({ value: colourCode(s, n), color: cellColour(s, n) });
  return pieces;
}

export interface HeatmapChart {
  readonly svg: string;
  readonly png: Uint8Array;
  readonly width: number;
  readonly height: number;
  readonly unitsShown: number;
  readonly rulesShown: number;
}

export function heatmapSvg(overview: Overview): Omit<HeatmapChart, "png"> {
  const units = overview.units.slice(0, MAX_UNITS);
  const rules = overview.rules.slice(0, MAX_RULES);
  const longest = Math.max(4, ...units.map((u) => u.label.length + String(u.rank).length / 2 + 1));
  const left = Math.min(280, Math.round(longest * 15 + 24));
  const cellW = 42;
  const cellH = 23;
  // Room for the rule ids, written at 60° above the grid (about 7 px a character at 12 px).
  const top = 115 + Math.round(Math.max(8, ...rules.map((r) => r.rule.length)) * 7 * 0.87);
  const bottom = 70;
  const width = Math.max(720, left + Math.max(1, rules.length) * cellW + 30);
  const height = top + Math.max(1, units.length) * cellH + bottom;
  const data = [];
  for (const [y, u] of units.entries())
    for (const [x, r] of rules.entries()) {
      const c = u.byRule.get(r.rule);
      data.push(
        c
          ? { value: [x, y, c.count, colourCode(c.severity, c.count)] }
          : { value: [x, y, 0, -1], label: { show: false } },
      );
    }
  const region = overview.region ? `${overview.region} ` : "";
  const more =
    overview.units.length > units.length ? `；图中为问题最多的 ${units.length} 个，全部见 XLSX` : "";
  const legend = (["error", "warning", "notice"] as const).flatMap((s, i) =>
    [1, 2, 3].map((n) => ({
      type: "rect",
      left: 20 + i * 190 + (n - 1) * 26,
      bottom: 18,
      shape: { width: 24, height: 16 },
      style: { fill: cellColour(s, n), stroke: "#999", lineWidth: 0.5 },
    })),
  );
  const legendText = (["error", "warning", "notice"] as const).map((s, i) => ({
    type: "text",
    left: 20 + i * 190 + 82,
    bottom: 18,
    style: { text: `${SEVERITY_NAMES[s]} 1/2/3+`, fontSize: 13, fill: "#333" },
  }));
  const svg = chartSvg(
    {
      backgroundColor: "#ffffff",
      title: {
        text: `${region}各单位审核发现热力图`,
        subtext: `${overview.units.length} 份报告，行＝单位（按问题多少排名），列＝规则，格内数字＝发现次数${more}\n颜色＝该格最严重的级别（红＝错误，橙＝警告，蓝＝提示），越深次数越多`,
        left: 16,
        top: 10,
        textStyle: { fontSize: 20, fontWeight: "normal", color: "#111" },
        subtextStyle: { fontSize: 13, color: "#444", lineHeight: 19 },
      },
      grid: { left, right: 30, top, bottom },
      xAxis: {
        type: "category",
        position: "top",
        data: rules.map((r) => r.rule),
        axisLabel: { rotate: 60, fontSize: 12, color: "#222", interval: 0 },
        axisTick: { show: false },
        splitArea: { show: false },
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: units.map((u) => `${u.rank}. ${u.label}`),
        axisLabel: { fontSize: 14, color: "#111", interval: 0 },
        axisTick: { show: false },
      },
      // ECharts colours a heatmap through a visualMap: one piece per colour code (hidden; legend below).
      visualMap: { type: "piecewise", show: false, dimension: 3, pieces: colourPieces() },
      series: [
        {
          type: "heatmap",
          data,
          label: {
            show: true,
            fontSize: 12,
            color: "#111",
            formatter: (p: { value: number[] }) => (p.value[2] ? String(p.value[2]) : ""),
          },
          itemStyle: { borderColor: "#ffffff", borderWidth: 1 },
        },
      ],
      graphic: [...legend, ...legendText],
    },
    width,
    height,
  );
  return { svg, width, height, unitsShown: units.length, rulesShown: rules.length };
}

export async function heatmapPng(overview: Overview): Promise<HeatmapChart> {
  const chart = heatmapSvg(overview);
  return { ...chart, png: await svgToPng(chart.svg) };
}
