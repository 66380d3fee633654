/**
 * The report model. One schema serves the template parser, the LLM path and the JSON output
 * (../shared/domain/audit-json.md). Types are derived from the schemas, never written twice.
 */
import { z } from "zod";
import { type CellDef, T4_CELLS, type TemplateVersion, t2Cells, t3Cells } from "./template/layout.ts";

export const AuditStatus = z.enum([
  "ok",
  "not_a_report",
  "no_text_layer",
  "unreadable",
  "too_large",
  "tables_incomplete",
]);
export type AuditStatus = z.infer<typeof AuditStatus>;

export const IssuerLevel = z.enum([
  "county_plus_government",
  "department",
  "township_government",
  "subdistrict",
]);
export type IssuerLevel = z.infer<typeof IssuerLevel>;

export const DetectedVersion = z.enum(["2019", "2021", "mixed"]);
export type DetectedVersion = z.infer<typeof DetectedVersion>;

export const SourceFormat = z.enum(["pdf", "docx", "html", "text", "doc", "ofd", "image"]);
export type SourceFormat = z.infer<typeof SourceFormat>;

export const Meta = z.object({
  issuer: z.string().nullable(),
  issuerLevel: IssuerLevel.nullable(),
  reportYear: z.number().int().nullable(),
  /** ISO date printed in the report (落款), or null. */
  publicationDate: z.string().nullable(),
  templateVersion: DetectedVersion.nullable(),
  /** The printed strings that decided the version (rules.md §4). */
  templateEvidence: z.array(z.string()),
  title: z.string().nullable(),
  /** The sentence the date was read from. */
  dateQuote: z.string().nullable(),
  /**
   * Creation date of the file (PDF Info / XMP, DOCX core properties), as a China-time ISO date; null
   * when the file records none. Evidence for DEADLINE only where no date is printed: a file cannot
   * have been published before it was made, but it may have been made again later (a re-export).
   */
  fileCreated: z.string().nullable(),
  /**
   * Publication date given by the user (CLI `--date`, the bot's /date), used by DEADLINE where no
   * date is printed; never read from the document. null when none was given.
   */
  givenDate: z.string().nullable(),
  /**
   * Publication date a portal gives the page, an ISO date: shown with it (发布时间/发布日期), else in its
   * <meta name="PubDate"> (or firstpublishedtime, article:published_time); null where the document has
   * none (files other than saved portal pages rarely do). DEADLINE prefers it (rules.md):
   * it is when the report was made public, the 落款 when it was signed.
   */
  portalDate: z.string().nullable().default(null),
  /** The line the portal date was read from, or the <meta> tag as found. */
  portalDateQuote: z.string().nullable().default(null),
});
export type Meta = z.infer<typeof Meta>;

/** How a figure was fixed: read as printed, or decoded with a table relation (rules.md §7). */
export const ReadMode = z.enum(["printed", "decoded"]);

export const Provenance = z.object({
  page: z.number().int().nullable(),
  table: z.string(),
  row: z.string(),
  col: z.string(),
  /** Printed text of the cell (or of the glued run it was decoded from). */
  raw: z.string(),
  /** 1-based line of the source text where the row was read. */
  line: z.number().int().nullable(),
  source: z.enum(["parser", "llm", "both", "ocr"]),
  mode: ReadMode,
  /** OCR only: the cell's box on its page (x, y, width, height in points, origin top-left). */
  box: z.array(z.number()).length(4).optional(),
  /** OCR only: the engine's confidence in the cell's text, 0–1. */
  confidence: z.number().min(0).max(1).optional(),
  /** Relation used to decode the value (e.g. "T3-COLSUM"); such a relation is `assumed`, not `pass`. */
  decodedBy: z.array(z.string()).optional(),
});
export type Provenance = z.infer<typeof Provenance>;

export const SectionNo = z.number().int().min(1).max(6);
export const Section = z.object({
  no: SectionNo,
  heading: z.string(),
  /** How the heading was numbered: "一、", "1、", "（一）", "#"… */
  numbering: z.string(),
  line: z.number().int(),
  page: z.number().int().nullable(),
  /** Prose of the section (tables excluded), normalised. */
  text: z.string(),
});
export type Section = z.infer<typeof Section>;

export const NarrativeFigure = z.object({
  quote: z.string(),
  value: z.number(),
  unit: z.string(),
  /** Canonical key (or sum expression like "t3.denied.*") that the sentence restates, or null. */
  key: z.string().nullable(),
  /** What the sentence measures, e.g. "收到申请", "办结", "行政复议". */
  measure: z.string(),
  section: SectionNo.nullable(),
  line: z.number().int().nullable(),
  /** Scope markers found in the sentence (代表, 本级, 截至…): a mismatch is then only a notice. */
  scope: z.array(z.string()),
  /** Year the sentence attributes the figure to ("2023年共收到…"), when printed. */
  year: z.number().int().nullable(),
});
export type NarrativeFigure = z.infer<typeof NarrativeFigure>;

/** A prose total with its parts (for TEXT-SELF). */
export const NarrativeTotal = z.object({
  quote: z.string(),
  total: z.number(),
  unit: z.string(),
  parts: z.array(z.object({ label: z.string(), value: z.number() })),
  /** The list ends in 其他/其余 or says 分别为: the parts must add up to the total. */
  exhaustive: z.boolean(),
  section: SectionNo.nullable(),
  line: z.number().int().nullable(),
});
export type NarrativeTotal = z.infer<typeof NarrativeTotal>;

/** Something the parser saw in a table that a rule reports (ambiguous split, wrong row width…). */
export const ParseIssue = z.object({
  kind: z.enum([
    "ambiguous_split",
    "row_width",
    "missing_row",
    "missing_table",
    "unparsed_value",
    "ocr_uncertain",
  ]),
  table: z.enum(["t2", "t3", "t4"]),
  row: z.string(),
  rowKey: z.string().nullable(),
  raw: z.string(),
  found: z.number().int().optional(),
  expected: z.number().int().optional(),
  options: z.array(z.string()).optional(),
  line: z.number().int().nullable(),
});
export type ParseIssue = z.infer<typeof ParseIssue>;

export const TableInfo = z.object({
  found: z.boolean(),
  /** Rows found by the parser, by key. */
  rows: z.array(z.string()),
  /** Layout of the table as printed (t2: template version; t3: "split" or "single" （六）). */
  layout: z.string().nullable(),
  line: z.number().int().nullable(),
  page: z.number().int().nullable(),
  /** Printed column headers that identify the layout (for XY-FORMAT evidence). */
  headers: z.array(z.string()),
  /** The table's footnote, if any (表四 scope notes). */
  note: z.string().nullable(),
});
export type TableInfo = z.infer<typeof TableInfo>;

export const Figures = z.record(z.string(), z.number().nullable());
export type Figures = z.infer<typeof Figures>;

/** Everything the deterministic reading of one document produced: the input of every rule. */
export const OcrReading = z.object({ engine: z.string(), dpi: z.number() });
export type OcrReading = z.infer<typeof OcrReading>;

export const ParsedReport = z.object({
  format: SourceFormat,
  pageCount: z.number().int().nullable(),
  meta: Meta,
  figures: Figures,
  provenance: z.record(z.string(), Provenance),
  /** Printed text of every cell that was present but not a valid number ("—", "12件", "-3"…). */
  rawCells: z.record(z.string(), z.string()),
  sections: z.array(Section),
  /** Extra top-level headings that are not one of the six. */
  extraSections: z.array(z.object({ heading: z.string(), line: z.number().int() })),
  narrative: z.array(NarrativeFigure),
  narrativeTotals: z.array(NarrativeTotal),
  tables: z.object({ t2: TableInfo, t3: TableInfo, t4: TableInfo }),
  issues: z.array(ParseIssue),
  /** Text of the whole document, normalised (for the rules that search prose). */
  fullText: z.string(),
  /** Read by OCR: the engine, and the resolution of the page images (a photo's estimated from its width). */
  ocr: OcrReading.optional(),
});
export type ParsedReport = z.infer<typeof ParsedReport>;

// ------------------------------------------------------------------ per-version figure schemas

function figureSchema(cells: CellDef[]) {
  const shape: Record<string, z.ZodType> = {};
  for (const cell of cells) {
    const base =
      cell.column.type === "count"
        ? z.number().int()
        : cell.column.type === "signed"
          ? z.number().int()
          : z.number();
    shape[cell.key] = base
      .nullable()
      .describe(
        `${cell.key} — ${cell.row.parent ? `${cell.row.parent}${cell.row.label}` : cell.row.label} · ${cell.column.label}`,
      );
  }
  return z.object(shape);
}

/**
 * The figures of one template version as a zod object (keys = canonical keys, values nullable).
 * `split` selects 表三 （六） as three rows (the 2021 layout) or one row.
 */
export function figuresSchema(version: TemplateVersion, split = version === "2021") {
  return figureSchema([...t2Cells(version), ...t3Cells(split), ...T4_CELLS]);
}

/** Union of both versions, discriminated by `templateVersion` (the LLM path's structured output). */
export const ExtractedFigures = z.discriminatedUnion("templateVersion", [
  z.object({ templateVersion: z.literal("2019"), figures: figuresSchema("2019") }),
  z.object({ templateVersion: z.literal("2021"), figures: figuresSchema("2021") }),
]);
export type ExtractedFigures = z.infer<typeof ExtractedFigures>;
