/** A prompt file is missing, has a wrong header, or its placeholders differ from what the code fills. */
export class PromptError extends Error {
  constructor(
    readonly file: string,
    readonly problem: string,
    options?: { cause?: unknown },
  ) {
    super(`prompt ${file}: ${problem}`, options);
    this.name = "PromptError";
  }
}
