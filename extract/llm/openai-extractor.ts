/**
 * LLM extraction through the openai SDK, against any OpenAI-compatible endpoint: the report's schema
 * goes out as response_format, a forced tool or in the prompt (LlmMode); the reply is parsed and
 * validated by zod; one repair round sends the issues back; after that LlmOutputError keeps the raw text.
 */
import OpenAI from "openai";
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { Prompts } from "../../prompts/load-prompts.ts";
import { createWithRetry, DEFAULT_RETRY, type RetryPolicy } from "./call-with-retry.ts";
import type { LlmConfig } from "./config.ts";
import { LlmOutputError } from "./errors/llm-output-error.ts";
import { LlmUnavailableError } from "./errors/llm-unavailable-error.ts";
import type { ExtractionInput, LlmExtraction, LlmExtractor } from "./extractor.ts";
import { type LlmLogger, stderrLogger } from "./logger.ts";
import { extractionMessages, repairText } from "./messages.ts";
import { parseExtraction } from "./parse-extraction.ts";
import { replyOf } from "./reply.ts";
import { buildReportInput } from "./report-input.ts";
import { requestBody } from "./request-body.ts";
import { estimateTokens } from "./tokens.ts";
import { addUsage, type LlmUsage, NO_USAGE } from "./usage.ts";
import { schemaForReport } from "./wire-schema.ts";

export interface OpenAiExtractorOptions {
  readonly config: LlmConfig;
  readonly prompts: Prompts;
  readonly logger?: LlmLogger;
  /** A ready client (tests); default: one built from the config. */
  readonly client?: OpenAI;
  /** Retry tuning; the deadline always comes from `config.timeoutMs`. */
  readonly retry?: Partial<Omit<RetryPolicy, "deadline">>;
}

export function openAiClient(config: LlmConfig): OpenAI {
  return new OpenAI({
    apiKey: config.apiKey,
    ...(config.baseURL ? { baseURL: config.baseURL } : {}),
    maxRetries: 0,
    timeout: config.timeoutMs,
  });
}

export function createOpenAiExtractor(options: OpenAiExtractorOptions): LlmExtractor {
  const { config, prompts } = options;
  const client = options.client ?? openAiClient(config);
  const logger = options.logger ?? stderrLogger();
  const { model, mode } = config;

  async function extract(
    input: ExtractionInput,
    callOptions: { signal?: AbortSignal } = {},
  ): Promise<LlmExtraction> {
    const started = Date.now();
    // One attempt may use two thirds of the budget, so that a timed-out attempt leaves time for a retry.
    const policy: RetryPolicy = {
      ...DEFAULT_RETRY,
      attemptTimeoutMs: Math.round((config.timeoutMs * 2) / 3),
      ...options.retry,
      deadline: started + config.timeoutMs,
    };
    const schema = schemaForReport(input.report);
    const reportInput = buildReportInput(input.document ?? input.report, input.report, config.maxInputTokens);
    const messages = extractionMessages(prompts, mode, schema, reportInput.text);
    const body = requestBody(mode, model, messages, schema, config.maxOutputTokens);
    const requestTokens =
      estimateTokens(JSON.stringify(messages)) +
      (mode === "json_object" ? 0 : estimateTokens(JSON.stringify(schema.json)));

    let usage: LlmUsage = NO_USAGE;
    let repaired = false;
    let outcome = "ok";
    const call = async (messagesOf: ChatCompletionMessageParam[]) => {
      const completion = await createWithRetry(client, { ...body, messages: messagesOf }, policy, {
        model,
        usage,
        ...(callOptions.signal ? { signal: callOptions.signal } : {}),
        onRetry: (info) => logger.info({ model, ...info }, "llm request retried"),
      });
      usage = addUsage(usage, completion.usage);
      return replyOf(mode, completion);
    };

    try {
      const first = await call(messages);
      logger.debug({ model, text: first.text }, "llm raw reply");
      let result = parseExtraction(first.text, schema);
      let last = first;
      if (!result.ok) {
        logger.info(
          { model, issues: result.issues.length, first: result.issues[0] },
          "llm reply invalid, one repair",
        );
        const fix = repairText(prompts, result.issues);
        const followUp: ChatCompletionMessageParam[] =
          first.toolCallId !== null
            ? [first.assistant, { role: "tool", tool_call_id: first.toolCallId, content: fix }]
            : [first.assistant, { role: "user", content: fix }];
        try {
          last = await call([...messages, ...followUp]);
        } catch (error) {
          throw new LlmOutputError({
            text: first.text,
            issues: result.issues,
            model,
            usage,
            finishReason: first.finishReason,
            cause: error,
          });
        }
        logger.debug({ model, text: last.text }, "llm raw repair reply");
        repaired = true;
        result = parseExtraction(last.text, schema);
      }
      if (!result.ok) {
        throw new LlmOutputError({
          text: last.text,
          issues: result.issues,
          model,
          usage,
          finishReason: last.finishReason,
        });
      }
      return {
        templateVersion: result.value.templateVersion,
        figures: result.value.figures,
        usage,
        repaired,
        model,
        mode,
        promptVersion: prompts.version,
        reportTokens: reportInput.estimatedTokens,
        requestTokens,
      };
    } catch (error) {
      outcome = LlmOutputError.isInstance(error)
        ? "invalid"
        : LlmUnavailableError.isInstance(error)
          ? "unavailable"
          : "error";
      throw error;
    } finally {
      logger.info(
        {
          model,
          mode,
          outcome,
          requests: usage.requests,
          inputTokens: usage.inputTokens,
          outputTokens: usage.outputTokens,
          repaired,
          reportTokens: reportInput.estimatedTokens,
          requestTokens,
          truncated: reportInput.truncated,
          ms: Date.now() - started,
        },
        "llm extraction",
      );
    }
  }

  return { model, mode, extract };
}
