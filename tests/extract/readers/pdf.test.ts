import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { Document, Line } from "../../../extract/document.ts";
import { readDocument } from "../../../extract/readers/index.ts";
import { readPdf } from "../../../extract/readers/pdf.ts";
import { ReadError } from "../../../extract/readers/read-error.ts";
import { fillLine, makePdf, strokeLine, textAt } from "./make-pdf.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const fixture = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));
const texts = (line: Line | undefined) => line?.cells.map((c) => c.text);
const find = (lines: readonly Line[], start: string) =>
  lines.find((l) => l.cells.some((c) => c.text.startsWith(start)));
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => "read",
    (e: unknown) => (e instanceof ReadError ? e.failure : `other: ${String(e)}`),
  );

describe("readPdf on the seed fixture (LibreOffice grid tables)", () => {
  let doc: Document;
  beforeAll(async () => {
    doc = await readPdf(fixture("seeds/002_a01f0cf12a106081.pdf"));
  });

  it("gives the 表三 row 一、本年新收 seven separate numeric cells with positions", () => {
    const row = find(doc.lines, "一、本年新收");
    expect(texts(row)).toEqual(["一、本年新收政府信息公开申请数量", "56", "0", "0", "0", "0", "0", "56"]);
    expect(row?.table).toBeGreaterThan(0);
    const xs = row?.cells.map((c) => [c.x ?? Number.NaN, c.x2 ?? Number.NaN]) ?? [];
    for (const [i, [x, x2]] of xs.entries()) {
      expect(x).toBeLessThan(x2 as number);
      if (i > 0) expect(x).toBeGreaterThanOrEqual((xs[i - 1] as number[])[1] as number);
    }
  });

  it("keeps a label that wraps over visual lines in one cell, on the line of its numbers", () => {
    const row = find(doc.lines, "(二)部分公开");
    expect(texts(row)).toEqual([
      "(二)部分公开(区分处理的,只计这一情形,不计其他情形)",
      "4",
      "0",
      "0",
      "0",
      "0",
      "0",
      "4",
    ]);
    const long = find(doc.lines, "2.申请人逾期未按收费通知要求缴纳");
    expect(texts(long)?.[0]).toBe("2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请");
    expect(texts(long)?.slice(1)).toEqual(["0", "0", "0", "0", "0", "0", "0"]);
    expect(doc.lines.some((l) => l.cells[0]?.text.startsWith("形,不计其他情形"))).toBe(false);
  });

  it("keeps merged cells as spans (parent labels, headers)", () => {
    expect(find(doc.lines, "(三)不予公开")?.cells[0]?.rowSpan).toBe(8);
    expect(find(doc.lines, "行政复议")?.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ["行政复议", 5],
      ["行政诉讼", 10],
    ]);
    expect(texts(doc.lines.find((l) => l.cells.length === 15))).toEqual([
      "2",
      "2",
      "0",
      "0",
      "4",
      "0",
      "0",
      "0",
      "0",
      "0",
      "0",
      "0",
      "0",
      "0",
      "0",
    ]);
  });

  it("puts prose and table rows in page order, with 1-based pages and line numbers", () => {
    expect(doc.pageCount).toBe(3);
    expect(doc.lines.map((l) => l.line)).toEqual(doc.lines.map((_, i) => i + 1));
    const pages = doc.lines.map((l) => l.page);
    expect(pages[0]).toBe(1);
    expect([...pages].sort((a, b) => a - b)).toEqual(pages);
    const at = (start: string) => doc.lines.findIndex((l) => l.cells[0]?.text.startsWith(start));
    expect(at("二、主动公开政府信息情况")).toBeLessThan(at("第二十条第(一)项"));
    expect(at("行政事业性收费")).toBeLessThan(at("三、收到和处理政府信息公开申请情况"));
    expect(at("三、收到和处理政府信息公开申请情况")).toBeLessThan(at("一、本年新收"));
    expect(at("四、结转下年度继续办理")).toBeLessThan(at("四、政府信息公开行政复议"));
    expect(at("四、政府信息公开行政复议")).toBeLessThan(at("五、存在的主要问题"));
    expect(doc.info.title).toContain("洛浦街道办事处");
  });
});

describe("readPdf on hand-made PDFs", () => {
  /** A 3-column grid; `rule` draws each ruling (stroked, or filled as Word does). */
  function gridPdf(rule: (x1: number, y1: number, x2: number, y2: number) => string): Uint8Array {
    let c = textAt(50, 780, "三、收到和处理政府信息公开申请情况", 12);
    for (const y of [760, 740, 690]) c += rule(50, y, 320, y);
    for (const x of [50, 200, 260, 320]) c += rule(x, 760, x, 690);
    c += textAt(52, 747, "项目") + textAt(202, 747, "自然人") + textAt(262, 747, "总计");
    c +=
      textAt(52, 727, "（二）部分公开（区分处理") +
      textAt(52, 714, "的，只计这一情形，不计其") +
      textAt(52, 701, "他情形）");
    c += textAt(202, 714, "4") + textAt(262, 714, "4");
    c += textAt(50, 660, "以上为表三。");
    return makePdf([c]);
  }

  for (const [name, rule] of [
    ["stroked rulings", strokeLine],
    ["thin filled rectangles", fillLine],
  ] as const) {
    it(`rebuilds a grid drawn with ${name}: a label wrapped over three lines is one cell`, async () => {
      const doc = await readPdf(gridPdf(rule));
      expect(doc.lines.map((l) => [texts(l), l.table])).toEqual([
        [["三、收到和处理政府信息公开申请情况"], undefined],
        [["项目", "自然人", "总计"], 1],
        [["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "4", "4"], 1],
        [["以上为表三。"], undefined],
      ]);
      // Cells span their grid columns (to within the ruling thickness).
      const edges = doc.lines[2]?.cells.flatMap((c) => [c.x ?? Number.NaN, c.x2 ?? Number.NaN]) ?? [];
      for (const [i, x] of [50, 200, 200, 260, 260, 320].entries()) expect(edges[i]).toBeCloseTo(x, 0);
    });
  }

  it("splits a borderless row into cells at wide gaps and keeps prose whole", async () => {
    const c =
      textAt(50, 780, "信息内容") +
      textAt(200, 780, "本年处理决定数量") +
      textAt(50, 760, "行政许可") +
      textAt(200, 760, "4489") +
      textAt(50, 740, "2024年共收到政府信息公开申请59宗，其中予以公开23宗。");
    const doc = await readPdf(makePdf([c]));
    expect(doc.lines.map(texts)).toEqual([
      ["信息内容", "本年处理决定数量"],
      ["行政许可", "4489"],
      ["2024年共收到政府信息公开申请59宗,其中予以公开23宗。"],
    ]);
    expect(doc.lines[1]?.cells[1]?.x).toBeCloseTo(200, 0);
  });

  it("rejoins a label wrapped around its numbers in a borderless table, and leaves real rows alone", async () => {
    const values = (y: number, v: string[]) => v.map((t, i) => textAt(250 + i * 40, y, t)).join("");
    const c =
      textAt(50, 780, "一、本年新收政府信息公开申请数量") +
      values(780, ["56", "0", "56"]) +
      // Two-line label, numbers centred between its lines.
      textAt(50, 756, "(二)部分公开(区分处理的,只计这") +
      values(750, ["4", "0", "4"]) +
      textAt(50, 744, "一情形,不计其他情形)") +
      // Three-line label, numbers beside the middle line.
      textAt(50, 720, "5.要求行政机关确认或") +
      textAt(50, 708, "重新出具已获取") +
      values(708, ["0", "0", "0"]) +
      textAt(50, 696, "信息") +
      // A parent label on its own line, then an ordinary row: not merged.
      textAt(50, 670, "(三)不予公开") +
      textAt(50, 650, "1.属于国家秘密") +
      values(650, ["0", "0", "0"]);
    const doc = await readPdf(makePdf([c]));
    expect(doc.lines.map(texts)).toEqual([
      ["一、本年新收政府信息公开申请数量", "56", "0", "56"],
      ["(二)部分公开(区分处理的,只计这一情形,不计其他情形)", "4", "0", "4"],
      ["5.要求行政机关确认或重新出具已获取信息", "0", "0", "0"],
      ["(三)不予公开"],
      ["1.属于国家秘密", "0", "0", "0"],
    ]);
  });

  it("drops page numbers printed in the margins", async () => {
    const body = textAt(50, 700, "二、主动公开政府信息情况，本年度主动公开政府信息八百条。");
    const doc = await readPdf(
      makePdf([body + textAt(290, 30, "- 1 -"), body + textAt(280, 30, "第 2 页 共 2 页")]),
    );
    expect(doc.lines.map((l) => [l.page, texts(l)?.[0]?.slice(0, 2)])).toEqual([
      [1, "二、"],
      [2, "二、"],
    ]);
  });

  it("reads non-embedded Chinese fonts (Adobe-GB1 CMaps) and numbers pages", async () => {
    const doc = await readPdf(
      makePdf([
        textAt(50, 780, "第一页：本年度共收到政府信息公开申请五十九宗"),
        textAt(50, 780, "第二页：政府信息公开工作年度报告正文"),
      ]),
    );
    expect(doc.lines.map((l) => [l.page, texts(l)?.[0]])).toEqual([
      [1, "第一页:本年度共收到政府信息公开申请五十九宗"],
      [2, "第二页:政府信息公开工作年度报告正文"],
    ]);
  });
});

describe("readPdf failures", () => {
  it("reports an image-only PDF as having no text layer", async () => {
    expect(await failure(readPdf(fixture("bad/scan.pdf")))).toBe("no_text_layer");
  });

  it("reports a password-protected PDF as encrypted", async () => {
    expect(await failure(readPdf(fixture("bad/encrypted.pdf")))).toBe("encrypted");
  });

  it("reports truncated and garbage PDFs as corrupt", async () => {
    const whole = fixture("seeds/002_a01f0cf12a106081.pdf");
    expect(await failure(readPdf(whole.subarray(0, Math.floor(whole.length / 2))))).toBe("corrupt");
    expect(await failure(readPdf(new Uint8Array(Buffer.from("%PDF-1.4\nnot really\n%%EOF\n"))))).toBe(
      "corrupt",
    );
  });

  it("gives up after the timeout", async () => {
    expect(await failure(readPdf(fixture("bench/ten-pages.pdf"), { timeoutMs: 1 }))).toBe("timeout");
  });
});

describe("readDocument speed on a PDF", () => {
  it("reads a seed PDF warm in well under a second", async () => {
    const bytes = fixture("seeds/002_a01f0cf12a106081.pdf");
    const cold = performance.now();
    expect((await readDocument(bytes)).ok).toBe(true);
    const warm = performance.now();
    expect((await readDocument(bytes)).ok).toBe(true);
    const done = performance.now();
    const tenPages = fixture("bench/ten-pages.pdf");
    await readDocument(tenPages);
    const ten = performance.now();
    await readDocument(tenPages);
    const tenWarm = performance.now() - ten;
    console.log(
      `readDocument 002 PDF (3 pages): first ${Math.round(warm - cold)} ms, warm ${Math.round(done - warm)} ms; ` +
        `ten-pages.pdf warm ${Math.round(tenWarm)} ms`,
    );
    expect(done - warm).toBeLessThan(3000);
  });
});
