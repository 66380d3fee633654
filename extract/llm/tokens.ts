/**
 * A tokenizer-free upper estimate of input tokens: one token per CJK character (a safe upper bound for
 * current tokenizers), one per 1–3 digit group, one per four Latin letters, one per other symbol and
 * per whitespace run. Used to keep the report text under budget before anything is sent.
 */
const TOKEN_RE =
  /([\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef])|(\d{1,3})|([A-Za-z]{1,4})|(\s+)|(.)/gsu;

export function estimateTokens(text: string): number {
  let n = 0;
  for (const _ of text.matchAll(TOKEN_RE)) n += 1;
  return n;
}
