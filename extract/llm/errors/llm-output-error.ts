import type { LlmUsage } from "../usage.ts";

/**
 * The model answered, but its output failed JSON parsing or the schema, also after the one repair
 * round. Keeps the raw text of the last reply (style: vercel/ai NoObjectGeneratedError).
 */
export class LlmOutputError extends Error {
  readonly text: string;
  readonly issues: readonly string[];
  readonly model: string;
  readonly usage: LlmUsage;
  readonly finishReason: string | null;

  constructor(args: {
    text: string;
    issues: readonly string[];
    model: string;
    usage: LlmUsage;
    finishReason?: string | null;
    cause?: unknown;
  }) {
    super(`model output failed validation: ${args.issues.slice(0, 3).join("; ")}`, { cause: args.cause });
    this.name = "LlmOutputError";
    this.text = args.text;
    this.issues = args.issues;
    this.model = args.model;
    this.usage = args.usage;
    this.finishReason = args.finishReason ?? null;
  }

  static isInstance(error: unknown): error is LlmOutputError {
    return error instanceof Error && error.name === "LlmOutputError";
  }
}
