/**
 * Start-up wiring for the CLI and the bot: the extractor from the environment (null when no LLM is
 * configured), with the prompts loaded and checked once. Throws LlmConfigError / PromptError.
 */
import { loadPrompts, type Prompts } from "../../prompts/load-prompts.ts";
import { envWithDotenv, type LlmConfig, llmConfigFromEnv, REQUIRED_ENV } from "./config.ts";
import { LlmConfigError } from "./errors/llm-config-error.ts";
import type { LlmExtractor } from "./extractor.ts";
import type { LlmLogger } from "./logger.ts";
import { createOpenAiExtractor } from "./openai-extractor.ts";

export function createExtractor(
  config: LlmConfig,
  deps: { readonly logger?: LlmLogger; readonly prompts?: Prompts } = {},
): LlmExtractor {
  return createOpenAiExtractor({
    config,
    prompts: deps.prompts ?? loadPrompts(),
    ...(deps.logger ? { logger: deps.logger } : {}),
  });
}

export function llmExtractorFromEnv(
  env: Readonly<Record<string, string | undefined>>,
  deps: { readonly logger?: LlmLogger; readonly prompts?: Prompts } = {},
): LlmExtractor | null {
  const config = llmConfigFromEnv(env);
  return config === null ? null : createExtractor(config, deps);
}

/**
 * For `nianbao audit --llm`: the extractor, or the one-line reason (Chinese) why there is none.
 * Environment variables win over a `.env` file in the working directory.
 */
export function extractorForCli(
  env: Readonly<Record<string, string | undefined>>,
  logger: LlmLogger,
): { ok: true; extractor: LlmExtractor } | { ok: false; message: string } {
  try {
    const extractor = llmExtractorFromEnv(envWithDotenv(env), { logger });
    if (extractor !== null) return { ok: true, extractor };
    return {
      ok: false,
      message: `--llm 需要设置环境变量 ${REQUIRED_ENV.join(" 和 ")}（可选 OPENAI_BASE_URL、NIANBAO_LLM_MODE），见 nianbao --help`,
    };
  } catch (error) {
    const detail =
      error instanceof LlmConfigError
        ? error.issues.join("; ")
        : error instanceof Error
          ? error.message
          : String(error);
    return { ok: false, message: `--llm 配置有误：${detail}` };
  }
}
