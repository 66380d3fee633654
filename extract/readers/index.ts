/**
 * Entry point of the readers: bytes in, a Document or a reasoned refusal out. The format is sniffed from
 * the bytes; size is checked first; nothing thrown by a reader escapes (bad input is a value, not an error).
 */
import type { Document } from "../document.ts";
import { capDocument } from "./cap-document.ts";
import { failureMessage, tooLargeMessage, unsupportedMessage } from "./messages.ts";
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
  /** Called as OCR starts each page of a scan or photo (page is 1-based), for progress. */
  readonly onOcrPage?: (page: number, pages: number) => void;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

function statusOf(failure: ReadFailure): ReadStatus {
  return failure === "no_text_layer" ? "no_text_layer" : "unreadable";
}

function hasText(document: Document): boolean {
  return document.lines.some((line) => line.cells.some((cell) => cell.text !== ""));
}

const READABLE: readonly string[] = ["pdf", "docx", "html", "text", "doc", "ofd"];
/** Images the OCR reader decodes (a photo from chat is a JPEG). */
const OCR_IMAGES: readonly string[] = ["jpeg", "png", "tiff"];
/** OCR takes seconds a page: its own time budget, not the text PDF reader's. */
export const OCR_TIMEOUT_MS = 180_000;

/** A PDF's text layer, or, where it has none, its pages recognised by OCR (when installed and on). */
async function readPdfOrScan(
  bytes: Uint8Array,
  timeoutMs: number,
  onPage: ReadOptions["onOcrPage"],
): Promise<Document> {
  try {
    return await readPdf(bytes, { timeoutMs });
  } catch (error) {
    if (!ReadError.isInstance(error) || error.failure !== "no_text_layer") throw error;
    return (await import("./ocr/read-scan.ts")).readScannedPdf(bytes, {
      timeoutMs: Math.max(timeoutMs, OCR_TIMEOUT_MS),
      ...(onPage ? { onPage } : {}),
    });
  }
}

/**
 * An OLE2 file that is not an encrypted OOXML package goes to the legacy Word reader, which tells the rest
 * apart; a ZIP with OFD.xml to the OFD reader.
 */
function readableAs(sniff: SniffResult): SniffResult {
  if (sniff.format === "doc_legacy" && sniff.detail !== "encrypted") return { format: "doc" };
  if (sniff.format === "zip" && sniff.detail === "ofd") return { format: "ofd" };
  return sniff;
}

async function read(
  bytes: Uint8Array,
  sniff: SniffResult,
  timeoutMs: number,
  onPage: ReadOptions["onOcrPage"],
): Promise<Document> {
  switch (sniff.format) {
    case "pdf":
      return readPdfOrScan(bytes, timeoutMs, onPage);
    case "image":
      return (await import("./ocr/read-scan.ts")).readImage(bytes, sniff.detail ?? "", {
        timeoutMs: Math.max(timeoutMs, OCR_TIMEOUT_MS),
        ...(onPage ? { onPage } : {}),
      });
    // Loaded on first use: mammoth, htmlparser2, cfb and the OCR packages are not needed for the other formats.
    case "docx":
      return (await import("./docx.ts")).readDocx(bytes);
    case "html":
      return (await import("./html.ts")).readHtml(bytes);
    case "doc":
      return (await import("./doc-fallback.ts")).readDoc(bytes);
    case "ofd":
      return (await import("./ofd.ts")).readOfd(bytes);
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
    format = sniffed.format === "image" && sniffed.detail ? `image/${sniffed.detail}` : sniffed.format;
    const sniff = readableAs(sniffed);
    readAs = sniff.format;
    const ocrImage = sniff.format === "image" && OCR_IMAGES.includes(sniff.detail ?? "");
    if (!READABLE.includes(sniff.format) && !ocrImage) {
      return {
        ok: false,
        // A photo or scan has no text to read: the same answer as a scanned PDF.
        status: sniff.format === "image" ? "no_text_layer" : "unreadable",
        format: sniff.detail ? `${sniff.format}/${sniff.detail}` : sniff.format,
        reason: `unsupported format ${sniff.format}${sniff.detail ? ` (${sniff.detail})` : ""}`,
        message: unsupportedMessage(sniff),
      };
    }
    const document = capDocument(await read(bytes, sniff, timeoutMs, options.onOcrPage));
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
      message:
        userMessage ??
        failureMessage(failure, readAs, timeoutMs, ReadError.isInstance(error) ? error.limit : ""),
    };
  }
}

export { ReadError, type ReadFailure } from "./read-error.ts";
export { type SniffedFormat, type SniffResult, sniffFormat } from "./sniff.ts";
