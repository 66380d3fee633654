/** Chinese numerals as printed in reports: digit-by-digit years (二〇二三) and small counts (十二, 一百零五). */

export const CN_DIGITS: Readonly<Record<string, number>> = {
  〇: 0,
  "○": 0,
  零: 0,
  Ｏ: 0,
  O: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};

/** "2023" or "二〇二三" → 2023; NaN otherwise. */
export function parseYear(text: string): number {
  if (/^\d{4}$/.test(text)) return Number(text);
  if ([...text].length !== 4) return Number.NaN;
  let n = 0;
  for (const ch of text) {
    const d = CN_DIGITS[ch];
    if (d === undefined || ch === "两") return Number.NaN;
    n = n * 10 + d;
  }
  return n;
}

/** Value of a small Chinese numeral (一…九百九十九); NaN when not one. */
export function chineseNumber(text: string): number {
  if (text === "") return Number.NaN;
  if (text === "十") return 10;
  const digit = (ch: string | undefined) => (ch ? (CN_DIGITS[ch] ?? 0) : 0);
  const m = /^([一二两三四五六七八九])?十([一二三四五六七八九])?$/.exec(text);
  if (m) return (m[1] ? digit(m[1]) : 1) * 10 + digit(m[2]);
  if (text.length === 1 && text in CN_DIGITS) return CN_DIGITS[text] ?? Number.NaN;
  const h = /^([一二两三四五六七八九])百(?:零?([一二三四五六七八九]))?$/.exec(text);
  if (h) return digit(h[1]) * 100 + digit(h[2]);
  const hh = /^([一二两三四五六七八九])百([一二三四五六七八九]?十[一二三四五六七八九]?)$/.exec(text);
  if (hh) return digit(hh[1]) * 100 + chineseNumber(hh[2] ?? "");
  return Number.NaN;
}
