/**
 * HTML reader (web copies of reports, and DOCX through mammoth): block elements become one-cell lines,
 * each <tr> of a data table one line with a cell per <td>/<th>. A table that holds another table is
 * page layout, not data: its cells are read as blocks so the inner table keeps its rows.
 */
import type { Cell, Document, Line } from "../document.ts";
import { decodeText } from "./decode-text.ts";
import { descendants, type HtmlElement, type HtmlNode, parseHtmlTree, textContent } from "./html-tree.ts";
import { isCjk, joinBroken, normalizeText } from "./normalize-text.ts";

const SKIPPED = new Set([
  "head",
  "script",
  "style",
  "noscript",
  "template",
  "nav",
  "svg",
  "math",
  "iframe",
  "object",
  "embed",
  "select",
  "option",
  "button",
  "input",
  "textarea",
  "canvas",
  "map",
]);

const BLOCKS = new Set([
  "p",
  "div",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "li",
  "ul",
  "ol",
  "dl",
  "dt",
  "dd",
  "tr",
  "td",
  "th",
  "table",
  "thead",
  "tbody",
  "tfoot",
  "caption",
  "section",
  "article",
  "header",
  "footer",
  "main",
  "aside",
  "blockquote",
  "pre",
  "center",
  "form",
  "address",
  "figure",
  "figcaption",
  "hr",
  "body",
  "html",
  "fieldset",
]);

/**
 * HTML white space: runs collapse to one space, but a run holding a line break between two CJK
 * characters disappears (CSS Text 3 segment-break rule; editors wrap long Chinese lines in the source).
 */
function htmlText(raw: string): string {
  const text = normalizeText(raw);
  return text
    .replace(/\s+/g, (run, offset: number) =>
      run.includes("\n") && isCjk(text[offset - 1]) && isCjk(text[offset + run.length]) ? "" : " ",
    )
    .trim();
}

function isHidden(el: HtmlElement): boolean {
  if ("hidden" in el.attrs) return true;
  const style = (el.attrs.style ?? "").toLowerCase().replace(/\s+/g, "");
  return style.includes("display:none") || style.includes("visibility:hidden");
}

function span(value: string | undefined): number | undefined {
  const n = Number.parseInt(value ?? "", 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : undefined;
}

/** Text of a cell: whitespace collapsed, <br> and inner blocks joined (no space between CJK). */
function cellText(el: HtmlElement): string {
  const pieces: string[] = [""];
  const walk = (node: HtmlNode) => {
    if (node.kind === "text") {
      pieces[pieces.length - 1] += node.text;
      return;
    }
    if (SKIPPED.has(node.tag) || isHidden(node)) return;
    const breaks = node.tag === "br" || BLOCKS.has(node.tag);
    if (breaks) pieces.push("");
    for (const child of node.children) walk(child);
    if (breaks) pieces.push("");
  };
  for (const child of el.children) walk(child);
  return joinBroken(pieces.map((p) => htmlText(p)));
}

/** Rows of a table, not descending into nested tables. */
function tableRows(table: HtmlElement): HtmlElement[] {
  const rows: HtmlElement[] = [];
  const walk = (el: HtmlElement) => {
    for (const child of el.children) {
      if (child.kind !== "element" || child.tag === "table") continue;
      if (child.tag === "tr") rows.push(child);
      else if (child.tag !== "td" && child.tag !== "th") walk(child);
    }
  };
  walk(table);
  return rows;
}

class LineCollector {
  readonly lines: Line[] = [];
  private buffer = "";
  private tableCount = 0;

  text(text: string): void {
    this.buffer += text;
  }

  /** End the current run of inline text: it becomes a one-cell line. */
  flush(): void {
    const text = htmlText(this.buffer);
    this.buffer = "";
    if (text !== "") this.push([{ text }]);
  }

  push(cells: Cell[], table?: number): void {
    const line: Line = {
      cells,
      page: 1,
      line: this.lines.length + 1,
      ...(table === undefined ? {} : { table }),
    };
    this.lines.push(line);
  }

  dataTable(table: HtmlElement): void {
    this.flush();
    const id = ++this.tableCount;
    for (const child of table.children) {
      if (child.kind === "element" && child.tag === "caption") {
        const text = cellText(child);
        if (text !== "") this.push([{ text }]);
      }
    }
    for (const row of tableRows(table)) {
      if (isHidden(row)) continue;
      const cells: Cell[] = [];
      for (const cell of row.children) {
        if (cell.kind !== "element" || (cell.tag !== "td" && cell.tag !== "th") || isHidden(cell)) continue;
        const colSpan = span(cell.attrs.colspan);
        const rowSpan = span(cell.attrs.rowspan);
        cells.push({
          text: cellText(cell),
          ...(colSpan ? { colSpan } : {}),
          ...(rowSpan ? { rowSpan } : {}),
        });
      }
      if (cells.length > 0) this.push(cells, id);
    }
  }
}

/** Text a link list may hold outside its links: separators and a breadcrumb's lead-in. */
const LINK_LIST_GLUE =
  /当前位置|您的位置|您现在的位置|你现在的位置|你的位置|所在位置|[\s>＞»›|｜/·•\-—–_,，、;；:：]/g;

/**
 * A block that is only links (a menu, a breadcrumb, a footer's link list, a sidebar of other reports):
 * at least two <a>, and no text outside them but separators. Never a report's content.
 */
function isLinkList(el: HtmlElement): boolean {
  let links = 0;
  let outside = "";
  const visit = (node: HtmlNode) => {
    if (node.kind === "text") {
      outside += node.text;
      return;
    }
    if (SKIPPED.has(node.tag) || isHidden(node)) return;
    if (node.tag === "a") {
      if (htmlText(textContent(node)) !== "") links++;
      return;
    }
    for (const child of node.children) visit(child);
  };
  for (const child of el.children) visit(child);
  return links >= 2 && normalizeText(outside).replace(LINK_LIST_GLUE, "") === "";
}

function walk(node: HtmlNode, out: LineCollector): void {
  if (node.kind === "text") {
    out.text(node.text);
    return;
  }
  if (SKIPPED.has(node.tag) || isHidden(node)) return;
  if (
    BLOCKS.has(node.tag) &&
    node.tag !== "tr" &&
    node.tag !== "td" &&
    node.tag !== "th" &&
    isLinkList(node)
  ) {
    out.flush();
    return;
  }
  if (node.tag === "br") {
    out.flush();
    return;
  }
  if (node.tag === "table" && ![...descendants(node)].some((d) => d.tag === "table")) {
    out.dataTable(node);
    return;
  }
  const block = BLOCKS.has(node.tag);
  if (block) out.flush();
  for (const child of node.children) walk(child, out);
  if (block) out.flush();
}

function findTitle(root: HtmlElement): string | undefined {
  for (const el of descendants(root)) {
    if (el.tag === "title") {
      const title = htmlText(textContent(el));
      return title === "" ? undefined : title;
    }
  }
  return undefined;
}

/** <meta> names and properties that carry a page's publication date, most specific first. */
const PUBLISHED_META = ["pubdate", "firstpublishedtime", "article:published_time", "publishdate"];

/**
 * A page's publication date from its <meta> tags: "2025-01-20 10:32", "2025-01-20-10:32:00" or ISO 8601
 * (an offset is converted to China time; a time without one is taken as China time already).
 */
export function publishedMeta(root: HtmlElement): { date: string; source: string } | undefined {
  const found = new Map<string, HtmlElement>();
  for (const el of descendants(root)) {
    if (el.tag !== "meta") continue;
    const name = (el.attrs.name ?? el.attrs.property ?? "").trim().toLowerCase();
    if (PUBLISHED_META.includes(name) && !found.has(name)) found.set(name, el);
  }
  for (const name of PUBLISHED_META) {
    const el = found.get(name);
    if (!el) continue;
    const content = (el.attrs.content ?? "").trim();
    const date = pageDate(content);
    if (date === undefined) continue;
    const key = el.attrs.name !== undefined ? "name" : "property";
    return { date, source: `<meta ${key}="${el.attrs[key]}" content="${content}">` };
  }
  return undefined;
}

function pageDate(content: string): string | undefined {
  const m =
    /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:[T\s-](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(
      content,
    );
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  let t = Date.UTC(y, mo - 1, d, Number(m[4] ?? 0), Number(m[5] ?? 0));
  const check = new Date(Date.UTC(y, mo - 1, d));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || y < 2000 || y > 2100) return undefined;
  const zone = m[7];
  if (zone !== undefined) {
    // To UTC, then to China time (UTC+8).
    const offset =
      zone === "Z"
        ? 0
        : (zone[0] === "-" ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(-2)));
    t = t - offset * 60_000 + 8 * 3_600_000;
  }
  return new Date(t).toISOString().slice(0, 10);
}

/** Lines of an HTML string (already decoded). */
export function htmlToLines(html: string): {
  lines: Line[];
  title?: string;
  published?: { date: string; source: string };
} {
  const root = parseHtmlTree(html);
  const out = new LineCollector();
  walk(root, out);
  out.flush();
  const title = findTitle(root);
  const published = publishedMeta(root);
  return { lines: out.lines, ...(title ? { title } : {}), ...(published ? { published } : {}) };
}

/** Charset declared by <meta charset> or <meta http-equiv="Content-Type" content="…; charset=…">. */
export function declaredCharset(bytes: Uint8Array): string | undefined {
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString(
    "latin1",
    0,
    Math.min(bytes.byteLength, 8192),
  );
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)/i.exec(head);
  return match?.[1]?.toLowerCase();
}

export function readHtml(bytes: Uint8Array): Document {
  const { text, encoding } = decodeText(bytes, declaredCharset(bytes));
  const { lines, title, published } = htmlToLines(text);
  return {
    format: "html",
    pageCount: 1,
    lines,
    info: { encoding, ...(title ? { title } : {}), ...(published ? { published } : {}) },
  };
}
