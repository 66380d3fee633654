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

/** The area an issuer belongs to (「广州市天河区」 of 「广州市天河区某某街道办事处」), for the portal's own bodies. */
function areaOf(issuer: string): string {
  return /^.*?[市州盟](?:.*?[区县旗])?/.exec(issuer)?.[0] ?? /^.*?[区县旗]/.exec(issuer)?.[0] ?? "";
}

const MENU = ["首页", "要闻动态", "政务公开", "政府信息公开", "政务服务", "互动交流", "数据开放"];
const CRUMB = ["首页", "政务公开", "政府信息公开", "年报"];

/**
 * A real portal's chrome above the report (issue 12, pattern 1): a top bar, menus and a breadcrumb of
 * <li> items, both holding 「政府信息公开」 (links, or plain blocks a reader cannot drop as link lists).
 */
function portalHead(spec: ReportSpec): string[] {
  const item = (text: string) =>
    spec.html.plainMenus ? `<li>${text}</li>` : `<li><a href="#">${text}</a></li>`;
  const menu = spec.html.plainMenus
    ? `<div class="menu">${MENU.map((m) => `<div>${m}</div>`).join("")}</div>`
    : `<div class="menu"><ul>${MENU.map(item).join("")}</ul></div>`;
  const crumb = [
    `<li>当前位置：</li>`,
    ...CRUMB.flatMap((c, i) => (i === 0 ? [item(c)] : [`<li>&gt;</li>`, item(c)])),
  ];
  return [
    `<div class="top"><span>无障碍浏览</span>　<span>长者模式</span>　<span>繁體版</span></div>`,
    `<div class="site">${escapeHtml(areaOf(spec.issuer) || "本市")}人民政府门户网站</div>`,
    menu,
    `<div class="position"><ul>${crumb.join("")}</ul></div>`,
  ];
}

/** The portal's info box (政府信息公开目录): its labels run into names, its 发布机构 is the portal's. */
function portalInfo(spec: ReportSpec, titleText: string): string {
  const agency = `${areaOf(spec.issuer)}政务服务数据管理局`;
  const rows = [
    [
      "索引号：",
      `11${String(100000 + (spec.seed % 900000))}MB2C/${spec.year + 1}-${String(spec.seed % 1000).padStart(5, "0")}`,
      "分类：",
      "政府信息公开年报",
    ],
    ["发布机构：", agency, "成文日期：", ""],
    ["名称：", titleText],
    ["文号：", "", "发布日期：", spec.portalDate ?? ""],
  ];
  const cells = (row: string[]) =>
    row.length === 2
      ? `<td>${escapeHtml(row[0] ?? "")}</td><td colspan="3">${escapeHtml(row[1] ?? "")}</td>`
      : row.map((c) => `<td>${escapeHtml(c)}</td>`).join("");
  return `<table class="xxgk-info">${rows.map((r) => `<tr>${cells(r)}</tr>`).join("")}</table>`;
}

/** A real portal's chrome below the report: tools, share bar, previous/next, link lists, footer. */
function portalFoot(spec: ReportSpec, titleText: string): string[] {
  const previous = titleText.replace(String(spec.year), String(spec.year - 1));
  const area = areaOf(spec.issuer);
  const links = ["中国政府网", "省人民政府", "新华网", "人民网", "新浪", "网易", "搜狐", "其他"];
  return [
    `<div class="tools"><a href="#">【打印本页】</a><a href="#">【关闭窗口】</a></div>`,
    `<div class="share">分享到：<a href="#">微信</a><a href="#">微博</a><a href="#">QQ空间</a></div>`,
    `<div class="pager"><p>上一篇：<a href="#">${escapeHtml(previous)}</a></p><p>下一篇：无</p></div>`,
    `<div class="links"><h3>相关链接</h3><ul>${links.map((l) => `<li><a href="#">${l}</a></li>`).join("")}</ul></div>`,
    `<div class="footer"><p>主办单位：${escapeHtml(area)}人民政府办公室　承办单位：${escapeHtml(area)}政务服务数据管理局</p>` +
      `<p>网站标识码：${4401000000 + (spec.seed % 99999)}　粤ICP备${10000000 + spec.seed}号　粤公网安备 ${44010002000000 + spec.seed}号</p>` +
      `<p>联系我们　网站地图　隐私声明</p></div>`,
  ];
}

export function renderHtml(spec: ReportSpec, page = true): string {
  const style = { ...spec.html, chrome: spec.html.chrome && page };
  const portal = style.chrome && style.portal === "portal";
  const title = spec.blocks.find((b) => b.kind === "title");
  const titleText = title?.kind === "title" ? title.lines.join("") : "";
  const body: string[] = [];
  if (portal) {
    body.push(...portalHead(spec));
    if (style.infoAbove) body.push(portalInfo(spec, titleText));
  } else if (style.chrome) {
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
        if (portal) {
          if (!style.infoAbove) body.push(portalInfo(spec, titleText));
          body.push(`<div class="tools">字号：大 中 小</div>`);
        } else if (style.chrome) {
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
  if (portal) body.push(...portalFoot(spec, titleText));
  else if (style.chrome) {
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
