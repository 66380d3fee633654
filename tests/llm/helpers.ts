/** Shared setup of the LLM tests: seeds read and parsed, extractors pointed at the local fake server. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { analyse } from "../../extract/analyse.ts";
import type { Document } from "../../extract/document.ts";
import type { LlmConfig, LlmMode } from "../../extract/llm/config.ts";
import type { LlmLogger } from "../../extract/llm/logger.ts";
import { createOpenAiExtractor } from "../../extract/llm/openai-extractor.ts";
import { type ExtractionSchema, schemaForReport } from "../../extract/llm/wire-schema.ts";
import { readDocument } from "../../extract/readers/index.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import { loadPrompts } from "../../prompts/load-prompts.ts";
import type { WireMessage } from "./fake-openai-server.ts";

export const ROOT = join(import.meta.dirname, "../..");
export const SEEDS = join(ROOT, "tests/fixtures/seeds");
export const SEED = "002_a01f0cf12a106081";

export function seedBytes(name = SEED, ext = "txt"): Uint8Array {
  const b = readFileSync(join(SEEDS, `${name}.${ext}`));
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

export async function parsed(bytes: Uint8Array): Promise<{ document: Document; report: ParsedReport }> {
  const read = await readDocument(bytes, {});
  if (!read.ok) throw new Error(`cannot read: ${read.status}`);
  return { document: read.document, report: analyse(read.document).report };
}

/** The expected figures of a seed (hand-checked). */
export function expectedFigures(name = SEED): Record<string, number | null> {
  return JSON.parse(readFileSync(join(SEEDS, `${name}.expected.json`), "utf8")).figures;
}

export function config(url: string, mode: LlmMode, overrides: Partial<LlmConfig> = {}): LlmConfig {
  return {
    baseURL: url,
    apiKey: "test-key",
    model: "fake-model",
    mode,
    timeoutMs: 10_000,
    maxInputTokens: 8_000,
    dailyTokens: 100_000,
    maxOutputTokens: 8_000,
    ...overrides,
  };
}

export interface CapturedLog {
  readonly logger: LlmLogger;
  readonly lines: { level: string; obj: Record<string, unknown>; msg: string }[];
}

export function captureLog(): CapturedLog {
  const lines: CapturedLog["lines"] = [];
  return {
    lines,
    logger: {
      info: (obj, msg) => lines.push({ level: "info", obj, msg }),
      debug: (obj, msg) => lines.push({ level: "debug", obj, msg }),
    },
  };
}

export const PROMPTS = loadPrompts();

/** Fast retries for tests (the deadline is the config's timeoutMs). */
export const FAST_RETRY: { baseDelayMs: number; maxDelayMs: number; attemptTimeoutMs: number } = {
  baseDelayMs: 10,
  maxDelayMs: 50,
  attemptTimeoutMs: 2_000,
};

export function extractor(
  url: string,
  mode: LlmMode,
  overrides: Partial<LlmConfig> = {},
  log = captureLog(),
  retry: Partial<typeof FAST_RETRY> = {},
) {
  return createOpenAiExtractor({
    config: config(url, mode, overrides),
    prompts: PROMPTS,
    logger: log.logger,
    retry: { ...FAST_RETRY, ...retry },
  });
}

/** A valid reply object for a report: its schema's keys with the given values (missing keys → null). */
export function replyFor(schema: ExtractionSchema, figures: Readonly<Record<string, number | null>>) {
  const out: Record<string, number | null> = {};
  for (const key of schema.keys) out[key] = figures[key] ?? null;
  return { templateVersion: schema.version, figures: out };
}

export { schemaForReport };

/** The text of all messages of one role in a recorded request body. */
export function messageOf(body: { messages: readonly WireMessage[] }, role: string): string {
  return body.messages
    .filter((m) => m.role === role)
    .map((m) => m.content ?? "")
    .join("\n");
}
