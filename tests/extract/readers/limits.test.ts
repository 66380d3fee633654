/**
 * The readers' hard limits (extract/readers/limits.ts): ZIP parts inflated as streams up to a cap,
 * HTML depth and element count, the text a reader keeps, runs of digits.
 */
import { crc32, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { makeZipOf } from "../../../eval/stress/hostile-corpus.ts";
import type { Document } from "../../../extract/document.ts";
import { capDocument } from "../../../extract/readers/cap-document.ts";
import { parseHtmlTree, textContent } from "../../../extract/readers/html-tree.ts";
import { readDocument } from "../../../extract/readers/index.ts";
import { inflateCapped } from "../../../extract/readers/inflate-capped.ts";
import { MAX_CELL_CHARS, MAX_HTML_OPEN, MAX_LINES } from "../../../extract/readers/limits.ts";

const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

describe("inflateCapped", () => {
  const data = Buffer.alloc(5 * 1024 * 1024, 0x20);
  const deflated = deflateRawSync(data);
  it("inflates within the cap, and stops past it", async () => {
    const within = await inflateCapped(deflated, 6 * 1024 * 1024);
    expect(within).toMatchObject({ ok: true, bytes: data.length });
    if (within.ok) expect(within.data?.byteLength).toBe(data.length);
    const over = await inflateCapped(deflated, 1024 * 1024, false);
    expect(over).toMatchObject({ ok: false, reason: "over_cap" });
    expect(over.bytes).toBeLessThan(2 * 1024 * 1024);
    expect(await inflateCapped(new Uint8Array([1, 2, 3, 4, 5]), 100)).toMatchObject({
      ok: false,
      reason: "corrupt",
    });
  });
});

describe("DOCX zip bomb", () => {
  it("is refused as over the limit before mammoth inflates it, whatever size it declares", async () => {
    const xml = Buffer.concat([
      Buffer.from(`<w:document ${W}><w:body><w:p><w:r><w:t>`),
      Buffer.alloc(80 * 1024 * 1024, 0x20),
      Buffer.from("</w:t></w:r></w:p></w:body></w:document>"),
    ]);
    const doc = {
      name: "word/document.xml",
      deflated: { data: deflateRawSync(xml), size: xml.length, crc: crc32(xml) >>> 0 },
      declaredSize: 2048,
    };
    const zip = makeZipOf([{ name: "[Content_Types].xml", stored: Buffer.from("<Types/>") }, doc]);
    expect(zip.byteLength).toBeLessThan(200 * 1024);
    const read = await readDocument(zip);
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.status).toBe("unreadable");
    expect(read.reason).toContain("over_limit");
    expect(read.message).toContain("疑似压缩炸弹");
  });
});

describe("HTML limits", () => {
  it("flattens elements nested deeper than the depth cap, keeping their text", () => {
    const html = `${"<div>".repeat(2000)}深处的文字${"</div>".repeat(2000)}<p>之后</p>`;
    const root = parseHtmlTree(html);
    expect(textContent(root)).toBe("深处的文字之后");
  });
  it("refuses more elements open at once than the cap, fast", async () => {
    const html = `<html><body>${"<div>".repeat(MAX_HTML_OPEN * 30)}x</body></html>`;
    const t0 = performance.now();
    const read = await readDocument(new TextEncoder().encode(html));
    expect(performance.now() - t0).toBeLessThan(5000);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain("嵌套超过");
  });
});

describe("capDocument", () => {
  const doc = (lines: string[][]): Document => ({
    format: "text",
    pageCount: 1,
    lines: lines.map((cells, i) => ({ cells: cells.map((text) => ({ text })), page: 1, line: i + 1 })),
    info: {},
  });
  it("keeps a report as it is", () => {
    const d = doc([["一、总体情况"], ["本年新收", "56"]]);
    expect(capDocument(d)).toBe(d);
  });
  it("keeps at most MAX_LINES lines, MAX_CELL_CHARS per cell and 32 digits per run", () => {
    const many = capDocument(doc(Array.from({ length: MAX_LINES + 500 }, () => ["1"])));
    expect(many.lines).toHaveLength(MAX_LINES);
    const long = capDocument(doc([["字".repeat(MAX_CELL_CHARS * 2)], [`共${"9".repeat(5000)}件`]]));
    expect(long.lines[0]?.cells[0]?.text).toHaveLength(MAX_CELL_CHARS);
    expect(long.lines[1]?.cells[0]?.text).toBe(`共${"9".repeat(32)}件`);
  });
});
