/** Token and request counts of one LLM task (extraction or one question), summed over its requests. */
export interface LlmUsage {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export const NO_USAGE: LlmUsage = { requests: 0, inputTokens: 0, outputTokens: 0 };

export function addUsage(
  a: LlmUsage,
  b: { prompt_tokens?: number; completion_tokens?: number } | null | undefined,
): LlmUsage {
  return {
    requests: a.requests + 1,
    inputTokens: a.inputTokens + (b?.prompt_tokens ?? 0),
    outputTokens: a.outputTokens + (b?.completion_tokens ?? 0),
  };
}
