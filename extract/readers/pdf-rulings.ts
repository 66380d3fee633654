/**
 * Table rulings of a PDF page: the horizontal and vertical lines a table grid is drawn with, from the
 * page's operator list. Stroked path segments count, and so do thin filled rectangles (Word and WPS draw
 * cell borders that way). Coordinates are viewport units (scale 1, origin top-left, y down).
 */
import {
  applyPoint,
  asMatrix,
  DRAW_OPS,
  FILL_OPS,
  IDENTITY,
  type Matrix,
  multiply,
  OPS,
  type PdfOperatorList,
  STROKE_OPS,
} from "./pdf-ops.ts";

export interface Ruling {
  /** "h": horizontal at y = pos from x = from to x = to; "v": vertical at x = pos from y = from to y = to. */
  readonly dir: "h" | "v";
  readonly pos: number;
  readonly from: number;
  readonly to: number;
}

/** A filled rectangle this thin or thinner is a line. */
const MAX_FILL_THICKNESS = 3;
/** Shorter marks are glyph decorations or dots, not rulings. */
const MIN_LENGTH = 3;
/** Slack for "axis-aligned". */
const SKEW = 0.5;
/** Stop collecting on pages drawn with an absurd number of paths (charts, vector maps). */
const MAX_RULINGS = 20_000;

type Point = readonly [number, number];

/** Paint operators that close the path before stroking it. */
const CLOSING_OPS: ReadonlySet<number> = new Set([
  OPS.closeStroke,
  OPS.closeFillStroke,
  OPS.closeEOFillStroke,
]);

/** Subpaths of a pdf.js path buffer, as point lists in device space; `closed` when closePath ended them. */
function subpaths(buffer: ArrayLike<number>, m: Matrix): Array<{ points: Point[]; closed: boolean }> {
  const out: Array<{ points: Point[]; closed: boolean }> = [];
  let current: Point[] = [];
  const finish = (closed: boolean) => {
    if (current.length > 1) out.push({ points: current, closed });
    current = [];
  };
  for (let i = 0; i < buffer.length; ) {
    const op = buffer[i++];
    if (op === DRAW_OPS.moveTo) {
      finish(false);
      current.push(applyPoint(m, buffer[i++] as number, buffer[i++] as number));
    } else if (op === DRAW_OPS.lineTo) {
      current.push(applyPoint(m, buffer[i++] as number, buffer[i++] as number));
    } else if (op === DRAW_OPS.curveTo) {
      // A curve is no ruling: end the straight run here and continue from the curve's end point.
      i += 4;
      const end = applyPoint(m, buffer[i++] as number, buffer[i++] as number);
      finish(false);
      current.push(end);
    } else if (op === DRAW_OPS.closePath) {
      const first = current[0];
      if (first) current.push(first);
      finish(true);
    } else break;
  }
  finish(false);
  return out;
}

function segmentRuling(a: Point, b: Point): Ruling | null {
  const dx = Math.abs(a[0] - b[0]);
  const dy = Math.abs(a[1] - b[1]);
  if (dy <= SKEW && dx >= MIN_LENGTH) {
    return { dir: "h", pos: (a[1] + b[1]) / 2, from: Math.min(a[0], b[0]), to: Math.max(a[0], b[0]) };
  }
  if (dx <= SKEW && dy >= MIN_LENGTH) {
    return { dir: "v", pos: (a[0] + b[0]) / 2, from: Math.min(a[1], b[1]), to: Math.max(a[1], b[1]) };
  }
  return null;
}

/** A thin axis-aligned filled rectangle as the line along its long side. */
function fillRuling(points: readonly Point[]): Ruling | null {
  if (points.length < 4 || points.length > 5) return null;
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x0 = Math.min(...xs);
  const x1 = Math.max(...xs);
  const y0 = Math.min(...ys);
  const y1 = Math.max(...ys);
  const onCorner = points.every(
    (p) =>
      (Math.abs(p[0] - x0) <= SKEW || Math.abs(p[0] - x1) <= SKEW) &&
      (Math.abs(p[1] - y0) <= SKEW || Math.abs(p[1] - y1) <= SKEW),
  );
  if (!onCorner) return null;
  const w = x1 - x0;
  const h = y1 - y0;
  if (h <= MAX_FILL_THICKNESS && w >= MIN_LENGTH && w > h)
    return { dir: "h", pos: (y0 + y1) / 2, from: x0, to: x1 };
  if (w <= MAX_FILL_THICKNESS && h >= MIN_LENGTH && h > w)
    return { dir: "v", pos: (x0 + x1) / 2, from: y0, to: y1 };
  return null;
}

/** The path buffer of a constructPath's arguments (pdf.js ≥ 5: [paintOp, [buffer], minMax]). */
function pathOf(args: unknown): { paint: number; buffer: ArrayLike<number> } | null {
  if (!Array.isArray(args) || typeof args[0] !== "number" || !Array.isArray(args[1])) return null;
  const buffer = args[1][0] as unknown;
  if (!buffer || typeof buffer !== "object" || !("length" in buffer)) return null;
  return { paint: args[0], buffer: buffer as ArrayLike<number> };
}

export function extractRulings(ops: PdfOperatorList, viewport: Matrix): Ruling[] {
  const rulings: Ruling[] = [];
  const stack: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  const count = ops.fnArray.length;
  for (let i = 0; i < count && rulings.length < MAX_RULINGS; i++) {
    const fn = ops.fnArray[i];
    const args = ops.argsArray[i];
    if (fn === OPS.save) stack.push(ctm);
    else if (fn === OPS.restore) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OPS.transform) {
      const m = asMatrix(args);
      if (m) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectBegin) {
      stack.push(ctm);
      const m = asMatrix(Array.isArray(args) ? args[0] : null);
      if (m) ctm = multiply(ctm, m);
    } else if (fn === OPS.paintFormXObjectEnd) ctm = stack.pop() ?? IDENTITY;
    else if (fn === OPS.constructPath) {
      const path = pathOf(args);
      if (!path) continue;
      const stroke = STROKE_OPS.has(path.paint);
      const fill = FILL_OPS.has(path.paint);
      if (!stroke && !fill) continue;
      const device = multiply(viewport, ctm);
      const closes = CLOSING_OPS.has(path.paint);
      for (const sub of subpaths(path.buffer, device)) {
        const first = sub.points[0];
        if (closes && !sub.closed && first) sub.points.push(first);
        const filled = fill ? fillRuling(sub.points) : null;
        if (filled) {
          rulings.push(filled);
          continue;
        }
        if (!stroke) continue;
        for (let k = 1; k < sub.points.length; k++) {
          const r = segmentRuling(sub.points[k - 1] as Point, sub.points[k] as Point);
          if (r) rulings.push(r);
        }
      }
    }
  }
  return rulings;
}
