/**
 * The prose of two years section by section (一 to 六): paragraphs added, removed and changed, with
 * character-level marks inside a changed paragraph. Paragraph alignment is jsdiff's `diffArrays`
 * (Myers) on the section's lines; a removed and an added paragraph of one hunk that are alike (bigram
 * Dice ≥ PAIR_SIMILARITY) are one changed paragraph, marked with `diffChars`.
 *
 * Years roll forward: before comparing, Y−1's "2023年" and Y's "2024年" both read as 本年 (likewise
 * the years before and after), so a paragraph whose only change is the year counts as unchanged.
 */
import { diffArrays, diffChars } from "diff";
import type { ParsedReport } from "../../extract/schema.ts";

export const SECTION_TITLES = [
  "",
  "一、总体情况",
  "二、主动公开政府信息情况",
  "三、收到和处理政府信息公开申请情况",
  "四、政府信息公开行政复议、行政诉讼情况",
  "五、存在的主要问题及改进情况",
  "六、其他需要报告的事项",
] as const;

/**
 * A run of characters in a changed paragraph: kept, only last year's, or only this year's. Last
 * year's years are shown moved on by one (its "2023年" reads "2024年"), so that only real edits are marked.
 */
export interface CharRun {
  readonly text: string;
  readonly op: "same" | "removed" | "added";
}

export type ParagraphChange =
  | { readonly op: "added"; readonly text: string }
  | { readonly op: "removed"; readonly text: string }
  | {
      readonly op: "changed";
      readonly previous: string;
      readonly current: string;
      readonly runs: readonly CharRun[];
    };

export interface SectionDiff {
  readonly no: number;
  readonly title: string;
  /** Section present in last year's / this year's report. */
  readonly inPrevious: boolean;
  readonly inCurrent: boolean;
  readonly unchanged: number;
  readonly changes: readonly ParagraphChange[];
}

/** Below this a removed and an added paragraph stay apart. */
export const PAIR_SIMILARITY = 0.45;

export function paragraphsOf(report: ParsedReport, no: number): string[] | null {
  const section = report.sections.find((s) => s.no === no);
  if (!section) return null;
  return section.text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
}

/** Last year's years moved on by one (2023 → 2024), for the character marks of a changed paragraph. */
export function rolledForward(text: string, fromYear: number | null, toYear: number | null): string {
  if (fromYear === null || toYear === null || toYear === fromYear) return text;
  const shift = toYear - fromYear;
  return text.replace(/(?<!\d)(20\d\d)(?!\d)/g, (m) => {
    const d = Number(m) - fromYear;
    return d >= -2 && d <= 1 ? String(Number(m) + shift) : m;
  });
}

/** Years written relative to the report year, so that a rolled-forward paragraph compares equal. */
export function yearNeutral(text: string, year: number | null): string {
  if (year === null) return text;
  return text.replace(/(?<!\d)(20\d\d)(?!\d)/g, (m) => {
    const d = Number(m) - year;
    return d >= -2 && d <= 1 ? `〔Y${d === 0 ? "" : d > 0 ? `+${d}` : d}〕` : m;
  });
}

function bigrams(text: string): Map<string, number> {
  const out = new Map<string, number>();
  const t = text.replace(/[\s，。、；：,.;:“”"（）()]/g, "");
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t.slice(i, i + 2);
    out.set(g, (out.get(g) ?? 0) + 1);
  }
  return out;
}

/** Bigram Dice coefficient (0..1). */
export function similarity(a: string, b: string): number {
  const x = bigrams(a);
  const y = bigrams(b);
  let total = 0;
  let common = 0;
  for (const n of x.values()) total += n;
  for (const n of y.values()) total += n;
  for (const [g, n] of x) common += Math.min(n, y.get(g) ?? 0);
  return total === 0 ? (a === b ? 1 : 0) : (2 * common) / total;
}

export function charRuns(previous: string, current: string): CharRun[] {
  return diffChars(previous, current).map((c) => ({
    text: c.value,
    op: c.added ? "added" : c.removed ? "removed" : "same",
  }));
}

/** Pairs alike removed/added paragraphs of one hunk (greedy, best first); the rest stay alone. */
function pairHunk(removed: string[], added: string[], prevYear: number | null, curYear: number | null) {
  const candidates: { i: number; j: number; s: number }[] = [];
  for (const [i, r] of removed.entries())
    for (const [j, a] of added.entries()) {
      const s = similarity(yearNeutral(r, prevYear), yearNeutral(a, curYear));
      if (s >= PAIR_SIMILARITY) candidates.push({ i, j, s });
    }
  candidates.sort((x, y) => y.s - x.s || x.i - y.i || x.j - y.j);
  const pairOfRemoved = new Map<number, number>();
  const usedAdded = new Set<number>();
  for (const c of candidates) {
    if (pairOfRemoved.has(c.i) || usedAdded.has(c.j)) continue;
    pairOfRemoved.set(c.i, c.j);
    usedAdded.add(c.j);
  }
  const out: ParagraphChange[] = [];
  for (const [i, r] of removed.entries()) {
    const j = pairOfRemoved.get(i);
    if (j === undefined) out.push({ op: "removed", text: r });
    else {
      const a = added[j] as string;
      // Marks compare last year's text with its years moved on: a rolled year is not a change.
      out.push({
        op: "changed",
        previous: r,
        current: a,
        runs: charRuns(rolledForward(r, prevYear, curYear), a),
      });
    }
  }
  for (const [j, a] of added.entries()) if (!usedAdded.has(j)) out.push({ op: "added", text: a });
  return out;
}

/** The paragraphs of one section in two years. */
export function diffParagraphs(
  previous: readonly string[],
  current: readonly string[],
  prevYear: number | null,
  curYear: number | null,
): { unchanged: number; changes: ParagraphChange[] } {
  const a = previous.map((p) => ({ raw: p, key: yearNeutral(p, prevYear) }));
  const b = current.map((p) => ({ raw: p, key: yearNeutral(p, curYear) }));
  const parts = diffArrays(a, b, { comparator: (x, y) => x.key === y.key });
  let unchanged = 0;
  const changes: ParagraphChange[] = [];
  let removed: string[] = [];
  let added: string[] = [];
  const flush = () => {
    if (removed.length > 0 || added.length > 0) changes.push(...pairHunk(removed, added, prevYear, curYear));
    removed = [];
    added = [];
  };
  for (const part of parts) {
    if (part.removed) removed.push(...part.value.map((v) => v.raw));
    else if (part.added) added.push(...part.value.map((v) => v.raw));
    else {
      flush();
      unchanged += part.value.length;
    }
  }
  flush();
  return { unchanged, changes };
}

/** Sections 一 to 六 of two years. */
export function diffSections(previous: ParsedReport, current: ParsedReport): SectionDiff[] {
  const out: SectionDiff[] = [];
  for (let no = 1; no <= 6; no++) {
    const a = paragraphsOf(previous, no);
    const b = paragraphsOf(current, no);
    const { unchanged, changes } = diffParagraphs(
      a ?? [],
      b ?? [],
      previous.meta.reportYear,
      current.meta.reportYear,
    );
    out.push({
      no,
      title: SECTION_TITLES[no] as string,
      inPrevious: a !== null,
      inCurrent: b !== null,
      unchanged,
      changes,
    });
  }
  return out;
}

/**
 * Section text is NFKC-normalised by the parser (full-width punctuation became ASCII); for people the
 * Chinese punctuation comes back: ， ； ： （ ） ！ ？ except between digits (1,234 and 18:30 stay).
 * One character for one, so character runs can be widened one by one.
 */
export function chinesePunctuation(text: string): string {
  return text
    .replace(/(?<!\d),|,(?!\d)/g, "，")
    .replace(/;/g, "；")
    .replace(/(?<!\d):|:(?!\d)/g, "：")
    .replace(/\(/g, "（")
    .replace(/\)/g, "）")
    .replace(/!/g, "！")
    .replace(/\?/g, "？");
}
