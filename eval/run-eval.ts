/**
 * `npm run eval`: the full pipeline over the seeds' gold (their text and the PDF/DOCX/HTML fixtures)
 * and a generated corpus (default 300 reports, both templates, all formats), scored field by field,
 * metadata, rule by rule. Prints tables; `--json FILE` writes the same as JSON. Exit 0 when it ran:
 * thresholds are the regression gate's job (tests/eval/gate.test.ts).
 *
 *   npm run eval -- [--limit N] [--first SEED] [--format text,html,docx,pdf] [--json FILE] [--no-seeds] [--dir DIR] [--llm]
 *   npm run eval -- --real [--json FILE] [--update-baseline]
 *   npm run eval -- --llm [--real] [--limit N] [--format F] [--concurrency N] [--rpm N] [--timeout-ms MS] [--json FILE]
 *   npm run eval -- --qa [--verbose] [--json FILE]
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { envWithDotenv, type LlmConfig, llmConfigFromEnv, REQUIRED_ENV } from "../extract/llm/config.ts";
import { LlmConfigError } from "../extract/llm/errors/llm-config-error.ts";
import { corpusFiles, loadSeedGolds, parseFormats, REPO_DIR, seedFiles } from "./cases.ts";
import { ensureCorpus } from "./generate/corpus.ts";
import { GENERATOR_VERSION } from "./generate/report.ts";
import { evalExtractor, RequestGate, renderLlm, runLlmEval, summarizeLlm } from "./llm-run.ts";
import { type EvalSummary, jsonReport, renderReport } from "./print.ts";
import { runQa } from "./qa/run.ts";
import { loadRealGolds, REAL_DIR, realFiles } from "./real.ts";
import { auditReal, type Baseline, baselineOf, regressions, renderReal, summarize } from "./real-run.ts";
import { auditFiles } from "./run.ts";
import type { GoldFile } from "./score.ts";

const USAGE = `usage: npm run eval -- [--limit N] [--first SEED] [--format text,html,docx,pdf] [--json FILE] [--no-seeds] [--dir DIR] [--llm]
  --limit N      generated reports (default 300)
  --first SEED   first seed number of the corpus (default 0)
  --format F     only these formats (comma-separated; default all)
  --json FILE    also write the results as JSON
  --no-seeds     leave out the five seeds
  --dir DIR      corpus cache directory (default eval/.cache/corpus-v${GENERATOR_VERSION})
  --llm          the LLM's reading against the gold (needs OPENAI_API_KEY and NIANBAO_LLM_MODEL, optional
                 OPENAI_BASE_URL / NIANBAO_LLM_MODE; docs/llm.md): seeds then generated reports, text form
                 unless --format, --limit N files (default 20); with --real the real corpus (all files unless
                 --limit; --format does not apply). [--concurrency N (2)] [--rpm N requests per minute,
                 0 = no cap] [--timeout-ms MS per report, default NIANBAO_LLM_TIMEOUT_MS]
  --real         the real corpus (eval/real/) instead: per form, per rule, against its baseline
  --update-baseline  with --real: write eval/real/baseline.json from this run
  --qa           the follow-up question set (eval/qa/) with the deterministic answerer
  --verbose      with --qa: print each missed question's answer
  --ocr          the OCR bench instead (eval/ocr-bench.ts; slow): [--seeds 002,004] [--generated] [--only g00035]
                 [--dpi 150,200,300] [--kinds clean,scan,photo] [--nulls] [--docs DIR] [--real: the real
                 reports of eval/ocr-real] [--pdfs a.pdf,b.pdf]`;

async function main(argv: readonly string[]): Promise<number> {
  let values: ReturnType<typeof parse>["values"];
  try {
    values = parse(argv).values;
  } catch (error) {
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  if (values.llm) return runLlm(values);
  if (values.qa) return runQa(values.verbose === true, values.json);
  if (values.ocr) {
    // The bench reads its own flags (--seeds, --generated, --only, --dpi, --kinds, --nulls, --docs, --real,
    // --pdfs).
    await import("./ocr-bench.ts");
    return 0;
  }
  if (values.real) return runReal(values.json, values["update-baseline"] === true);
  const limit = Number(values.limit ?? 300);
  const first = Number(values.first ?? 0);
  if (!Number.isInteger(limit) || limit < 0 || !Number.isInteger(first) || first < 0) {
    console.error(`eval: --limit and --first take non-negative integers\n${USAGE}`);
    return 1;
  }
  let formats: ReturnType<typeof parseFormats>;
  try {
    formats = parseFormats(values.format);
  } catch (error) {
    console.error(`eval: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }

  const log = (line: string) => process.stderr.write(`${line}\n`);
  const corpus =
    limit > 0
      ? await ensureCorpus({
          count: limit,
          firstSeed: first,
          formats,
          ...(values.dir ? { dir: resolve(values.dir) } : {}),
          log,
        })
      : null;
  for (const s of corpus?.skipped ?? []) log(`SKIPPED ${s.format}: ${s.reason}`);
  const files = [
    ...(values["no-seeds"] ? [] : seedFiles(loadSeedGolds(), formats)),
    ...(corpus ? corpusFiles(corpus, formats) : []),
  ];
  log(`auditing ${files.length} files…`);
  const started = performance.now();
  const runs = await auditFiles(files, {
    onFile: (_run, i, total) => {
      if ((i + 1) % 200 === 0) log(`  ${i + 1}/${total}`);
    },
  });
  const summary: EvalSummary = {
    generatorVersion: GENERATOR_VERSION,
    corpusDir: corpus ? relative(REPO_DIR, corpus.dir) : null,
    reports: corpus?.cases.length ?? 0,
    generated: corpus?.generated ?? 0,
    reused: corpus?.reused ?? 0,
    generationMs: corpus && corpus.generated > 0 ? corpus.ms : null,
    auditMs: performance.now() - started,
    skipped: corpus?.skipped ?? [],
    notes: [],
  };
  process.stdout.write(renderReport(summary, runs));
  if (values.json) {
    const file = resolve(values.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify(jsonReport(summary, runs), null, 1)}\n`);
    log(`JSON written to ${file}`);
  }
  return 0;
}

const BASELINE = `${REAL_DIR}/baseline.json`;

async function runReal(json: string | undefined, update: boolean): Promise<number> {
  const loaded = loadRealGolds();
  const invalid = loaded.filter((l) => l.errors.length > 0);
  for (const l of invalid)
    console.error(`eval --real: ${relative(REPO_DIR, l.file)}: ${l.errors.join("; ")}`);
  const golds = loaded.flatMap((l) => (l.gold ? [l.gold] : []));
  if (golds.length === 0) {
    console.error("eval --real: no gold in eval/real/gold/");
    return 1;
  }
  const started = performance.now();
  const runs = await auditReal(golds);
  const baseline = existsSync(BASELINE) ? (JSON.parse(readFileSync(BASELINE, "utf8")) as Baseline) : null;
  process.stdout.write(renderReal(golds, runs, baseline));
  process.stderr.write(
    `audited ${runs.length} files in ${((performance.now() - started) / 1000).toFixed(1)} s\n`,
  );
  if (json) {
    const file = resolve(json);
    mkdirSync(dirname(file), { recursive: true });
    const out = {
      summary: summarize(golds, runs),
      regressions: baseline ? regressions(runs, baseline) : null,
      files: baselineOf(runs),
    };
    writeFileSync(file, `${JSON.stringify(out, null, 1)}\n`);
  }
  if (update) {
    writeFileSync(BASELINE, `${JSON.stringify(baselineOf(runs), null, 1)}\n`);
    process.stderr.write(`baseline written to ${relative(REPO_DIR, BASELINE)}\n`);
  }
  return invalid.length > 0 ? 1 : 0;
}

type Values = ReturnType<typeof parse>["values"];

/** `--llm`: the model's reading of the synthetic (default) or real corpus, scored against the gold. */
async function runLlm(values: Values): Promise<number> {
  let config: LlmConfig | null;
  try {
    config = llmConfigFromEnv(envWithDotenv(process.env));
  } catch (error) {
    const detail = error instanceof LlmConfigError ? error.issues.join("; ") : String(error);
    console.error(`eval --llm: the LLM configuration is invalid: ${detail}`);
    return 1;
  }
  if (config === null) {
    console.error(
      `eval --llm: no LLM endpoint configured — set ${REQUIRED_ENV.join(" and ")} (and OPENAI_BASE_URL for any endpoint but OpenAI's; optional NIANBAO_LLM_MODE, NIANBAO_LLM_TIMEOUT_MS), see docs/llm.md`,
    );
    return 2;
  }
  const int = (name: string, raw: string | undefined, fallback: number, min: number) => {
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isInteger(n) || n < min) throw new Error(`--${name} takes an integer ≥ ${min}`);
    return n;
  };
  let limit: number;
  let concurrency: number;
  let rpm: number;
  let timeoutMs: number;
  let formats: ReturnType<typeof parseFormats>;
  try {
    limit = int("limit", values.limit, values.real ? Number.MAX_SAFE_INTEGER : 20, 1);
    concurrency = int("concurrency", values.concurrency, 2, 1);
    rpm = int("rpm", values.rpm, 0, 0);
    timeoutMs = int("timeout-ms", values["timeout-ms"], config.timeoutMs, 1);
    formats = parseFormats(values.format ?? "text");
  } catch (error) {
    console.error(`eval --llm: ${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 1;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
  let files: GoldFile[];
  let title: string;
  if (values.real) {
    const golds = loadRealGolds().flatMap((l) => (l.gold ? [l.gold] : []));
    files = realFiles(golds).slice(0, limit);
    title = "REAL corpus, eval/real/";
  } else {
    const seeds = values["no-seeds"] ? [] : seedFiles(loadSeedGolds(), formats);
    const reportsNeeded = Math.ceil(Math.max(0, limit - seeds.length) / formats.length);
    const corpus =
      reportsNeeded > 0
        ? await ensureCorpus({
            count: reportsNeeded,
            firstSeed: Number(values.first ?? 0),
            formats,
            ...(values.dir ? { dir: resolve(values.dir) } : {}),
            log,
          })
        : null;
    for (const s of corpus?.skipped ?? []) log(`SKIPPED ${s.format}: ${s.reason}`);
    files = [...seeds, ...(corpus ? corpusFiles(corpus, formats) : [])].slice(0, limit);
    title = `synthetic: seeds and generated v${GENERATOR_VERSION}, ${formats.join(",")}`;
  }
  if (files.length === 0) {
    console.error("eval --llm: no files to read");
    return 1;
  }
  const gate = new RequestGate(rpm);
  const extractor = evalExtractor({ ...config, timeoutMs }, gate);
  log(
    `LLM reading of ${files.length} files (concurrency ${concurrency}${rpm > 0 ? `, ${rpm} requests/min` : ""}, ${timeoutMs} ms per report)…`,
  );
  const started = performance.now();
  const runs = await runLlmEval(files, extractor, {
    concurrency,
    onFile: (run, done, total) =>
      log(`  ${done}/${total} ${run.gold.id}.${run.gold.format}${run.failure ? ` — ${run.failure}` : ""}`),
  });
  const summary = summarizeLlm(runs, gate);
  process.stdout.write(renderLlm(title, runs, summary, config));
  log(`done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  if (values.json) {
    const file = resolve(values.json);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${JSON.stringify({ model: config.model, mode: config.mode, summary }, null, 1)}\n`);
    log(`JSON written to ${file}`);
  }
  return 0;
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    options: {
      limit: { type: "string" },
      first: { type: "string" },
      format: { type: "string" },
      json: { type: "string" },
      dir: { type: "string" },
      "no-seeds": { type: "boolean" },
      llm: { type: "boolean" },
      concurrency: { type: "string" },
      rpm: { type: "string" },
      "timeout-ms": { type: "string" },
      real: { type: "boolean" },
      "update-baseline": { type: "boolean" },
      qa: { type: "boolean" },
      verbose: { type: "boolean" },
      ocr: { type: "boolean" },
      seeds: { type: "string" },
      dpi: { type: "string" },
      kinds: { type: "string" },
      generated: { type: "boolean" },
      only: { type: "string" },
      nulls: { type: "boolean" },
      docs: { type: "string" },
      pdfs: { type: "string" },
      help: { type: "boolean", short: "h" },
    },
    strict: true,
  });
}

process.exitCode = await main(process.argv.slice(2));
