/**
 * The LLM reading of one report, behind a small interface: the pipeline (audit/run-audit.ts) and the
 * eval depend on this, not on a client library. `createOpenAiExtractor` is the implementation.
 */
import type { Document } from "../document.ts";
import type { ParsedReport } from "../schema.ts";
import type { TemplateVersion } from "../template/layout.ts";
import type { LlmMode } from "./config.ts";
import type { LlmUsage } from "./usage.ts";

export interface ExtractionInput {
  /** The parser's reading: it fixes the layout (template version, 表三 （六） rows) of the schema. */
  readonly report: ParsedReport;
  /** The document it was read from: gives the table regions by line (better input than the full text). */
  readonly document?: Document;
}

export interface LlmExtraction {
  readonly templateVersion: TemplateVersion;
  /** Canonical key → the model's value (null = blank or unreadable), every key of the schema. */
  readonly figures: Record<string, number | null>;
  readonly usage: LlmUsage;
  /** The first reply failed validation and the repair round fixed it. */
  readonly repaired: boolean;
  readonly model: string;
  readonly mode: LlmMode;
  readonly promptVersion: string;
  /** Estimated tokens of the report text sent (CJK counted one per character). */
  readonly reportTokens: number;
  /** Estimated tokens of the whole first request: messages plus schema. */
  readonly requestTokens: number;
}

export interface LlmExtractor {
  readonly model: string;
  readonly mode: LlmMode;
  /** Throws LlmUnavailableError (no answer) or LlmOutputError (invalid after the one repair). */
  extract(input: ExtractionInput, options?: { readonly signal?: AbortSignal }): Promise<LlmExtraction>;
}
