/**
 * One chat-completions call under a time budget: retries with exponential backoff (honouring
 * Retry-After) on 429, 5xx and timeouts only, each attempt bounded by what is left of the deadline.
 * The SDK's own retries are off (maxRetries 0) so that the total stays bounded (about 30 s per report).
 */
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  type OpenAI,
} from "openai";
import type {
  ChatCompletion,
  ChatCompletionCreateParamsNonStreaming,
} from "openai/resources/chat/completions";
import { LlmUnavailableError, type UnavailableReason } from "./errors/llm-unavailable-error.ts";
import type { LlmUsage } from "./usage.ts";

export interface RetryPolicy {
  /** Epoch ms after which no attempt starts and none is waited for. */
  readonly deadline: number;
  /** Upper bound of one attempt. */
  readonly attemptTimeoutMs: number;
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY = {
  attemptTimeoutMs: 20_000,
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
} as const;

export interface CallContext {
  readonly model: string;
  /** Usage so far (carried by the error when the call gives up). */
  readonly usage: LlmUsage;
  readonly signal?: AbortSignal;
  readonly onRetry?: (info: { attempt: number; delayMs: number; reason: string }) => void;
}

function retryAfterMs(error: APIError): number | null {
  const headers = error.headers;
  if (!headers || typeof headers.get !== "function") return null;
  const ms = Number(headers.get("retry-after-ms"));
  if (Number.isFinite(ms) && ms >= 0 && headers.get("retry-after-ms") !== null) return ms;
  const raw = headers.get("retry-after");
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - Date.now());
}

function classify(error: unknown): { retry: boolean; reason: UnavailableReason; status: number | null } {
  if (error instanceof APIUserAbortError) return { retry: false, reason: "aborted", status: null };
  if (error instanceof APIConnectionTimeoutError) return { retry: true, reason: "timeout", status: null };
  if (error instanceof APIConnectionError) return { retry: false, reason: "connection", status: null };
  if (error instanceof APIError) {
    const status = error.status ?? null;
    const retry = status === 429 || (status !== null && status >= 500);
    return { retry, reason: "http", status };
  }
  return { retry: false, reason: "connection", status: null };
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      "abort",
      () => {
        clearTimeout(timer);
        resolve();
      },
      { once: true },
    );
  });
}

export async function createWithRetry(
  client: OpenAI,
  body: ChatCompletionCreateParamsNonStreaming,
  policy: RetryPolicy,
  ctx: CallContext,
): Promise<ChatCompletion> {
  let attempt = 0;
  let last: { reason: UnavailableReason; status: number | null; error: unknown } | null = null;
  while (attempt < policy.maxAttempts) {
    const left = policy.deadline - Date.now();
    if (left <= 0 || ctx.signal?.aborted) break;
    attempt += 1;
    try {
      return await client.chat.completions.create(body, {
        timeout: Math.max(1, Math.min(policy.attemptTimeoutMs, left)),
        maxRetries: 0,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      const c = classify(error);
      last = { reason: c.reason, status: c.status, error };
      if (!c.retry || attempt >= policy.maxAttempts) break;
      const backoff = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      const hinted = error instanceof APIError ? retryAfterMs(error) : null;
      const delay = Math.min(policy.maxDelayMs, hinted ?? backoff * (0.75 + Math.random() * 0.5));
      // Waiting past the deadline is pointless: give up now.
      if (Date.now() + delay >= policy.deadline) break;
      ctx.onRetry?.({
        attempt,
        delayMs: Math.round(delay),
        reason: c.status ? `HTTP ${c.status}` : c.reason,
      });
      await sleep(delay, ctx.signal);
    }
  }
  throw new LlmUnavailableError({
    reason: ctx.signal?.aborted ? "aborted" : (last?.reason ?? "deadline"),
    status: last?.status ?? null,
    attempts: attempt,
    model: ctx.model,
    usage: ctx.usage,
    detail: last?.error instanceof Error ? last.error.message : undefined,
    cause: last?.error,
  });
}
