import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type ReadResult, readDocument } from "../../../extract/readers/index.ts";
import { makeDocx, makeZip, PICTURE, paragraph } from "./make-docx.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const CHINESE = /[\u4e00-\u9fff]/;

type Failure = Extract<ReadResult, { ok: false }>;

async function refused(bytes: Uint8Array, options?: Parameters<typeof readDocument>[1]): Promise<Failure> {
  const result = await readDocument(bytes, options);
  if (result.ok) throw new Error(`expected a refusal, got a ${result.document.format} document`);
  expect(result.message).toMatch(CHINESE);
  expect(result.reason).not.toMatch(CHINESE);
  expect(result.reason.length).toBeGreaterThan(0);
  return result;
}

describe("readDocument reads every supported format", () => {
  for (const [file, format] of [
    ["seeds/002_a01f0cf12a106081.txt", "text"],
    ["seeds/002_a01f0cf12a106081.pdf", "pdf"],
    ["seeds/002_a01f0cf12a106081.docx", "docx"],
    ["seeds/002_a01f0cf12a106081.html", "html"],
    ["bad/gbk.txt", "text"],
  ] as const) {
    it(`${file} → ${format}`, async () => {
      const result = await readDocument(fixture(file));
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.document.format).toBe(format);
      const row = result.document.lines.find((l) => l.cells[0]?.text.startsWith("一、本年新收"));
      expect(row?.cells.map((c) => c.text).filter((t) => /^\d+$/.test(t))).toHaveLength(7);
    });
  }
});

describe("readDocument refuses bad input with a status and a specific Chinese message, never throwing", () => {
  it("empty file", async () => {
    const r = await refused(fixture("bad/empty.txt"));
    expect([r.status, r.format]).toEqual(["unreadable", "empty"]);
    expect(r.message).toContain("空");
  });

  it("random bytes", async () => {
    const r = await refused(fixture("bad/random.bin"));
    expect([r.status, r.format]).toEqual(["unreadable", "binary"]);
    expect(r.message).toContain("无法识别");
  });

  it("image-only (scanned) PDF", async () => {
    const r = await refused(fixture("bad/scan.pdf"));
    expect([r.status, r.format]).toEqual(["no_text_layer", "pdf"]);
    expect(r.message).toContain("扫描");
    expect(r.message).toContain("文字层");
  });

  it("encrypted PDF", async () => {
    const r = await refused(fixture("bad/encrypted.pdf"));
    expect([r.status, r.format]).toEqual(["unreadable", "pdf"]);
    expect(r.message).toContain("加密");
    expect(r.reason).toContain("encrypted");
  });

  it("truncated PDF", async () => {
    const whole = fixture("seeds/000_5ed72146557905c8.pdf");
    const r = await refused(whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(r.status).toBe("unreadable");
    expect(r.message).toContain("损坏");
  });

  it("truncated DOCX", async () => {
    const r = await refused(fixture("bad/truncated.docx"));
    expect([r.status, r.format]).toEqual(["unreadable", "docx"]);
    expect(r.message).toContain("Word");
    expect(r.message).toContain("损坏");
  });

  it("DOCX made of pictures", async () => {
    const r = await refused(makeDocx(PICTURE + paragraph("扫描件")));
    expect([r.status, r.format]).toEqual(["no_text_layer", "docx"]);
    expect(r.message).toContain("图片");
  });

  it("JPEG bytes named .pdf", async () => {
    const r = await refused(fixture("bad/photo.pdf"));
    expect([r.status, r.format]).toEqual(["no_text_layer", "image/jpeg"]);
    expect(r.message).toContain("图片");
  });

  it("a 25 MB buffer is refused by size before anything else", async () => {
    const big = new Uint8Array(25 * 1024 * 1024);
    big.set(Buffer.from("%PDF-1.7\n"));
    const started = performance.now();
    const r = await refused(big);
    expect(performance.now() - started).toBeLessThan(200);
    expect(r.status).toBe("too_large");
    expect(r.message).toContain("25 MB");
    expect(r.message).toContain("20 MB");
  });

  it("a smaller maxBytes applies", async () => {
    const r = await refused(fixture("seeds/002_a01f0cf12a106081.txt"), { maxBytes: 1024 });
    expect(r.status).toBe("too_large");
  });

  it("a ZIP that is not a DOCX", async () => {
    const r = await refused(makeZip({ "报告1.pdf": "x", "报告2.pdf": "y" }));
    expect([r.status, r.format]).toEqual(["unreadable", "zip"]);
    expect(r.message).toContain("压缩包");
    const xlsx = await refused(makeZip({ "xl/workbook.xml": "<workbook/>" }));
    expect(xlsx.message).toContain("Excel");
  });

  it("legacy .doc (OLE2)", async () => {
    const doc = new Uint8Array(4096);
    doc.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    const r = await refused(doc);
    expect([r.status, r.format]).toEqual(["unreadable", "doc_legacy"]);
    expect(r.message).toContain(".docx");
    // A password-protected DOCX is an OLE2 file too, with an EncryptedPackage stream.
    doc.set(Buffer.from("EncryptedPackage", "utf16le"), 1024);
    const encrypted = await refused(doc);
    expect(encrypted.format).toBe("doc_legacy/encrypted");
    expect(encrypted.message).toContain("加密");
  });

  it("an HTML page without text", async () => {
    const r = await refused(
      new Uint8Array(
        Buffer.from("<html><head><title>x</title></head><body><script>1</script></body></html>"),
      ),
    );
    expect([r.status, r.format]).toEqual(["unreadable", "html"]);
  });

  it("never throws on arbitrary bytes, with or without a known magic number", async () => {
    const magic = fc.constantFrom(
      [],
      [...Buffer.from("%PDF-1.4\n")],
      [0x50, 0x4b, 0x03, 0x04],
      [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1],
      [...Buffer.from("<html>")],
      [0xef, 0xbb, 0xbf],
    );
    await fc.assert(
      fc.asyncProperty(magic, fc.uint8Array({ maxLength: 2048 }), async (head, tail) => {
        const result = await readDocument(new Uint8Array([...head, ...tail]), { timeoutMs: 5000 });
        if (!result.ok) expect(result.message).toMatch(CHINESE);
      }),
      { numRuns: 60 },
    );
  });
});
