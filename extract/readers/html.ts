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

function walk(node: HtmlNode, out: LineCollector): void {
  if (node.kind === "text") {
    out.text(node.text);
    return;
  }
  if (SKIPPED.has(node.tag) || isHidden(node)) return;
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

/** Lines of an HTML string (already decoded). */
export function htmlToLines(html: string): { lines: Line[]; title?: string } {
  const root = parseHtmlTree(html);
  const out = new LineCollector();
  walk(root, out);
  out.flush();
  const title = findTitle(root);
  return { lines: out.lines, ...(title ? { title } : {}) };
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
  const { lines, title } = htmlToLines(text);
  return { format: "html", pageCount: 1, lines, info: { encoding, ...(title ? { title } : {}) } };
}
