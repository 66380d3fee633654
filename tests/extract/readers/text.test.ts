import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { type Line, lineText } from "../../../extract/document.ts";
import { linesFromText, readText } from "../../../extract/readers/text.ts";

const SEEDS = join(import.meta.dirname, "../../../../shared/seeds");
const FIXTURES = join(import.meta.dirname, "../../fixtures");
/** The shared seeds, or their committed copies in a clean clone. */
function seed(name: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(join(SEEDS, name)));
  } catch {
    return new Uint8Array(readFileSync(join(FIXTURES, "seeds", name)));
  }
}
const sourceLines = (bytes: Uint8Array) => Buffer.from(bytes).toString("utf-8").split(/\r?\n/);
const texts = (line: Line | undefined) => line?.cells.map((c) => c.text);
const find = (lines: readonly Line[], start: string) =>
  lines.find((l) => l.cells.some((c) => c.text.startsWith(start)));

describe("readText on the seeds", () => {
  it("splits tab-separated rows into one cell per field (seed 002, 表三 一、本年新收)", () => {
    const bytes = seed("002_a01f0cf12a106081.txt");
    const doc = readText(bytes);
    const row = find(doc.lines, "一、本年新收");
    expect(texts(row)).toEqual(["一、本年新收政府信息公开申请数量", "56", "0", "0", "0", "0", "0", "56"]);
    // `line` cites the source text.
    expect(sourceLines(bytes)[(row?.line ?? 0) - 1]).toMatch(/^一、本年新收政府信息公开申请数量\t56\t/);
    expect(doc).toMatchObject({ format: "text", pageCount: 1, info: { encoding: "utf-8" } });
  });

  it("keeps every tab-separated field, empty ones included, and marks the line tab-separated", () => {
    const doc = readText(seed("002_a01f0cf12a106081.txt"));
    const header = doc.lines.find((l) => l.cells[1]?.text === "自然人");
    expect(texts(header)).toEqual(["", "自然人", "法人或其他组织", "", "", "", "", "总计"]);
    const row = find(doc.lines, "2. 申请人逾期未按收费通知");
    expect(texts(row)).toEqual(["", row?.cells[1]?.text, "", "", "", "0", "0", "0", "0", "0", "0"]);
    const padded = find(doc.lines, "第二十条第(一)项");
    expect(texts(padded)).toEqual(["第二十条第(一)项", "", "", ""]);
    // 表三's block ends every line in a tab: that padding field is dropped (seven values, no eighth).
    const padRow = find(doc.lines, "4. 保护第三方合法权益");
    expect(texts(padRow)?.filter((t) => t === "0")).toHaveLength(7);
    expect(texts(padRow)?.at(-1)).toBe("0");
    expect(padded?.tabSeparated).toBe(true);
  });

  it("keeps a markdown table's empty cells, trailing ones included", () => {
    const doc = readText(new TextEncoder().encode("| 四、结转下年度继续办理 | 1 | 0 | 0 | 0 | 0 | 0 |  |\n"));
    expect(texts(doc.lines[0])).toEqual(["四、结转下年度继续办理", "1", "0", "0", "0", "0", "0", ""]);
    expect(doc.lines[0]?.tabSeparated).toBe(true);
  });

  it("marks seed 003's one-cell-per-line tables and their row breaks", () => {
    const bytes = seed("003_1c640710511402cf.txt");
    const source = sourceLines(bytes);
    const doc = readText(bytes);
    const cpl = doc.lines.filter((l) => l.cellPerLine);
    expect(cpl.length).toBeGreaterThan(300);
    for (const l of cpl) {
      expect(l.cells).toHaveLength(1);
      expect(source[l.line - 1]?.startsWith("\t")).toBe(true);
    }
    // "规章" follows a blank line: a new row; its three values continue it.
    const i = doc.lines.findIndex((l) => l.cellPerLine && l.cells[0]?.text === "规章");
    expect(doc.lines.slice(i, i + 4).map((l) => [l.cells[0]?.text, l.rowBreakBefore ?? false])).toEqual([
      ["规章", true],
      ["0", false],
      ["0", false],
      ["0", false],
    ]);
    // A tab-only line is an empty cell, kept; a wrapped cell (商业⏎企业) is joined.
    const blank = doc.lines.find((l) => l.cellPerLine && l.cells[0]?.text === "");
    expect(blank && source[blank.line - 1]).toBe("\t");
    expect(cpl.some((l) => l.cells[0]?.text === "商业企业")).toBe(true);
    expect(cpl.some((l) => l.cells[0]?.text === "商业")).toBe(false);
    // Headings between the tables are ordinary lines.
    expect(find(doc.lines, "四、政府信息公开行政复议")?.cellPerLine).toBeUndefined();
  });

  it("removes markdown debris and the bookmark token", () => {
    const doc000 = readText(seed("000_5ed72146557905c8.txt"));
    expect(texts(find(doc000.lines, "一、总体情况"))).toEqual(["一、总体情况"]);
    expect(doc000.lines.some((l) => /^[-#]/.test(lineText(l)))).toBe(false);
    // Prose with " | " is not a markdown table.
    expect(find(doc000.lines, "乐活流花")?.cells).toHaveLength(1);
    const doc004 = readText(seed("004_e2933871b57d250b.txt"));
    expect(doc004.lines.some((l) => lineText(l).includes("---"))).toBe(false);
    const doc003 = readText(seed("003_1c640710511402cf.txt"));
    expect(doc003.lines.some((l) => lineText(l).includes("bookmark"))).toBe(false);
    expect(
      lineText(find(doc003.lines, "一是持续落实政务公开常态工作") ?? { cells: [], page: 1, line: 0 }),
    ).toMatch(/^一是持续落实政务公开常态工作/);
  });
});

describe("linesFromText", () => {
  it("reads markdown pipe tables and drops their rule rows", () => {
    const { lines } = linesFromText("## 表二\n| 信息内容 | 本年制发件数 |\n|---|:---:|\n| 规章 |  | 3 |\n");
    expect(lines.map(texts)).toEqual([["表二"], ["信息内容", "本年制发件数"], ["规章", "", "3"]]);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 4]);
  });

  it("starts a new page at a form feed or a pdf-parse page marker", () => {
    const { lines, pageCount } = linesFromText("甲\n-- 1 of 3 --\n乙\f丙\n丁");
    expect(lines.map((l) => [texts(l)?.[0], l.page, l.line])).toEqual([
      ["甲", 1, 1],
      ["乙", 2, 3],
      ["丙", 3, 3],
      ["丁", 3, 4],
    ]);
    expect(pageCount).toBe(3);
  });

  it("normalises with NFKC, turns NBSP and U+3000 into spaces, handles CRLF", () => {
    const { lines } = linesFromText("（一）予以公开\t１２\r\n合\u3000计\u00a0 ５\r\n");
    expect(lines.map(texts)).toEqual([["(一)予以公开", "12"], ["合 计  5"]]);
    expect(lines.map((l) => l.line)).toEqual([1, 2]);
  });
});

describe("text encodings", () => {
  it("decodes a GB18030 file", () => {
    const doc = readText(new Uint8Array(readFileSync(join(FIXTURES, "bad/gbk.txt"))));
    expect(doc.info.encoding).toBe("gb18030");
    expect(find(doc.lines, "广州市越秀区人民政府流花街道办事处")?.line).toBeGreaterThan(0);
    const made = readText(new Uint8Array(iconv.encode("二、上年结转政府信息公开申请数量\t3\t0", "gb18030")));
    expect(texts(made.lines[0])).toEqual(["二、上年结转政府信息公开申请数量", "3", "0"]);
  });

  it("strips a UTF-8 BOM and reads UTF-16 with a BOM", () => {
    const bom = readText(new Uint8Array([0xef, 0xbb, 0xbf, ...Buffer.from("规章\t0", "utf-8")]));
    expect(bom.info.encoding).toBe("utf-8");
    expect(texts(bom.lines[0])).toEqual(["规章", "0"]);
    const le = readText(new Uint8Array([0xff, 0xfe, ...iconv.encode("行政许可\t4489", "utf-16le")]));
    expect(le.info.encoding).toBe("utf-16le");
    expect(texts(le.lines[0])).toEqual(["行政许可", "4489"]);
    const be = readText(new Uint8Array([0xfe, 0xff, ...iconv.encode("行政处罚\t432", "utf-16be")]));
    expect(texts(be.lines[0])).toEqual(["行政处罚", "432"]);
  });
});
