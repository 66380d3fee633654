/**
 * The six sections of a report (rules.md §3): headings are found by their top-level numbering and
 * keywords, in order, and confirmed by the tables where possible. Pure: no I/O.
 *
 * Traps handled here: sub-headings such as （一）主动公开 / （二）依申请公开 inside 一 are never
 * sections (parenthesised numbering is never top-level); a nested 一、/二、 list inside 五 restarts
 * the numbering and is ignored; 1、2、3、 followed by 四、 (seed 003) is accepted.
 */

import { chineseNumber } from "./cn-numerals.ts";
import { type Document, type Line, lineText } from "./document.ts";
import { nfkc } from "./readers/normalize-text.ts";
import type { Section } from "./schema.ts";
import { labelSimilarity } from "./template/similarity.ts";

export type SectionNumber = 1 | 2 | 3 | 4 | 5 | 6;

/** Official titles of the six sections (rules.md §3). */
export const SECTION_TITLES: Readonly<Record<SectionNumber, string>> = {
  1: "总体情况",
  2: "主动公开政府信息情况",
  3: "收到和处理政府信息公开申请情况",
  4: "政府信息公开行政复议、行政诉讼情况",
  5: "存在的主要问题及改进情况",
  6: "其他需要报告的事项",
};

export const CN_NUMERALS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] as const;

/** A section plus the source line of each line of its text (text.split("\n")[i] ↔ lineNumbers[i]). */
export interface ProseSection extends Section {
  readonly lineNumbers: readonly number[];
}

export interface ExtraSection {
  readonly heading: string;
  readonly line: number;
}

export interface SectionsResult {
  sections: ProseSection[];
  extra: ExtraSection[];
}

// ------------------------------------------------------------------ normalisation

const BOOKMARK = /\[bookmark:[^\]]*\]/gi;

/** Prose line as kept in Section.text: NFKC, no markdown debris, single spaces; "" for debris. */
export function cleanProseLine(text: string): string {
  let t = nfkc(text)
    .replace(BOOKMARK, "")
    .replace(/[\u00a0\u3000\t]/g, " ");
  t = t.replace(/^\s*#{1,6}\s*/, "").replace(/^\s*>\s*/, "");
  t = t.replace(/\*\*|__/g, "");
  t = t.replace(/\s+/g, " ").trim();
  if (/^[-=_*~|:+\s]*$/.test(t)) return "";
  // A lone page number ("4", "- 4 -", "第4页", "第4页共6页").
  if (/^[-—–\s]*\d{1,3}[-—–\s]*$/.test(t) || /^第\d{1,3}页(?:共\d{1,3}页)?$/.test(t.replace(/\s/g, "")))
    return "";
  return t;
}

/** Heading form: NFKC, no whitespace, no markdown. */
function compactHeading(text: string): string {
  return nfkc(text)
    .replace(BOOKMARK, "")
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[#*>`|]+/g, "");
}

export type NumberingStyle = "cn" | "part" | "arabic" | "paren" | "circled" | "none";

export interface Numbering {
  readonly style: NumberingStyle;
  readonly ordinal: number | null;
  /** The numbering as printed (NFKC, no spaces): "一、", "1、", "第一部分", "(一)". */
  readonly token: string;
  /** Heading text without the numbering and trailing punctuation. */
  readonly rest: string;
}

/** A heading's text without its trailing punctuation. */
function tail(s: string): string {
  return s.replace(/[。.:：;；,，!！]+$/, "");
}

/** A section numeral glued to the start of a §3 title without its 、 (「一总体情况」). */
const BARE_HEADING =
  /^([一二三四五六])(?=总体情况|主动公开政府信息情况|收到和处理政府信息公开申请|政府信息公开行政复议|因政府信息公开工作|存在的主要问题|其他需要?报告的事项)/;

/** Split the numbering off a heading-like line. */
export function parseNumbering(raw: string): Numbering {
  const spaced = nfkc(raw)
    .replace(BOOKMARK, "")
    .replace(/^\s*#{1,6}\s*/, "")
    .trim();
  const text = compactHeading(spaced);
  let m = /^第([一二三四五六七八九十]{1,3})部分[、.,:]?/.exec(text);
  if (m?.[1])
    return { style: "part", ordinal: chineseNumber(m[1]), token: m[0], rest: tail(text.slice(m[0].length)) };
  m = /^([一二三四五六七八九十]{1,3})[、.,](?!\d)/.exec(text);
  if (m?.[1] && !Number.isNaN(chineseNumber(m[1]))) {
    return { style: "cn", ordinal: chineseNumber(m[1]), token: m[0], rest: tail(text.slice(m[0].length)) };
  }
  // "一总体情况": the numeral glued to a section's own title, its 、 lost.
  const bare = BARE_HEADING.exec(text);
  if (bare?.[1]) {
    return { style: "cn", ordinal: chineseNumber(bare[1]), token: bare[1], rest: tail(text.slice(1)) };
  }
  // "一 总体情况": a numeral separated by a space only.
  const s = /^([一二三四五六七八九十]{1,2})\s+(?=\S)/.exec(spaced);
  if (s?.[1] && !Number.isNaN(chineseNumber(s[1]))) {
    return { style: "cn", ordinal: chineseNumber(s[1]), token: s[1], rest: tail(text.slice(s[1].length)) };
  }
  m = /^(\d{1,2})[、.](?!\d)/.exec(text);
  if (m?.[1])
    return { style: "arabic", ordinal: Number(m[1]), token: m[0], rest: tail(text.slice(m[0].length)) };
  m = /^\(([一二三四五六七八九十]{1,3})\)/.exec(text);
  if (m?.[1])
    return { style: "paren", ordinal: chineseNumber(m[1]), token: m[0], rest: tail(text.slice(m[0].length)) };
  m = /^\((\d{1,2})\)/.exec(text);
  if (m?.[1])
    return { style: "paren", ordinal: Number(m[1]), token: m[0], rest: tail(text.slice(m[0].length)) };
  m = /^([①②③④⑤⑥⑦⑧⑨⑩])/.exec(text);
  if (m?.[1]) {
    return {
      style: "circled",
      ordinal: "①②③④⑤⑥⑦⑧⑨⑩".indexOf(m[1]) + 1,
      token: m[0],
      rest: tail(text.slice(1)),
    };
  }
  return { style: "none", ordinal: null, token: "", rest: tail(text) };
}

// ------------------------------------------------------------------ keywords

type Strength = "strong" | "weak" | null;

/** Does a heading text name section n? strong = the §3 keywords, weak = a partial paraphrase. */
export function headingMatch(n: SectionNumber, rest: string): Strength {
  const has = (re: RegExp) => re.test(rest);
  switch (n) {
    case 1:
      return has(/总体/) ? "strong" : has(/概况|概述|基本情况/) ? "weak" : null;
    case 2:
      return has(/主动公开/) && !has(/申请/) ? "strong" : null;
    case 3:
      if (has(/申请/) && has(/收到|处理|受理|办理/)) return "strong";
      return has(/依申请公开/) ? "weak" : null;
    case 4:
      if (has(/复议/) && has(/诉讼/)) return "strong";
      return has(/复议|诉讼/) ? "weak" : null;
    case 5:
      if (has(/问题|不足/) && has(/改进|整改|措施/)) return "strong";
      return has(/问题|不足|改进|整改/) ? "weak" : null;
    case 6:
      if (has(/其他|其它/) && has(/事项/)) return "strong";
      return has(/其他需|其它需/) ? "weak" : null;
  }
}

// ------------------------------------------------------------------ detection

interface Candidate {
  readonly index: number;
  readonly line: Line;
  readonly numbering: Numbering;
  readonly heading: string;
  /** Prose printed on the heading's line after it ("一、总体情况。2023年，…"). */
  readonly inline?: string;
}

/**
 * A heading run together with its first sentence: numbering, a title ending in 情况/事项 and a
 * stop (。：), then prose. Returns the heading part and the prose.
 */
function splitInlineHeading(raw: string, numbering: Numbering): { rest: string; inline: string } | null {
  const cut = /[。:：]/.exec(numbering.rest.slice(0, MAX_HEADING));
  if (!cut) return null;
  const rest = numbering.rest.slice(0, cut.index);
  if (!/(情况|事项)$/.test(rest)) return null;
  const cleaned = cleanProseLine(raw);
  for (let i = 0; i < cleaned.length; i++) {
    if (!/[。:：]/.test(cleaned[i] ?? "")) continue;
    if (compactHeading(cleaned.slice(0, i)).endsWith(rest)) {
      const inline = cleaned.slice(i + 1).trim();
      return inline === "" ? null : { rest, inline };
    }
  }
  return null;
}

const TOP_STYLES: ReadonlySet<NumberingStyle> = new Set(["cn", "part", "arabic"]);
/** How like the official title an OCR'd heading with the section's own number must be. */
const OCR_TITLE_LIKE = 0.4;
const MAX_HEADING = 40;
const MAX_EXTRA_HEADING = 30;

/**
 * The characters two texts share in order (their longest common subsequence), as a share of the longer:
 * a short title with every other glyph misread (「总广请况」 for 总体情况: 0.5) shares no pair of
 * neighbouring characters, which labelSimilarity counts.
 */
function inOrderShare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  if (x.length === 0 || y.length === 0) return 0;
  let prev = new Array<number>(y.length + 1).fill(0);
  for (const ch of x) {
    const row = [0];
    y.forEach((other, j) => {
      row.push(ch === other ? (prev[j] as number) + 1 : Math.max(prev[j + 1] as number, row[j] as number));
    });
    prev = row;
  }
  return (prev[y.length] as number) / Math.max(x.length, y.length);
}

function isTopLevel(c: Candidate): boolean {
  return TOP_STYLES.has(c.numbering.style) && c.numbering.ordinal !== null;
}

/** Is this candidate acceptable as section n after a section numbered `prevOrdinal`? */
function ordinalFits(c: Candidate, n: number, prevOrdinal: number, strength: Strength): boolean {
  const o = c.numbering.ordinal;
  if (o === null) return false;
  if (strength === "weak") return o === n || o === prevOrdinal + 1;
  return o > prevOrdinal && o <= Math.max(n, prevOrdinal + 1) + 1;
}

/** First line (in tableLines) matching `re`, at or after `from`. */
function anchor(
  lines: readonly Line[],
  tableLines: ReadonlySet<number>,
  re: RegExp,
  from = -1,
): number | null {
  for (const l of lines) {
    if (l.line <= from || !tableLines.has(l.line)) continue;
    if (re.test(compactHeading(lineText(l)))) return l.line;
  }
  return null;
}

export function findSections(doc: Document, tableLines: ReadonlySet<number>): SectionsResult {
  const lines = doc.lines;
  const candidates: Candidate[] = [];
  lines.forEach((line, index) => {
    if (tableLines.has(line.line)) return;
    const raw = lineText(line);
    if (raw.trim() === "") return;
    const numbering = parseNumbering(raw);
    if (numbering.rest === "") return;
    // "一、总体情况。2023年，…": the heading and the first sentence on one line.
    const split = TOP_STYLES.has(numbering.style) ? splitInlineHeading(raw, numbering) : null;
    if (split && ([1, 2, 3, 4, 5, 6] as const).some((n) => headingMatch(n, split.rest) === "strong")) {
      const heading = `${numbering.token}${split.rest}`;
      candidates.push({
        index,
        line,
        numbering: { ...numbering, rest: split.rest },
        heading,
        inline: split.inline,
      });
      return;
    }
    if (numbering.rest.length > MAX_HEADING) return;
    const heading = compactHeading(raw.replace(/^\s*#{1,6}\s*/, "")).replace(/[。:：;；,，]+$/, "");
    candidates.push({ index, line, numbering, heading });
  });

  // Tables confirm sections 二, 三, 四: the heading is the last candidate before its table.
  const a3 = anchor(lines, tableLines, /勾稽关系|本年新收政府信息公开申请/);
  const anchors: Partial<Record<SectionNumber, number | null>> = {
    2: anchor(lines, tableLines, /第二十条/),
    3: a3,
    4: anchor(lines, tableLines, /行政复议/, a3 ?? -1),
  };

  const picked = new Map<SectionNumber, Candidate>();
  const used = new Set<number>();
  /** Style of the accepted headings so far: an arabic heading after a Chinese-numbered one is a sub-heading. */
  let seenChinese = false;
  let prev: { index: number; ordinal: number } = { index: -1, ordinal: 0 };
  const continuations: Candidate[] = [];

  // Read by OCR, a heading's keywords may be misread (「三、监到和处理政府售息公开申让二况」): its own
  // number and a title like the official one still name the section, as a weak match.
  const ocr = doc.info.ocr !== undefined;
  const strengthOf = (n: SectionNumber, c: Candidate): Strength =>
    headingMatch(n, c.numbering.rest) ??
    (ocr &&
    c.numbering.ordinal === n &&
    Math.max(
      labelSimilarity(c.numbering.rest, SECTION_TITLES[n]),
      inOrderShare(c.numbering.rest, SECTION_TITLES[n]),
    ) >= OCR_TITLE_LIKE
      ? "weak"
      : null);

  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    const fitting = candidates.filter((c) => {
      if (c.index <= prev.index || used.has(c.index) || !isTopLevel(c)) return false;
      if (c.numbering.style === "arabic" && seenChinese) return false;
      const strength = strengthOf(n, c);
      return strength !== null && ordinalFits(c, n, prev.ordinal, strength);
    });
    const limit = anchors[n];
    let choice: Candidate | undefined;
    if (limit != null) choice = fitting.filter((c) => c.line.line < limit).at(-1);
    choice ??= fitting[0];
    if (!choice) continue;
    picked.set(n, choice);
    used.add(choice.index);
    if (choice.numbering.style !== "arabic") seenChinese = true;
    prev = { index: choice.index, ordinal: choice.numbering.ordinal ?? prev.ordinal + 1 };
    // 五 split into two top-level headings (问题 / 改进情况): the second continues 五.
    if (n === 5 && headingMatch(5, choice.numbering.rest) === "weak") {
      const next = candidates.find(
        (c) =>
          c.index > choice.index &&
          isTopLevel(c) &&
          c.numbering.ordinal === prev.ordinal + 1 &&
          /改进|整改|措施/.test(c.numbering.rest) &&
          headingMatch(6, c.numbering.rest) === null,
      );
      if (next) {
        continuations.push(next);
        used.add(next.index);
        prev = { index: next.index, ordinal: next.numbering.ordinal ?? prev.ordinal + 1 };
      }
    }
  }

  // Sections out of order: a missing section whose top-level heading (with the full keywords) appears
  // before the section it should follow.
  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    if (picked.has(n)) continue;
    const c = candidates.find(
      (x) =>
        !used.has(x.index) &&
        isTopLevel(x) &&
        !(x.numbering.style === "arabic" && seenChinese) &&
        headingMatch(n, x.numbering.rest) === "strong",
    );
    if (c) {
      picked.set(n, c);
      used.add(c.index);
    }
  }

  // Unnumbered headings (a report without numbering): only between the neighbouring sections found.
  for (const n of [1, 2, 3, 4, 5, 6] as const) {
    if (picked.has(n)) continue;
    const before = [...picked.entries()].filter(([k]) => k < n).map(([, c]) => c.index);
    const after = [...picked.entries()].filter(([k]) => k > n).map(([, c]) => c.index);
    const lo = before.length > 0 ? Math.max(...before) : -1;
    const hi = after.length > 0 ? Math.min(...after) : Number.POSITIVE_INFINITY;
    const c = candidates.find(
      (x) =>
        !used.has(x.index) &&
        x.numbering.style === "none" &&
        x.index > lo &&
        x.index < hi &&
        x.numbering.rest.length <= 20 &&
        headingMatch(n, x.numbering.rest) === "strong" &&
        /(情况|事项)$/.test(x.numbering.rest),
    );
    if (c) {
      picked.set(n, c);
      used.add(c.index);
    }
  }

  // Extra top-level headings: numbered in the document's style, fitting the sequence between the
  // sections around them, not one of the six.
  const inOrder = [...picked.values()].sort((a, b) => a.index - b.index);
  const extra: Candidate[] = [...continuations];
  const mainArabicOnly = inOrder.length > 0 && inOrder.every((c) => c.numbering.style === "arabic");
  for (const c of candidates) {
    if (used.has(c.index) || !isTopLevel(c) || c.numbering.rest.length > MAX_EXTRA_HEADING) continue;
    if (c.numbering.style === "arabic" && !mainArabicOnly) {
      // Arabic numbering counts only where the sections themselves are numbered that way (1、2、3、).
      const previous = inOrder.filter((p) => p.index < c.index).at(-1);
      if (previous?.numbering.style !== "arabic") continue;
    }
    const before = inOrder.filter((p) => p.index < c.index).at(-1);
    const after = inOrder.find((p) => p.index > c.index);
    if (!before) continue;
    const o = c.numbering.ordinal ?? 0;
    const lo = before.numbering.ordinal ?? 0;
    const hi = after?.numbering.ordinal ?? Number.POSITIVE_INFINITY;
    if (o > lo && o < hi) extra.push(c);
  }
  extra.sort((a, b) => a.index - b.index);

  // Section text: the prose lines up to the next section or extra heading (a continuation of 五 stays
  // in 五, heading included).
  const continuationIndexes = new Set(continuations.map((c) => c.index));
  const stops = [
    ...inOrder.map((c) => c.index),
    ...extra.filter((c) => !continuationIndexes.has(c.index)).map((c) => c.index),
  ].sort((a, b) => a - b);
  const sections: ProseSection[] = [];
  for (const [no, c] of [...picked.entries()].sort((a, b) => a[0] - b[0])) {
    const end = stops.find((s) => s > c.index) ?? lines.length;
    const texts: string[] = c.inline === undefined ? [] : [c.inline];
    const lineNumbers: number[] = c.inline === undefined ? [] : [c.line.line];
    for (let i = c.index + 1; i < end; i++) {
      const line = lines[i] as Line;
      if (tableLines.has(line.line)) continue;
      const t = cleanProseLine(line.cells.map((cell) => cell.text).join(" "));
      if (t === "") continue;
      texts.push(t);
      lineNumbers.push(line.line);
    }
    sections.push({
      no,
      heading: c.heading,
      numbering: c.numbering.token,
      line: c.line.line,
      page: c.line.page,
      text: texts.join("\n"),
      lineNumbers,
    });
  }
  return { sections, extra: extra.map((c) => ({ heading: c.heading, line: c.line.line })) };
}

/** Section n of a list, if found. */
export function sectionOf<S extends Section>(sections: readonly S[], n: number): S | undefined {
  return sections.find((s) => s.no === n);
}
