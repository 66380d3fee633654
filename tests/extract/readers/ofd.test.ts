import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import { readDocument } from "../../../extract/readers/index.ts";
import { deltas, readOfd } from "../../../extract/readers/ofd.ts";
import { zip } from "../../helpers/zip.ts";
import { ofdFromPdf, writeOfd } from "./make-ofd.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const SEEDS = [
  "000_5ed72146557905c8",
  "001_77c3b53386b2261e",
  "002_a01f0cf12a106081",
  "003_1c640710511402cf",
  "004_e2933871b57d250b",
];
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));

describe("readOfd", () => {
  it.each(SEEDS)(
    "%s: an OFD of the seed PDF's layout gives the PDF reading's figures",
    async (name) => {
      const pdf = bytesOf(`seeds/${name}.pdf`);
      const ofd = await ofdFromPdf(pdf, { title: "报告", creationDate: "2024-01-10" });
      const r = await readDocument(ofd);
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.document.format).toBe("ofd");
      expect(r.document.info.title).toBe("报告");
      expect(r.document.info.created).toBe("2024-01-10T00:00:00.000Z");
      const fromPdf = await readDocument(pdf);
      if (!fromPdf.ok) throw new Error("seed PDF unreadable");
      expect(r.document.pageCount).toBe(fromPdf.document.pageCount);
      const expected = JSON.parse(readFileSync(join(FIXTURES, `seeds/${name}.expected.json`), "utf8"));
      const figures = analyse(r.document).report.figures;
      expect(figures).toEqual(analyse(fromPdf.document).report.figures);
      expect(figures).toEqual(expected.figures);
    },
    60_000,
  );

  it("reads rulings from a template page, words inside a page block, and elements without a prefix", async () => {
    const ofd = await ofdFromPdf(bytesOf("seeds/002_a01f0cf12a106081.pdf"), {
      rulingsOnTemplate: true,
      pageBlock: true,
      prefix: "",
    });
    const doc = readOfd(ofd);
    const row = doc.lines.find((l) => l.cells[0]?.text.startsWith("一、本年新收"));
    // The row belongs to the same table (by its id) as in the PDF reading: its rulings were found.
    const fromPdf = await readDocument(bytesOf("seeds/002_a01f0cf12a106081.pdf"));
    if (!fromPdf.ok) throw new Error("seed PDF unreadable");
    const pdfRow = fromPdf.document.lines.find((l) => l.cells[0]?.text.startsWith("一、本年新收"));
    expect(pdfRow?.table).toBeTypeOf("number");
    expect(row?.table).toBe(pdfRow?.table);
    expect(row?.cells.map((c) => c.text)).toEqual([
      "一、本年新收政府信息公开申请数量",
      "56",
      "0",
      "0",
      "0",
      "0",
      "0",
      "56",
    ]);
  }, 60_000);

  it("expands DeltaX runs and repeats the last value", () => {
    expect(deltas("g 3 2.5 1", 5)).toEqual([2.5, 2.5, 2.5, 1, 1]);
    expect(deltas("3.175", 3)).toEqual([3.175, 3.175, 3.175]);
  });

  it("places glyphs by DeltaX and splits cells at wide gaps", () => {
    const ofd = writeOfd([{ width: 595, height: 842, boxes: [], rulings: [] }]);
    // Replace the empty page with hand-written content: one text code whose gaps separate three values.
    const content =
      '<?xml version="1.0"?><ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>' +
      '<ofd:TextObject Boundary="20 30 150 6" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="4 4 4 30 2 20">行政许可12 3</ofd:TextCode></ofd:TextObject>' +
      '<ofd:TextObject Boundary="20 40 150 6" Size="4" CTM="1 0 0 1 10 0"><ofd:TextCode X="0" Y="4">总体情况说明文字足够长</ofd:TextCode></ofd:TextObject>' +
      "</ofd:Layer></ofd:Content></ofd:Page>";
    const doc = readOfd(replaceMember(ofd, "Doc_0/Pages/Page_0/Content.xml", content));
    expect(doc.lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ["行政许可", "12", "3"],
      ["总体情况说明文字足够长"],
    ]);
  });
});

describe("readDocument on bad OFD input", () => {
  it("a truncated OFD is unreadable with a message", async () => {
    const ofd = await ofdFromPdf(bytesOf("seeds/003_1c640710511402cf.pdf"));
    const r = await readDocument(ofd.subarray(0, Math.floor(ofd.byteLength * 0.6)));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/损坏|不完整/);
  }, 60_000);

  it("an OFD whose pages are images only has no text layer", async () => {
    const members = [
      [
        "OFD.xml",
        '<ofd:OFD xmlns:ofd="x"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>',
      ],
      [
        "Doc_0/Document.xml",
        '<ofd:Document xmlns:ofd="x"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>',
      ],
      [
        "Doc_0/Pages/Page_0/Content.xml",
        '<ofd:Page xmlns:ofd="x"><ofd:Content><ofd:Layer><ofd:ImageObject ResourceID="5" Boundary="0 0 210 297" CTM="210 0 0 297 0 0"/></ofd:Layer></ofd:Content></ofd:Page>',
      ],
    ] as const;
    const r = await readDocument(
      zip(members.map(([name, xml]) => ({ name, data: new TextEncoder().encode(xml) }))),
    );
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.status).toBe("no_text_layer");
  });
});

function replaceMember(bytes: Uint8Array, name: string, xml: string): Uint8Array {
  // Rebuild the package with one member replaced (the test writer's members are all small XML files).
  const entries = new Map<string, Uint8Array>();
  const { listZipEntries, readZipEntry } = zipApi;
  for (const e of listZipEntries(bytes) ?? [])
    entries.set(e.name, readZipEntry(bytes, e) ?? new Uint8Array());
  entries.set(name, new TextEncoder().encode(xml));
  return zip([...entries].map(([n, data]) => ({ name: n, data })));
}

import * as zipApi from "../../../extract/readers/zip.ts";
