/**
 * The grounding check of an LLM answer: every number in the text must be one the tools returned.
 * Arabic numerals (not parts of identifiers like T3-BAL or t3.new.total) and Chinese numerals before a
 * counter (五十六件) are both numbers here.
 */
import { chineseNumber } from "../extract/cn-numerals.ts";

const ARABIC_RE = /(?<![A-Za-z0-9_.-])\d+(?:\.\d+)?(?![A-Za-z0-9_])/g;
const CHINESE_RE = /([零一二两三四五六七八九十百]+)(?=[件宗个项条次起人元])/g;

/** Canonical text of a number ("4.0" → "4"), the unit of comparison. */
export function numberKey(n: number | string): string {
  return String(Number(n));
}

/** The numbers stated in a text, as numberKey strings, in order. */
export function numbersIn(text: string): string[] {
  const t = text.normalize("NFKC").replace(/(\d),(?=\d{3}\b)/g, "$1");
  const out = [...t.matchAll(ARABIC_RE)].map((m) => numberKey(m[0]));
  for (const m of t.matchAll(CHINESE_RE)) {
    const n = chineseNumber(m[1] as string);
    if (Number.isFinite(n)) out.push(numberKey(n));
  }
  return out;
}

/** Numbers of `text` that are not in `allowed` (empty = the text is grounded). */
export function ungroundedNumbers(text: string, allowed: ReadonlySet<string>): string[] {
  return [...new Set(numbersIn(text).filter((n) => !allowed.has(n)))];
}

/** Cut a text to `max` characters at a sentence end where possible. */
export function capLength(text: string, max: number): string {
  const t = text.trim();
  if (t.length <= max) return t;
  const head = t.slice(0, max);
  const end = Math.max(...["。", "！", "？", "\n", "；"].map((p) => head.lastIndexOf(p)));
  return `${end > max / 2 ? head.slice(0, end + 1) : head}……`;
}
