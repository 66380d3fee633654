/**
 * Entry point of the readers: bytes in, a Document or a reasoned refusal out. The format is sniffed from
 * the bytes; size is checked first; nothing thrown by a reader escapes (bad input is a value, not an error).
 */
import type { Document } from "../document.ts";
import { readDoc } from "./doc-fallback.ts";
import { readDocx } from "./docx.ts";
import { readHtml } from "./html.ts";
import { failureMessage, tooLargeMessage, unsupportedMessage } from "./messages.ts";
import { readOfd } from "./ofd.ts";
import { DEFAULT_PDF_TIMEOUT_MS, readPdf } from "./pdf.ts";
import { ReadError, type ReadFailure } from "./read-error.ts";
import { type SniffResult, sniffFormat } from "./sniff.ts";
import { readText } from "./text.ts";

export type ReadStatus = "unreadable" | "no_text_layer" | "too_large";

export type ReadResult =
  | { readonly ok: true; readonly document: Document }
  | {
      readonly ok: false;
      readonly status: ReadStatus;
      /** Sniffed format ("pdf", "docx", "image", "zip", "doc_legacy", "binary", "empty"…). */
      readonly format: string;
      /** English, for logs. */
      readonly reason: string;
      /** Chinese, for users: what is wrong with this file and what to send instead. */
      readonly message: string;
    };

export interface ReadOptions {
  /** Largest accepted input (default 20 MB). */
  readonly maxBytes?: number;
  /** Time budget of the PDF reader (default 20 s). */
  readonly timeoutMs?: number;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

function statusOf(failure: ReadFailure): ReadStatus {
  return failure === "no_text_layer" ? "no_text_layer" : "unreadable";
}

function hasText(document: Document): boolean {
  return document.lines.some((line) => line.cells.some((cell) => cell.text !== ""));
}

const READABLE: readonly string[] = ["pdf", "docx", "html", "text", "doc", "ofd"];

/**
 * An OLE2 file that is not an encrypted OOXML package goes to the legacy Word reader, which tells the rest
 * apart; a ZIP with OFD.xml to the OFD reader.
 */
function readableAs(sniff: SniffResult): SniffResult {
  if (sniff.format === "doc_legacy" && sniff.detail !== "encrypted") return { format: "doc" };
  if (sniff.format === "zip" && sniff.detail === "ofd") return { format: "ofd" };
  return sniff;
}

async function read(bytes: Uint8Array, format: string, timeoutMs: number): Promise<Document> {
  switch (format) {
    case "pdf":
      return readPdf(bytes, { timeoutMs });
    case "docx":
      return readDocx(bytes);
    case "html":
      return readHtml(bytes);
    case "doc":
      return readDoc(bytes);
    case "ofd":
      return readOfd(bytes);
    default:
      return readText(bytes);
  }
}

export async function readDocument(bytes: Uint8Array, options: ReadOptions = {}): Promise<ReadResult> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const timeoutMs = options.timeoutMs ?? DEFAULT_PDF_TIMEOUT_MS;
  const size = bytes.byteLength;
  if (size > maxBytes) {
    return {
      ok: false,
      status: "too_large",
      format: "unknown",
      reason: `file is ${size} bytes, limit is ${maxBytes}`,
      message: tooLargeMessage(size, maxBytes),
    };
  }
  let format = "unknown";
  let readAs = "unknown";
  try {
    const sniffed = sniffFormat(bytes);
    format = sniffed.format;
    const sniff = readableAs(sniffed);
    readAs = sniff.format;
    if (!READABLE.includes(sniff.format)) {
      return {
        ok: false,
        // A photo or scan has no text to read: the same answer as a scanned PDF.
        status: sniff.format === "image" ? "no_text_layer" : "unreadable",
        format: sniff.detail ? `${sniff.format}/${sniff.detail}` : sniff.format,
        reason: `unsupported format ${sniff.format}${sniff.detail ? ` (${sniff.detail})` : ""}`,
        message: unsupportedMessage(sniff),
      };
    }
    const document = await read(bytes, sniff.format, timeoutMs);
    if (!hasText(document)) throw new ReadError("empty_text", sniff.format, "no text in the document");
    return { ok: true, document };
  } catch (error) {
    const userMessage = ReadError.isInstance(error) ? error.userMessage : undefined;
    const failure: ReadFailure = ReadError.isInstance(error) ? error.failure : "corrupt";
    const detail = ReadError.isInstance(error)
      ? error.detail
      : error instanceof Error
        ? error.message
        : String(error);
    return {
      ok: false,
      status: statusOf(failure),
      format,
      reason: `${format}: ${failure}: ${detail}`,
      message: userMessage ?? failureMessage(failure, readAs, timeoutMs),
    };
  }
}

export { ReadError, type ReadFailure } from "./read-error.ts";
export { type SniffedFormat, type SniffResult, sniffFormat } from "./sniff.ts";
