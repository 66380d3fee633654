/**
 * Text normalisation shared by the readers (rules.md §7): NFKC (full-width digits and punctuation become
 * half-width, （一） → (一)), no-break and ideographic spaces become plain spaces, line ends become LF,
 * invisible characters go.
 */

/** Zero-width and formatting characters that only get in the way of matching. */
const INVISIBLE = /[\u00ad\u200b-\u200d\u2060\ufeff]/g;
/** Control characters; tab, line feed and form feed (a page break) are kept. */
const CONTROLS = /\p{Cc}/gu;
const KEPT_CONTROLS = new Set(["\t", "\n", "\f"]);

export function normalizeText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .normalize("NFKC")
    .replace(INVISIBLE, "")
    .replace(/[\u00a0\u3000\v]/g, " ")
    .replace(CONTROLS, (c) => (KEPT_CONTROLS.has(c) ? c : ""));
}

/**
 * Whether normalizeText leaves `text` as it is, known from its code units alone: printable ASCII, CJK
 * unified ideographs and a few CJK punctuation marks, none of which NFKC or the other rules change, alone
 * or next to each other (most of pdf.js's text items are such runs; tested against normalizeText).
 */
export function isPlainText(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x7f ? c < 0x20 : !(c >= 0x4e00 ? c <= 0x9fff : isPlainPunctuation(c))) return false;
  }
  return true;
}

/** 、。《》「」『』【】 and curly quotes: no decomposition, no combining class. */
function isPlainPunctuation(c: number): boolean {
  return (
    c === 0x3001 ||
    c === 0x3002 ||
    (c >= 0x300a && c <= 0x3011) ||
    (c >= 0x2018 && c <= 0x2019) ||
    (c >= 0x201c && c <= 0x201d)
  );
}

/** NFKC of `text`; text that isPlainText passes is returned as it is, without a trip through ICU. */
export function nfkc(text: string): string {
  return isPlainText(text) ? text : text.normalize("NFKC");
}

/** Han characters and CJK punctuation / full-width forms: no space is needed between two of them. */
const CJK = /[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\u3000-\u303f\u201c\u201d\u2018\u2019]/u;

export function isCjk(char: string | undefined): boolean {
  return char !== undefined && CJK.test(char);
}

/**
 * Join text pieces that were broken over lines (a wrapped cell, a <br> in a cell): no space where both
 * sides are CJK, one space otherwise.
 */
export function joinBroken(pieces: readonly string[]): string {
  let out = "";
  for (const raw of pieces) {
    const piece = raw.trim();
    if (piece === "") continue;
    if (out === "") out = piece;
    else out += isCjk(out.at(-1)) && isCjk(piece[0]) ? piece : ` ${piece}`;
  }
  return out;
}
