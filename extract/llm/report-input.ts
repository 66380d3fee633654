/**
 * What the model reads: the tables' lines (every cell, in order, tab-separated) and the prose sentences
 * that contain digits, in document order, within a token budget. Built from the Document when there
 * is one (table regions are known by line), else from the ParsedReport's normalised full text.
 */
import type { Document } from "../document.ts";
import type { ParsedReport } from "../schema.ts";
import { estimateTokens } from "./tokens.ts";

export interface ReportInput {
  /** The text placed between the report delimiters. */
  readonly text: string;
  readonly estimatedTokens: number;
  readonly tableLines: number;
  readonly proseSentences: number;
  /** Something was left out to stay within the budget. */
  readonly truncated: boolean;
}

interface SourceLine {
  readonly ref: number;
  readonly cells: readonly string[];
  readonly cellPerLine: boolean;
}

const MAX_LINE_CHARS = 400;
const MAX_SENTENCE_CHARS = 160;
/** Lines read before a table's first recognised row (its title and header rows). */
const LEAD_LINES = 4;
/** A single-cell line in a table region up to this length is a label or a cell; longer ones are prose. */
const SHORT_LINE = 80;
const SENTENCE_RE = /[^。；！？!?;]+[。；！？!?;]?/gu;

function clean(text: string): string {
  return text
    .normalize("NFKC")
    .replace(/[ \u00a0\u3000]+/g, " ")
    .trim();
}

function linesOf(source: Document | ParsedReport): SourceLine[] {
  if ("lines" in source) {
    return source.lines.map((l) => ({
      ref: l.line,
      cells: l.cells.map((c) => c.text),
      cellPerLine: l.cellPerLine === true,
    }));
  }
  return source.fullText
    .split("\n")
    .map((t, i) => ({ ref: i + 1, cells: t.split("\t"), cellPerLine: false }));
}

const squash = (t: string) => t.normalize("NFKC").replace(/\s+/g, "");

/**
 * [from, to) index ranges of `lines` that hold the tables: sections 二 to 四 (from the heading of 二
 * to the heading of 五), and, where line refs are known, each table from a few lines before its
 * first row to the next section heading.
 */
function tableRegions(
  lines: readonly SourceLine[],
  report: ParsedReport,
  byRef: boolean,
): Array<[number, number]> {
  const indexOfRef = (ref: number) => {
    const i = lines.findIndex((l) => l.ref >= ref);
    return i < 0 ? lines.length : i;
  };
  const headingIndex = (no: number): number | null => {
    const section = report.sections.find((s) => s.no === no);
    if (!section) return null;
    if (byRef) return indexOfRef(section.line);
    const want = squash(section.heading);
    const i = lines.findIndex((l) => squash(l.cells.join("")).startsWith(want));
    return i < 0 ? null : i;
  };
  const regions: Array<[number, number]> = [];
  const from = headingIndex(2);
  const to = headingIndex(5);
  if (from !== null && to !== null && to > from) regions.push([from, to]);
  if (byRef) {
    const headings = report.sections.map((s) => s.line).sort((a, b) => a - b);
    for (const t of [report.tables.t2, report.tables.t3, report.tables.t4]) {
      if (!t.found || t.line === null) continue;
      const start = t.line;
      const next = headings.find((h) => h > start);
      regions.push([
        Math.max(0, indexOfRef(start) - LEAD_LINES),
        next === undefined ? lines.length : indexOfRef(next),
      ]);
    }
  }
  return regions;
}

/** The prompt text for one report. `maxTokens` bounds the estimate of the returned text. */
export function buildReportInput(
  source: Document | ParsedReport,
  report: ParsedReport,
  maxTokens = 8_000,
): ReportInput {
  const byRef = "lines" in source;
  const lines = linesOf(source);
  const regions = tableRegions(lines, report, byRef);
  const inRegion = (i: number) => regions.some(([a, b]) => i >= a && i < b);
  const isRow = (l: SourceLine) => l.cells.filter((c) => c.trim() !== "").length >= 2 || l.cellPerLine;

  type Piece = { kind: "table" | "prose"; text: string };
  const pieces: Piece[] = [];
  const seen = new Set<string>();
  lines.forEach((line, i) => {
    const nearRow = [lines[i - 1], lines[i + 1]].some((l) => l !== undefined && isRow(l));
    const joined = line.cells.map(clean).join("\t").replace(/\t+$/, "");
    if (joined === "") return;
    const short = joined.length <= SHORT_LINE;
    if (isRow(line) || (inRegion(i) && short) || (nearRow && short)) {
      pieces.push({ kind: "table", text: joined.slice(0, MAX_LINE_CHARS) });
      return;
    }
    for (const m of joined.replace(/\t/g, " ").matchAll(SENTENCE_RE)) {
      const sentence = m[0].trim();
      if (!/\d/.test(sentence) || seen.has(sentence)) continue;
      seen.add(sentence);
      pieces.push({ kind: "prose", text: sentence.slice(0, MAX_SENTENCE_CHARS) });
    }
  });
  const title = report.meta.title ? clean(report.meta.title) : null;
  if (title && !pieces.some((p) => p.text.includes(title))) pieces.unshift({ kind: "prose", text: title });

  // Over budget: drop prose from the end first, then table lines from the end.
  let kept = pieces;
  let truncated = false;
  const total = (ps: Piece[]) => ps.reduce((n, p) => n + estimateTokens(p.text) + 1, 0);
  for (const kind of ["prose", "table"] as const) {
    while (total(kept) > maxTokens && kept.some((p) => p.kind === kind)) {
      const idx = kept.map((p) => p.kind).lastIndexOf(kind);
      kept = kept.filter((_, i) => i !== idx);
      truncated = true;
    }
  }
  const text = kept.map((p) => p.text).join("\n");
  return {
    text,
    estimatedTokens: estimateTokens(text),
    tableLines: kept.filter((p) => p.kind === "table").length,
    proseSentences: kept.filter((p) => p.kind === "prose").length,
    truncated,
  };
}
