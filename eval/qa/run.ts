/**
 * `npm run eval -- --qa [--verbose] [--json FILE]`: the deterministic answerer over the question set
 * (eval/qa/: the seeds' questions and the real corpus's, expected figures from the gold). Prints the
 * share answered right, wrong numbers counted apart and listed, the share of numeric answers with a
 * citation, and the slowest answer. Targets (issue 15): ≥ 95% right, 100% cited, 0 wrong, ≤ 50 ms.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DeterministicAnswerer } from "../../qa/deterministic.ts";
import { auditReports, loadQuestions, reportOf, type Score, type Scored, scoreQuestions } from "./score.ts";

export const QA_TARGETS = { right: 0.95, cited: 1, wrong: 0, slowestMs: 50 } as const;

const pct = (k: number, of: number) => (of === 0 ? "—" : `${Math.round((k / of) * 1000) / 10}%`);

function line(label: string, results: readonly Scored[]): string {
  const right = results.filter((r) => r.verdict === "right").length;
  const wrong = results.filter((r) => r.verdict === "wrong").length;
  return `${label}: ${right}/${results.length} right (${pct(right, results.length)}), ${wrong} wrong`;
}

export function renderQa(score: Score, verbose: boolean): string {
  const n = score.results.length;
  const slowest = score.results.reduce((a, b) => (b.ms > a.ms ? b : a));
  const slowestRun = score.results.reduce((a, b) => (b.maxMs > a.maxMs ? b : a));
  const sorted = score.results.map((r) => r.ms).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  const out = [
    `questions: ${n} (${score.results.filter((r) => r.case.seed).length} over the seeds, ${score.results.filter((r) => r.case.real).length} over ${new Set(score.results.filter((r) => r.case.real).map((r) => r.case.real)).size} real reports)`,
    `right: ${score.right}/${n} (${pct(score.right, n)}; target ≥ ${QA_TARGETS.right * 100}%)`,
    `  ${line(
      "seeds",
      score.results.filter((r) => r.case.seed),
    )}`,
    `  ${line(
      "real",
      score.results.filter((r) => r.case.real),
    )}`,
    `    ${line(
      "of which batch 2 (written after the answerer's fixes)",
      score.results.filter((r) => r.case.batch === 2),
    )}`,
    `    ${line(
      "of which batch 3 (pronouns and ellipsis, written after batch 2's fix)",
      score.results.filter((r) => r.case.batch === 3),
    )}`,
    `wrong numbers: ${score.wrong} (target 0)`,
    `not answered: ${score.unanswered}`,
    `numeric answers cited: ${score.cited}/${score.numeric} (${pct(score.cited, score.numeric)}; target 100%)`,
    `slowest answer: ${slowest.ms.toFixed(1)} ms, median of 3 runs (${reportOf(slowest.case)} 「${slowest.case.q}」; target ≤ ${QA_TARGETS.slowestMs} ms); median answer ${median.toFixed(1)} ms`,
    `slowest single run: ${slowestRun.maxMs.toFixed(1)} ms (${reportOf(slowestRun.case)} 「${slowestRun.case.q}」)`,
  ];
  const show = (r: Scored) => {
    out.push(`  ${reportOf(r.case)} 「${r.case.q}」 — ${r.why}`);
    if (verbose) out.push(`      ${r.answer.text.replace(/\n/g, "\n      ")}`);
  };
  const wrong = score.results.filter((r) => r.verdict === "wrong");
  if (wrong.length > 0) out.push("WRONG:");
  wrong.forEach(show);
  const unanswered = score.results.filter((r) => r.verdict === "unanswered");
  if (unanswered.length > 0) out.push("NOT ANSWERED:");
  unanswered.forEach(show);
  return `${out.join("\n")}\n`;
}

export async function runQa(verbose: boolean, json: string | undefined): Promise<number> {
  const { cases, golds } = loadQuestions();
  const reports = await auditReports(cases, golds);
  const score = await scoreQuestions(new DeterministicAnswerer(), reports, cases);
  process.stdout.write(renderQa(score, verbose));
  if (json) {
    const file = resolve(json);
    mkdirSync(dirname(file), { recursive: true });
    const rows = score.results.map((r) => ({
      report: reportOf(r.case),
      q: r.case.q,
      verdict: r.verdict,
      why: r.why,
      ms: Math.round(r.ms * 10) / 10,
      maxMs: Math.round(r.maxMs * 10) / 10,
      answer: r.answer.text,
    }));
    const { results: _r, ...totals } = score;
    writeFileSync(file, `${JSON.stringify({ ...totals, questions: rows }, null, 1)}\n`);
  }
  return 0;
}
