/**
 * The one error a reader throws for input it cannot turn into a Document. `readDocument` catches it
 * (and anything else) at the boundary and maps it to a ReadResult; nothing above the readers sees it.
 */

/** Why a file could not be read; decides the status and the user message. */
export type ReadFailure =
  /** The PDF needs a password to open. */
  | "encrypted"
  /** Broken, truncated or not what its magic bytes claim. */
  | "corrupt"
  /** Opened, but (almost) no extractable text: scanned pages, images pasted into Word. */
  | "no_text_layer"
  /** Opened, but holds no text at all (an empty text/HTML file). */
  | "empty_text"
  /** The reader ran past its time budget. */
  | "timeout"
  /** Past a hard limit of the readers (extract/readers/limits.ts): a zip bomb, absurd nesting. */
  | "over_limit";

export class ReadError extends Error {
  constructor(
    readonly failure: ReadFailure,
    /** Sniffed format of the input ("pdf", "docx"…). */
    readonly format: string,
    /** English detail for logs. */
    readonly detail: string,
    options?: { cause?: unknown; file?: string; limit?: string; userMessage?: string },
  ) {
    super(
      `cannot read ${format}${options?.file ? ` file ${options.file}` : ""}: ${failure}: ${detail}`,
      options,
    );
    this.name = "ReadError";
    this.file = options?.file ?? "";
    this.limit = options?.limit ?? "";
    this.userMessage = options?.userMessage;
  }

  /** Chinese message for users when the reader knows better than the generic one for its failure. */
  readonly userMessage: string | undefined;

  /** For "over_limit": which limit, in Chinese, for the user's message ("" otherwise). */
  readonly limit: string;

  /** File name for logs, when the caller gave one ("" otherwise). */
  readonly file: string;

  static isInstance(value: unknown): value is ReadError {
    return value instanceof ReadError;
  }
}
