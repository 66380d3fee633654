/**
 * The LLM path's environment, parsed once at start-up (style: config against a schema, types derived).
 * Interface fixed by issue 6: OPENAI_BASE_URL, OPENAI_API_KEY, NIANBAO_LLM_MODEL, NIANBAO_LLM_MODE.
 * Explicit environment variables win over a `.env` file (audit-json.md).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";
import { LlmConfigError } from "./errors/llm-config-error.ts";

/** How the schema reaches the model: response_format json_schema, a forced function tool, or json_object. */
export const LlmMode = z.enum(["json_schema", "tools", "json_object"]);
export type LlmMode = z.infer<typeof LlmMode>;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const LlmEnv = z.object({
  OPENAI_BASE_URL: z.url().optional(),
  OPENAI_API_KEY: z.string().min(1),
  NIANBAO_LLM_MODEL: z.string().min(1),
  NIANBAO_LLM_MODE: LlmMode.default("tools"),
  /** Total time for one report's extraction, retries and repair included. */
  NIANBAO_LLM_TIMEOUT_MS: positiveInt(30_000),
  /** Upper bound (estimated tokens) of the report text sent to the model. */
  NIANBAO_LLM_MAX_INPUT_TOKENS: positiveInt(8_000),
  /** Tokens one user may spend per day (bot: extraction and questions together). */
  NIANBAO_LLM_DAILY_TOKENS: positiveInt(200_000),
  /** max_tokens of an extraction reply (about 3k are needed for the ~200 keys). */
  NIANBAO_LLM_MAX_OUTPUT_TOKENS: positiveInt(8_000),
});

export interface LlmConfig {
  readonly baseURL: string | undefined;
  readonly apiKey: string;
  readonly model: string;
  readonly mode: LlmMode;
  readonly timeoutMs: number;
  readonly maxInputTokens: number;
  readonly dailyTokens: number;
  readonly maxOutputTokens: number;
}

const REQUIRED = ["OPENAI_API_KEY", "NIANBAO_LLM_MODEL"] as const;

/** Environment variables with a `.env` file of `dir` underneath (explicit variables win). */
export function envWithDotenv(
  env: Readonly<Record<string, string | undefined>>,
  dir: string = process.cwd(),
): Record<string, string | undefined> {
  const file = join(dir, ".env");
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, "utf8")) : {};
  const merged: Record<string, string | undefined> = { ...fromFile };
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/**
 * The LLM configuration, or null when the LLM is not configured at all (none of the required
 * variables set: the deterministic path stays in place). Throws LlmConfigError when it is set up
 * half-way or with invalid values.
 */
export function llmConfigFromEnv(env: Readonly<Record<string, string | undefined>>): LlmConfig | null {
  const blank = (name: string) => (env[name] ?? "").trim() === "";
  if (REQUIRED.every(blank)) return null;
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== "") cleaned[k] = v.trim();
  const parsed = LlmEnv.safeParse(cleaned);
  if (!parsed.success) {
    throw new LlmConfigError(
      parsed.error.issues.map((i) => `${i.path.join(".") || "env"}: ${i.message}`),
      { cause: parsed.error },
    );
  }
  const e = parsed.data;
  return {
    baseURL: e.OPENAI_BASE_URL,
    apiKey: e.OPENAI_API_KEY,
    model: e.NIANBAO_LLM_MODEL,
    mode: e.NIANBAO_LLM_MODE,
    timeoutMs: e.NIANBAO_LLM_TIMEOUT_MS,
    maxInputTokens: e.NIANBAO_LLM_MAX_INPUT_TOKENS,
    dailyTokens: e.NIANBAO_LLM_DAILY_TOKENS,
    maxOutputTokens: e.NIANBAO_LLM_MAX_OUTPUT_TOKENS,
  };
}

/** The variables a user must set, for error lines. */
export const REQUIRED_ENV: readonly string[] = REQUIRED;
