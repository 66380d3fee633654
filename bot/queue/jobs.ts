/**
 * The job kinds of the Postgres queue and what a job carries. Every kind runs a file through the
 * audit (read → tables → rules) under the worker's caps; the kind says where the file came from.
 * Cross-year rules and LLM answers are not queued (see docs/scale.md): the rules run in the bot
 * instance in milliseconds on the stored parsed reports, and the answer is network-bound.
 */
import { createHash } from "node:crypto";
import type { PoolOutcome } from "../worker/audit-pool.ts";

/** pg-boss queue of audits, and the queue jobs go to when their retries are spent. */
export const AUDIT_QUEUE = "nianbao-audit";
export const DEAD_QUEUE = "nianbao-audit-dead";

/** "audit-file": a file (or a ZIP member) a chat sent; "batch-file": a file of `nianbao audit --queue`. */
export type JobKind = "audit-file" | "batch-file";

/** Options of one audit that survive JSON (no LLM extractor object: a worker builds its own). */
export interface QueuedAuditOptions {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
  readonly givenDate?: string;
}

export interface AuditJobData {
  readonly key: string;
  readonly kind: JobKind;
  readonly file: string;
  readonly useLlm: boolean;
  readonly audit: QueuedAuditOptions;
}

/** Stages a worker reports (bot/worker/staged-audit.ts), as stored. */
export type StoredStage = "read" | "tables" | "checked";

/**
 * The job key: the same bytes with the same name and options are the same job, so a second
 * submission (a resumed batch, a re-sent file) finds the first one's result instead of re-running.
 */
export function jobKey(bytes: Uint8Array, file: string, useLlm: boolean, audit: QueuedAuditOptions): string {
  const content = createHash("sha256").update(bytes).digest("hex");
  const rest = createHash("sha256")
    .update(
      JSON.stringify([
        file,
        useLlm,
        audit.maxBytes ?? null,
        audit.timeoutMs ?? null,
        audit.givenDate ?? null,
      ]),
    )
    .digest("hex");
  return `${content.slice(0, 40)}-${rest.slice(0, 16)}`;
}

/** A PoolOutcome as stored in `nianbao_queue_results.outcome` (json: the key order of the result is kept). */
export type StoredOutcome = PoolOutcome;

export function queuedOptions(audit: {
  readonly maxBytes?: number | undefined;
  readonly timeoutMs?: number | undefined;
  readonly givenDate?: string | undefined;
}): QueuedAuditOptions {
  return {
    ...(audit.maxBytes !== undefined ? { maxBytes: audit.maxBytes } : {}),
    ...(audit.timeoutMs !== undefined ? { timeoutMs: audit.timeoutMs } : {}),
    ...(audit.givenDate !== undefined ? { givenDate: audit.givenDate } : {}),
  };
}
