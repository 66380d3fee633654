/**
 * `npm run eval -- --llm [--real]`: the LLM reading of each report, scored against the gold where an
 * OpenAI-compatible endpoint is configured (the env names of extract/llm/config.ts). Per file: the
 * deterministic read (readers → analyse), then the model's own reading of the same document
 * (extractor.extract, no reconciliation), then `reconcile` as `nianbao audit --llm` does it.
 *
 * Scoring, per gold key:
 * - the LLM reading of a figure the gold has a number for: right (the same number), wrong (another
 *   number) or no answer (null, or no reading at all because the call failed). Null is never wrong.
 *   Accuracy = right / gold numbers, precision = right / (right + wrong).
 * - a cell the gold has blank: kept blank (null) or wrong (a number: the model filled a blank).
 *   An all-null reading therefore scores 0, not the share of blank cells.
 * - the parser's and the reconciled reading on the same basis (numbers right / gold numbers).
 * - every EXTRACT-DISAGREE the reconciliation flags, judged by the gold: parser right, LLM right,
 *   neither, or no gold for the key.
 * The LLM reads no metadata: the schema fixes its templateVersion from the parser's layout, so the
 * metadata printed is the parser's (unchanged by --llm), with the schema's templateVersion apart.
 * A failed call is counted (by reason), never fatal.
 */
import { readFileSync } from "node:fs";
import OpenAI from "openai";
import { analyse } from "../extract/analyse.ts";
import type { LlmConfig } from "../extract/llm/config.ts";
import { LlmOutputError } from "../extract/llm/errors/llm-output-error.ts";
import { LlmUnavailableError } from "../extract/llm/errors/llm-unavailable-error.ts";
import type { LlmExtractor } from "../extract/llm/extractor.ts";
import { silentLogger } from "../extract/llm/logger.ts";
import { createOpenAiExtractor } from "../extract/llm/openai-extractor.ts";
import { reconcile } from "../extract/llm/reconcile.ts";
import { readDocument } from "../extract/readers/index.ts";
import { loadPrompts } from "../prompts/load-prompts.ts";
import { table } from "./print.ts";
import { type GoldFile, META_FIELDS, percent, type Ratio } from "./score.ts";

export interface LlmRunOptions {
  /** Extractions in flight at once (default 2). */
  readonly concurrency?: number;
  readonly onFile?: (run: LlmFileRun, done: number, total: number) => void;
}

export interface LlmFileRun {
  readonly gold: GoldFile;
  /** The parser's figures (null when the file was not read). */
  readonly parser: Readonly<Record<string, number | null>> | null;
  /** The model's own reading (null: not asked, or the call failed). */
  readonly llm: Readonly<Record<string, number | null>> | null;
  /** The reconciled figures, as `nianbao audit --llm` would check them. */
  readonly reconciled: Readonly<Record<string, number | null>> | null;
  readonly disagreements: ReadonlyArray<{ key: string; parser: number | null; llm: number }>;
  readonly filled: readonly string[];
  readonly meta: Readonly<Record<string, unknown>> | null;
  /** The schema's templateVersion (what the model was told to fill). */
  readonly llmTemplateVersion: string | null;
  /** Why there is no LLM reading: "not read: …", "skipped: status", "unavailable: …", "invalid: …". */
  readonly failure: string | null;
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly repaired: boolean;
  /** Wall time of the LLM extraction of this file (retries included). */
  readonly llmMs: number;
}

/** Counts HTTP requests (and failed ones) and spaces their starts to respect a per-minute cap. */
export class RequestGate {
  requests = 0;
  failed = 0;
  private next = 0;
  constructor(private readonly perMinute: number) {}

  readonly fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    if (this.perMinute > 0) {
      const gap = 60_000 / this.perMinute;
      const now = Date.now();
      const at = Math.max(now, this.next);
      this.next = at + gap;
      if (at > now) await new Promise((r) => setTimeout(r, at - now));
    }
    this.requests++;
    try {
      const res = await fetch(input, init);
      if (!res.ok) this.failed++;
      return res;
    } catch (error) {
      this.failed++;
      throw error;
    }
  };
}

export function evalExtractor(config: LlmConfig, gate: RequestGate): LlmExtractor {
  const client = new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    maxRetries: 0,
    timeout: config.timeoutMs,
    fetch: gate.fetch,
  });
  return createOpenAiExtractor({ config, prompts: loadPrompts(), logger: silentLogger, client });
}

const READ_STATUSES = new Set(["ok", "tables_incomplete"]);

async function runOne(gold: GoldFile, extractor: LlmExtractor, readTimeoutMs: number): Promise<LlmFileRun> {
  const empty = {
    gold,
    parser: null,
    llm: null,
    reconciled: null,
    disagreements: [],
    filled: [],
    meta: null,
    llmTemplateVersion: null,
    requests: 0,
    inputTokens: 0,
    outputTokens: 0,
    repaired: false,
    llmMs: 0,
  };
  let read: Awaited<ReturnType<typeof readDocument>>;
  try {
    read = await readDocument(new Uint8Array(readFileSync(gold.path)), { timeoutMs: readTimeoutMs });
  } catch (error) {
    return { ...empty, failure: `not read: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (!read.ok) return { ...empty, failure: `not read: ${read.status}` };
  let analysis: ReturnType<typeof analyse>;
  try {
    analysis = analyse(read.document);
  } catch (error) {
    // A parser bug must not end the run: the file counts as not read.
    return { ...empty, failure: `not parsed: ${error instanceof Error ? error.message : String(error)}` };
  }
  const report = analysis.report;
  const base = { ...empty, parser: report.figures, meta: report.meta as Record<string, unknown> };
  if (!READ_STATUSES.has(analysis.status))
    return { ...base, reconciled: report.figures, failure: `skipped: ${analysis.status}` };
  const started = performance.now();
  try {
    const reading = await extractor.extract({ report, document: read.document });
    const r = reconcile(report, reading.figures);
    return {
      ...base,
      llm: reading.figures,
      reconciled: r.report.figures,
      disagreements: r.disagreements.map((d) => ({ key: d.key, parser: d.parser, llm: d.llm })),
      filled: r.filled,
      llmTemplateVersion: reading.templateVersion,
      failure: null,
      requests: reading.usage.requests,
      inputTokens: reading.usage.inputTokens,
      outputTokens: reading.usage.outputTokens,
      repaired: reading.repaired,
      llmMs: performance.now() - started,
    };
  } catch (error) {
    const llmMs = performance.now() - started;
    const usage =
      LlmOutputError.isInstance(error) || LlmUnavailableError.isInstance(error) ? error.usage : null;
    const failure = LlmUnavailableError.isInstance(error)
      ? `unavailable: ${error.reason}${error.status ? ` HTTP ${error.status}` : ""}`
      : LlmOutputError.isInstance(error)
        ? "invalid: reply failed the schema after one repair"
        : `error: ${error instanceof Error ? error.message : String(error)}`;
    return {
      ...base,
      reconciled: report.figures,
      failure,
      requests: usage?.requests ?? 0,
      inputTokens: usage?.inputTokens ?? 0,
      outputTokens: usage?.outputTokens ?? 0,
      repaired: LlmOutputError.isInstance(error),
      llmMs,
    };
  }
}

/** Runs the files `concurrency` at a time; results in the files' order. */
export async function runLlmEval(
  files: readonly GoldFile[],
  extractor: LlmExtractor,
  options: LlmRunOptions = {},
): Promise<LlmFileRun[]> {
  const concurrency = Math.max(1, options.concurrency ?? 2);
  const out: LlmFileRun[] = new Array(files.length);
  let nextIndex = 0;
  let done = 0;
  const worker = async () => {
    while (nextIndex < files.length) {
      const i = nextIndex++;
      const run = await runOne(files[i] as GoldFile, extractor, 60_000);
      out[i] = run;
      done++;
      options.onFile?.(run, done, files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  return out;
}

// ------------------------------------------------------------------ scoring

export interface LlmTally {
  /** Gold keys with a number / blank in the gold. */
  numbers: number;
  blanks: number;
  /** Gold blanks the LLM left null (its reading present). */
  blankKept: number;
  right: number;
  wrong: number;
  noAnswer: number;
}

const TABLES = ["t2", "t3", "t4"] as const;
const same = (a: number | null | undefined, b: number | null) =>
  (a ?? null) === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-6);

export interface WrongFigure {
  readonly file: string;
  readonly key: string;
  readonly gold: number | null;
  readonly llm: number;
  readonly parser: number | null;
}

export interface DisagreementVerdict {
  readonly file: string;
  readonly key: string;
  readonly parser: number | null;
  readonly llm: number;
  readonly gold: number | null | undefined;
  readonly right: "parser" | "llm" | "neither" | "no gold";
}

export interface LlmSummary {
  readonly files: number;
  /** Files the model gave a valid reading of. */
  readonly answered: number;
  readonly failures: Record<string, number>;
  /** Per table and all: the LLM's reading. */
  readonly llm: Record<string, LlmTally>;
  /** Per canonical key: the LLM's reading. */
  readonly byKey: Record<string, LlmTally>;
  /** Per table and all: exact match of the parser's and of the reconciled reading (Ratio). */
  readonly parser: Record<string, Ratio>;
  readonly reconciled: Record<string, Ratio>;
  readonly wrong: WrongFigure[];
  readonly disagreements: DisagreementVerdict[];
  readonly filled: { right: number; wrong: number; total: number };
  readonly meta: Record<string, Ratio>;
  readonly llmTemplateVersion: Ratio;
  readonly requests: number;
  readonly failedRequests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  readonly repaired: number;
  readonly llmSeconds: { mean: number; max: number };
}

const fileName = (g: GoldFile) => `${g.id}.${g.format}`;

export function summarizeLlm(runs: readonly LlmFileRun[], gate?: RequestGate): LlmSummary {
  const llm: Record<string, LlmTally> = {};
  const byKey: Record<string, LlmTally> = {};
  const parser: Record<string, { ok: number; total: number }> = {};
  const reconciled: Record<string, { ok: number; total: number }> = {};
  for (const t of [...TABLES, "all"]) {
    llm[t] = { numbers: 0, blanks: 0, blankKept: 0, right: 0, wrong: 0, noAnswer: 0 };
    parser[t] = { ok: 0, total: 0 };
    reconciled[t] = { ok: 0, total: 0 };
  }
  const failures: Record<string, number> = {};
  const wrong: WrongFigure[] = [];
  const disagreements: DisagreementVerdict[] = [];
  const filled = { right: 0, wrong: 0, total: 0 };
  const meta: Record<string, { ok: number; total: number }> = {};
  const tv = { ok: 0, total: 0 };
  let answered = 0;
  let requests = 0;
  let inputTokens = 0;
  let outputTokens = 0;
  let repaired = 0;
  const asked: number[] = [];
  for (const run of runs) {
    const name = fileName(run.gold);
    if (run.failure) failures[run.failure] = (failures[run.failure] ?? 0) + 1;
    if (run.llm) answered++;
    requests += run.requests;
    inputTokens += run.inputTokens;
    outputTokens += run.outputTokens;
    if (run.repaired) repaired++;
    if (run.llmMs > 0) asked.push(run.llmMs);
    for (const [key, gold] of Object.entries(run.gold.figures)) {
      const table = key.slice(0, 2);
      const got = run.llm ? (run.llm[key] ?? null) : null;
      const kept = got === null && gold === null && run.llm !== null && Object.hasOwn(run.llm, key);
      const verdict: "right" | "wrong" | "noAnswer" | null =
        got !== null ? (same(got, gold) ? "right" : "wrong") : gold !== null ? "noAnswer" : null;
      byKey[key] ??= { numbers: 0, blanks: 0, blankKept: 0, right: 0, wrong: 0, noAnswer: 0 };
      for (const tally of [byKey[key] as LlmTally, llm[table] as LlmTally, llm.all as LlmTally]) {
        if (gold === null) tally.blanks++;
        else tally.numbers++;
        if (kept) tally.blankKept++;
        if (verdict !== null) tally[verdict]++;
      }
      if (gold !== null)
        for (const t of [table, "all"]) {
          const p = parser[t] as { ok: number; total: number };
          p.total++;
          if (run.parser && same(run.parser[key], gold)) p.ok++;
          const r = reconciled[t] as { ok: number; total: number };
          r.total++;
          if (run.reconciled && same(run.reconciled[key], gold)) r.ok++;
        }
      if (got !== null && !same(got, gold))
        wrong.push({ file: name, key, gold, llm: got, parser: run.parser?.[key] ?? null });
    }
    for (const d of run.disagreements) {
      const g = Object.hasOwn(run.gold.figures, d.key) ? (run.gold.figures[d.key] ?? null) : undefined;
      const right =
        g === undefined ? "no gold" : same(d.parser, g) ? "parser" : same(d.llm, g) ? "llm" : "neither";
      disagreements.push({ file: name, key: d.key, parser: d.parser, llm: d.llm, gold: g, right });
    }
    for (const key of run.filled) {
      if (!Object.hasOwn(run.gold.figures, key)) continue;
      filled.total++;
      if (same(run.reconciled?.[key], run.gold.figures[key] ?? null)) filled.right++;
      else filled.wrong++;
    }
    if (run.meta) {
      for (const field of META_FIELDS) {
        const m = meta[field] ?? { ok: 0, total: 0 };
        meta[field] = m;
        m.total++;
        if ((run.meta[field] ?? null) === (run.gold.meta[field] ?? null)) m.ok++;
      }
    }
    if (run.llmTemplateVersion !== null) {
      tv.total++;
      if (run.llmTemplateVersion === (run.gold.meta.templateVersion ?? null)) tv.ok++;
    }
  }
  const mean = asked.length > 0 ? asked.reduce((a, b) => a + b, 0) / asked.length / 1000 : 0;
  const max = asked.length > 0 ? Math.max(...asked) / 1000 : 0;
  return {
    files: runs.length,
    answered,
    failures,
    llm,
    byKey,
    parser,
    reconciled,
    wrong,
    disagreements,
    filled,
    meta,
    llmTemplateVersion: tv,
    requests: gate?.requests ?? requests,
    failedRequests: gate?.failed ?? 0,
    inputTokens,
    outputTokens,
    repaired,
    llmSeconds: { mean, max },
  };
}

// ------------------------------------------------------------------ printing

const fmt = (r: Ratio) => `${percent(r)} (${r.ok}/${r.total})`;

export function renderLlm(
  title: string,
  runs: readonly LlmFileRun[],
  s: LlmSummary,
  model: { model: string; mode: string; baseURL: string | undefined },
): string {
  const out: string[] = [];
  const sec = (t: string, body: string) => out.push("", `== ${t}`, body);
  out.push(
    `Nianbao eval — LLM reading (${title}): ${s.files} files, model ${model.model} (${model.mode}) at ${model.baseURL ?? "https://api.openai.com/v1"}`,
  );
  out.push(
    `LLM readings: ${s.answered} of ${s.files} files; failed or not asked: ${Object.entries(s.failures)
      .map(([k, n]) => `${k} ×${n}`)
      .join(", ")}`.replace(/: $/, ": none"),
  );
  const rowOf = (t: string, label: string) => {
    const l = s.llm[t] as LlmTally;
    const answeredN = l.right + l.wrong;
    return [
      label,
      String(l.numbers),
      String(l.right),
      String(l.wrong),
      String(l.noAnswer),
      fmt({ ok: l.right, total: l.numbers }),
      answeredN === 0 ? "—" : percent({ ok: l.right, total: answeredN }),
      `${l.blankKept}/${l.blanks}`,
      fmt(s.parser[t] as Ratio),
      fmt(s.reconciled[t] as Ratio),
    ];
  };
  sec(
    "Figures against the gold (gold numbers: LLM right / wrong / no answer = null; accuracy = right / gold numbers, precision = right / answers; wrong includes a number put in a gold blank; parser and reconciled: numbers right / gold numbers)",
    table(
      [
        "table",
        "gold numbers",
        "right",
        "wrong",
        "no answer",
        "LLM accuracy",
        "LLM precision",
        "blanks kept",
        "parser",
        "reconciled",
      ],
      [rowOf("t2", "表二"), rowOf("t3", "表三"), rowOf("t4", "表四"), rowOf("all", "all")],
    ),
  );
  sec(
    "Metadata (read by the parser; the LLM reads none — its templateVersion is fixed by the schema)",
    table(
      ["field", "accuracy"],
      [
        ...META_FIELDS.map((f) => [f, s.meta[f] ? fmt(s.meta[f] as Ratio) : "—"]),
        [
          "templateVersion in the LLM schema",
          s.llmTemplateVersion.total > 0 ? fmt(s.llmTemplateVersion) : "—",
        ],
      ],
    ),
  );
  const worst = Object.entries(s.byKey)
    .filter(([, t]) => t.wrong + t.noAnswer > 0)
    .sort((a, b) => b[1].wrong - a[1].wrong || b[1].noAnswer - a[1].noAnswer || a[0].localeCompare(b[0]))
    .slice(0, 15);
  sec(
    "Worst keys of the LLM (most wrong, then most unanswered)",
    worst.length === 0
      ? "  every key right"
      : table(
          ["key", "right", "wrong", "no answer", "blanks kept", "accuracy"],
          worst.map(([key, t]) => [
            key,
            String(t.right),
            String(t.wrong),
            String(t.noAnswer),
            `${t.blankKept}/${t.blanks}`,
            t.numbers === 0 ? "—" : fmt({ ok: t.right, total: t.numbers }),
          ]),
        ),
  );
  const by = (r: DisagreementVerdict["right"]) => s.disagreements.filter((d) => d.right === r).length;
  out.push(
    "",
    `disagreements with the parser (EXTRACT-DISAGREE): ${s.disagreements.length} in ${new Set(s.disagreements.map((d) => d.file)).size} of ${s.answered} files read — parser right ${by("parser")}, LLM right ${by("llm")}, neither ${by("neither")}, no gold ${by("no gold")}`,
    `cells filled by the LLM where the parser could not read them: ${s.filled.total} (right ${s.filled.right}, wrong ${s.filled.wrong})`,
  );
  sec(
    "Disagreements (gold decides)",
    s.disagreements.length === 0
      ? "  none"
      : s.disagreements
          .slice(0, 40)
          .map(
            (d) =>
              `  ${d.file} ${d.key}: parser ${d.parser ?? "blank"}, LLM ${d.llm}, gold ${d.gold === undefined ? "—" : (d.gold ?? "blank")} → ${d.right} right`,
          )
          .join("\n") + (s.disagreements.length > 40 ? `\n  … ${s.disagreements.length - 40} more` : ""),
  );
  sec(
    `Wrong non-null figures of the LLM: ${s.wrong.length}`,
    s.wrong.length === 0
      ? "  none"
      : s.wrong
          .slice(0, 40)
          .map(
            (w) =>
              `  ${w.file} ${w.key}: gold ${w.gold ?? "blank"} → LLM ${w.llm} (parser ${w.parser ?? "null"})`,
          )
          .join("\n") + (s.wrong.length > 40 ? `\n  … ${s.wrong.length - 40} more` : ""),
  );
  const asked = runs.filter((r) => r.llmMs > 0).length;
  out.push(
    "",
    `calls: ${s.requests} HTTP requests (${s.failedRequests} failed), ${s.repaired} repair rounds; tokens (as the API reported usage): ${s.inputTokens} in, ${s.outputTokens} out${asked > 0 ? `, ${Math.round((s.inputTokens + s.outputTokens) / asked)} per report` : ""}; seconds per report (LLM): mean ${s.llmSeconds.mean.toFixed(2)}, max ${s.llmSeconds.max.toFixed(2)}`,
  );
  return `${out.join("\n")}\n`;
}
