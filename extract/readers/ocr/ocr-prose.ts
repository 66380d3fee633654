/**
 * The prose of an OCR'd report, mended where a term the rules look for has one inner glyph misread
 * (「收费运知」, 「收费诵知」 for 收费通知): the term's first and last characters as printed, every other one but
 * one as printed, and that one read as another Chinese character. Only the terms whose absence a rule
 * reports (FEE-PRESENT: the 信息处理费 statement of 六) are mended; a glyph misread otherwise, or two of them,
 * stays as read, and nothing is mended in a text layer, where such a word is the report's own. Pure.
 */

/** The fee statement's terms (rules.md FEE-PRESENT, FEE-NOTICE). */
const TERMS = ["收费通知", "信息处理费", "实际收取"] as const;

const HAN = /^\p{Script=Han}$/u;

/** `text` with every term that has exactly one inner glyph read as another Chinese character mended. */
export function mendOcrTerms(text: string): string {
  const chars = [...text];
  for (const term of TERMS) {
    const want = [...term];
    for (let i = 0; i + want.length <= chars.length; i++) {
      if (chars[i] !== want[0] || chars[i + want.length - 1] !== want.at(-1)) continue;
      const differing = want.flatMap((c, k) => (chars[i + k] === c ? [] : [k]));
      const [k] = differing;
      if (differing.length !== 1 || k === undefined || !HAN.test(chars[i + k] ?? "")) continue;
      chars.splice(i, want.length, ...want);
    }
  }
  return chars.join("");
}
