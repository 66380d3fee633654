/**
 * Start-up wiring of the Q&A: the LLM agent when an endpoint is configured (same env as extraction),
 * else the given deterministic answerer. The chat model uses the chat-completions API, which every
 * OpenAI-compatible server (OpenAI, DeepSeek, Qwen/DashScope, vLLM, Ollama) speaks.
 */
import { ChatOpenAICompletions } from "@langchain/openai";
import { type LlmConfig, llmConfigFromEnv } from "../extract/llm/config.ts";
import type { LlmLogger } from "../extract/llm/logger.ts";
import { loadPrompts, type Prompts } from "../prompts/load-prompts.ts";
import type { Answerer } from "./answerer.ts";
import { createLlmAgent } from "./llm-agent.ts";

export function chatModel(config: LlmConfig, options: { maxRetries?: number; timeoutMs?: number } = {}) {
  return new ChatOpenAICompletions({
    model: config.model,
    apiKey: config.apiKey,
    temperature: 0,
    maxTokens: 800,
    maxRetries: options.maxRetries ?? 2,
    timeout: options.timeoutMs ?? Math.min(config.timeoutMs, 20_000),
    ...(config.baseURL ? { configuration: { baseURL: config.baseURL } } : {}),
  });
}

export function createLlmAnswerer(
  config: LlmConfig,
  deps: { readonly fallback?: Answerer; readonly prompts?: Prompts; readonly logger?: LlmLogger } = {},
): Answerer {
  return createLlmAgent({
    model: chatModel(config),
    prompts: deps.prompts ?? loadPrompts(),
    ...(deps.fallback ? { fallback: deps.fallback } : {}),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}

/** The LLM agent when the env configures one, else `deterministic` (which also backs the agent). */
export function answererFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  deterministic: Answerer,
  deps: { readonly prompts?: Prompts; readonly logger?: LlmLogger } = {},
): Answerer {
  const config = llmConfigFromEnv(env);
  return config === null ? deterministic : createLlmAnswerer(config, { ...deps, fallback: deterministic });
}
