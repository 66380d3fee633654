/** Number formatting and rounding for messages and differences. */

/** Rounds away float noise (sums of 万元 decimals); never returns -0. */
export function round(n: number): number {
  const r = Math.round(n * 1e6) / 1e6;
  return r === 0 ? 0 : r;
}

/** "12", "64.01", "-3": integers as printed, decimals without float noise or trailing zeros. */
export function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(round(Number(n.toFixed(4))));
}

/** Equality of two figures up to float noise. */
export function same(a: number, b: number): boolean {
  return Math.abs(a - b) < 1e-9;
}
