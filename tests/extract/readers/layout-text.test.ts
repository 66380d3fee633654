import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import { layoutCells, mergeLayoutLabels } from "../../../extract/readers/layout-text.ts";
import { linesFromText, readText } from "../../../extract/readers/text.ts";

const fixtures = join(import.meta.dirname, "../../fixtures");

describe("layoutCells", () => {
  it("splits at runs of spaces and keeps character columns", () => {
    expect(layoutCells("一、本年新收政府信息公开申请数量   42  0   42")).toEqual([
      { text: "一、本年新收政府信息公开申请数量", x: 0, x2: 16 },
      { text: "42", x: 19, x2: 21 },
      { text: "0", x: 23, x2: 24 },
      { text: "42", x: 27, x2: 29 },
    ]);
  });
  it("splits single spaces between CJK heads and before a numbered label, not inside a word", () => {
    expect(layoutCells("       （三）不 4.保护第三方合法权益   0").map((c) => c.text)).toEqual([
      "（三）不",
      "4.保护第三方合法权益",
      "0",
    ]);
    expect(layoutCells("2023 年共收到  3").map((c) => c.text)).toEqual(["2023 年共收到", "3"]);
  });
});

describe("mergeLayoutLabels", () => {
  it("joins a label wrapped over three lines around its numbers, stepping over a parent label", () => {
    const raw = [
      "     1.申请人无正当理由逾期不补正、",
      "     行政机关不再处理其政府信息公开    0   0",
      "     申请",
      "（六）其",
      "     2.申请人逾期未按收费通知要求缴",
      "他处理",
      "     纳费用、行政机关不再处理其政府    1   1",
      "     信息公开申请",
      "     3.其他                           0   0",
    ];
    const lines = mergeLayoutLabels(raw.map((t, index) => ({ index, cells: layoutCells(t) })));
    const texts = lines.filter((l) => l.cells.length > 0).map((l) => l.cells.map((c) => c.text));
    expect(texts).toEqual([
      ["1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", "0", "0"],
      ["（六）其"],
      ["他处理"],
      ["2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", "1", "1"],
      ["3.其他", "0", "0"],
    ]);
  });
  it("leaves a row whose label has no numbered start alone", () => {
    const raw = ["信息内容         本年处理决定数量", "第二十条第（五）项", "行政许可                 0"];
    const lines = mergeLayoutLabels(raw.map((t, index) => ({ index, cells: layoutCells(t) })));
    expect(lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ["信息内容", "本年处理决定数量"],
      ["第二十条第（五）项"],
      ["行政许可", "0"],
    ]);
  });
});

describe("pdftotext -layout text", () => {
  it("reads a layout table as cells, tab-separated text as before", () => {
    const text = "规章      0   0   0\n行政规范性文件      1   2   3\n行政许可       0\n";
    expect(linesFromText(text).lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ["规章", "0", "0", "0"],
      ["行政规范性文件", "1", "2", "3"],
      ["行政许可", "0"],
    ]);
    expect(linesFromText("规章\t0\t0\t0\n").lines[0]?.cells.map((c) => c.text)).toEqual([
      "规章",
      "0",
      "0",
      "0",
    ]);
  });

  it.each(["000_5ed72146557905c8", "001_77c3b53386b2261e", "003_1c640710511402cf"])(
    "reads seed %s as its PDF: every figure, 表四's blank group by the header's columns",
    (id) => {
      const doc = readText(new Uint8Array(readFileSync(join(fixtures, "layout", `${id}.layout.txt`))));
      const expected = JSON.parse(readFileSync(join(fixtures, "seeds", `${id}.expected.json`), "utf8")) as {
        figures: Record<string, number | null>;
        meta: { reportYear: number; issuer: string };
      };
      const analysis = analyse(doc);
      expect(analysis.report.figures).toEqual(expected.figures);
      expect(analysis.report.meta.issuer).toBe(expected.meta.issuer);
      expect(analysis.report.meta.reportYear).toBe(expected.meta.reportYear);
    },
  );
});
