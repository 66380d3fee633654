/**
 * Web text whose line breaks were lost: the whole report on one line, table cells glued
 * (「一、本年新收政府信息公开申请数量 380000139二、上年结转…」). This module cuts such a line into
 * the lines the report had: the prose into sentences (after 。！？) and section headings (一、总体情况 …
 * 六、其他需要报告的事项, split from the text glued to them); the tables into one line per printed row, its
 * label apart from its digit string, parent labels and header bands on lines of their own. It never
 * splits a digit string into cells: the template parser decodes those with the table's constraints
 * (rules.md §7, concatenated cells).
 */

/** Shortest line taken for a collapsed report. */
const MIN_COLLAPSED = 300;
/**
 * A section heading: 一、 … 六、 + a title ending in 情况/事项, no digits or sentence punctuation inside;
 * or 五's common variant that names 问题 and ends in 措施 (「五、存在的主要问题及改进措施」, misnumbered 六 too);
 * or a §3 title whose numeral lost its 、 (「。一总体情况2020年，…」).
 */
const SECTION_HEADING =
  /[一二三四五六][、.．](?:[^\d。，,；;：:（）()]{1,22}?)(?:情况|事项)|[一二三四五六][、.．][^\d。，,；;：:（）()]{0,12}?问题[^\d。，,；;：:（）()]{0,8}?措施|(?<=^|[。！？；）)\s])[一二三四五六](?:总体情况|存在的主要问题及改进情况|其他需要报告的事项)/g;
/** Where the tables start: 表二's first block, or 表三 when 表二 is missing. */
const TABLE_START = /第二十条第[（(][一二三四五六七八九十]+[）)]项|本年新收政府信息公开申请数量|勾稽关系/;
/**
 * Section 五's heading ends the tables: 表四 is the last table, so any 五、/六、 heading after 表二 does,
 * whatever its title (「五、存在的主要问题…」, or a section of the report's own, 「五、信息处理费收取情况」).
 */
const TABLES_END = /[五六][、.．](?![\d\uE010-\uE019])[^\d。，,；;]{0,12}?(?:问题|情况|事项|措施)/;
/** A table anchor followed by a digit string: evidence that cells were glued. */
const GLUED = /(?:申请数量|予以公开|规章|行政许可|行政处罚)\s?\d{3,}/;
/** A row's value cells: numbers (decimals, thousands commas) and the spaces between them. */
const VALUES =
  /(\d[\d,]*(?:\.\d+)?(?:万元|元)?(?:\s*[-+]\d[\d,]*(?:\.\d+)?(?:万元|元)?|\s+\d[\d,]*(?:\.\d+)?(?:万元|元)?)*)/;
/**
 * Where a new label starts inside the table text: 一、 (top), （一） (paren), 第二十条第 (a 表二 block), a
 * sub-row ordinal 「1.」 after a label (「（三）不予公开1.属于国家秘密」).
 */
const LABEL_START =
  /(?=[一二三四五六七八九十][、．.](?![\d\uE010-\uE019]))|(?<!第)(?=[（(][一二三四五六七八九十][）)])|(?=第二十条第)|(?<=[^\d\s\uE010-\uE019])(?=[\uE010-\uE019][、．.])/g;
/** The 表二 row labels, the longest first: split off the header words glued before them. */
const T2_ROWS = [
  "其他对外管理服务事项",
  "行政事业性收费",
  "政府集中采购",
  "行政规范性文件",
  "规范性文件",
  "行政许可",
  "行政处罚",
  "行政强制",
  "规章",
];
/** 表四's header: it starts 行政复议 and names 行政诉讼 or the column heads. */
const T4_HEADER = /行政复议.*(?:行政诉讼|结果维持|总计)/;

/** Is this one line a whole report whose breaks were lost? */
export function isCollapsedLine(text: string): boolean {
  if (text.length < MIN_COLLAPSED) return false;
  const headings = text.match(SECTION_HEADING)?.length ?? 0;
  return headings >= 3 || (TABLE_START.test(text) && GLUED.test(text));
}

/** The report's title at the start of the text, glued to what follows it. */
const TITLE = /^.{0,60}?政府信息公开.{0,6}?年度?报告/;

/** Cut prose into sentences and section headings; the title at the start on a line of its own. */
function proseLines(full: string): string[][] {
  const out: string[][] = [];
  const title = TITLE.exec(full);
  if (title) out.push([title[0].trim()]);
  const text = title ? full.slice(title[0].length) : full;
  let last = 0;
  const pieces: string[] = [];
  for (const m of text.matchAll(SECTION_HEADING)) {
    const at = m.index ?? 0;
    pieces.push(text.slice(last, at), m[0]);
    last = at + m[0].length;
  }
  pieces.push(text.slice(last));
  pieces.forEach((piece, i) => {
    if (i % 2 === 1) {
      out.push([piece.trim()]);
      return;
    }
    for (const sentence of piece.split(/(?<=[。！？!?])/)) {
      const t = sentence.trim();
      if (t !== "") out.push([t]);
    }
  });
  return out;
}

/** An ordinal digit (1–9) as a private-use character, so that it is never read as a value. */
const ORDINAL_BASE = 0xe010;
const hideOrdinals = (text: string) =>
  text.replace(/(\d)(?=[、．.][^\d\s])/g, (d) => String.fromCharCode(ORDINAL_BASE + Number(d)));
const showOrdinals = (text: string) =>
  text.replace(/[\uE010-\uE019]/g, (c) => String(c.charCodeAt(0) - ORDINAL_BASE));

/** Label pieces of a stretch of table text: new pieces at numbered labels, a 表二 row label split off the end. */
function labelPieces(hidden: string): string[] {
  const out = hidden
    .split(LABEL_START)
    .map((p) => showOrdinals(p).trim())
    .filter((p) => p !== "");
  const last = out.at(-1);
  if (last !== undefined && !T2_ROWS.includes(last)) {
    const row = T2_ROWS.find((r) => last.endsWith(r));
    if (row) out.splice(-1, 1, last.slice(0, -row.length).trim(), row);
  }
  return out.filter((p) => p !== "");
}

/**
 * Cut the table text into rows: label text, then the row's digit string (one or more runs). A digit
 * right before 「.」 and a label (「00000002.其他法律…」) is the next row's ordinal (the template's
 * sub-rows are numbered 1–8), not part of the cells.
 */
function tableLines(text: string): string[][] {
  const out: string[][] = [];
  const parts = hideOrdinals(text).split(VALUES);
  for (let i = 0; i < parts.length; i += 2) {
    const pieces = labelPieces(parts[i] ?? "");
    const values = (parts[i + 1] ?? "").trim();
    if (values === "") {
      pushLabels(out, pieces);
      continue;
    }
    // A signed change glued to the cell before it (「156-5997」) starts a cell of its own.
    const cells = values.split(/\s+|(?=[-+]\d)/).filter((c) => c !== "");
    const tail = pieces.at(-1) ?? "";
    if (T4_HEADER.test(tail)) {
      pushLabels(out, [...pieces.slice(0, -1), ...t4Header(tail)]);
      out.push(cells);
      continue;
    }
    pushLabels(out, pieces.slice(0, -1));
    out.push(tail === "" ? cells : [tail, ...cells]);
  }
  return out;
}

/**
 * 表四's glued header band as lines: 行政复议 on its own (the table's start), the rest after it. The
 * table's 行政复议 is the one its column heads follow, not the one in a heading before it
 * (「四、因政府信息公开工作被申请行政复议、提起行政诉讼情况行政复议行政诉讼结果维持…」).
 */
function t4Header(text: string): string[] {
  const band = /行政复议(?=\s*(?:行政诉讼|结果维持|未经复议))/.exec(text);
  const at = band ? band.index : text.indexOf("行政复议");
  const before = text.slice(0, at).trim();
  return [before, "行政复议", text.slice(at + "行政复议".length).trim()].filter((p) => p !== "");
}

function pushLabels(out: string[][], pieces: readonly string[]): void {
  for (const piece of pieces) out.push([piece]);
}

/**
 * The lines (as cell texts) of a collapsed report: prose before and after the tables cut into sentences
 * and headings, the tables between 表二's first block and section 五 cut into rows.
 */
export function segmentCollapsed(text: string): string[][] {
  const start = TABLE_START.exec(text);
  if (!start) return proseLines(text);
  // Back up to the table's own numbering (一、本年新收…) so it stays with its label.
  let from = start.index;
  const before = text.slice(Math.max(0, from - 2), from);
  if (/[一二三四五六][、．]$/.test(before)) from -= 2;
  const endMatch = TABLES_END.exec(text.slice(from));
  const to = endMatch ? from + endMatch.index : text.length;
  const table = text.slice(from, to);
  const lines: string[][] = [...proseLines(text.slice(0, from))];
  // Section headings inside the tables (三、…情况, 四、…情况) stand on lines of their own.
  let last = 0;
  for (const m of table.matchAll(SECTION_HEADING)) {
    const at = m.index ?? 0;
    lines.push(...tableLines(table.slice(last, at)), [m[0]]);
    last = at + m[0].length;
  }
  lines.push(...tableLines(table.slice(last)), ...proseLines(text.slice(to)));
  return lines.filter((cells) => cells.some((c) => c.trim() !== ""));
}
