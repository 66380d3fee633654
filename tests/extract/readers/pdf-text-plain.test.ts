/**
 * The plain-text shortcut (normalize-text.ts isPlainText, used by the word splitter and nfkc): text it lets through unnormalised is text that
 * normalizeText leaves unchanged, so the shortcut can never change what the reader extracts.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isPlainText, normalizeText } from "../../../extract/readers/normalize-text.ts";

/** Every UTF-16 code unit the shortcut accepts on its own. */
const PLAIN: string[] = [];
for (let c = 0; c < 0x10000; c++) if (isPlainText(String.fromCharCode(c))) PLAIN.push(String.fromCharCode(c));

describe("isPlainText", () => {
  it("accepts only code units that normalizeText keeps", () => {
    expect(PLAIN.length).toBeGreaterThan(20_000);
    for (const ch of PLAIN) expect(normalizeText(ch)).toBe(ch);
  });

  it("accepts only strings that normalizeText keeps", () => {
    const plain = fc.array(fc.constantFrom(...PLAIN), { maxLength: 24 }).map((a) => a.join(""));
    fc.assert(
      fc.property(plain, (s) => isPlainText(s) && normalizeText(s) === s),
      { numRuns: 20_000 },
    );
    // Next to each other, the non-ideographs in every order, and each of them beside every ideograph.
    const marks = PLAIN.filter((ch) => ch.charCodeAt(0) < 0x4e00);
    for (const a of marks) for (const b of marks) expect(normalizeText(a + b)).toBe(a + b);
    const ideographs = PLAIN.filter((ch) => ch.charCodeAt(0) >= 0x4e00);
    for (const a of marks) {
      const s = `${a}${ideographs.join(a)}${a}`;
      expect(normalizeText(s)).toBe(s);
    }
  });

  it("refuses what normalizeText would change", () => {
    for (const s of [
      "，",
      "（一）",
      "１２",
      "a\u00a0b",
      "a\u3000b",
      "\r\n",
      "x\u200by",
      "\u00ad",
      "\ufb01",
      "…",
    ]) {
      expect(isPlainText(s)).toBe(false);
      expect(normalizeText(s)).not.toBe(s);
    }
    expect(isPlainText("𠀀")).toBe(false);
    expect(isPlainText("")).toBe(true);
  });
});
