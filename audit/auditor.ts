/**
 * How a face (CLI, batch, eval) has one file audited: in this thread, or isolated in a worker with a
 * time and a heap cap (bot/worker/pool-auditor.ts), which is what every face uses for untrusted input.
 * Either way the promise resolves with a result and never rejects for bad input.
 */
import { type AuditOptions, auditDetailed, type DetailedAudit } from "./run-audit.ts";

export type Auditor = (bytes: Uint8Array, file: string, options?: AuditOptions) => Promise<DetailedAudit>;

/** The pipeline on this thread: no hard time cap (tests and trusted input). */
export const inProcessAuditor: Auditor = (bytes, file, options = {}) => auditDetailed(bytes, file, options);
