/**
 * An Auditor (audit/auditor.ts) on a worker pool: each file runs in a worker thread with a time cap
 * (the worker is terminated when it runs over) and a heap cap (a worker out of memory dies and is
 * replaced), so that no input can hang or exhaust the process that asked. The CLI (one file or many,
 * batch folder or ZIP) and the eval use it with one worker; the bot has its own pool of the same kind.
 */
import type { Auditor } from "../../audit/auditor.ts";
import { type CutOff, cutOffResult } from "../../audit/cut-off.ts";
import { type Logger, silentLogger } from "../../logger.ts";
import { AuditPool, type OcrBudget } from "./audit-pool.ts";

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
    const audit = { ...options, timeoutMs: readerBudgetMs(options.timeoutMs ?? caps.timeoutMs) };
    // The pool's workers do not keep the process alive (the bot's server does): this file does.
    const keepAlive = setInterval(() => undefined, 60_000);
    const outcome = await pool.run(bytes, file, () => {}, { audit }).finally(() => clearInterval(keepAlive));
    if (outcome.kind === "result") return { result: outcome.result, report: outcome.report };
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
  /** The time cap of a scan under OCR (default OCR_BUDGET). */
  readonly ocr?: OcrBudget;
}

/** A pool of its own, for one command or run; close it when done. */
export function isolatedAuditor(options: IsolationOptions = {}): IsolatedAuditor {
  const timeoutMs = options.timeoutMs ?? DEFAULT_BUDGET_MS;
  const memoryMb = options.memoryMb ?? DEFAULT_WORKER_MEMORY_MB;
  const pool = new AuditPool({
    size: options.size ?? 1,
    timeoutMs,
    memoryMb,
    log: options.log ?? silentLogger,
    ...(options.taskModule ? { taskModule: options.taskModule } : {}),
    ...(options.ocr ? { ocr: options.ocr } : {}),
  });
  return { audit: poolAuditor(pool, { timeoutMs, memoryMb }), close: () => pool.close() };
}
