/**
 * The few pdf.js shapes and constants the PDF reader uses, declared structurally so that the reader does
 * not import pdfjs-dist (a dependency of pdf-parse, not of ours). Values are pdf.js's `OPS` and `DrawOPS`
 * (src/shared/util.js, pdfjs-dist 5.4.296 as pinned by pdf-parse 2.4.5); they have been stable for years.
 */

export const OPS = {
  save: 10,
  restore: 11,
  transform: 12,
  stroke: 20,
  closeStroke: 21,
  fill: 22,
  eoFill: 23,
  fillStroke: 24,
  eoFillStroke: 25,
  closeFillStroke: 26,
  closeEOFillStroke: 27,
  paintFormXObjectBegin: 74,
  paintFormXObjectEnd: 75,
  constructPath: 91,
} as const;

/** Path buffer opcodes inside a constructPath (pdf.js ≥ 5). */
export const DRAW_OPS = { moveTo: 0, lineTo: 1, curveTo: 2, closePath: 3 } as const;

export const STROKE_OPS: ReadonlySet<number> = new Set([
  OPS.stroke,
  OPS.closeStroke,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

export const FILL_OPS: ReadonlySet<number> = new Set([
  OPS.fill,
  OPS.eoFill,
  OPS.fillStroke,
  OPS.eoFillStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

/** Affine matrix [a, b, c, d, e, f] as in PDF and pdf.js. */
export type Matrix = readonly [number, number, number, number, number, number];

export const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

/** m1 · m2 (pdf.js Util.transform). */
export function multiply(m1: Matrix, m2: Matrix): Matrix {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

export function applyPoint(m: Matrix, x: number, y: number): [number, number] {
  return [x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5]];
}

export function asMatrix(value: unknown): Matrix | null {
  if (
    !value ||
    typeof value !== "object" ||
    !("length" in value) ||
    (value as ArrayLike<unknown>).length !== 6
  )
    return null;
  const m = Array.from(value as ArrayLike<unknown>);
  return m.every((n) => typeof n === "number" && Number.isFinite(n)) ? (m as unknown as Matrix) : null;
}

// ---------------------------------------------------------------- pdf.js objects, as far as we use them

export interface PdfTextItem {
  readonly str: string;
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

export interface PdfOperatorList {
  readonly fnArray: ArrayLike<number>;
  readonly argsArray: ArrayLike<unknown>;
}

export interface PdfViewport {
  readonly transform: readonly number[];
  readonly width: number;
  readonly height: number;
}

export interface PdfPage {
  getViewport(params: { scale: number }): PdfViewport;
  getTextContent(params?: object): Promise<{ items: ReadonlyArray<PdfTextItem | object> }>;
  getOperatorList(params?: object): Promise<PdfOperatorList>;
  cleanup(): unknown;
}

export interface PdfDocumentProxy {
  readonly numPages: number;
  getPage(pageNumber: number): Promise<PdfPage>;
  getMetadata(): Promise<{ info?: object; metadata: { get(name: string): unknown } | null }>;
}
