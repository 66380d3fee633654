/**
 * The bot's LLM settings, from the same variables as `nianbao audit --llm` (extract/llm/config.ts):
 * the variables the parser workers build their extractor from, and the per-user daily token budget
 * that extraction and questions share (NIANBAO_LLM_DAILY_TOKENS, counted in the store per China day).
 */
import { llmConfigFromEnv } from "../extract/llm/config.ts";

export interface BotLlm {
  /** OPENAI_* and NIANBAO_LLM_* only: what a worker needs, nothing else of the environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly model: string;
  readonly dailyTokens: number;
  /** The model's time budget for one report (added to the worker's time cap). */
  readonly timeoutMs: number;
}

/** null when no LLM is configured; throws LlmConfigError for a bad configuration. */
export function botLlmFromEnv(env: Readonly<Record<string, string | undefined>>): BotLlm | null {
  const config = llmConfigFromEnv(env);
  if (config === null) return null;
  const picked: Record<string, string> = {};
  for (const [key, value] of Object.entries(env))
    if (value !== undefined && (key.startsWith("OPENAI_") || key.startsWith("NIANBAO_LLM_")))
      picked[key] = value;
  return { env: picked, model: config.model, dailyTokens: config.dailyTokens, timeoutMs: config.timeoutMs };
}
