/**
 * Tables read by OCR (issue 16): a recorded Tesseract reading of seed 002 (tests/fixtures/ocr), damaged the
 * way scans and photos damage it, must still give the seed's figures — or null, never a wrong number.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import { type Document, ILLEGIBLE, type Line } from "../../../extract/document.ts";
import { runRules } from "../../../validate/engine.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const expected = JSON.parse(readFileSync(join(FIXTURES, "seeds/002_a01f0cf12a106081.expected.json"), "utf8"))
  .figures as Record<string, number | null>;

function recorded(): Document {
  return JSON.parse(readFileSync(join(FIXTURES, "ocr/002-clean-200.json"), "utf8")) as Document;
}

/** The recording with the cells of the line whose first cells read `starts` replaced by `edit`'s. */
function damaged(starts: string, edit: (texts: string[]) => string[], doc = recorded()): Document {
  let hits = 0;
  const lines = doc.lines.map((line): Line => {
    const texts = line.cells.map((c) => c.text);
    if (!texts.join("|").startsWith(starts)) return line;
    hits++;
    const next = edit(texts);
    expect(next.length).toBe(texts.length);
    return { ...line, cells: line.cells.map((c, i) => ({ ...c, text: next[i] ?? "" })) };
  });
  expect(hits).toBe(1);
  return { ...doc, lines };
}

/**
 * The document with the cells of every line whose first cell starts with `starts` (a header printed again
 * where a table goes on over a page) replaced, each by `edit`.
 */
function everyLine(doc: Document, starts: string, edit: (text: string, i: number) => string): Document {
  const lines = doc.lines.map(
    (line): Line =>
      line.cells[0]?.text.startsWith(starts)
        ? { ...line, cells: line.cells.map((c, i) => ({ ...c, text: edit(c.text, i) })) }
        : line,
  );
  expect(lines).not.toEqual(doc.lines);
  return { ...doc, lines };
}

function keysOf(prefix: string): string[] {
  const keys = Object.keys(expected).filter((k) => k.startsWith(prefix));
  expect(keys.length).toBeGreaterThan(0);
  return keys;
}

describe("OCR rows: garbled cells keep their places", () => {
  it("reads the recording as the seed (the baseline of the damage below)", () => {
    const { figures } = analyse(recorded()).report;
    for (const k of [...keysOf("t2.regulations"), ...keysOf("t3.new."), ...keysOf("t4.")])
      expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("a number read as a letter holds its column and is decided by the row sum", () => {
    // 「2.重复申请 2 0 0 0 0 0 2」 with its first 0 read as "D": before, "D" became a second label and the
    // row lost a cell.
    const doc = damaged("2.重复申请|2|0", (t) => t.map((v, i) => (i === 2 ? "D" : v)));
    const { figures, provenance } = analyse(doc).report;
    for (const k of keysOf("t3.not_processed.duplicate.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
    expect(provenance["t3.not_processed.duplicate.business"]).toMatchObject({
      mode: "decoded",
      decodedBy: ["T3-COLSUM"],
    });
  });

  it("表二: 「规章 ] 0 11」 is not split into digits, and 「]」 keeps its column by the 「信息内容」 heads", () => {
    // A real report's 「规章 1 0 11」, its 1 read as 「]」: 表二 has no relation to check a glued reading by,
    // and in an OCR grid each cell was read on its own, so a number never spans two cells. With no second
    // row sharing the first number's edge, the heads row says where the values begin: 「]」 is an
    // unreadable value, not part of the label (before, the row was ambiguous and all three were null).
    const doc = damaged("规章", (t) => [t[0] as string, "]", "0", "11"]);
    const figures = analyse(doc).report.figures;
    const row = ["made", "repealed", "in_force"].map((c) => figures[`t2.regulations.${c}`]);
    expect(row).toEqual([null, 0, 11]);
    for (const k of keysOf("t2.").filter((k) => !k.startsWith("t2.regulations.")))
      expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("finds 表二 behind a heading with a speck or a look-alike bracket", () => {
    const doc = damaged("第二十条第 (一) 项", () => ["第二十条第《一). 项"]);
    const { figures } = analyse(doc).report;
    for (const k of [...keysOf("t2.regulations."), ...keysOf("t2.normative_documents.")])
      expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("finds 表四 by its column heads when 「行政复议」 was not read", () => {
    const doc = damaged("行政复议|行政诉讼", () => ["行履受议", ""]);
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t4.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("takes no row for a line whose merged label cells name two （…） rows, and never shifts 总计's figures", () => {
    // At 150 dpi the label column's merged cells came out on （六）1's line (「（七）总计」, 「（六（六））其其他他
    // 处处理理」, 「11. 申请申请人人…」) and 总计's numbers on a line of their own without a label. Before, the
    // joined labels named （七）总计 and its figures were （六）1's zeros: 54 read as 0 with confidence.
    const merged = damaged("|(六) 其他处理|1. 申请人无正当理由", (t) =>
      t.map((v, i) =>
        i === 0
          ? "| (七) 总计"
          : i === 1
            ? "(六(六)) 其其他他处处理理"
            : i === 2
              ? "11. 申请申请人人无无正当正当理由理由逾期逾期不不补正补正、、行行政政机机关关不不再再处处理理其其政府政府信息信息公开公开申请申请"
              : v,
      ),
    );
    const doc = damaged("(七) 总计|54", (t) => t.map((v, i) => (i === 0 ? "" : v)), merged);
    const { figures } = analyse(doc).report;
    for (const k of [...keysOf("t3.total_processed."), ...keysOf("t3.other_processing.overdue_correction.")])
      expect([k, figures[k] ?? null]).toSatisfy(([, v]) => v === null || v === expected[k as string]);
    expect(keysOf("t3.other_processing.overdue_correction.").map((k) => figures[k])).toEqual(
      keysOf("t3.other_processing.overdue_correction.").map((k) => expected[k]),
    );
  });

  it("reads 表四 under column heads with doubled glyphs and specks (「其其他他结结果果」, 「.总总,.,.计计」)", () => {
    const doc = damaged("结果维持|结果寺果纠正|其他结果|尚未审结|总计|结果维持", (t) =>
      t.map((v, i) => (i === 2 ? "其其他他结结果果" : i === 4 ? ".总总,.,.计计" : v)),
    );
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t4.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("a speck between the numbers, split into a cell of its own, is dropped", () => {
    // 「2.重复申请 2 0 , 0 0 0 0 2」: as a label the comma took the row's first two numbers with it; as an
    // empty cell it made the row one cell too long.
    const doc = recorded();
    const lines = doc.lines.map((line): Line => {
      if (
        !line.cells
          .map((c) => c.text)
          .join("|")
          .startsWith("2.重复申请|2|0")
      )
        return line;
      const at = line.cells[2] as Line["cells"][number];
      const speck = { ...at, text: ",", x: (at.x2 ?? 0) + 1, x2: (at.x2 ?? 0) + 2 };
      return { ...line, cells: [...line.cells.slice(0, 3), speck, ...line.cells.slice(3)] };
    });
    const { figures } = analyse({ ...doc, lines }).report;
    for (const k of keysOf("t3.not_processed.duplicate.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("a total read as a Chinese character keeps its column: the other cells are read, it is not", () => {
    // 「二、上年结转… 3 0 0 0 0 0 二」: before, 「二」 made the whole row one label and the row was lost.
    const doc = damaged("二、上年结转政府信息公开申请数量|3", (t) => t.map((v, i) => (i === 7 ? "二" : v)));
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t3.carried_over.").filter((k) => !k.endsWith(".total")))
      expect([k, figures[k]]).toEqual([k, expected[k]]);
    expect(figures["t3.carried_over.total"]).toBeNull();
  });

  it("表四's data row, which has no label: a cell read as a Chinese character after its numbers is a value", () => {
    // 「2 2 0 岂 4 0 …」: before, 「岂」 became the row's label and 表四 lost its first four cells, all 15 null.
    const doc = damaged("2|2|0|0|4", (t) => t.map((v, i) => (i === 3 ? "岂" : v)));
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t4.").filter((k) => k !== "t4.review.pending"))
      expect([k, figures[k]]).toEqual([k, expected[k]]);
    expect(figures["t4.review.pending"]).toBeNull();
  });
});

describe("OCR: a value cell read as no number", () => {
  it("is an unreadable cell (PARSE-AMBIGUOUS), not a report's error (T3-NONNEG)", () => {
    const doc = damaged("二、上年结转政府信息公开申请数量|3", (t) => t.map((v, i) => (i === 7 ? "肌" : v)));
    const report = analyse(doc).report;
    expect(report.figures["t3.carried_over.total"]).toBeNull();
    const findings = runRules({ report }).findings.filter((f) => f.cells.includes("t3.carried_over.total"));
    expect(findings.filter((f) => f.rule === "T3-NONNEG")).toEqual([]);
    // Nor a blank cell: the report printed something there (T3-BLANK had listed it as 未填数字).
    expect(findings.filter((f) => f.rule === "T3-BLANK")).toEqual([]);
    const parse = findings.find((f) => f.rule === "PARSE-AMBIGUOUS");
    expect(parse?.messageId).toBe("ocrUnread");
    expect(parse?.message).toContain("读作“肌”，不是数字");
  });
});

describe("OCR: a cell the reader marked illegible (ink, but no reading found a word)", () => {
  it("is an unreadable cell, said so, and never a blank one (T3-BLANK), wherever it stands in the row", () => {
    for (const at of [1, 3, 7]) {
      const doc = damaged("二、上年结转政府信息公开申请数量|3", (t) =>
        t.map((v, i) => (i === at ? ILLEGIBLE : v)),
      );
      const report = analyse(doc).report;
      const key = `t3.carried_over.${["", "natural_person", "", "research", "", "", "", "total"][at]}`;
      expect(report.figures[key]).toBeNull();
      const findings = runRules({ report }).findings.filter((f) => f.cells.includes(key));
      expect(findings.filter((f) => f.rule === "T3-BLANK")).toEqual([]);
      const parse = findings.find((f) => f.rule === "PARSE-AMBIGUOUS");
      expect(parse?.messageId).toBe("ocrIllegible");
      expect(parse?.message).toContain("有字迹，但文字识别（OCR）未能识别");
      // The row's other cells are read in their places.
      for (const k of keysOf("t3.carried_over.").filter((k) => k !== key))
        expect([k, report.figures[k]]).toEqual([k, expected[k]]);
    }
  });

  it("is left empty where no value stands: a head cell of 表三's header printed again on the next page", () => {
    // 「自然人 | 法人或其他组织 | 总计」 with 总计 illegible, where the table goes on over a page: before,
    // the mark made a header a data row and the rows after it were lost.
    const doc = everyLine(recorded(), "自然人", (text, i) => (i === 2 ? ILLEGIBLE : text));
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t3.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("表四's data row, which has no label: an illegible first cell keeps its place", () => {
    const doc = damaged("2|2|0|0|4", (t) => t.map((v, i) => (i === 0 ? ILLEGIBLE : v)));
    const { figures } = analyse(doc).report;
    expect(figures["t4.review.upheld"]).toBeNull();
    for (const k of keysOf("t4.").filter((k) => k !== "t4.review.upheld" && !k.startsWith("t4.review.")))
      expect([k, figures[k]]).toEqual([k, expected[k]]);
  });
});

describe("OCR rows: a garbled label is bound by the template's order", () => {
  it("表二: the one row left between two matched rows, with its cell count", () => {
    const doc = damaged("行政规范性文件|0", (t) => ["规范许义侍", ...t.slice(1)]);
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t2.normative_documents.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("表三: the one row left between two matched rows", () => {
    const doc = damaged("7. 属于行政执法案卷|2", (t) => ["7.届于亍攻执浊案苍", ...t.slice(1)]);
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t3.denied.enforcement_file.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("表三: 「（六）其他处于」 is （六） printed as one row, not its sub-row 「3.其他」", () => {
    // A photo of a report whose （六） is one row: the label misread names 「其他处理」 less closely than
    // 「其他」 by its words alone; its （六） with no sub-number names the group's own row.
    const base = recorded();
    const six = base.lines.findIndex((l) => l.cells.some((c) => c.text === "(六) 其他处理"));
    const at = base.lines[six] as Line;
    const single: Line = {
      ...at,
      cells: [{ ...(at.cells[1] as Line["cells"][number]), text: "(六) 其他处于" }, ...at.cells.slice(3)],
    };
    const doc = { ...base, lines: [...base.lines.slice(0, six), single, ...base.lines.slice(six + 3)] };
    const { figures } = analyse(doc).report;
    for (const c of ["natural_person", "business", "other", "total"])
      expect([c, figures[`t3.other_processing.${c}`]]).toEqual([c, 0]);
    expect(figures["t3.other_processing.other.total"] ?? null).toBeNull();
    for (const k of keysOf("t3.total_processed.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("表三: the one full row after （七）总计, as 四、结转下年度继续办理", () => {
    const doc = damaged("四、结转下年度继续办理|5", (t) => ["四、结和转下午度必纤办理", ...t.slice(1)]);
    const { figures } = analyse(doc).report;
    for (const k of keysOf("t3.carried_forward.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
    // Not from text that was never an image: the same lines read as a text document keep the row missing.
    const text = { ...doc, info: { ...doc.info, ocr: undefined } };
    for (const k of keysOf("t3.carried_forward."))
      expect([k, analyse(text).report.figures[k]]).toEqual([k, null]);
  });

  it("never where two template rows could fit", () => {
    // 「7.」 garbled and 「8.」 lost: one row between 「6.」 and 「（四）1.」 where the template has two.
    const garbled = damaged("7. 属于行政执法案卷|2", (t) => ["7.届于亍攻执浊案苍", ...t.slice(1)]);
    const doc = {
      ...garbled,
      lines: garbled.lines.filter((l) => !l.cells[0]?.text.startsWith("8. 属于行政查询")),
    };
    const { figures, issues } = analyse(doc).report;
    for (const k of [...keysOf("t3.denied.enforcement_file."), ...keysOf("t3.denied.administrative_query.")])
      expect([k, figures[k]]).toEqual([k, null]);
    expect(issues.some((i) => i.kind === "missing_row" && i.rowKey === "denied.enforcement_file")).toBe(true);
  });
});

describe("OCR: tables found where their headings are garbled", () => {
  it("表二 starts at 「信息内容」's column heads where every 「第二十条第（…）项」 heading is garbled", () => {
    // 「十条第“〈一) 项」, 「第 -十条第 (项」: the first block lost its heading, and 表二 started at the one
    // heading still read, after 规章 and 行政规范性文件.
    let doc = recorded();
    for (const [heading, garbled] of [
      ["第二十条第 (一) 项", "十条第“〈一) 项"],
      ["第二十条第 (五) 项", "第 -十条第 (项"],
      ["第二十条第 (六) 项", "项第十条第 (五 )"],
    ] as const)
      doc = damaged(heading, () => [garbled], doc);
    const { figures, tables } = analyse(doc).report;
    for (const k of [
      ...keysOf("t2.regulations"),
      ...keysOf("t2.normative_documents"),
      ...keysOf("t2.licensing"),
    ])
      expect([k, figures[k]]).toEqual([k, expected[k]]);
    expect(tables.t2.line).toBe(doc.lines.find((l) => l.cells[0]?.text === "信息内容")?.line);
  });

  it("表三 starts at its applicant column heads where its note and first row's label are garbled", () => {
    // The note is printed again where 表三 goes on over a page: both garbled.
    const note = "(本列数据的人和枚关系为 ,第“项加第 :项之和, 等于第“项如第四项之和 )";
    let doc = everyLine(recorded(), "(本列数据的勾稽关系为", (text, i) => (i === 0 ? note : text));
    doc = damaged(
      "一、本年新收政府信息公开申请数量",
      (t) => ["本年新收效府倍公政审请数策", ...t.slice(1)],
      doc,
    );
    const { figures, tables } = analyse(doc).report;
    expect(tables.t3.line).toBe(doc.lines.find((l) => l.cells[0]?.text === "自然人")?.line);
    for (const k of [...keysOf("t3.new."), ...keysOf("t3.carried_over."), ...keysOf("t3.granted.")])
      expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("表三 starts where only two of its applicant heads were read right", () => {
    const note = "(本列数据的纪稳关系为: 第“项如第 -项之和, 等上第:项加第内项之和 )";
    let doc = everyLine(recorded(), "(本列数据的勾稽关系为", (text, i) => (i === 0 ? note : text));
    // 「自然人 | 法人吉基他组织 | 总让」, 「商业企业 | 科研机构 | (扯会公和组织 | 法律地男机构 | 其他」: two heads each.
    const garbled: Record<string, string> = {
      法人或其他组织: "法人吉基他组织",
      总计: "总让",
      社会公荔组织: "(扯会公和组织",
      法律服务: "法律地男机构",
    };
    for (const heads of ["自然人", "商业企业"]) doc = everyLine(doc, heads, (text) => garbled[text] ?? text);
    doc = damaged(
      "一、本年新收政府信息公开申请数量",
      (t) => ["-本第新轨政府人息公开申请数量", ...t.slice(1)],
      doc,
    );
    const { figures, tables } = analyse(doc).report;
    expect(tables.t3.found).toBe(true);
    for (const k of [...keysOf("t3.new."), ...keysOf("t3.carried_over."), ...keysOf("t3.total_processed.")])
      expect([k, figures[k]]).toEqual([k, expected[k]]);
  });

  it("表四 starts where only two of its result heads were read right, and a garbled total stays a value", () => {
    let doc = damaged("行政复议|行政诉讼", () => ["行政复议", "行疏诉讼"]);
    for (const heads of [
      "结果维持|结果寺果纠正|其他结果|尚未审结|总计|未经",
      "结果维持|结果寺果纠正|其他结果|尚未审结|总计|结果",
    ])
      doc = damaged(heads, (t) => t.map((v) => ({ 尚未审结: "尚本出结" })[v] ?? v), doc);
    // 「结果寺果纠正」 was read so already; 「尚本出结」 leaves two heads. 「2 2 0 0 4S1 …」: a total read with a letter among its digits, after the row's numbers.
    doc = damaged("2|2|0|0|4|0", (t) => t.map((v, i) => (i === 4 ? "4S1" : v)), doc);
    const { figures, tables } = analyse(doc).report;
    expect(tables.t4.found).toBe(true);
    for (const k of keysOf("t4."))
      expect([k, figures[k]]).toEqual([k, k === "t4.review.total" ? null : expected[k]]);
  });

  it("a label read twice over (a photo's double image) names its row", () => {
    const doc = damaged("7. 属于行政执法案卷", (t) => [
      "7.7.属属于于行政行政执法执法案卷案卷",
      ...t.slice(1),
    ]);
    const { figures, tables } = analyse(doc).report;
    expect(tables.t3.rows).toContain("denied.enforcement_file");
    for (const k of keysOf("t3.denied.enforcement_file.")) expect([k, figures[k]]).toEqual([k, expected[k]]);
  });
});
