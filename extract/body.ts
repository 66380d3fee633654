/**
 * The report's body in a document that may be a whole portal page (or a copy of its text): from the
 * report's title to its end, without the page's chrome (issue 12, pattern 1). Navigation above the
 * title, the info box, tool and share bars and the footer are dropped, so that no table starts in a
 * breadcrumb, no prose section swallows a link list and no issuer is read from a 来源/名称 line.
 * Pure: lines in, lines out; line numbers are kept, so provenance still points into the page.
 */
import { FOOTER_KINDS, lineChrome } from "./chrome.ts";
import type { Document, Line } from "./document.ts";
import { findTitle } from "./meta.ts";
import { nfkc } from "./readers/normalize-text.ts";
import { headingMatch, parseNumbering, type SectionNumber } from "./sections.ts";

/** How far down a page the title is looked for (a portal's menus come first). */
const TITLE_WITHIN = 400;

/** Does this line show that the report itself has begun: a top-level section heading, or a table's head? */
function reportContent(line: Line): boolean {
  const text = line.cells.map((c) => c.text).join("");
  if (/第二十条第|勾稽关系|本年新收政府信息公开申请/.test(nfkc(text).replace(/\s+/g, ""))) return true;
  if (line.cells.length !== 1) return false;
  const numbering = parseNumbering(text);
  if (numbering.style !== "cn" && numbering.style !== "part") return false;
  const n = numbering.ordinal;
  return n !== null && n >= 1 && n <= 6 && headingMatch(n as SectionNumber, numbering.rest) === "strong";
}

/**
 * The lines of the report in `lines`: chrome lines never; before the title nothing (when a title is
 * found); after the report has begun, nothing from the first footer line (share bar, previous/next
 * links, link lists, 主办单位, 网站标识码, ICP) on.
 */
export function reportBody(lines: readonly Line[]): Line[] {
  const kinds = lines.map(lineChrome);
  const content = lines.filter((_, i) => kinds[i] === null);
  const title = findTitle(content, TITLE_WITHIN);
  const titleLine = title ? content[title.firstIndex] : undefined;
  let first = titleLine ? lines.indexOf(titleLine) : 0;
  // A title-like line after the report has begun (a repeated title, a closing 附件 line) cuts nothing.
  if (lines.slice(0, first).some(reportContent)) first = 0;
  const out: Line[] = [];
  let begun = false;
  for (const [i, line] of lines.entries()) {
    if (i < first) continue;
    const kind = kinds[i] ?? null;
    if (kind !== null) {
      if (begun && FOOTER_KINDS.has(kind)) break;
      continue;
    }
    if (!begun && reportContent(line)) begun = true;
    out.push(line);
  }
  return out;
}

/** The document restricted to its report body (the same document when nothing is cut). */
export function bodyOf(doc: Document): Document {
  const lines = reportBody(doc.lines);
  return lines.length === doc.lines.length ? doc : { ...doc, lines };
}
