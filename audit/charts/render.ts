/**
 * Server-side charts: an ECharts option rendered to an SVG string (ECharts SSR, no DOM, no canvas),
 * then to PNG with resvg (Rust, shipped prebuilt inside its npm package). Text is drawn with Noto Sans
 * Hans Regular from the npm package `@embedpdf/fonts-sc` (OFL-1.1), never with the system's fonts:
 * the same picture on a bare machine as on a desktop, and no tofu.
 *
 * resvg reads a font file again for every text node, which for the 8 MB font costs about 100 ms per
 * label; so each chart gets a subset of the font holding only its own characters (`subset-font`,
 * HarfBuzz's hb-subset as WebAssembly), written to a temporary file for the one render.
 */
import { readFileSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Resvg } from "@resvg/resvg-js";
import * as echarts from "echarts";
import subsetFont from "subset-font";

export const CHART_FONT_FAMILY = "Noto Sans Hans";

const require = createRequire(import.meta.url);

/** Path of the CJK font the charts use. */
export function chartFontFile(): string {
  return join(dirname(require.resolve("@embedpdf/fonts-sc")), "..", "fonts", "NotoSansHans-Regular.otf");
}

/** SVG of an ECharts option (animation off; the chart is disposed). */
export function chartSvg(option: echarts.EChartsCoreOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ animation: false, textStyle: { fontFamily: CHART_FONT_FAMILY }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

let fontBytes: Buffer | null = null;

/** Every character drawn by the SVG's text nodes, plus ASCII. */
export function svgCharacters(svg: string): string {
  const chars = new Set<string>();
  for (const m of svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)) {
    const text = (m[1] ?? "")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
      .replace(/&amp;/g, "&");
    for (const ch of text) chars.add(ch);
  }
  for (let c = 0x20; c < 0x7f; c++) chars.add(String.fromCharCode(c));
  return [...chars].join("");
}

/**
 * Compile HarfBuzz's WebAssembly, read the font and run resvg once, so that the first real chart does
 * not pay for it. Callers start it before long work (a batch audit) and need not await it.
 */
export async function warmUpCharts(): Promise<void> {
  await svgToPng(chartSvg({ title: { text: "预热" } }, 40, 20)).catch(() => undefined);
}

/** PNG of an SVG, on white, at `scale` × its size. */
export async function svgToPng(svg: string, scale = 1): Promise<Uint8Array> {
  fontBytes ??= readFileSync(chartFontFile());
  const subset = await subsetFont(fontBytes, svgCharacters(svg), { targetFormat: "sfnt" });
  const dir = await mkdtemp(join(tmpdir(), "nianbao-chart-"));
  try {
    const fontFile = join(dir, "chart-font.otf");
    await writeFile(fontFile, subset);
    const resvg = new Resvg(svg, {
      background: "white",
      fitTo: scale === 1 ? { mode: "original" } : { mode: "zoom", value: scale },
      font: {
        fontFiles: [fontFile],
        loadSystemFonts: false,
        defaultFontFamily: CHART_FONT_FAMILY,
        sansSerifFamily: CHART_FONT_FAMILY,
      },
    });
    return new Uint8Array(resvg.render().asPng());
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
