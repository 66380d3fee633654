/**
 * An Auditor (audit/auditor.ts) on a worker pool: each file runs in a worker thread with a time cap
 * (the worker is terminated when it runs over) and a heap cap (a worker out of memory dies and is
 * replaced), so that no input can hang or exhaust the process that asked. The CLI (one file or many,
 * batch folder or ZIP, `--llm` too) and the eval use it with one worker; the bot has its own pool of
 * the same kind.
 */
import type { Auditor } from "../../audit/auditor.ts";
import type { CutOff } from "../../audit/cut-off.ts";
import type { Logger } from "../../logger.ts";
import { AuditPool, type OcrBudget, type PoolLog, startWorkerEarly } from "./audit-pool.ts";

/** No log (the pool's default here; pino is not loaded for it). */
const QUIET: PoolLog = { warn() {}, error() {}, fatal() {} };

/** Time budget of one file, reading and checking included (the default). */
export const DEFAULT_BUDGET_MS = 20_000;
/** Old-generation heap cap of an audit worker (external buffers are capped by the readers). */
export const DEFAULT_WORKER_MEMORY_MB = 512;

/** The readers' own budget: under the hard cap, so a slow PDF gets the reader's own message. */
export function readerBudgetMs(budgetMs: number): number {
  return Math.max(500, Math.min(budgetMs - 1000, Math.round(budgetMs * 0.9)));
}

/** Maps what the pool says about each file to a result; files cut off become `unreadable`. */
export function poolAuditor(
  pool: Pick<AuditPool, "run">,
  caps: { readonly timeoutMs: number; readonly memoryMb: number },
): Auditor {
  return async (bytes, file, options = {}) => {
    // With `llm` (the CLI's --llm), the worker reads and parses the file under the caps and sends the
    // document back; the model (network-bound, under its own time budget) reads it on this thread.
    const { llm, ...rest } = options;
    const audit = { ...rest, timeoutMs: readerBudgetMs(options.timeoutMs ?? caps.timeoutMs) };
    // The pool's workers do not keep the process alive (the bot's server does): this file does.
    const keepAlive = setInterval(() => undefined, 60_000);
    const outcome = await pool
      .run(bytes, file, () => {}, { audit, ...(llm ? { keepDocument: true } : {}) })
      .finally(() => clearInterval(keepAlive));
    if (outcome.kind === "result") {
      if (!llm) return { result: outcome.result, report: outcome.report };
      // Loaded on this path only (it pulls in the pipeline's modules).
      const { withLlmReading } = await import("../../audit/run-audit.ts");
      const parsed = {
        result: outcome.result,
        report: outcome.report,
        ...(outcome.document ? { document: outcome.document } : {}),
      };
      return withLlmReading(parsed, llm);
    }
    const cut: CutOff =
      outcome.kind === "timeout"
        ? {
            kind: "timeout",
            budgetMs: outcome.capMs ?? caps.timeoutMs,
            ...(outcome.ocr ? { ocr: outcome.ocr } : {}),
          }
        : outcome.reason === "memory"
          ? { kind: "memory", capMb: caps.memoryMb }
          : { kind: "error", detail: outcome.detail };
    // Loaded here only (it pulls in the pipeline's modules, which the thread that asks does not need).
    const { cutOffResult } = await import("../../audit/cut-off.ts");
    return { result: cutOffResult(bytes, file, cut, outcome.ms), report: null };
  };
}

export interface IsolatedAuditor {
  readonly audit: Auditor;
  /** Stop the workers (files still queued are rejected). */
  close(): Promise<void>;
}

export interface IsolationOptions {
  /** Time budget per file (default 20 s). */
  readonly timeoutMs?: number;
  /** Heap cap per worker (default 512 MB). */
  readonly memoryMb?: number;
  /** Workers, i.e. files audited in parallel (default 1: the memory bound of a batch is one file's). */
  readonly size?: number;
  readonly log?: Logger;
  /** Module exporting `runAudit` (tests inject files that hang or eat memory). */
  readonly taskModule?: URL;
  /** Warm each worker up on a tiny PDF once it has loaded (default true; see AuditPoolOptions). */
  readonly warmUp?: boolean;
  /** The time cap of a scan under OCR (default OCR_BUDGET). */
  readonly ocr?: OcrBudget;
}

/**
 * Start the worker of the one-shot command's pool (`isolatedAuditor` with the default heap cap and no
 * warm-up, as `nianbao audit FILE…` makes it) before the command has loaded its own code; the pool
 * adopts it (audit-pool.ts `startWorkerEarly`).
 */
export function startCommandWorkerEarly(): void {
  startWorkerEarly({ memoryMb: DEFAULT_WORKER_MEMORY_MB, warmUp: false });
}

/** A pool of its own, for one command or run; close it when done. */
export function isolatedAuditor(options: IsolationOptions = {}): IsolatedAuditor {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BUDGET_MS;
  const memoryMb = options.memoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const pool = new AuditPool({
    size: options.size ?? 1,
    timeoutMs,
    memoryMb,
    log: options.log ?? QUIET,
    ...(options.taskModule ? { taskModule: options.taskModule } : {}),
    ...(options.warmUp === false ? { warmUp: false } : {}),
    ...(options.ocr ? { ocr: options.ocr } : {}),
  });
  return { audit: poolAuditor(pool, { timeoutMs, memoryMb }), close: () => pool.close() };
}
