import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { auditBytes } from "../../../audit/run-audit.ts";
import { decodeText, guessUtf16 } from "../../../extract/readers/decode-text.ts";
import { sniffFormat } from "../../../extract/readers/sniff.ts";

const SEED = join(import.meta.dirname, "../../fixtures/seeds/002_a01f0cf12a106081.txt");
const HTML_SEED = join(import.meta.dirname, "../../fixtures/seeds/001_77c3b53386b2261e.html");

describe("UTF-16 without a byte-order mark", () => {
  const text = readFileSync(SEED, "utf8");
  const utf8 = new Uint8Array(readFileSync(SEED));

  for (const encoding of ["utf-16le", "utf-16be"] as const) {
    it(`reads the seed text saved as ${encoding} without BOM like the UTF-8 file`, async () => {
      const bytes = new Uint8Array(iconv.encode(text, encoding, { addBOM: false }));
      expect(bytes[0] === 0xff || bytes[0] === 0xfe).toBe(false);
      expect(sniffFormat(bytes).format).toBe("text");
      expect(decodeText(bytes).encoding).toBe(encoding);
      const [expected, got] = await Promise.all([
        auditBytes(utf8, "seed.txt"),
        auditBytes(bytes, "seed.txt"),
      ]);
      expect(expected.status).toBe("ok");
      expect(got.status).toBe(expected.status);
      expect(got.figures).toEqual(expected.figures);
      expect(got.findings.map((f) => f.rule)).toEqual(expected.findings.map((f) => f.rule));
    });
  }

  it("reads an HTML page saved as UTF-16LE without BOM", () => {
    const html = readFileSync(HTML_SEED, "utf8");
    const bytes = new Uint8Array(iconv.encode(html, "utf-16le", { addBOM: false }));
    expect(sniffFormat(bytes).format).toBe("html");
  });

  it("a cut-off last byte is tolerated", () => {
    const bytes = new Uint8Array(iconv.encode(text.slice(0, 2000), "utf-16le", { addBOM: false }));
    expect(guessUtf16(bytes.subarray(0, bytes.byteLength - 1))).toBe("utf-16le");
  });

  it("is not guessed for single-byte text, NUL runs or binary with NULs at both parities", () => {
    expect(guessUtf16(utf8)).toBeNull();
    expect(guessUtf16(new Uint8Array(iconv.encode(text, "gb18030")))).toBeNull();
    expect(guessUtf16(new Uint8Array(4096))).toBeNull();
    const junk = new Uint8Array(4096).map((_, i) => (i % 3 === 0 ? 0 : (i * 37) & 0xff));
    expect(guessUtf16(junk)).toBeNull();
    // UTF-8 with a NUL after every character has the NULs at one parity, but is not UTF-16.
    expect(guessUtf16(new Uint8Array(Buffer.from([...text.slice(0, 3000)].join("\0"), "utf8")))).toBeNull();
    // A file of NUL bytes stays unreadable binary.
    expect(sniffFormat(new Uint8Array(4096)).format).toBe("binary");
  });
});
