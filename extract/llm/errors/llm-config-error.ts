/** Thrown at start-up when the LLM environment is set half-way or holds invalid values. */
export class LlmConfigError extends Error {
  constructor(
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`invalid LLM configuration: ${issues.join("; ")}`, options);
    this.name = "LlmConfigError";
  }
}
