/**
 * The mutation fuzzer: hostile variants of the seed reports (PDF, DOCX, HTML, TXT; eval/fuzz/mutate.ts)
 * are audited exactly as the CLI audits a file, in a worker with the product's time and heap caps.
 * Every case must end with a status and a well-formed JSON line within its budget. A case that does not
 * (the worker crashed or ran out of memory, the parser threw, the JSON is not one line of valid JSON,
 * or the audit had to be cut off at the time cap) is a finding: its input is saved under
 * tests/fixtures/fuzz-found/, where tests/fuzz/fuzz-found.test.ts keeps it as a regression test.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type CutOff, cutOffResult } from "../../audit/cut-off.ts";
import type { AuditResult } from "../../audit/result.ts";
import { AuditPool } from "../../bot/worker/audit-pool.ts";
import {
  DEFAULT_BUDGET_MS,
  DEFAULT_WORKER_MEMORY_MB,
  readerBudgetMs,
} from "../../bot/worker/pool-auditor.ts";
import { silentLogger } from "../../logger.ts";
import { type MutationKind, mutate, prng } from "./mutate.ts";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const SEED_DIR = join(REPO, "tests/fixtures/seeds");
export const FOUND_DIR = join(REPO, "tests/fixtures/fuzz-found");

const FORMAT_OF: Readonly<Record<string, string>> = {
  ".pdf": "pdf",
  ".docx": "docx",
  ".html": "html",
  ".txt": "text",
};
const STATUSES = new Set([
  "ok",
  "not_a_report",
  "no_text_layer",
  "unreadable",
  "too_large",
  "tables_incomplete",
]);
const INTERNAL_ERROR = "审核程序内部错误";

export interface SeedFile {
  readonly name: string;
  readonly format: string;
  readonly bytes: Uint8Array;
}

export function loadSeeds(dir = SEED_DIR): SeedFile[] {
  return readdirSync(dir)
    .filter((f) => FORMAT_OF[extname(f)] !== undefined)
    .sort()
    .map((f) => ({
      name: f,
      format: FORMAT_OF[extname(f)] as string,
      bytes: new Uint8Array(readFileSync(join(dir, f))),
    }));
}

export type Verdict = "ok" | "crash" | "memory" | "timeout" | "internal_error" | "bad_json" | "over_budget";

export interface CaseRun {
  readonly index: number;
  readonly seedFile: string;
  readonly kind: MutationKind;
  readonly bytes: number;
  readonly status: AuditResult["status"];
  readonly verdict: Verdict;
  readonly ms: number;
  readonly detail?: string;
  /** Where the input was saved (findings only). */
  readonly saved?: string;
}

export interface FuzzOptions {
  readonly seed: number;
  readonly count: number;
  /** Per-case time budget (default the product's 20 s). */
  readonly budgetMs?: number;
  /** Parallel workers (default 2). */
  readonly workers?: number;
  /** Save findings under tests/fixtures/fuzz-found/ (default true). */
  readonly save?: boolean;
  readonly seeds?: readonly SeedFile[];
  readonly onCase?: (run: CaseRun) => void;
  /**
   * Stops a long run early (Ctrl-C, `--minutes`): no case is started after it aborts, the cases in
   * flight finish, and the totals so far are returned (`stopped` true).
   */
  readonly signal?: AbortSignal;
}

export interface FuzzTotals {
  readonly seed: number;
  readonly cases: number;
  readonly byVerdict: Record<Verdict, number>;
  readonly byStatus: Record<string, number>;
  readonly byKind: Record<string, number>;
  readonly findings: CaseRun[];
  readonly maxMs: number;
  readonly elapsedMs: number;
  /** The run was stopped by `signal` before `count` cases. */
  readonly stopped: boolean;
}

/** The JSON line of a result is one line that parses back to an object with a known status. */
function wellFormed(result: AuditResult): boolean {
  const line = JSON.stringify(result);
  if (line.includes("\n")) return false;
  const back = JSON.parse(line) as { status?: unknown; schemaVersion?: unknown };
  return back.schemaVersion === 1 && typeof back.status === "string" && STATUSES.has(back.status);
}

function save(bytes: Uint8Array, seed: number, index: number, seedFile: string, verdict: Verdict): string {
  mkdirSync(FOUND_DIR, { recursive: true });
  const name = `${verdict}-${seed}-${index}-${basename(seedFile).replace(/\.[^.]+$/, "")}${extname(seedFile)}`;
  const path = join(FOUND_DIR, name);
  writeFileSync(path, bytes);
  return path;
}

export async function runFuzz(options: FuzzOptions): Promise<FuzzTotals> {
  const started = performance.now();
  const budgetMs = options.budgetMs ?? DEFAULT_BUDGET_MS;
  const seeds = options.seeds ?? loadSeeds();
  const pool = new AuditPool({
    size: options.workers ?? 2,
    timeoutMs: budgetMs,
    memoryMb: DEFAULT_WORKER_MEMORY_MB,
    audit: { timeoutMs: readerBudgetMs(budgetMs) },
    log: silentLogger,
  });
  const keepAlive = setInterval(() => undefined, 60_000);
  const totals: FuzzTotals = {
    seed: options.seed,
    cases: 0,
    byVerdict: { ok: 0, crash: 0, memory: 0, timeout: 0, internal_error: 0, bad_json: 0, over_budget: 0 },
    byStatus: {},
    byKind: {},
    findings: [],
    maxMs: 0,
    elapsedMs: 0,
    stopped: false,
  };
  const pick = prng(options.seed);
  const one = async (index: number, seedFile: SeedFile): Promise<void> => {
    const mutant = mutate(seedFile.bytes, seedFile.format, options.seed, index);
    const name = `fuzz-${index}${extname(seedFile.name)}`;
    const t0 = performance.now();
    const outcome = await pool.run(mutant.bytes, name);
    const ms = Math.round(performance.now() - t0);
    let result: AuditResult;
    let verdict: Verdict = "ok";
    let detail: string | undefined;
    if (outcome.kind === "result") result = outcome.result;
    else {
      const cut: CutOff =
        outcome.kind === "timeout"
          ? { kind: "timeout", budgetMs }
          : outcome.reason === "memory"
            ? { kind: "memory", capMb: DEFAULT_WORKER_MEMORY_MB }
            : { kind: "error", detail: outcome.detail };
      result = cutOffResult(mutant.bytes, name, cut, outcome.ms);
      verdict = outcome.kind === "timeout" ? "timeout" : outcome.reason === "memory" ? "memory" : "crash";
      if (outcome.kind === "crashed") detail = outcome.detail.split("\n")[0];
    }
    if (verdict === "ok" && result.statusMessage.includes(INTERNAL_ERROR)) {
      verdict = "internal_error";
      detail = result.statusMessage;
    }
    if (verdict === "ok" && !wellFormed(result)) verdict = "bad_json";
    // Queue time is not the file's: the pool's clock starts when a worker takes it.
    if (verdict === "ok" && outcome.ms > budgetMs + 1000) verdict = "over_budget";
    totals.byVerdict[verdict]++;
    totals.byStatus[result.status] = (totals.byStatus[result.status] ?? 0) + 1;
    totals.byKind[mutant.kind] = (totals.byKind[mutant.kind] ?? 0) + 1;
    (totals as { maxMs: number }).maxMs = Math.max(totals.maxMs, outcome.ms);
    (totals as { cases: number }).cases++;
    const run: CaseRun = {
      index,
      seedFile: seedFile.name,
      kind: mutant.kind,
      bytes: mutant.bytes.byteLength,
      status: result.status,
      verdict,
      ms,
      ...(detail !== undefined ? { detail } : {}),
    };
    const finding =
      verdict === "ok"
        ? run
        : {
            ...run,
            ...(options.save !== false
              ? { saved: save(mutant.bytes, options.seed, index, seedFile.name, verdict) }
              : {}),
          };
    if (verdict !== "ok") totals.findings.push(finding);
    options.onCase?.(finding);
  };
  try {
    // Keep the workers busy: a few cases in flight per worker.
    const inFlight = new Set<Promise<void>>();
    for (let index = 0; index < options.count; index++) {
      if (options.signal?.aborted) {
        (totals as { stopped: boolean }).stopped = true;
        break;
      }
      const seedFile = seeds[pick.int(seeds.length)] as SeedFile;
      const p: Promise<void> = one(index, seedFile).finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 2 * (options.workers ?? 2)) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  } finally {
    clearInterval(keepAlive);
    await pool.close();
  }
  (totals as { elapsedMs: number }).elapsedMs = Math.round(performance.now() - started);
  return totals;
}

/** A seed that changes every run (printed, so a run can be replayed). */
export function rotatingSeed(): number {
  return Math.floor(Date.now() / 1000) % 0x7fffffff;
}
