import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { Line } from "../../../extract/document.ts";
import { readDocx } from "../../../extract/readers/docx.ts";
import { ReadError } from "../../../extract/readers/read-error.ts";
import { makeDocx, PICTURE, paragraph, table } from "./make-docx.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const texts = (line: Line | undefined) => line?.cells.map((c) => c.text);
const find = (lines: readonly Line[], start: string) =>
  lines.find((l) => l.cells.some((c) => c.text.startsWith(start)));

describe("readDocx", () => {
  it("reads the seed DOCX: table rows keep their cells and spans, metadata gives the title", async () => {
    const doc = await readDocx(
      new Uint8Array(readFileSync(join(FIXTURES, "seeds/002_a01f0cf12a106081.docx"))),
    );
    expect(doc.format).toBe("docx");
    expect(texts(find(doc.lines, "一、本年新收"))).toEqual([
      "一、本年新收政府信息公开申请数量",
      "56",
      "0",
      "0",
      "0",
      "0",
      "0",
      "56",
    ]);
    expect(find(doc.lines, "三、本年度办理结果")?.cells[0]?.rowSpan).toBeGreaterThan(10);
    expect(find(doc.lines, "行政复议")?.cells.map((c) => c.colSpan)).toEqual([5, 10]);
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
    expect(doc.info.title).toBe("广州市番禺区人民政府洛浦街道办事处 2024 年政府信息公开工作年度报告");
  });

  it("turns gridSpan and vMerge into colSpan and rowSpan, and reads docProps dates", async () => {
    const body =
      paragraph("三、收到和处理政府信息公开申请情况") +
      table([
        [
          { text: "项目", vMerge: "restart" },
          { text: "申请人情况", gridSpan: 2 },
        ],
        [{ text: "", vMerge: "continue" }, { text: "自然人" }, { text: "总计" }],
        [{ text: "一、本年新收政府信息公开申请数量" }, { text: "５６" }, { text: "56" }],
      ]) +
      paragraph("四、政府信息公开行政复议、行政诉讼情况");
    const doc = await readDocx(
      makeDocx(body, { created: "2024-01-08T02:00:00Z", modified: "2024-01-09T03:30:00Z" }),
    );
    expect(
      doc.lines.map((l) => [l.line, l.table, l.cells.map((c) => [c.text, c.colSpan, c.rowSpan])]),
    ).toEqual([
      [1, undefined, [["三、收到和处理政府信息公开申请情况", undefined, undefined]]],
      [
        2,
        1,
        [
          ["项目", undefined, 2],
          ["申请人情况", 2, undefined],
        ],
      ],
      [
        3,
        1,
        [
          ["自然人", undefined, undefined],
          ["总计", undefined, undefined],
        ],
      ],
      [
        4,
        1,
        [
          ["一、本年新收政府信息公开申请数量", undefined, undefined],
          ["56", undefined, undefined],
          ["56", undefined, undefined],
        ],
      ],
      [5, undefined, [["四、政府信息公开行政复议、行政诉讼情况", undefined, undefined]]],
    ]);
    expect(doc.info).toEqual({ created: "2024-01-08T02:00:00.000Z", modified: "2024-01-09T03:30:00.000Z" });
  });

  it("rejects a truncated DOCX as corrupt", async () => {
    const error = await readDocx(new Uint8Array(readFileSync(join(FIXTURES, "bad/truncated.docx")))).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ReadError);
    expect((error as ReadError).failure).toBe("corrupt");
  });

  it("takes a DOCX of pictures for scanned pages (no text layer)", async () => {
    const error = await readDocx(makeDocx(PICTURE + PICTURE + paragraph("第1页"))).catch((e: unknown) => e);
    expect((error as ReadError).failure).toBe("no_text_layer");
  });
});
