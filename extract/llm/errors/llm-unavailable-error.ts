import type { LlmUsage } from "../usage.ts";

export type UnavailableReason = "timeout" | "http" | "connection" | "deadline" | "aborted";

/**
 * No usable answer arrived: a timeout, an HTTP error (after the retries on 429/5xx), a refused
 * connection or the per-report time budget spent. `status` is the last HTTP status, if any.
 */
export class LlmUnavailableError extends Error {
  readonly reason: UnavailableReason;
  readonly status: number | null;
  readonly attempts: number;
  readonly model: string;
  readonly usage: LlmUsage;

  constructor(args: {
    reason: UnavailableReason;
    status?: number | null;
    attempts: number;
    model: string;
    usage: LlmUsage;
    detail?: string;
    cause?: unknown;
  }) {
    const status = args.status ? ` (HTTP ${args.status})` : "";
    super(
      `LLM unavailable: ${args.reason}${status} after ${args.attempts} attempt(s)${args.detail ? `: ${args.detail}` : ""}`,
      { cause: args.cause },
    );
    this.name = "LlmUnavailableError";
    this.reason = args.reason;
    this.status = args.status ?? null;
    this.attempts = args.attempts;
    this.model = args.model;
    this.usage = args.usage;
  }

  static isInstance(error: unknown): error is LlmUnavailableError {
    return error instanceof Error && error.name === "LlmUnavailableError";
  }
}
