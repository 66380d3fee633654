/**
 * Table grids from rulings. Rulings that touch form a table; their positions give the column and row
 * pivots; two neighbouring grid squares belong to one (merged) cell when no ruling separates them.
 * The result knows, for any point, which cell it falls in, and each cell's span.
 */
import type { Ruling } from "./pdf-rulings.ts";

export interface GridCell {
  /** Row and column range in grid squares, end exclusive. */
  readonly r0: number;
  readonly r1: number;
  readonly c0: number;
  readonly c1: number;
}

export interface Grid {
  /** Column pivots (x, ascending) and row pivots (y, ascending). */
  readonly xs: readonly number[];
  readonly ys: readonly number[];
  readonly cells: readonly GridCell[];
  /** Index into `cells` of each grid square, row-major. */
  readonly squares: Int32Array;
}

/** Rulings this close (perpendicular) are one line. */
const SAME_LINE = 1.5;
/** Collinear pieces with a gap up to this are joined (dashed or segmented borders). */
const JOIN_GAP = 3;
/** Slack when testing whether a horizontal and a vertical ruling touch. */
const TOUCH = 3;
/** Pivots closer than this are one pivot (double borders). */
const SAME_PIVOT = 2.5;
/** A separator must cover this share of the side it separates. */
const MIN_COVER = 0.5;
/** Guard against pathological pages. */
const MAX_SQUARES = 40_000;
const MAX_PAIRS = 4_000_000;

function mergeCollinear(rulings: readonly Ruling[]): Ruling[] {
  const sorted = [...rulings].sort((a, b) => a.pos - b.pos || a.from - b.from);
  const groups: Ruling[][] = [];
  for (const r of sorted) {
    const group = groups.at(-1);
    if (group && r.pos - (group[0] as Ruling).pos <= SAME_LINE) group.push(r);
    else groups.push([r]);
  }
  const out: Ruling[] = [];
  for (const group of groups) {
    const pos = group.reduce((s, r) => s + r.pos, 0) / group.length;
    const pieces = [...group].sort((a, b) => a.from - b.from);
    let from = (pieces[0] as Ruling).from;
    let to = (pieces[0] as Ruling).to;
    for (const p of pieces.slice(1)) {
      if (p.from <= to + JOIN_GAP) to = Math.max(to, p.to);
      else {
        out.push({ dir: (group[0] as Ruling).dir, pos, from, to });
        from = p.from;
        to = p.to;
      }
    }
    out.push({ dir: (group[0] as Ruling).dir, pos, from, to });
  }
  return out;
}

function touches(h: Ruling, v: Ruling): boolean {
  return v.pos >= h.from - TOUCH && v.pos <= h.to + TOUCH && h.pos >= v.from - TOUCH && h.pos <= v.to + TOUCH;
}

class UnionFind {
  private readonly parent: Int32Array;
  constructor(size: number) {
    this.parent = Int32Array.from({ length: size }, (_, i) => i);
  }
  find(i: number): number {
    let root = i;
    while (this.parent[root] !== root) root = this.parent[root] as number;
    while (this.parent[i] !== root) {
      const next = this.parent[i] as number;
      this.parent[i] = root;
      i = next;
    }
    return root;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent[rb] = ra;
  }
}

function pivots(values: readonly number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const v of sorted) {
    if (group.length > 0 && v - (group[0] as number) > SAME_PIVOT) {
      out.push(group.reduce((s, x) => s + x, 0) / group.length);
      group = [];
    }
    group.push(v);
  }
  if (group.length > 0) out.push(group.reduce((s, x) => s + x, 0) / group.length);
  return out;
}

/** Length of [a, b] covered by the rulings near `pos`. */
function covered(rulings: readonly Ruling[], pos: number, a: number, b: number): number {
  const spans = rulings
    .filter((r) => Math.abs(r.pos - pos) <= SAME_PIVOT)
    .map((r) => [Math.max(a, r.from), Math.min(b, r.to)] as const)
    .filter(([s, e]) => e > s)
    .sort((x, y) => x[0] - y[0]);
  let total = 0;
  let end = a;
  for (const [s, e] of spans) {
    if (e <= end) continue;
    total += e - Math.max(s, end);
    end = e;
  }
  return total;
}

function buildGrid(hs: readonly Ruling[], vs: readonly Ruling[]): Grid | null {
  const left = Math.min(...hs.map((h) => h.from));
  const right = Math.max(...hs.map((h) => h.to));
  const top = Math.min(...vs.map((v) => v.from));
  const bottom = Math.max(...vs.map((v) => v.to));
  // Outer edges count even where the table has no outer border.
  const xs = pivots([...vs.map((v) => v.pos), left, right]);
  const ys = pivots([...hs.map((h) => h.pos), top, bottom]);
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 2 || rows * cols > MAX_SQUARES) return null;
  const uf = new UnionFind(rows * cols);
  for (let r = 0; r < rows; r++) {
    const y0 = ys[r] as number;
    const y1 = ys[r + 1] as number;
    for (let c = 0; c < cols; c++) {
      const x0 = xs[c] as number;
      const x1 = xs[c + 1] as number;
      if (c + 1 < cols && covered(vs, x1, y0, y1) < MIN_COVER * (y1 - y0))
        uf.union(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && covered(hs, y1, x0, x1) < MIN_COVER * (x1 - x0))
        uf.union(r * cols + c, (r + 1) * cols + c);
    }
  }
  const byRoot = new Map<number, { r0: number; r1: number; c0: number; c1: number }>();
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = uf.find(r * cols + c);
      const cell = byRoot.get(root);
      if (!cell) byRoot.set(root, { r0: r, r1: r + 1, c0: c, c1: c + 1 });
      else {
        cell.r1 = Math.max(cell.r1, r + 1);
        cell.c0 = Math.min(cell.c0, c);
        cell.c1 = Math.max(cell.c1, c + 1);
      }
    }
  }
  if (byRoot.size < 2) return null;
  const roots = [...byRoot.keys()];
  const index = new Map(roots.map((root, i) => [root, i]));
  const squares = new Int32Array(rows * cols);
  for (let i = 0; i < squares.length; i++) squares[i] = index.get(uf.find(i)) ?? 0;
  return { xs, ys, cells: roots.map((root) => byRoot.get(root) as GridCell), squares };
}

/** The grids on a page, top to bottom. */
export function findGrids(rulings: readonly Ruling[]): Grid[] {
  const hs = mergeCollinear(rulings.filter((r) => r.dir === "h"));
  const vs = mergeCollinear(rulings.filter((r) => r.dir === "v"));
  if (hs.length < 2 || vs.length < 2 || hs.length * vs.length > MAX_PAIRS) return [];
  const all = [...hs, ...vs];
  const uf = new UnionFind(all.length);
  hs.forEach((h, i) => {
    vs.forEach((v, j) => {
      if (touches(h, v)) uf.union(i, hs.length + j);
    });
  });
  const components = new Map<number, { hs: Ruling[]; vs: Ruling[] }>();
  all.forEach((r, i) => {
    const root = uf.find(i);
    const comp = components.get(root) ?? { hs: [], vs: [] };
    (r.dir === "h" ? comp.hs : comp.vs).push(r);
    components.set(root, comp);
  });
  const grids: Grid[] = [];
  for (const comp of components.values()) {
    if (comp.hs.length < 2 || comp.vs.length < 2) continue;
    const grid = buildGrid(comp.hs, comp.vs);
    if (grid) grids.push(grid);
  }
  return grids.sort((a, b) => (a.ys[0] as number) - (b.ys[0] as number));
}

/** Index of the cell containing (x, y), or -1. */
export function cellAt(grid: Grid, x: number, y: number): number {
  const { xs, ys } = grid;
  if (
    x < (xs[0] as number) ||
    x > (xs.at(-1) as number) ||
    y < (ys[0] as number) ||
    y > (ys.at(-1) as number)
  )
    return -1;
  const r = pivotIndex(ys, y);
  const c = pivotIndex(xs, x);
  return grid.squares[r * (xs.length - 1) + c] ?? -1;
}

/** Index of the last pivot at or before `v`, at most the last but one (a module function: cellAt is hot). */
function pivotIndex(pivots: readonly number[], v: number): number {
  let lo = 0;
  let hi = pivots.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((pivots[mid] as number) <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
