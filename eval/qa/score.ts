/**
 * Scores an answerer on the question set (eval/qa/): right, wrong number (a figure that is not the
 * expected one, a cited cell whose value contradicts the report's gold, or any figure where the report
 * cannot answer: counted apart, it is worse than no answer), or not answered; the share of right
 * numeric answers that cite a cell; and each answer's time.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditResult } from "../../audit/result.ts";
import { auditDetailed } from "../../audit/run-audit.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { Answer, AnswerContext, Answerer, QaTurn } from "../../qa/answerer.ts";
import { REPO_DIR } from "../cases.ts";
import { loadRealGolds, type RealGold } from "../real.ts";
import { type QuestionCase, resolveReal } from "./expect.ts";
import { REAL_QUESTIONS } from "./real-questions.ts";
import { SEED_FILES, SEED_QUESTIONS } from "./seed-questions.ts";

export type Verdict = "right" | "wrong" | "unanswered";

export interface Scored {
  readonly case: QuestionCase;
  readonly answer: Answer;
  readonly verdict: Verdict;
  /** Why it is not right. */
  readonly why: string;
  /** Median of `runs` timings of the same answer (one run is exposed to a GC pause or a busy core). */
  readonly ms: number;
  /** Slowest of those runs. */
  readonly maxMs: number;
}

export interface Score {
  readonly results: readonly Scored[];
  readonly right: number;
  readonly wrong: number;
  readonly unanswered: number;
  /** Answers to a figure question that state a number and cite a source, over those that state a number. */
  readonly cited: number;
  readonly numeric: number;
}

export interface AuditedReport {
  readonly result: AuditResult;
  readonly parsed: ParsedReport | null;
}

const seedDir = join(REPO_DIR, "tests/fixtures/seeds");

/** Every question of the set: the seed cases as written, the real cases resolved from their gold. */
export function loadQuestions(): { cases: QuestionCase[]; golds: Map<string, RealGold> } {
  const golds = new Map<string, RealGold>();
  for (const l of loadRealGolds()) if (l.gold) golds.set(l.gold.id, l.gold);
  const real = REAL_QUESTIONS.map((c) => {
    const gold = golds.get(c.real);
    if (!gold) throw new Error(`eval/qa: no gold for ${c.real}`);
    return resolveReal(c, gold);
  });
  return { cases: [...SEED_QUESTIONS, ...real], golds };
}

/** Key of the report a case is about. */
export const reportOf = (c: QuestionCase): string => (c.seed ? `seed:${c.seed}` : `real:${c.real}`);

/** Audits each report the cases ask about once (a real report in its first stored form). */
export async function auditReports(
  cases: readonly QuestionCase[],
  golds: ReadonlyMap<string, RealGold>,
): Promise<Map<string, AuditedReport>> {
  const out = new Map<string, AuditedReport>();
  for (const c of cases) {
    const key = reportOf(c);
    if (out.has(key)) continue;
    let path: string;
    if (c.seed) path = join(seedDir, SEED_FILES[c.seed]);
    else {
      const gold = golds.get(c.real ?? "");
      const rel = gold ? Object.values(gold.files)[0] : undefined;
      if (!rel) throw new Error(`eval/qa: no file for ${c.real}`);
      path = join(REPO_DIR, rel);
    }
    const name = path.slice(path.lastIndexOf("/") + 1);
    const d = await auditDetailed(new Uint8Array(readFileSync(path)), name);
    out.set(key, { result: d.result, parsed: d.report });
  }
  return out;
}

const flat = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

function numbersIn(text: string): Set<number> {
  const found = new Set<number>();
  for (const m of text
    .normalize("NFKC")
    .replace(/(\d),(?=\d{3})/g, "$1")
    .matchAll(/\d+(?:\.\d+)?/g))
    found.add(Number(m[0]));
  return found;
}

const SAYS_MISSING = /没有|未找到|未写明|无法|不在|未能|没能|空白|不能|未识别/;

/** Cited cells whose value the gold contradicts (another value, or any value where the gold holds null). */
function contradicted(c: QuestionCase, a: Answer): string[] {
  if (!c.gold) return [];
  const out: string[] = [];
  for (const x of a.citations) {
    if (x.value === null || !(x.key in c.gold)) continue;
    const g = c.gold[x.key];
    if (g === null || g === undefined) out.push(`${x.key}=${x.value} (gold: null)`);
    else if (Math.abs(g - x.value) > 0.005) out.push(`${x.key}=${x.value} (gold: ${g})`);
  }
  return out;
}

export function judge(c: QuestionCase, a: Answer): { verdict: Verdict; why: string } {
  const text = flat(a.text);
  const numbers = numbersIn(a.text);
  const figureCited = a.citations.some((x) => x.value !== null);
  const missingPhrases = (c.contains ?? []).filter((p) => !text.includes(flat(p)));
  const against = contradicted(c, a);
  if (against.length > 0) return { verdict: "wrong", why: `cites ${against.join("、")}` };
  if (c.cannot) {
    // Cells may be cited to show what is missing (a blank, a zero denominator); a figure without that is wrong.
    if (!SAYS_MISSING.test(text))
      return figureCited
        ? { verdict: "wrong", why: "gave a figure where the report cannot answer" }
        : { verdict: "unanswered", why: "does not say what is missing" };
    if (missingPhrases.length > 0)
      return { verdict: "unanswered", why: `lacks ${missingPhrases.join("、")}` };
    return { verdict: "right", why: "" };
  }
  const missingValues = (c.values ?? []).filter((v) =>
    typeof v === "string" ? !text.includes(flat(v)) : !numbers.has(v),
  );
  const cited = new Set(a.citations.map((x) => x.key));
  const missingCites = (c.cites ?? []).filter((k) => !cited.has(k));
  if (missingValues.length > 0) {
    // A wrong number: the figures it cites are none of the expected ones (listing the right parts of a
    // sum without the sum is incomplete, not wrong); where only a rate is expected, another rate stated.
    const expected = (c.values ?? []).filter((v): v is number => typeof v === "number");
    const citedValues = a.citations.map((x) => x.value).filter((v): v is number => v !== null);
    const rates = [...a.text.normalize("NFKC").matchAll(/\d+(?:\.\d+)?%/g)].map((m) => m[0]);
    const offTarget =
      expected.length > 0
        ? figureCited && !citedValues.some((v) => expected.includes(v))
        : rates.some((r) => !(c.values ?? []).includes(r));
    return {
      verdict: a.handled && offTarget ? "wrong" : "unanswered",
      why: `lacks ${missingValues.join("、")}`,
    };
  }
  if (!a.handled) return { verdict: "unanswered", why: "not handled" };
  if (missingCites.length > 0)
    return { verdict: "unanswered", why: `does not cite ${missingCites.join("、")}` };
  if (missingPhrases.length > 0) return { verdict: "unanswered", why: `lacks ${missingPhrases.join("、")}` };
  return { verdict: "right", why: "" };
}

export async function scoreQuestions(
  answerer: Answerer,
  reports: ReadonlyMap<string, AuditedReport>,
  cases: readonly QuestionCase[],
  runs = 3,
): Promise<Score> {
  const results: Scored[] = [];
  for (const c of cases) {
    const audited = reports.get(reportOf(c));
    if (!audited) throw new Error(`eval/qa: ${reportOf(c)} not audited`);
    const { result, parsed } = audited;
    const history: QaTurn[] = [];
    for (const question of c.history ?? []) {
      const ctx: AnswerContext = { report: result, history: [...history], parsed };
      const earlier = await answerer.answer(question, ctx);
      history.push({ question, answer: earlier.text, at: "2025-01-01T00:00:00Z" });
    }
    const times: number[] = [];
    let answer: Answer | null = null;
    for (let i = 0; i < Math.max(1, runs); i++) {
      const started = performance.now();
      const a = await answerer.answer(c.q, { report: result, history, parsed });
      times.push(performance.now() - started);
      answer ??= a;
    }
    if (!answer) throw new Error("no answer");
    times.sort((a, b) => a - b);
    const ms = times[Math.floor(times.length / 2)] ?? 0;
    results.push({ case: c, answer, ms, maxMs: times.at(-1) ?? ms, ...judge(c, answer) });
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const numeric = results.filter(
    (r) => (r.case.values ?? []).length > 0 && r.answer.handled && numbersIn(r.answer.text).size > 0,
  );
  return {
    results,
    right: count("right"),
    wrong: count("wrong"),
    unanswered: count("unanswered"),
    numeric: numeric.length,
    cited: numeric.filter((r) => r.answer.citations.length > 0).length,
  };
}
