import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { type Document, lineText } from "../../../extract/document.ts";
import { readText } from "../../../extract/readers/text.ts";
import { findSections, parseNumbering } from "../../../extract/sections.ts";
import { parseTemplate } from "../../../extract/template/index.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures/seeds/", import.meta.url));
const SHARED = fileURLToPath(new URL("../../../../shared/seeds/", import.meta.url));

/** A seed as the pipeline reads it: the document and its table lines. */
function seed(name: string): { doc: Document; tableLines: ReadonlySet<number> } {
  const path = existsSync(`${FIXTURES}${name}`) ? `${FIXTURES}${name}` : `${SHARED}${name}`;
  const doc = readText(readFileSync(path));
  return { doc, tableLines: parseTemplate(doc).tableLines };
}

function textDoc(text: string): Document {
  return readText(new TextEncoder().encode(text));
}

const SEEDS: Record<string, Array<[number, string, string]>> = {
  "000_5ed72146557905c8.txt": [
    [9, "一、总体情况", "一、"],
    [54, "二、主动公开政府信息情况", "二、"],
    [71, "三、收到和处理政府信息公开申请情况", "三、"],
    [110, "四、政府信息公开行政复议、行政诉讼情况", "四、"],
    [117, "五、存在的主要问题及改进情况", "五、"],
    [123, "六、其他需要报告的事项", "六、"],
  ],
  "001_77c3b53386b2261e.txt": [
    [7, "一、总体情况", "一、"],
    [23, "二、主动公开政府信息情况", "二、"],
    [45, "三、收到和处理政府信息公开申请情况", "三、"],
    [83, "四、政府信息公开行政复议、行政诉讼情况", "四、"],
    [90, "五、存在的主要问题及改进情况", "五、"],
    [96, "六、其他需要报告的事项", "六、"],
  ],
  "002_a01f0cf12a106081.txt": [
    [7, "一、总体情况", "一、"],
    [21, "二、主动公开政府信息情况", "二、"],
    [38, "三、收到和处理政府信息公开申请情况", "三、"],
    [78, "四、政府信息公开行政复议、行政诉讼情况", "四、"],
    [85, "五、存在的主要问题及改进情况", "五、"],
    [93, "六、其他需要报告的事项", "六、"],
  ],
  "003_1c640710511402cf.txt": [
    [6, "1、总体情况", "1、"],
    [26, "2、主动公开政府信息情况", "2、"],
    [72, "3、收到和处理政府信息公开申请情况", "3、"],
    [362, "四、政府信息公开行政复议、行政诉讼情况", "四、"],
    [420, "五、存在的主要问题及改进情况", "五、"],
    [425, "六、其他需要报告的事项", "六、"],
  ],
  "004_e2933871b57d250b.txt": [
    [5, "一、总体情况", "一、"],
    [13, "二、主动公开政府信息情况", "二、"],
    [32, "三、收到和处理政府信息公开申请情况", "三、"],
    [63, "四、政府信息公开行政复议、行政诉讼情况", "四、"],
    [70, "五、存在的主要问题及改进情况", "五、"],
    [90, "六、其他需要报告的事项", "六、"],
  ],
};

describe("findSections on the seeds", () => {
  for (const [name, expected] of Object.entries(SEEDS)) {
    it(`finds the six sections of ${name} with their heading lines`, () => {
      const { doc, tableLines } = seed(name);
      const { sections, extra } = findSections(doc, tableLines);
      expect(sections.map((s) => [s.line, s.heading, s.numbering])).toEqual(expected);
      expect(sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
      expect(extra).toEqual([]);
      for (const s of sections) {
        const line = doc.lines.find((l) => l.line === s.line);
        expect(line && lineText(line).replace(/\s/g, "")).toContain(s.heading.replace(/^\d、/, ""));
        expect(s.text.split("\n").length).toBe(s.text === "" ? 1 : s.lineNumbers.length);
      }
    });
  }

  it("keeps sub-headings (（一）主动公开, （二）依申请公开) and social-media lines inside 一 (000)", () => {
    const { doc, tableLines } = seed("000_5ed72146557905c8.txt");
    const one = findSections(doc, tableLines).sections[0];
    expect(one?.text).toContain("(一)主动公开情况");
    expect(one?.text).toContain("(二)依申请公开情况");
    expect(one?.text).toContain("2023年11月20日 晚上19:04");
    expect(one?.text).not.toContain("第二十条");
  });

  it("excludes the tables from the text of 二, 三 and 四", () => {
    for (const name of Object.keys(SEEDS)) {
      const { doc, tableLines } = seed(name);
      const { sections } = findSections(doc, tableLines);
      for (const no of [2, 3, 4]) expect(sections.find((s) => s.no === no)?.text, `${name} ${no}`).toBe("");
    }
  });

  it("does not take the nested 一、/二、 headings inside 五 for sections (004)", () => {
    const { doc, tableLines } = seed("004_e2933871b57d250b.txt");
    const five = findSections(doc, tableLines).sections.find((s) => s.no === 5);
    expect(five?.text).toContain("一、存在的主要问题。");
    expect(five?.text).toContain("二、改进情况。");
  });

  it("drops the page number and bookmark debris (003)", () => {
    const { doc, tableLines } = seed("003_1c640710511402cf.txt");
    const { sections } = findSections(doc, tableLines);
    expect(sections.find((s) => s.no === 6)?.text).toBe(
      "发出收费通知的件数和总金额以及实际收取的总金额均为0。",
    );
    expect(sections.find((s) => s.no === 5)?.text).not.toContain("bookmark");
  });
});

describe("findSections on constructed layouts", () => {
  it("accepts a preamble and ignores parenthesised and restarted numbering", () => {
    const doc = textDoc(
      [
        "某街道办事处2023年政府信息公开工作年度报告",
        "本报告由总体情况、主动公开政府信息情况等六部分组成。",
        "一、总体情况",
        "（一）主动公开",
        "（二）依申请公开",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况",
        "一、存在的主要问题",
        "二、改进情况",
        "六、其他需要报告的事项",
        "无。",
      ].join("\n"),
    );
    const { sections, extra } = findSections(doc, new Set());
    expect(sections.map((s) => [s.no, s.line])).toEqual([
      [1, 3],
      [2, 6],
      [3, 7],
      [4, 8],
      [5, 9],
      [6, 12],
    ]);
    expect(sections[0]?.text).toBe("(一)主动公开\n(二)依申请公开");
    expect(extra).toEqual([]);
  });

  it("confirms 二 by the table: the heading is the last candidate before 表二", () => {
    const doc = textDoc(
      [
        "一、总体情况",
        "二、主动公开情况",
        "主动公开信息10条。",
        "二、主动公开政府信息情况",
        "第二十条第（一）项\t\t\t",
        "三、收到和处理政府信息公开申请情况",
      ].join("\n"),
    );
    const { sections } = findSections(doc, new Set([5]));
    expect(sections.map((s) => [s.no, s.line])).toEqual([
      [1, 1],
      [2, 4],
      [3, 6],
    ]);
    expect(sections[0]?.text).toBe("二、主动公开情况\n主动公开信息10条。");
  });

  it("reports missing sections by absence, extra top-level sections, 第一部分 numbering and order", () => {
    const doc = textDoc(
      [
        "第一部分 总体情况",
        "第二部分 主动公开政府信息情况",
        "第三部分 收到和处理政府信息公开申请情况",
        "第四部分 其他需要报告的事项",
        "第五部分 存在的主要问题及改进情况",
        "第六部分 附件说明",
      ].join("\n"),
    );
    const { sections, extra } = findSections(doc, new Set());
    expect(sections.map((s) => [s.no, s.numbering, s.line])).toEqual([
      [1, "第一部分", 1],
      [2, "第二部分", 2],
      [3, "第三部分", 3],
      [5, "第五部分", 5],
      [6, "第四部分", 4],
    ]);
    expect(extra).toEqual([{ heading: "第六部分附件说明", line: 6 }]);
  });

  it("reads an OCR'd heading whose keywords were misread by its own number and a title like the official", () => {
    const lines = [
      // Every other glyph misread: no two neighbours left, two of four characters in order.
      "一、总广请况",
      "二、主动公下政府信息情况",
      "三、监到和处理政府售息公开申让二况",
      "四、政府信息公所行政复议、行政诉讼请况",
      "五、存在的主要问题及改进情况",
      // Five of nine glyphs misread: four of the title's characters in order.
      "六、其他吉圾告的宇抽",
    ];
    const text = textDoc(lines.join("\n"));
    const ocr: Document = {
      ...text,
      info: { ...text.info, ocr: { engine: "test", dpi: 200, seconds: 0, cells: [] } },
    };
    const read = findSections(ocr, new Set());
    expect(read.sections.map((s) => [s.no, s.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 6],
    ]);
    expect(read.extra).toEqual([]);
    // From a text layer such headings are the report's own misprints: reported, not read as the sections.
    const printed = findSections(text, new Set());
    expect(printed.sections.map((s) => s.no)).not.toContain(3);
    // Not a number of another section: 「五、监到和处理…」 is no 三.
    const moved = textDoc(["一、总体情况", "五、监到和处理政府售息公开申让二况"].join("\n"));
    const movedOcr: Document = {
      ...moved,
      info: { ...moved.info, ocr: { engine: "test", dpi: 200, seconds: 0, cells: [] } },
    };
    expect(findSections(movedOcr, new Set()).sections.map((s) => s.no)).toEqual([1]);
  });

  it("keeps a 五 split into 问题 / 改进 in one section and continues the numbering", () => {
    const doc = textDoc(
      [
        "一、总体情况",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题",
        "公开不够及时。",
        "六、改进情况",
        "加强培训。",
        "七、其他需要报告的事项",
        "无。",
      ].join("\n"),
    );
    const { sections, extra } = findSections(doc, new Set());
    expect(sections.map((s) => [s.no, s.line])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
      [6, 9],
    ]);
    expect(sections[4]?.text).toBe("公开不够及时。\n六、改进情况\n加强培训。");
    expect(extra).toEqual([{ heading: "六、改进情况", line: 7 }]);
  });

  it("reads a heading that shares its line with the first sentence", () => {
    const doc = textDoc(
      [
        "一、总体情况。2023年，本单位共收到政府信息公开申请3件。",
        "二、主动公开政府信息情况",
        "三、收到和处理政府信息公开申请情况",
        "四、政府信息公开行政复议、行政诉讼情况",
        "五、存在的主要问题及改进情况：公开不够及时，下一步加强培训。",
        "六、其他需要报告的事项",
        "一、加强组织领导情况。这一行是正文，不是标题，因为它不在顶层编号序列里。",
      ].join("\n"),
    );
    const { sections } = findSections(doc, new Set());
    expect(sections.map((s) => [s.no, s.heading, s.line])).toEqual([
      [1, "一、总体情况", 1],
      [2, "二、主动公开政府信息情况", 2],
      [3, "三、收到和处理政府信息公开申请情况", 3],
      [4, "四、政府信息公开行政复议、行政诉讼情况", 4],
      [5, "五、存在的主要问题及改进情况", 5],
      [6, "六、其他需要报告的事项", 6],
    ]);
    expect(sections[0]).toMatchObject({ text: "2023年,本单位共收到政府信息公开申请3件。", lineNumbers: [1] });
    expect(sections[4]?.text).toBe("公开不够及时,下一步加强培训。");
  });

  it("splits numbering off headings", () => {
    expect(parseNumbering("### 一、总体情况")).toMatchObject({
      style: "cn",
      ordinal: 1,
      token: "一、",
      rest: "总体情况",
    });
    expect(parseNumbering("1、 总体情况")).toMatchObject({ style: "arabic", ordinal: 1, token: "1、" });
    expect(parseNumbering("（三）政府信息管理情况")).toMatchObject({ style: "paren", ordinal: 3 });
    expect(parseNumbering("第二部分 主动公开")).toMatchObject({
      style: "part",
      ordinal: 2,
      token: "第二部分",
    });
    expect(parseNumbering("2023年，流花街…")).toMatchObject({ style: "none", ordinal: null });
  });
});

describe("a section numeral that lost its 、", () => {
  it("reads 「一总体情况」 as section 一, but not a numeral glued to other words", () => {
    expect(parseNumbering("一总体情况")).toMatchObject({ style: "cn", ordinal: 1, rest: "总体情况" });
    expect(parseNumbering("五存在的主要问题及改进情况")).toMatchObject({ style: "cn", ordinal: 5 });
    expect(parseNumbering("一是加强组织领导")).toMatchObject({ style: "none" });
    expect(parseNumbering("六十个村公开了总体情况")).toMatchObject({ style: "none" });
  });
});
