/**
 * Builders for rule tests: a complete, consistent ParsedReport that any single rule should pass,
 * plus a way to override figures. Rules are tested by breaking exactly one thing.
 */
import { extractNarrative } from "../../extract/narrative.ts";
import type {
  Figures,
  ParsedReport,
  ParseIssue,
  Provenance,
  Section,
  TableInfo,
} from "../../extract/schema.ts";
import { cellDef, TABLE_NAMES, type TemplateVersion, templateCells } from "../../extract/template/layout.ts";

const TITLES = [
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项",
];

/** All figures of a version set to zero. */
export function zeroFigures(version: TemplateVersion): Figures {
  const figures: Figures = {};
  for (const cell of templateCells(version)) figures[cell.key] = 0;
  return figures;
}

/** A balanced 表三/表四 with non-zero values (natural persons 10 new + 2 carried over = 9 done + 3 forward). */
export function balancedFigures(version: TemplateVersion): Figures {
  const f = zeroFigures(version);
  const set = (row: string, np: number, biz = 0) => {
    f[`t3.${row}.natural_person`] = np;
    f[`t3.${row}.business`] = biz;
    f[`t3.${row}.total`] = np + biz;
  };
  set("new", 10, 2);
  set("carried_over", 2);
  set("granted", 5, 1);
  set("partially_granted", 1);
  set("unable.no_such_info", 2);
  set("not_processed.duplicate", 0, 1);
  set("total_processed", 8, 2);
  set("carried_forward", 4);
  f["t4.review.upheld"] = 1;
  f["t4.review.corrected"] = 1;
  f["t4.review.total"] = 2;
  return f;
}

function provenanceFor(figures: Figures): Record<string, Provenance> {
  const out: Record<string, Provenance> = {};
  for (const [key, value] of Object.entries(figures)) {
    if (value === null) continue;
    const def = cellDef(key);
    out[key] = {
      page: 1,
      table: def ? TABLE_NAMES[def.table] : "?",
      row: def?.row.label ?? key,
      col: def?.column.label ?? "",
      raw: String(value),
      line: 1,
      source: "parser",
      mode: "printed",
    };
  }
  return out;
}

function table(found: boolean, layout: string | null): TableInfo {
  return { found, rows: [], layout, line: found ? 1 : null, page: found ? 1 : null, headers: [], note: null };
}

export interface ReportOptions {
  version?: TemplateVersion;
  year?: number;
  figures?: Figures;
  issuer?: string;
  sections?: Section[];
  fullText?: string;
}

/** A clean report: every section, every cell, a timely date, a fee statement. */
export function cleanReport(options: ReportOptions = {}): ParsedReport {
  const version = options.version ?? "2021";
  const year = options.year ?? (version === "2021" ? 2023 : 2020);
  const figures = { ...balancedFigures(version), ...(options.figures ?? {}) };
  const sections: Section[] =
    options.sections ??
    TITLES.map((heading, i) => ({
      no: i + 1,
      heading,
      numbering: `${"一二三四五六"[i]}、`,
      line: i * 10 + 1,
      page: 1,
      text:
        i === 4
          ? "存在的主要问题：公开内容不够全面。改进情况：下一步将加强培训，完善措施。"
          : i === 5
            ? `${year}年度本单位共发出收费通知0件，涉及收费金额0元，实际收取信息处理费0元。`
            : i === 0
              ? `${year}年，本单位认真做好政府信息公开工作。开展政务公开工作考核和社会评议，未发生责任追究情况。`
              : `${year}年，本单位认真做好政府信息公开工作。`,
    }));
  return {
    format: "text",
    pageCount: 1,
    meta: {
      issuer: options.issuer ?? "某市某区人民政府某街道办事处",
      issuerLevel: "subdistrict",
      reportYear: year,
      publicationDate: `${year + 1}-01-15`,
      templateVersion: version,
      templateEvidence: version === "2021" ? ["本年制发件数"] : ["本年新制作数量"],
      title: `某市某区人民政府某街道办事处${year}年政府信息公开工作年度报告`,
      dateQuote: `${year + 1}年1月15日`,
      fileCreated: null,
      givenDate: null,
      portalDate: null,
      portalDateQuote: null,
    },
    figures,
    provenance: provenanceFor(figures),
    rawCells: {},
    sections,
    extraSections: [],
    narrative: [],
    narrativeTotals: [],
    tables: {
      t2: table(true, version),
      t3: table(true, version === "2021" ? "split" : "single"),
      t4: table(true, null),
    },
    issues: [],
    fullText: options.fullText ?? sections.map((s) => `${s.heading}\n${s.text}`).join("\n"),
  };
}

// ------------------------------------------------------------------ modifiers (validate tests)

/** Figures overridden (null = blank), provenance kept in step (a null cell has none). */
export function withFigures(report: ParsedReport, figures: Figures): ParsedReport {
  const merged = { ...report.figures, ...figures };
  const provenance = { ...report.provenance, ...provenanceFor(figures) };
  for (const [key, value] of Object.entries(figures)) if (value === null) delete provenance[key];
  return { ...report, figures: merged, provenance };
}

/** Cells printed with text that is not a valid number (or a blank marker): figure null, text in rawCells. */
export function withRawCells(report: ParsedReport, raw: Record<string, string>): ParsedReport {
  const nulls: Figures = {};
  for (const key of Object.keys(raw)) nulls[key] = null;
  const r = withFigures(report, nulls);
  return { ...r, rawCells: { ...r.rawCells, ...raw } };
}

/** Cells marked as decoded (rules.md §7) with the given relations. */
export function withDecoded(
  report: ParsedReport,
  keys: readonly string[],
  decodedBy: readonly string[],
): ParsedReport {
  const provenance = { ...report.provenance };
  for (const key of keys) {
    const p = provenance[key];
    if (p) provenance[key] = { ...p, mode: "decoded", decodedBy: [...decodedBy] };
  }
  return { ...report, provenance };
}

/** Printed text of cells (provenance.raw), e.g. "1200元". */
export function withPrinted(report: ParsedReport, raw: Record<string, string>): ParsedReport {
  const provenance = { ...report.provenance };
  for (const [key, text] of Object.entries(raw)) {
    const p = provenance[key];
    if (p) provenance[key] = { ...p, raw: text };
  }
  return { ...report, provenance };
}

/** A parse issue with defaults. */
export function parseIssue(issue: Partial<ParseIssue> & Pick<ParseIssue, "kind" | "table">): ParseIssue {
  return { row: "", rowKey: null, raw: "", line: 1, ...issue };
}

export function withIssues(report: ParsedReport, ...issues: ParseIssue[]): ParsedReport {
  return { ...report, issues: [...report.issues, ...issues] };
}

/** A table marked as not found, its cells removed. */
export function withoutTable(report: ParsedReport, table: "t2" | "t3" | "t4"): ParsedReport {
  const figures: Figures = {};
  for (const [key, value] of Object.entries(report.figures))
    if (!key.startsWith(`${table}.`)) figures[key] = value;
  return {
    ...report,
    figures,
    tables: { ...report.tables, [table]: { ...report.tables[table], found: false, line: null, page: null } },
  };
}

/**
 * 表三 （六） printed as one row: the three sub-rows folded into `t3.other_processing.*` (their sum),
 * layout "single". With `keepSubs`, the parent is added and the sub-rows stay (both printed).
 */
export function withSingleOther(report: ParsedReport, keepSubs = false): ParsedReport {
  const subs = ["overdue_correction", "overdue_fee", "other"];
  const cols = ["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"];
  const figures: Figures = { ...report.figures };
  for (const col of cols) {
    if (!subs.some((sub) => Object.hasOwn(figures, `t3.other_processing.${sub}.${col}`))) continue;
    let sum: number | null = 0;
    for (const sub of subs) {
      const v = figures[`t3.other_processing.${sub}.${col}`] ?? null;
      sum = sum === null || v === null ? null : sum + v;
      if (!keepSubs) delete figures[`t3.other_processing.${sub}.${col}`];
    }
    figures[`t3.other_processing.${col}`] = sum;
  }
  return {
    ...report,
    figures,
    provenance: provenanceFor(figures),
    tables: { ...report.tables, t3: { ...report.tables.t3, layout: keepSubs ? "split" : "single" } },
  };
}

// ------------------------------------------------------------------ modifiers (prose rules)

/**
 * Section texts replaced (by section number; null removes the section), with the narrative, the
 * prose totals and fullText re-derived from them as the pipeline would.
 */
export function withProse(report: ParsedReport, texts: Partial<Record<number, string | null>>): ParsedReport {
  const sections = report.sections
    .filter((s) => texts[s.no] !== null)
    .map((s) => (texts[s.no] === undefined ? s : { ...s, text: texts[s.no] as string }));
  const { figures, totals } = extractNarrative(sections);
  return {
    ...report,
    sections,
    narrative: figures,
    narrativeTotals: totals,
    fullText: sections.map((s) => `${s.heading}\n${s.text}`).join("\n"),
  };
}

/** Metadata overridden. */
export function withMeta(report: ParsedReport, meta: Partial<ParsedReport["meta"]>): ParsedReport {
  return { ...report, meta: { ...report.meta, ...meta } };
}
