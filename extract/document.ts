/**
 * The neutral document model every reader produces and the template parser consumes:
 * a sequence of lines, each a list of cells. A paragraph is a line with one cell; a table row is a
 * line with one cell per printed cell. Readers keep cells apart (never glue neighbouring numbers) and
 * keep empty cells where the source has them, so that positions survive.
 */
import type { SourceFormat } from "./schema.ts";

export interface Cell {
  /** Text of the cell, whitespace-trimmed; "" for an empty cell. */
  readonly text: string;
  /** Left edge in PDF user-space units, when the source has positions. */
  readonly x?: number;
  /** Right edge, when known. */
  readonly x2?: number;
  /** Columns spanned (HTML/DOCX colspan), default 1. */
  readonly colSpan?: number;
  /** Rows spanned (HTML/DOCX rowspan), default 1. */
  readonly rowSpan?: number;
}

export interface Line {
  readonly cells: readonly Cell[];
  /** 1-based page number; text sources without page marks count 1. */
  readonly page: number;
  /**
   * Stable reference for provenance: for text sources the 1-based line number in the source text (so a
   * user can find it in an editor); for PDF/DOCX/HTML the 1-based index of the line in the reader's output.
   */
  readonly line: number;
  /** Id of the source table (DOCX/HTML/PDF grid) this line is a row of, if the reader knows it. */
  readonly table?: number;
  /**
   * A text line of separated fields (tabs, or a markdown table's pipes): its cells are the fields, empty
   * ones included. Converters pad such lines or shift them at page breaks, so the fields hold positions
   * only where they fit exactly.
   */
  readonly tabSeparated?: boolean;
  /**
   * The reader found this line in a run of one-cell-per-line text (DOCX text exports):
   * the parser rebuilds rows from it by the template's expected widths.
   */
  readonly cellPerLine?: boolean;
  /** In a one-cell-per-line run: this line starts a row (a blank source line preceded it, or it opens the run). */
  readonly rowBreakBefore?: boolean;
}

/** A table cell read by OCR: where it is on its page (points, origin top-left) and how sure the engine was. */
/**
 * The mark an OCR reader writes in a table cell that holds ink it could not read after every reading (a
 * faint or broken digit): the cell is then an unreadable one, which the report may well have filled, and
 * never a blank one (T3-BLANK would say the report left it empty). U+25A1, the square Chinese
 * transcription uses for an illegible character.
 */
export const ILLEGIBLE = "□";

export interface OcrCell {
  readonly line: number;
  readonly page: number;
  readonly text: string;
  /** x, y, width, height in points. */
  readonly box: readonly [number, number, number, number];
  /** 0–1: the lowest word confidence in the cell. */
  readonly confidence: number;
  /**
   * The first reading was no clean number (「二」, 「D」) or a doubtful one, and these digits are a second
   * reading of the cell as digits only: taken only where the table's arithmetic forces that value.
   */
  readonly reread?: true;
  /**
   * The first reading was a plain number, and the second, digits-only reading of the cell is this other
   * number: taken only where the table's arithmetic forces one of the two.
   */
  readonly disputed?: string;
  /**
   * A cell still in doubt after two readings was read a third time, as digits only on its crop enlarged
   * twofold, and this is the other number that reading gave: one more reading for the arithmetic to choose.
   */
  readonly alsoRead?: string;
}

export interface DocumentInfo {
  readonly title?: string;
  readonly author?: string;
  /** ISO dates from the file's metadata, when present. */
  readonly created?: string;
  readonly modified?: string;
  /**
   * A saved web page's publication date from its <meta> tags (PubDate, as 政府网站发展指引 asks of every
   * government page; firstpublishedtime; article:published_time): the China date and the tag as found.
   */
  readonly published?: { readonly date: string; readonly source: string };
  /** Detected text encoding for text sources ("utf-8", "gb18030", "utf-16le"…). */
  readonly encoding?: string;
  /**
   * A text source whose line breaks were lost (the report on one line): the reader cut it into sentences,
   * headings and table rows, and `Line.line` counts those segments instead of source lines.
   */
  readonly collapsed?: boolean;
  /** PDF pages with (almost) no text layer, 1-based: scanned pages inside an otherwise text PDF. */
  readonly pagesWithoutText?: readonly number[];
  /** Set when the text was recognised from page images (scans, photos). */
  readonly ocr?: {
    readonly engine: string;
    readonly dpi: number;
    readonly seconds: number;
    readonly cells: readonly OcrCell[];
  };
}

export interface Document {
  readonly format: SourceFormat;
  readonly pageCount: number;
  readonly lines: readonly Line[];
  readonly info: DocumentInfo;
}

/** Text of a line: cells joined by a tab. */
export function lineText(line: Line): string {
  return line.cells.map((c) => c.text).join("\t");
}
