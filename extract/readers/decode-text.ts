/**
 * Bytes → string for text-like sources (plain text, HTML). Order: byte-order mark, then valid UTF-8,
 * then a charset the source declares, then GB18030 (a superset of GBK/GB2312, the usual legacy encoding
 * of Chinese government pages).
 */
import iconv from "iconv-lite";

export interface DecodedText {
  readonly text: string;
  /** "utf-8", "utf-16le", "utf-16be", "gb18030" or the declared charset. */
  readonly encoding: string;
}

/** The encoding named by a byte-order mark, and the mark's length. */
export function bomEncoding(bytes: Uint8Array): { encoding: string; length: number } | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: "utf-8", length: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: "utf-16le", length: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: "utf-16be", length: 2 };
  return null;
}

/** The bytes as UTF-8, or null if they are not valid UTF-8. */
export function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** Labels that mean "GB family": decode them all as GB18030. */
const GB_LABELS = new Set(["gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312", "csgb2312"]);

export function decodeText(bytes: Uint8Array, declared?: string): DecodedText {
  const bom = bomEncoding(bytes);
  if (bom) {
    const body = bytes.subarray(bom.length);
    const text =
      bom.encoding === "utf-8"
        ? new TextDecoder("utf-8").decode(body)
        : iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), bom.encoding);
    return { text, encoding: bom.encoding };
  }
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return { text: utf8, encoding: "utf-8" };
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const label = declared?.trim().toLowerCase();
  if (
    label &&
    !GB_LABELS.has(label) &&
    label !== "utf-8" &&
    label !== "utf8" &&
    iconv.encodingExists(label)
  ) {
    return { text: iconv.decode(buffer, label), encoding: label };
  }
  return { text: iconv.decode(buffer, "gb18030"), encoding: "gb18030" };
}
