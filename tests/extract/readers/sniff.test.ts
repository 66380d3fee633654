import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { sniffFormat } from "../../../extract/readers/sniff.ts";
import { makeZip } from "./make-docx.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const bytes = (...values: number[]) => new Uint8Array(values);
const utf8 = (text: string) => new Uint8Array(Buffer.from(text, "utf-8"));

describe("sniffFormat", () => {
  it("recognises PDF by its header, not its name", () => {
    expect(sniffFormat(fixture("seeds/002_a01f0cf12a106081.pdf")).format).toBe("pdf");
    expect(sniffFormat(utf8("\n %PDF-1.7\n")).format).toBe("pdf");
    expect(sniffFormat(bytes(0, 1, 2, ...Buffer.from("%PDF-1.4"))).format).toBe("pdf");
    // Text that merely quotes the header is text.
    expect(sniffFormat(utf8("报告说明：文件头为 %PDF-1.4 的文件是 PDF。")).format).toBe("text");
  });

  it("tells DOCX from other ZIPs, also when the ZIP is truncated", () => {
    expect(sniffFormat(fixture("seeds/002_a01f0cf12a106081.docx")).format).toBe("docx");
    expect(sniffFormat(fixture("bad/truncated.docx")).format).toBe("docx");
    expect(sniffFormat(makeZip({ "a.txt": "x", "b.txt": "y" }))).toEqual({ format: "zip" });
    expect(sniffFormat(makeZip({ "xl/workbook.xml": "<x/>" }))).toEqual({ format: "zip", detail: "xlsx" });
    expect(sniffFormat(makeZip({ "OFD.xml": "<x/>" }))).toEqual({ format: "zip", detail: "ofd" });
  });

  it("recognises image magic numbers", () => {
    expect(sniffFormat(fixture("bad/photo.pdf"))).toEqual({ format: "image", detail: "jpeg" });
    expect(sniffFormat(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0))).toEqual({
      format: "image",
      detail: "png",
    });
    expect(sniffFormat(utf8("GIF89a\u0001\u0000"))).toEqual({ format: "image", detail: "gif" });
    expect(sniffFormat(bytes(0x49, 0x49, 0x2a, 0x00, 8, 0, 0, 0))).toEqual({
      format: "image",
      detail: "tiff",
    });
    expect(sniffFormat(bytes(0x42, 0x4d, 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0))).toEqual({
      format: "image",
      detail: "bmp",
    });
    expect(sniffFormat(utf8("RIFF\u0010\u0000\u0000\u0000WEBPVP8 "))).toEqual({
      format: "image",
      detail: "webp",
    });
  });

  it("recognises HTML after a BOM, whitespace or a comment", () => {
    expect(sniffFormat(fixture("seeds/002_a01f0cf12a106081.html")).format).toBe("html");
    expect(sniffFormat(utf8("\ufeff\n  <!DOCTYPE html><html><body>x</body></html>")).format).toBe("html");
    expect(sniffFormat(utf8("<!-- saved page -->\n<table><tr><td>1</td></tr></table>")).format).toBe("html");
    expect(sniffFormat(utf8("<p>一、总体情况</p>")).format).toBe("html");
    expect(sniffFormat(utf8("<div class=x>正文</div>")).format).toBe("html");
    expect(
      sniffFormat(new Uint8Array(iconv.encode('<meta charset="gbk"><p>政府信息公开</p>', "gbk"))).format,
    ).toBe("html");
    // A "<" that opens no HTML element is text.
    expect(sniffFormat(utf8("<本报告>由某街道办事处编制")).format).toBe("text");
  });

  it("recognises legacy Office and RTF", () => {
    expect(sniffFormat(bytes(0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0, 0))).toEqual({
      format: "doc_legacy",
    });
    expect(sniffFormat(utf8("{\\rtf1\\ansi 报告}")).format).toBe("rtf");
  });

  it("accepts text in UTF-8, UTF-16 and GB18030, rejects binary and empty input", () => {
    expect(sniffFormat(fixture("seeds/003_1c640710511402cf.txt")).format).toBe("text");
    expect(sniffFormat(fixture("bad/gbk.txt")).format).toBe("text");
    expect(
      sniffFormat(new Uint8Array([0xff, 0xfe, ...iconv.encode("政府信息公开", "utf-16le")])).format,
    ).toBe("text");
    expect(sniffFormat(fixture("bad/random.bin")).format).toBe("binary");
    expect(sniffFormat(fixture("bad/empty.txt")).format).toBe("empty");
  });
});
