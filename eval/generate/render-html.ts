/**
 * HTML rendering: the report as a portal page (optionally with breadcrumb, navigation and footer),
 * its tables as real grids with the template's rowspan/colspan headers in <thead> (LibreOffice repeats
 * them when a table runs across a page). The same HTML is converted to DOCX and PDF by soffice.
 */
import type { ReportSpec } from "./model.ts";
import { type Grid, type GridCell, tableGrid } from "./tables.ts";

const escapeHtml = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const STYLE = `
@page { size: A4; margin: 2.2cm 2cm; }
body, h1, h2, h3, p, table, th, td { font-family: "Noto Sans CJK SC"; }
body { font-size: 10.5pt; }
h1 { font-size: 15pt; text-align: center; }
h2 { font-size: 12pt; }
h3 { font-size: 10.5pt; }
p { text-indent: 2em; }
p.sign { text-align: right; text-indent: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000000; padding: 2pt; font-size: 9pt; vertical-align: middle; }
th { font-weight: normal; text-align: center; }`;

function cellHtml(cell: GridCell, tag: "th" | "td", blank: string): string {
  const attrs = [
    cell.rowSpan && cell.rowSpan > 1 ? ` rowspan="${cell.rowSpan}"` : "",
    cell.colSpan && cell.colSpan > 1 ? ` colspan="${cell.colSpan}"` : "",
    cell.key ? ` align="center"` : "",
  ].join("");
  const text = cell.key && cell.text === "" ? blank : cell.text;
  return `<${tag}${attrs}>${escapeHtml(text)}</${tag}>`;
}

function tableHtml(grid: Grid, blank: string): string {
  const row = (cells: readonly GridCell[], tag: "th" | "td") =>
    `<tr>${cells.map((c) => cellHtml(c, tag, blank)).join("")}</tr>`;
  return [
    // LibreOffice's HTML import ignores CSS widths; it honours these attributes.
    `<table width="100%" border="1" cellspacing="0" cellpadding="2">`,
    `<colgroup>${grid.widths.map((w) => `<col width="${w}*" />`).join("")}</colgroup>`,
    grid.head.length > 0 ? `<thead>\n${grid.head.map((r) => row(r, "th")).join("\n")}\n</thead>` : "",
    `<tbody>\n${grid.body.map((r) => row(r, "td")).join("\n")}\n</tbody>`,
    "</table>",
  ]
    .filter((part) => part !== "")
    .join("\n");
}

/**
 * The report as HTML. `page` = as saved from a portal (with its chrome when the style has one); without
 * it, the document HTML that soffice turns into DOCX and PDF (authored documents carry no portal chrome).
 */
/** The portal's line under the title: its publication date and the page's source. */
function portalDateLine(spec: ReportSpec): string {
  const date = spec.portalDate ?? "";
  const [y, m, d] = date.split("-").map(Number);
  const shown = spec.portalDateStyle === "time" ? `发布时间：${date} 10:32` : `发布日期：${y}年${m}月${d}日`;
  return `${shown}　来源：${escapeHtml(spec.issuer)}　浏览次数：${128 + (spec.seed % 500)}`;
}

export function renderHtml(spec: ReportSpec, page = true): string {
  const style = { ...spec.html, chrome: spec.html.chrome && page };
  const title = spec.blocks.find((b) => b.kind === "title");
  const titleText = title?.kind === "title" ? title.lines.join("") : "";
  const body: string[] = [];
  if (style.chrome) {
    // As on most portals: navigation, the breadcrumb right above the title, a tool line under it.
    body.push(
      `<nav><ul><li>首页</li><li>政务公开</li><li>政务服务</li><li>互动交流</li></ul></nav>`,
      `<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 政府信息公开年报</div>`,
    );
  }
  for (const block of spec.blocks) {
    switch (block.kind) {
      case "title":
        body.push(`<h1>${block.lines.map(escapeHtml).join("<br />")}</h1>`);
        if (style.chrome) {
          if (spec.portalDate !== null) body.push(`<div class="info">${portalDateLine(spec)}</div>`);
          body.push(`<div class="tools">字号：大 中 小　打印本页　关闭窗口</div>`);
        }
        break;
      case "heading": {
        const brk = style.pageBreakBefore2 && block.section === 2 ? ` style="page-break-before: always"` : "";
        body.push(`<h2${brk}>${escapeHtml(block.text)}</h2>`);
        break;
      }
      case "subheading":
        body.push(`<h3>${escapeHtml(block.text)}</h3>`);
        break;
      case "paragraph":
        if (!block.debris) body.push(`<p>${escapeHtml(block.text)}</p>`);
        break;
      case "table":
        body.push(
          tableHtml(
            tableGrid(block.table, {
              version: spec.version,
              otherSplit: spec.otherSplit,
              cells: spec.cells,
              label: (t) => spec.labels[t] ?? t,
            }),
            style.blankMarker,
          ),
        );
        break;
      case "signature":
        for (const line of block.lines) body.push(`<p class="sign">${escapeHtml(line)}</p>`);
        break;
      default:
        block satisfies never;
    }
  }
  if (style.chrome) {
    body.push(
      `<footer><p>主办单位：${escapeHtml(spec.issuer)}　版权所有　技术支持：政务服务数据管理局</p></footer>`,
    );
  }
  return [
    "<!DOCTYPE html>",
    `<html lang="zh-CN">`,
    "<head>",
    `<meta charset="utf-8" />`,
    // LibreOffice takes this into the document's properties (DOCX core.xml); the PDF is patched after.
    ...(page ? [] : [`<meta name="created" content="${spec.fileCreated}T09:00:00" />`]),
    // 政府网站发展指引 asks every page for its publication date as <meta name="PubDate">.
    ...(page && spec.portalMeta && spec.portalDate !== null
      ? [`<meta name="PubDate" content="${spec.portalDate} 10:32" />`]
      : []),
    `<title>${escapeHtml(titleText)}</title>`,
    `<style>${STYLE}\n</style>`,
    "</head>",
    "<body>",
    ...body,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
