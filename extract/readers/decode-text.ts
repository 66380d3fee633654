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

/** Bytes of the head the UTF-16 guess looks at. */
const UTF16_SAMPLE = 64 * 1024;

/**
 * UTF-16 without a byte-order mark, told by its pattern of NUL bytes: ASCII characters (digits,
 * spaces, line breaks, of which a report has thousands) are one NUL and one byte in UTF-16, so NULs
 * sit almost only at odd offsets (little-endian) or at even ones (big-endian). Single-byte text has
 * no NULs at all and binary junk has them at both parities. Requires at least 1 pair in 16 to carry
 * a NUL and a 4-to-1 preference for one parity (not more: CJK characters such as 一 U+4E00 put a NUL
 * on the other side; the seed reports have 1 such for 13 ASCII characters); an odd length is
 * tolerated (a cut-off last byte).
 */
export function guessUtf16(bytes: Uint8Array): "utf-16le" | "utf-16be" | null {
  const n = Math.min(bytes.byteLength, UTF16_SAMPLE) & ~1;
  if (n < 8) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  // Pairs that are NUL on both sides (U+0000) are not text either.
  if (Math.max(even, odd) * 16 < pairs) return null;
  const guess = odd > 4 * even ? "utf-16le" : even > 4 * odd ? "utf-16be" : null;
  if (guess === null) return null;
  // Other bytes can share the pattern (UTF-8 text with a NUL after every character): the decoded
  // sample must be the script of a report — ASCII, CJK, their punctuation and full-width forms.
  const sample = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, n), guess);
  let plausible = 0;
  for (let i = 0; i < sample.length; i++) {
    const c = sample.charCodeAt(i);
    if (
      (c >= 0x09 && c <= 0x0d) ||
      (c >= 0x20 && c < 0x7f) ||
      (c >= 0x2000 && c < 0x2070) ||
      (c >= 0x3000 && c < 0x3040) ||
      (c >= 0x4e00 && c < 0xa000) ||
      (c >= 0xff00 && c < 0xfff0)
    )
      plausible++;
  }
  return plausible >= 0.9 * sample.length ? guess : null;
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
  const utf16 = guessUtf16(bytes);
  if (utf16 !== null) {
    const body = bytes.subarray(0, bytes.byteLength & ~1);
    return {
      text: iconv.decode(Buffer.from(body.buffer, body.byteOffset, body.byteLength), utf16),
      encoding: utf16,
    };
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
