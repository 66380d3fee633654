import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import CFB from "cfb";
import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import type { Document } from "../../../extract/document.ts";
import { readDocBinary } from "../../../extract/readers/doc.ts";
import { convertWithSoffice } from "../../../extract/readers/doc-fallback.ts";
import { readDocx } from "../../../extract/readers/docx.ts";
import { readDocument } from "../../../extract/readers/index.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const SEEDS = [
  "000_5ed72146557905c8",
  "001_77c3b53386b2261e",
  "002_a01f0cf12a106081",
  "003_1c640710511402cf",
  "004_e2933871b57d250b",
];
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const shape = (doc: Document) =>
  doc.lines.map((l) => l.cells.map((c) => [c.text, c.colSpan ?? 1, c.rowSpan ?? 1]));

/** The seed .doc with its OLE2 container edited by `edit`. */
function editedDoc(name: string, edit: (ole: CFB.CFB$Container) => void): Uint8Array {
  const ole = CFB.read(Buffer.from(bytesOf(`doc/${name}.doc`)), { type: "buffer" });
  edit(ole);
  return new Uint8Array(CFB.write(ole, { type: "buffer" }) as Buffer);
}

function hasSoffice(): boolean {
  try {
    execFileSync("soffice", ["--version"], { stdio: "ignore", timeout: 30_000 });
    return true;
  } catch {
    return false;
  }
}

describe("readDocBinary (Word 97–2003 / WPS)", () => {
  it.each(SEEDS)(
    "%s.doc: the same lines, cells and spans as the DOCX, every figure as expected",
    async (name) => {
      const { document, macros, tableRows } = readDocBinary(bytesOf(`doc/${name}.doc`));
      const docx = await readDocx(bytesOf(`seeds/${name}.docx`));
      expect(document.format).toBe("doc");
      expect(macros).toBe(false);
      expect(tableRows).toBeGreaterThan(30);
      expect(shape(document)).toEqual(shape(docx));
      const expected = JSON.parse(readFileSync(join(FIXTURES, `seeds/${name}.expected.json`), "utf8"));
      const analysis = analyse(document);
      expect(analysis.status).toBe("ok");
      expect(analysis.report.figures).toEqual(expected.figures);
    },
  );

  it("reads the title from SummaryInformation", () => {
    const { document } = readDocBinary(bytesOf("doc/002_a01f0cf12a106081.doc"));
    expect(document.info.title).toBe("广州市番禺区人民政府洛浦街道办事处 2024 年政府信息公开工作年度报告");
  });

  it("a .doc with a VBA project is read (never run) and flagged", () => {
    const bytes = editedDoc("002_a01f0cf12a106081", (ole) => {
      CFB.utils.cfb_add(ole, "/Macros/VBA/dir", Buffer.from([1, 2, 3]));
    });
    const { document, macros } = readDocBinary(bytes);
    expect(macros).toBe(true);
    expect(analyse(document).report.figures["t3.new.total"]).toBe(56);
  });
});

describe("readDocument on legacy Word input", () => {
  it("reads a .doc by its bytes (a .wps is the same binary format)", async () => {
    const r = await readDocument(bytesOf("doc/003_1c640710511402cf.doc"));
    expect(r.ok && r.document.format).toBe("doc");
  });

  it("a truncated .doc is unreadable with a message, not a crash", async () => {
    const whole = bytesOf("doc/000_5ed72146557905c8.doc");
    for (const fraction of [0.1, 0.4, 0.8]) {
      const r = await readDocument(whole.subarray(0, Math.floor(whole.byteLength * fraction)));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.status).toBe("unreadable");
        expect(r.message).toMatch(/损坏|不完整/);
      }
    }
  });

  it("an encrypted .doc (FIB fEncrypted) asks for an unencrypted copy", async () => {
    const bytes = editedDoc("000_5ed72146557905c8", (ole) => {
      const entry = CFB.find(ole, "WordDocument");
      const content = Buffer.from(entry?.content as Buffer);
      content.writeUInt16LE(content.readUInt16LE(0x0a) | 0x0100, 0x0a);
      if (entry) entry.content = content;
    });
    const r = await readDocument(bytes);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.status).toBe("unreadable");
      expect(r.reason).toContain("encrypted");
      expect(r.message).toContain("加密");
    }
  });

  it("an .xls renamed to .doc is named for what it is", async () => {
    const ole = CFB.utils.cfb_new();
    CFB.utils.cfb_add(ole, "/Workbook", Buffer.alloc(600, 0x09));
    const r = await readDocument(new Uint8Array(CFB.write(ole, { type: "buffer" }) as Buffer));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("Excel");
  });

  it("an OLE2 file that is neither Word nor Excel is refused with a message", async () => {
    const ole = CFB.utils.cfb_new();
    CFB.utils.cfb_add(ole, "/Something", Buffer.alloc(600, 1));
    const r = await readDocument(new Uint8Array(CFB.write(ole, { type: "buffer" }) as Buffer));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain("不是 Word");
  });
});

const soffice = hasSoffice();
if (!soffice)
  console.log("skip: LibreOffice fallback test needs soffice (apt-get install -y libreoffice-writer-nogui)");
describe.skipIf(!soffice)("LibreOffice fallback", () => {
  it("converts a .doc to the same DOCX model", async () => {
    const docx = await convertWithSoffice(bytesOf("doc/004_e2933871b57d250b.doc"), 120_000);
    expect(docx).not.toBeNull();
    const converted = await readDocx(docx as Uint8Array);
    expect(analyse(converted).report.figures["t3.new.total"]).toBe(
      analyse(readDocBinary(bytesOf("doc/004_e2933871b57d250b.doc")).document).report.figures["t3.new.total"],
    );
  }, 180_000);
});
