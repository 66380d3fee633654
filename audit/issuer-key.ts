/**
 * The key that links reports of the same issuer across years (rules.md §6.2 "same normalised name"):
 * NFKC, no whitespace, no brackets, quotes or punctuation, no trailing report title. Two printings of
 * one name ("广州市 番禺区人民政府（洛浦街道办事处）" / "广州市番禺区人民政府洛浦街道办事处") get one key.
 */

const REPORT_TITLE = /\d{4}\s*年(度)?政府信息公开.*$|政府信息公开工作年度报告.*$/;
const NOISE = /[\s\u3000\u00a0()（）【】[\]《》〈〉<>"'“”‘’「」『』·•,，。.、:：;；\-—–_]/g;

/** Normalised issuer name, or null when there is none (such reports are never linked). */
export function issuerKey(name: string | null | undefined): string | null {
  if (name === null || name === undefined) return null;
  const key = name.normalize("NFKC").replace(REPORT_TITLE, "").replace(NOISE, "");
  return key.length >= 2 ? key : null;
}
