/**
 * The problems Y−1's section 五 names, each with what Y's report says about it (the XY-PROBLEMS
 * question, item by item). A problem is a sentence of Y−1's 五 that names a shortcoming (不足, 不够,
 * 有待…) — or, where none does, each sentence before the improvement part. Its answer is Y's sentence
 * (section 五 first, then the whole report) sharing the most of its content words (character bigrams,
 * minus the words every report uses), with a mark whether that sentence reports a follow-up.
 */
import type { ParsedReport } from "../../extract/schema.ts";

export interface ProblemFollowUp {
  /** Y−1's sentence naming the problem. */
  readonly problem: string;
  /** Y's sentence that speaks to it, or null when none does. */
  readonly answer: string | null;
  /** Where the answer is: Y's section number. */
  readonly answerSection: number | null;
  /** followed_up: the answer reports work done (已/整改/完善…); mentioned: named again; none. */
  readonly status: "followed_up" | "mentioned" | "none";
  /** Share of the problem's content bigrams found in the answer (0..1). */
  readonly overlap: number;
}

const PROBLEM_CUE =
  /问题|不足|不够|有待|欠缺|薄弱|不高|不强|滞后|不及时|不到位|不规范|不平衡|较少|较弱|单一|仍需|还需|差距|短板|不完善|不全面|不深入/;
const PLAN_START = /^(（?[二2][）、.]|[二2][、.])?\s*(改进|整改|下一步|下一年|202\d年|今后|针对)/;
const DONE_CUE = /已|整改|完善了|落实|解决|改进|加强了|建立|开展|实现|提升/;
/** Bigrams every report uses: they say nothing about which problem is meant. */
const COMMON =
  /^(政府|信息|公开|工作|年度|报告|情况|进一|一步|加强|问题|存在|主要|改进|部门|本单|单位|进行|相关|方面|我们|全年|不足|继续|持续|进一步)$/;

function sentences(text: string): string[] {
  return text
    .split(/[。；;！!\n]/)
    .map((s) =>
      s.replace(/^\s*(（[一二三四五六七八九十\d]+）|[一二三四五六七八九十\d]+[、.．])\s*/, "").trim(),
    )
    .filter((s) => s.length >= 6);
}

function contentBigrams(text: string): Set<string> {
  const t = text.replace(/[^\u4e00-\u9fff]/g, "");
  const out = new Set<string>();
  for (let i = 0; i + 1 < t.length; i++) {
    const g = t.slice(i, i + 2);
    if (!COMMON.test(g)) out.add(g);
  }
  return out;
}

/** The problem sentences of a report's section 五 (empty when it has none). */
export function problemsOf(report: ParsedReport): string[] {
  const section = report.sections.find((s) => s.no === 5);
  if (!section) return [];
  const lines = section.text.split("\n");
  const planAt = lines.findIndex((l, i) => i > 0 && PLAN_START.test(l.trim()));
  const problemPart = planAt > 0 ? lines.slice(0, planAt).join("\n") : section.text;
  const all = sentences(problemPart);
  const cued = all.filter((s) => PROBLEM_CUE.test(s) && !/^存在的主要问题|^主要问题$/.test(s));
  return (cued.length > 0 ? cued : all).slice(0, 12);
}

/** Minimum share of a problem's content bigrams an answer must repeat. */
export const MIN_OVERLAP = 0.25;

export function followUps(previous: ParsedReport, current: ParsedReport): ProblemFollowUp[] {
  const candidates: { text: string; section: number; bigrams: Set<string> }[] = [];
  for (const s of [...current.sections].sort((a, b) => (a.no === 5 ? -1 : b.no === 5 ? 1 : a.no - b.no)))
    for (const text of sentences(s.text))
      candidates.push({ text, section: s.no, bigrams: contentBigrams(text) });
  return problemsOf(previous).map((problem) => {
    const want = contentBigrams(problem);
    let best: { text: string; section: number; overlap: number } | null = null;
    for (const c of candidates) {
      if (want.size === 0) break;
      let hit = 0;
      for (const g of want) if (c.bigrams.has(g)) hit++;
      const overlap = hit / want.size;
      // Section 五 wins ties (it comes first).
      if (best === null || overlap > best.overlap + 1e-9)
        best = { text: c.text, section: c.section, overlap };
    }
    if (best === null || best.overlap < MIN_OVERLAP)
      return { problem, answer: null, answerSection: null, status: "none", overlap: best?.overlap ?? 0 };
    return {
      problem,
      answer: best.text,
      answerSection: best.section,
      status: DONE_CUE.test(best.text) ? "followed_up" : "mentioned",
      overlap: Math.round(best.overlap * 100) / 100,
    };
  });
}

export const FOLLOW_UP_TITLES: Record<ProblemFollowUp["status"], string> = {
  followed_up: "有整改说明",
  mentioned: "再次提及",
  none: "未见回应",
};
