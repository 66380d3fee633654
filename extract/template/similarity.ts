/** Character-bigram similarity for matching printed labels against the template's (rules.md §7). */

/** A string's bigram multiset (code points, as `[...text]` splits them) and its total count. */
interface Bigrams {
  readonly counts: ReadonlyMap<string, number>;
  readonly size: number;
}

/**
 * Bigrams by string: the template's labels are compared with every printed label, several times per
 * analysis, and a report's labels with many template labels. Bounded (cleared when full) so that a
 * long-running process does not keep every label it has seen.
 */
const cache = new Map<string, Bigrams>();
const CACHE_LIMIT = 4096;

function bigrams(text: string): Bigrams {
  const cached = cache.get(text);
  if (cached) return cached;
  const counts = new Map<string, number>();
  const chars = [...text];
  if (chars.length === 1) counts.set(text, 1);
  for (let i = 0; i + 1 < chars.length; i++) {
    const gram = `${chars[i]}${chars[i + 1]}`;
    counts.set(gram, (counts.get(gram) ?? 0) + 1);
  }
  let size = 0;
  for (const v of counts.values()) size += v;
  const grams: Bigrams = { counts, size };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(text, grams);
  return grams;
}

/** Shared bigrams, counted with multiplicity (a sum of integers: the same whichever side is walked). */
function overlapCount(a: Bigrams, b: Bigrams): number {
  const [small, large] = a.counts.size <= b.counts.size ? [a.counts, b.counts] : [b.counts, a.counts];
  let n = 0;
  for (const [gram, count] of small) {
    const other = large.get(gram);
    if (other !== undefined) n += Math.min(count, other);
  }
  return n;
}

function diceOf(A: Bigrams, B: Bigrams, shared: number): number {
  const total = A.size + B.size;
  return total === 0 ? 0 : (2 * shared) / total;
}

function overlapOf(A: Bigrams, B: Bigrams, shared: number): number {
  const min = Math.min(A.size, B.size);
  return min === 0 ? 0 : shared / min;
}

/** Sørensen–Dice coefficient over character bigrams, 0..1. */
export function dice(a: string, b: string): number {
  if (a === b) return a === "" ? 0 : 1;
  const A = bigrams(a);
  const B = bigrams(b);
  return diceOf(A, B, overlapCount(A, B));
}

/** Overlap coefficient: shared bigrams over the smaller set (tolerates cut-off labels). */
export function overlap(a: string, b: string): number {
  const A = bigrams(a);
  const B = bigrams(b);
  return overlapOf(A, B, overlapCount(A, B));
}

/** Label similarity: mean of Dice and overlap, so truncation and small edits both score well. */
export function labelSimilarity(printed: string, expected: string): number {
  if (printed === "" || expected === "") return 0;
  const A = bigrams(printed);
  const B = bigrams(expected);
  const shared = overlapCount(A, B);
  const diceValue = printed === expected ? 1 : diceOf(A, B, shared);
  return (diceValue + overlapOf(A, B, shared)) / 2;
}
