/**
 * Scores an answerer on the question set (tests/qa/question-set.ts): right, wrong number (a figure
 * that is not the expected one, or any figure where the report cannot answer: counted apart, it is
 * worse than no answer), or not answered; and the share of right numeric answers that cite a cell.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditResult } from "../../audit/result.ts";
import { auditDetailed } from "../../audit/run-audit.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { Answer, AnswerContext, Answerer, QaTurn } from "../../qa/answerer.ts";
import { QUESTIONS, type QuestionCase, SEED_FILES, type Seed } from "./question-set.ts";

export type Verdict = "right" | "wrong" | "unanswered";

export interface Scored {
  readonly case: QuestionCase;
  readonly answer: Answer;
  readonly verdict: Verdict;
  /** Why it is not right. */
  readonly why: string;
  readonly ms: number;
}

export interface Score {
  readonly results: readonly Scored[];
  readonly right: number;
  readonly wrong: number;
  readonly unanswered: number;
  /** Right answers that state a figure and cite at least one source, over right answers that state one. */
  readonly cited: number;
  readonly numeric: number;
}

const seedDir = join(import.meta.dirname, "../fixtures/seeds");

export interface SeedAudit {
  readonly result: AuditResult;
  readonly parsed: ParsedReport | null;
}

export async function auditSeeds(): Promise<Record<Seed, SeedAudit>> {
  const out: Partial<Record<Seed, SeedAudit>> = {};
  for (const [seed, file] of Object.entries(SEED_FILES) as [Seed, string][]) {
    const d = await auditDetailed(new Uint8Array(readFileSync(join(seedDir, file))), file);
    out[seed] = { result: d.result, parsed: d.report };
  }
  return out as Record<Seed, SeedAudit>;
}

const flat = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");

function numbersIn(text: string): Set<number> {
  const found = new Set<number>();
  for (const m of text.normalize("NFKC").matchAll(/\d+(?:\.\d+)?/g)) found.add(Number(m[0]));
  return found;
}

const SAYS_MISSING = /没有|未找到|未写明|无法|不在|未能|没能|空白|不能|未识别/;

export function judge(c: QuestionCase, a: Answer): { verdict: Verdict; why: string } {
  const text = flat(a.text);
  const numbers = numbersIn(a.text);
  const figureCited = a.citations.some((x) => x.value !== null);
  const missingPhrases = (c.contains ?? []).filter((p) => !text.includes(flat(p)));
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
    // sum without the sum is incomplete, not wrong).
    const expected = (c.values ?? []).filter((v): v is number => typeof v === "number");
    const citedValues = a.citations.map((x) => x.value).filter((v): v is number => v !== null);
    const offTarget = figureCited && !citedValues.some((v) => expected.includes(v));
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
  seeds: Record<Seed, SeedAudit>,
  cases: readonly QuestionCase[] = QUESTIONS,
): Promise<Score> {
  const results: Scored[] = [];
  for (const c of cases) {
    const { result, parsed } = seeds[c.seed];
    const history: QaTurn[] = [];
    for (const question of c.history ?? []) {
      const ctx: AnswerContext = { report: result, history: [...history], parsed };
      const earlier = await answerer.answer(question, ctx);
      history.push({ question, answer: earlier.text, at: "2025-01-01T00:00:00Z" });
    }
    const started = performance.now();
    const answer = await answerer.answer(c.q, { report: result, history, parsed });
    const ms = performance.now() - started;
    results.push({ case: c, answer, ms, ...judge(c, answer) });
  }
  const count = (v: Verdict) => results.filter((r) => r.verdict === v).length;
  const numericRight = results.filter((r) => r.verdict === "right" && (r.case.values ?? []).length > 0);
  return {
    results,
    right: count("right"),
    wrong: count("wrong"),
    unanswered: count("unanswered"),
    numeric: numericRight.length,
    cited: numericRight.filter((r) => r.answer.citations.length > 0).length,
  };
}
