/** The LLM extraction path: public surface. */
export { createWithRetry, DEFAULT_RETRY, type RetryPolicy } from "./call-with-retry.ts";
export { envWithDotenv, type LlmConfig, LlmEnv, LlmMode, llmConfigFromEnv, REQUIRED_ENV } from "./config.ts";
export { LlmConfigError } from "./errors/llm-config-error.ts";
export { LlmOutputError } from "./errors/llm-output-error.ts";
export { LlmUnavailableError, type UnavailableReason } from "./errors/llm-unavailable-error.ts";
export type { ExtractionInput, LlmExtraction, LlmExtractor } from "./extractor.ts";
export { createExtractor, extractorForCli, llmExtractorFromEnv } from "./from-env.ts";
export { type LlmExtractOptions, llmExtract } from "./llm-extract.ts";
export { type LlmStepResult, runLlmStep } from "./llm-step.ts";
export { type LlmLogger, silentLogger, stderrLogger } from "./logger.ts";
export { EXTRACT_DISAGREE, LLM_INVALID, LLM_UNAVAILABLE, type LlmFinding } from "./notices.ts";
export { createOpenAiExtractor, type OpenAiExtractorOptions, openAiClient } from "./openai-extractor.ts";
export { type Disagreement, type Reconciliation, type Rejection, reconcile } from "./reconcile.ts";
export { buildReportInput, type ReportInput } from "./report-input.ts";
export { LlmStatus } from "./status.ts";
export { estimateTokens } from "./tokens.ts";
export type { LlmUsage } from "./usage.ts";
export { type ExtractionSchema, extractionSchema, SCHEMA_NAME, schemaForReport } from "./wire-schema.ts";
