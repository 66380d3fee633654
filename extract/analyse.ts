/**
 * From a neutral document to the report model: tables, sections, metadata and narrative figures.
 * Pure and synchronous; the readers (I/O) and the rules (judgement) sit on either side of it.
 */
import { bodyOf } from "./body.ts";
import type { Document } from "./document.ts";
import { readMeta } from "./meta.ts";
import { extractNarrative } from "./narrative.ts";
import { applyOcr } from "./readers/ocr/ocr-figures.ts";
import { mendOcrTerms } from "./readers/ocr/ocr-prose.ts";
import type { AuditStatus, ParsedReport } from "./schema.ts";
import { findSections } from "./sections.ts";
import { parseTemplate } from "./template/index.ts";
import { forgetCompacted } from "./template/normalize.ts";

export interface Analysis {
  readonly report: ParsedReport;
  /** ok, not_a_report or tables_incomplete (the readers decide the other statuses). */
  readonly status: AuditStatus;
  /** Why the status is not ok, in English (logs). */
  readonly reason: string | null;
}

const TITLE_RE = /政府信息公开.{0,6}(工作)?.{0,4}年度?报告|政府信息公开工作年报/;

export function analyse(page: Document): Analysis {
  forgetCompacted();
  // The report itself: a saved portal page's navigation, info box and footer are never its content.
  const doc = bodyOf(page);
  const template = parseTemplate(doc);
  const found = findSections(doc, template.tableLines);
  const { extra } = found;
  // Read by OCR: the fee statement's terms with one inner glyph misread are mended (ocr-prose.ts).
  const sections = doc.info.ocr
    ? found.sections.map((s) => ({ ...s, text: mendOcrTerms(s.text) }))
    : found.sections;
  const meta = readMeta(doc, sections, page);
  const { figures: narrative, totals } = extractNarrative(sections);
  const text = doc.lines
    .map((l) => l.cells.map((c) => c.text).join("\t"))
    .join("\n")
    .normalize("NFKC");
  const fullText = doc.info.ocr ? mendOcrTerms(text) : text;

  const parsed: ParsedReport = {
    format: page.format,
    pageCount: page.pageCount,
    meta: {
      ...meta,
      templateVersion: template.templateVersion,
      templateEvidence: template.templateEvidence,
      givenDate: null,
    },
    figures: template.figures,
    provenance: template.provenance,
    rawCells: template.rawCells,
    sections,
    extraSections: extra,
    narrative,
    narrativeTotals: totals,
    tables: template.tables,
    issues: template.issues,
    fullText,
  };
  // Text recognised from page images: provenance says so; confusable digits only where arithmetic decides.
  const report = applyOcr(parsed, doc);

  const { t2, t3, t4 } = template.tables;
  const anyTable = t2.found || t3.found || t4.found;
  // A page cut short is still a report when its title (or the page's <title>) says so.
  const looksLikeReport =
    meta.title !== null ||
    TITLE_RE.test((page.info.title ?? "").replace(/\s+/g, "")) ||
    TITLE_RE.test(fullText.replace(/\s+/g, "").slice(0, 2000)) ||
    sections.length >= 4;
  if (!anyTable && !looksLikeReport) {
    return {
      report,
      status: "not_a_report",
      reason: "no template table, no report title and fewer than four of the six sections",
    };
  }
  const missing = (["t2", "t3", "t4"] as const).filter((t) => !template.tables[t].found);
  const cutRows = template.issues.filter((i) => i.kind === "missing_row" && i.table === "t3").length;
  const t4Empty = t4.found && t4.rows.length === 0;
  if (missing.length > 0 || cutRows > 3 || t4Empty) {
    const parts = [
      missing.length > 0 ? `tables not found: ${missing.join(", ")}` : "",
      cutRows > 3 ? `表三 is missing ${cutRows} rows` : "",
      t4Empty ? "表四 has no data row" : "",
    ].filter(Boolean);
    return { report, status: "tables_incomplete", reason: parts.join("; ") };
  }
  return { report, status: "ok", reason: null };
}
