/** Character-bigram similarity for matching printed labels against the template's (rules.md §7). */

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const chars = [...text];
  if (chars.length === 1) out.set(text, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = `${chars[i]}${chars[i + 1]}`;
    out.set(gram, (out.get(gram) ?? 0) + 1);
  }
  return out;
}

function overlapCount(a: Map<string, number>, b: Map<string, number>): number {
  let n = 0;
  for (const [gram, count] of a) n += Math.min(count, b.get(gram) ?? 0);
  return n;
}

function size(m: Map<string, number>): number {
  let n = 0;
  for (const v of m.values()) n += v;
  return n;
}

/** Sørensen–Dice coefficient over character bigrams, 0..1. */
export function dice(a: string, b: string): number {
  if (a === b) return a === "" ? 0 : 1;
  const A = bigrams(a);
  const B = bigrams(b);
  const total = size(A) + size(B);
  return total === 0 ? 0 : (2 * overlapCount(A, B)) / total;
}

/** Overlap coefficient: shared bigrams over the smaller set (tolerates cut-off labels). */
export function overlap(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  const min = Math.min(size(A), size(B));
  return min === 0 ? 0 : overlapCount(A, B) / min;
}

/** Label similarity: mean of Dice and overlap, so truncation and small edits both score well. */
export function labelSimilarity(printed: string, expected: string): number {
  if (printed === "" || expected === "") return 0;
  return (dice(printed, expected) + overlap(printed, expected)) / 2;
}
