/**
 * The eval hook: the LLM's reading of one document or parsed report, on its own (no reconciliation).
 * `reconcile(report, reading.figures).report.figures` gives the reconciled reading for comparison.
 */
import { analyse } from "../analyse.ts";
import type { Document } from "../document.ts";
import type { ParsedReport } from "../schema.ts";
import { type LlmConfig, llmConfigFromEnv, REQUIRED_ENV } from "./config.ts";
import { LlmConfigError } from "./errors/llm-config-error.ts";
import type { LlmExtraction, LlmExtractor } from "./extractor.ts";
import { createExtractor } from "./from-env.ts";
import type { LlmLogger } from "./logger.ts";

export interface LlmExtractOptions {
  /** Default: from process.env (throws LlmConfigError when not configured). */
  readonly config?: LlmConfig;
  /** Use this extractor instead of building one (tests, a shared instance over many files). */
  readonly extractor?: LlmExtractor;
  /** The parser's reading of `source` when it is a Document and you have it already. */
  readonly report?: ParsedReport;
  readonly logger?: LlmLogger;
  readonly signal?: AbortSignal;
}

export async function llmExtract(
  source: Document | ParsedReport,
  options: LlmExtractOptions = {},
): Promise<LlmExtraction> {
  let extractor = options.extractor;
  if (!extractor) {
    const config = options.config ?? llmConfigFromEnv(process.env);
    if (config === null) throw new LlmConfigError(REQUIRED_ENV.map((name) => `${name}: is required`));
    extractor = createExtractor(config, options.logger ? { logger: options.logger } : {});
  }
  const isDocument = "lines" in source;
  const report = isDocument ? (options.report ?? analyse(source).report) : source;
  return extractor.extract(
    isDocument ? { report, document: source } : { report },
    options.signal ? { signal: options.signal } : {},
  );
}
