/**
 * Prints the deterministic answerer's accuracy on the question set:
 *   npx tsx tests/qa/measure-questions.ts [--verbose]
 * right / wrong number / not answered, the share of numeric answers with a citation, the slowest
 * answer, and every question that is not right (with the answer given, under --verbose).
 */
import { DeterministicAnswerer } from "../../qa/deterministic.ts";
import { auditSeeds, scoreQuestions } from "./score-questions.ts";

const verbose = process.argv.includes("--verbose");
const score = await scoreQuestions(new DeterministicAnswerer(), await auditSeeds());
const n = score.results.length;
const pct = (k: number, of: number) => (of === 0 ? "—" : `${Math.round((k / of) * 1000) / 10}%`);
console.log(`questions: ${n}`);
console.log(`right: ${score.right}/${n} (${pct(score.right, n)})`);
console.log(`wrong number: ${score.wrong}`);
console.log(`not answered: ${score.unanswered}`);
console.log(`numeric answers cited: ${score.cited}/${score.numeric} (${pct(score.cited, score.numeric)})`);
console.log(`slowest answer: ${Math.max(...score.results.map((r) => r.ms)).toFixed(1)} ms`);
for (const r of score.results) {
  if (r.verdict === "right") continue;
  console.log(`✗ [${r.verdict}] ${r.case.seed} ${r.case.q} — ${r.why}`);
  if (verbose) console.log(`    ${r.answer.text.replace(/\n/g, "\n    ")}`);
}
