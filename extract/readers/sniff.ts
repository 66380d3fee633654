/**
 * What a file is, from its bytes alone (never its name): a report is often uploaded with the wrong
 * extension, and a JPEG called ".pdf" must get the image message, not "corrupt PDF".
 */

import iconv from "iconv-lite";
import { bomEncoding, guessUtf16, strictUtf8 } from "./decode-text.ts";
import { listZipEntries } from "./zip.ts";

export type SniffedFormat =
  | "pdf"
  | "docx"
  | "zip"
  | "image"
  | "html"
  | "doc_legacy"
  /** Not sniffed from bytes: what readDocument reads a doc_legacy OLE2 file as. */
  | "doc"
  /** Not sniffed from bytes: what readDocument reads a zip/ofd file as. */
  | "ofd"
  | "rtf"
  | "text"
  | "binary"
  | "empty";

export interface SniffResult {
  readonly format: SniffedFormat;
  /** Finer kind where it helps the message: "jpeg", "png"…; "xlsx", "pptx", "ofd", "odt"… for a ZIP. */
  readonly detail?: string;
}

/** How far into the file the sniffer looks for text/HTML decisions. */
const SAMPLE_BYTES = 64 * 1024;

function startsWith(bytes: Uint8Array, magic: readonly number[], offset = 0): boolean {
  if (bytes.byteLength < offset + magic.length) return false;
  return magic.every((b, i) => bytes[offset + i] === b);
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("latin1", start, end);
}

function sniffImage(bytes: Uint8Array): string | null {
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "jpeg";
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "png";
  const head = ascii(bytes, 0, Math.min(bytes.byteLength, 16));
  if (head.startsWith("GIF87a") || head.startsWith("GIF89a")) return "gif";
  if (startsWith(bytes, [0x49, 0x49, 0x2a, 0x00]) || startsWith(bytes, [0x4d, 0x4d, 0x00, 0x2a]))
    return "tiff";
  if (head.startsWith("RIFF") && head.slice(8, 12) === "WEBP") return "webp";
  if (/^....ftyp(heic|heix|hevc|mif1|msf1|avif)/s.test(head)) return "heic";
  // BMP: "BM", then the file size, then two reserved zero words.
  if (
    head.startsWith("BM") &&
    bytes.byteLength >= 14 &&
    bytes[6] === 0 &&
    bytes[7] === 0 &&
    bytes[8] === 0 &&
    bytes[9] === 0
  ) {
    return "bmp";
  }
  return null;
}

/** docx, or the kind of other ZIP. Falls back to scanning local headers when the directory is cut off. */
function sniffZip(bytes: Uint8Array): SniffResult {
  const names = listZipEntries(bytes)?.map((e) => e.name);
  const has = (name: string) =>
    names
      ? names.includes(name)
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(name, 0, "latin1");
  if (has("word/document.xml")) return { format: "docx" };
  if (has("xl/workbook.xml")) return { format: "zip", detail: "xlsx" };
  if (has("ppt/presentation.xml")) return { format: "zip", detail: "pptx" };
  if (has("OFD.xml")) return { format: "zip", detail: "ofd" };
  if (has("mimetype") && has("content.xml")) return { format: "zip", detail: "odf" };
  return { format: "zip" };
}

/** An OLE2 compound file: a legacy .doc/.wps/.xls, or a password-protected DOCX (an EncryptedPackage stream). */
function sniffOle(bytes: Uint8Array): SniffResult {
  const encrypted = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(
    Buffer.from("EncryptedPackage", "utf16le"),
  );
  return encrypted ? { format: "doc_legacy", detail: "encrypted" } : { format: "doc_legacy" };
}

const HTML_START =
  /^(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body|meta|title|link|style|script|table|p|div|span|h[1-6]|br|font|center|form)[\s>/]/i;

/** Decoded sample of the head of a text-like file, or null if it does not decode as text. */
function sampleText(bytes: Uint8Array): string | null {
  const sample = bytes.subarray(0, Math.min(bytes.byteLength, SAMPLE_BYTES));
  const bom = bomEncoding(sample);
  if (bom && bom.encoding !== "utf-8") {
    const body = sample.subarray(bom.length, bom.length + ((sample.byteLength - bom.length) & ~1));
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), bom.encoding);
  }
  const utf16 = bom ? null : guessUtf16(sample);
  if (utf16 !== null) {
    const body = sample.subarray(0, sample.byteLength & ~1);
    return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), utf16);
  }
  const body = bom ? sample.subarray(bom.length) : sample;
  // A sample may cut a multi-byte character: allow up to 3 bytes of slack at the end.
  for (let cut = 0; cut <= 3 && cut < body.byteLength; cut++) {
    const utf8 = strictUtf8(body.subarray(0, body.byteLength - cut));
    if (utf8 !== null) return utf8;
  }
  return iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), "gb18030");
}

/** Few control characters and few undecodable sequences: it is text. */
function looksLikeText(text: string): boolean {
  if (text.length === 0) return false;
  let bad = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    if (code === 0xfffd || (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d && code !== 0x0c))
      bad++;
  }
  return bad / text.length < 0.01;
}

/**
 * "%PDF-" at the start (after a BOM or whitespace), or later in the first KB behind binary junk, which
 * viewers and pdf.js tolerate (mail gateways prepend bytes). Text merely quoting "%PDF-" is not a PDF.
 */
function isPdfHeader(head: string): boolean {
  const at = head.indexOf("%PDF-");
  if (at < 0) return false;
  const prefix = head.slice(0, at);
  return /^[\s\u00ef\u00bb\u00bf]*$/.test(prefix) || [...prefix].some((ch) => ch.charCodeAt(0) < 0x09);
}

export function sniffFormat(bytes: Uint8Array): SniffResult {
  if (bytes.byteLength === 0) return { format: "empty" };
  const head = ascii(bytes, 0, Math.min(bytes.byteLength, 1024));
  if (isPdfHeader(head)) return { format: "pdf" };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06]))
    return sniffZip(bytes);
  if (startsWith(bytes, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return sniffOle(bytes);
  const image = sniffImage(bytes);
  if (image) return { format: "image", detail: image };
  if (head.startsWith("{\\rtf")) return { format: "rtf" };
  const text = sampleText(bytes);
  if (text === null || !looksLikeText(text)) return { format: "binary" };
  if (HTML_START.test(text.replace(/^[\s\ufeff]+/, ""))) return { format: "html" };
  return { format: "text" };
}
