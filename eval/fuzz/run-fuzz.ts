/**
 * `npm run fuzz -- [--count 10000] [--seed N] [--budget SEC] [--workers N] [--no-save] [--minutes M]`:
 * the full fuzz run (the suite runs a slice of about 500 cases, tests/fuzz/fuzz.test.ts). Prints the
 * seed first, a line per finding, then the totals; exit 1 when a case failed (its input is in
 * tests/fixtures/fuzz-found/). Ctrl-C (SIGINT/SIGTERM) or `--minutes` stops it early: the cases in
 * flight finish and the totals so far are printed (`"stopped": true`); the same seed replays them.
 */
import { parseArgs } from "node:util";
import { rotatingSeed, runFuzz } from "./fuzz.ts";

const { values } = parseArgs({
  options: {
    count: { type: "string", default: "10000" },
    seed: { type: "string" },
    budget: { type: "string", default: "20" },
    workers: { type: "string", default: "2" },
    "no-save": { type: "boolean" },
    minutes: { type: "string" },
  },
});
const stop = new AbortController();
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => {
    process.stdout.write(`${signal}: no new cases; finishing the ones in flight…\n`);
    stop.abort();
  });
if (values.minutes !== undefined) setTimeout(() => stop.abort(), Number(values.minutes) * 60_000).unref();
const seed = values.seed === undefined ? rotatingSeed() : Number(values.seed);
const count = Number(values.count);
process.stdout.write(
  `fuzz: seed ${seed}, ${count} cases (replay: npm run fuzz -- --seed ${seed} --count ${count})\n`,
);
const totals = await runFuzz({
  seed,
  count,
  budgetMs: Number(values.budget) * 1000,
  workers: Number(values.workers),
  save: values["no-save"] !== true,
  signal: stop.signal,
  onCase: (run) => {
    if (run.verdict !== "ok")
      process.stdout.write(
        `FINDING ${run.verdict} case ${run.index} (${run.kind} of ${run.seedFile}, ${run.bytes} bytes, ${run.ms} ms)${run.detail ? `: ${run.detail}` : ""}${run.saved ? ` → ${run.saved}` : ""}\n`,
      );
    else if ((run.index + 1) % 500 === 0) process.stdout.write(`  … ${run.index + 1} cases\n`);
  },
});
process.stdout.write(
  `${JSON.stringify({
    seed: totals.seed,
    cases: totals.cases,
    findings: totals.findings.length,
    verdicts: totals.byVerdict,
    statuses: totals.byStatus,
    mutations: totals.byKind,
    maxCaseMs: totals.maxMs,
    seconds: Math.round(totals.elapsedMs / 100) / 10,
    stopped: totals.stopped,
  })}\n`,
);
process.exitCode = totals.findings.length > 0 ? 1 : 0;
