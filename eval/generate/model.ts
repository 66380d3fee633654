/**
 * The synthetic report as data: what is printed (blocks, cell texts, label variants), what it restates
 * in prose (claims), which defects were injected, and how each format renders it. Renderers and the
 * oracle read this model; nothing here knows about the audit pipeline.
 */
import type { IssuerLevel } from "../../extract/schema.ts";
import type { TableId, TemplateVersion } from "../../extract/template/layout.ts";

export const FORMATS = ["text", "html", "docx", "pdf"] as const;
export type Format = (typeof FORMATS)[number];
/** Forms of the real corpus (eval/real/): what people actually have of a published report. */
export const REAL_FORMS = ["html", "text", "markdown", "layout", "collapsed", "pdf", "docx"] as const;
export type RealForm = (typeof REAL_FORMS)[number];
/** A format of the generated corpus or a form of the real one. */
export type EvalFormat = Format | RealForm;

export type Severity = "error" | "warning" | "notice";

/** A figure the prose restates, keyed like the narrative (rules.md §6.4): a cell key or a sum expression. */
export interface Claim {
  /** Canonical key, "+"-joined keys, a group "t3.denied.*", or a fee key "fee.notice_count". */
  readonly key: string;
  readonly value: number;
  /** The year the sentence attributes the figure to (null: none printed). */
  readonly year: number | null;
  /** The sentence carries a scope marker (rules.md §6.4): a mismatch is then a notice. */
  readonly scoped?: boolean;
}

/** A prose total with its parts (TEXT-SELF). */
export interface ProseTotal {
  readonly total: number;
  readonly unit: string;
  readonly parts: readonly number[];
  /** The list is complete (ends in 其他/其余, or introduced by 分别为). */
  readonly exhaustive: boolean;
}

/** The fee statement of section 六 (rules.md §6.5), as printed. */
export interface FeeStatement {
  /** Which parts of the triple are stated (null: not stated). */
  readonly noticeCount: number | null;
  readonly noticeAmount: number | null;
  readonly collected: number | null;
}

export type Block =
  | { readonly kind: "title"; readonly lines: readonly string[] }
  | { readonly kind: "heading"; readonly section: number; readonly text: string }
  | { readonly kind: "subheading"; readonly section: number; readonly text: string }
  | {
      readonly kind: "paragraph";
      readonly section: number;
      readonly text: string;
      readonly claims: readonly Claim[];
      readonly totals: readonly ProseTotal[];
      /** Set on the paragraph of 六 that states 信息处理费. */
      readonly fee?: FeeStatement;
      /** Words of 条例第四十六条 systems this paragraph names (考核/评议/追究). */
      readonly systems?: readonly string[];
      /** Text-only debris (social-media lines, a page number): not part of the HTML/DOCX/PDF. */
      readonly debris?: boolean;
    }
  | { readonly kind: "table"; readonly section: number; readonly table: TableId }
  | { readonly kind: "signature"; readonly lines: readonly string[] };

/** A defect injected into a clean report, with the rules it is meant to trigger. */
export interface Defect {
  readonly kind: string;
  /** What was changed, in English (for people reading the eval output). */
  readonly detail: string;
  /** The rule(s) this defect is aimed at (its consequences are in `Expected.findings`). */
  readonly rules: readonly string[];
}

/** Layout noise of the plain-text rendering (rules.md §7, the seeds). */
export interface TextStyle {
  /**
   * Table layout: tab-separated, one cell per line, markdown pipes, `layout` (columns aligned with runs of
   * spaces and wrapped labels, as `pdftotext -layout` prints a PDF) or `collapsed` (a web copy whose line
   * breaks were lost: the whole report on one line, rows glued to each other and to their labels).
   */
  readonly tables: "tab" | "cellPerLine" | "pipe" | "layout" | "collapsed";
  readonly headings: "plain" | "markdown";
  /** 表三 row index (0-based, in printed order) before which its header is repeated (a page split). */
  readonly t3SplitAt: number | null;
  /** A form feed at the page split. */
  readonly formFeed: boolean;
  /** 表三 rows (row keys) printed as one digit string ("3000003"). */
  readonly gluedRows: readonly string[];
  /** 表三 cells lost from their row (recoverable from the table's hard relations). */
  readonly lostCells: readonly string[];
  /** At the 表三 page split, the label of the row before it continues after the repeated header (seed 001). */
  readonly brokenLabel: boolean;
  /** 表四's data row printed with one extra 0 (seed 001; only when every 表四 cell is 0). */
  readonly t4ExtraCell: boolean;
  /** Spaces inside header labels ("自然 人", "商业 企业"). */
  readonly spacedHeaders: boolean;
  /** `[bookmark: _GoBack]`, lone page numbers, a markdown rule inside 表二. */
  readonly debris: boolean;
  /** What a blank cell prints in text (an empty cell would be lost at the end of a row). */
  readonly blankMarker: "—" | "/" | "无";
  /** Bytes of the text file: UTF-8, or GB18030 as some portals still serve. */
  readonly encoding: "utf8" | "gb18030";
}

export interface HtmlStyle {
  /** Portal chrome: breadcrumb, navigation, footer (no dates). */
  readonly chrome: boolean;
  /**
   * How much of a real portal the chrome has (issue 12, pattern 1): `simple` = a <nav>, a one-line
   * breadcrumb and a footer; `portal` = menus and a breadcrumb of <li> items holding 「政府信息公开」, an
   * info box (索引号/发布机构/名称/发布日期) above or below the title, tool and share bars, 上一篇 naming
   * last year's report, a 相关链接 list (…新浪 网易 搜狐 其他), 主办单位, 网站标识码, ICP and 公网安备.
   */
  readonly portal: "simple" | "portal";
  /** In a `portal` page, the menus are plain blocks, not links (the reader cannot drop them as link lists). */
  readonly plainMenus: boolean;
  /** In a `portal` page, the info box comes before the title (else right under it). */
  readonly infoAbove: boolean;
  /** Section 二 starts a new page (表三 then tends to run across a page break in the PDF). */
  readonly pageBreakBefore2: boolean;
  /** Text of a blank cell in HTML ("" or a dash). */
  readonly blankMarker: "" | "—" | "/";
}

/** The portal date the saved HTML page carries (shown with its chrome, or in its <meta>), or null. */
export function portalDateOnPage(spec: ReportSpec): string | null {
  return spec.html.chrome || spec.portalMeta ? spec.portalDate : null;
}

export interface ReportSpec {
  readonly id: string;
  readonly seed: number;
  readonly year: number;
  /** The template version the report prints. */
  readonly version: TemplateVersion;
  /** 表三 （六） printed as three sub-rows. */
  readonly otherSplit: boolean;
  readonly issuer: string;
  readonly level: IssuerLevel;
  /** ISO date of the 落款 as printed, or null (no date). */
  readonly publicationDate: string | null;
  /** Creation date written into the DOCX and PDF metadata (ISO date). */
  readonly fileCreated: string;
  /**
   * Publication date the portal prints with the page (ISO date), shown only where the HTML page has its
   * portal chrome; null for none.
   */
  readonly portalDate: string | null;
  /** How the portal prints it. */
  readonly portalDateStyle: "time" | "date";
  /** The saved page also carries it as <meta name="PubDate"> (with or without the chrome). */
  readonly portalMeta: boolean;
  readonly blocks: readonly Block[];
  /** Printed text of every cell of the layout, by canonical key ("" = blank). */
  readonly cells: Readonly<Record<string, string>>;
  /** Label variants: template label → printed label. */
  readonly labels: Readonly<Record<string, string>>;
  readonly defects: readonly Defect[];
  readonly text: TextStyle;
  readonly html: HtmlStyle;
}

/** A finding the auditor must raise on this report. */
export interface ExpectedFinding {
  readonly rule: string;
  readonly severity: Severity;
  /** What the instance covers (a column, a row, a sentence), in the oracle's words. */
  readonly scope: string;
  /** Only in these formats (noise of one rendering); absent = every format. */
  readonly formats?: readonly EvalFormat[];
}

export interface ExpectedMeta {
  readonly issuer: string;
  readonly reportYear: number;
  readonly templateVersion: TemplateVersion;
  readonly publicationDate: string | null;
  readonly issuerLevel: IssuerLevel;
}

export interface Expected {
  readonly meta: ExpectedMeta;
  /** Every cell of the printed layout: its value, or null when blank or not a valid value. */
  readonly figures: Readonly<Record<string, number | null>>;
  readonly findings: readonly ExpectedFinding[];
  /** Rules that may fire or not without being wrong (the rulebook leaves the case open). */
  readonly tolerated: readonly string[];
}

/** What the corpus stores for one generated report. */
export interface GoldCase {
  readonly id: string;
  readonly seed: number;
  readonly defects: readonly Defect[];
  readonly expected: Expected;
  /** Files by format, relative to the corpus directory. */
  readonly files: Partial<Record<Format, string>>;
  /** Rendering facts worth reporting (e.g. "t3-split-pages" when 表三 runs across a PDF page break). */
  readonly facts: readonly string[];
}
