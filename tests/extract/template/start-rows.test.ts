/**
 * Where a table starts (issue 12, pattern 1): at its header, or at its first row where that row carries
 * its cells; in a document with grids, inside a grid. A label alone (「政府信息公开」 of a menu or a
 * breadcrumb, a prose heading 「三、政府信息公开申请情况」) never opens 表三, and 表二 never runs on to the
 * end of the page swallowing short prose.
 */
import { describe, expect, it } from "vitest";
import type { Document } from "../../../extract/document.ts";
import { htmlToLines } from "../../../extract/readers/html.ts";
import { linesFromText } from "../../../extract/readers/text.ts";
import { parseTemplate } from "../../../extract/template/index.ts";
import { balancedFigures } from "../../helpers/report.ts";
import { textReport } from "../../helpers/text-report.ts";

const figures = balancedFigures("2021");

function textDoc(text: string): Document {
  const { lines, pageCount } = linesFromText(text);
  return { format: "text", pageCount, lines, info: {} };
}

const lineOf = (doc: Document, text: string) =>
  doc.lines.find((l) => l.cells.map((c) => c.text).join("") === text)?.line;

describe("表三 starts at its header or a row with cells", () => {
  it("not at a menu's 「政府信息公开」 above the report", () => {
    const doc = textDoc(`首页\n政务公开\n政府信息公开\n年报\n\n${textReport({ figures })}`);
    const r = parseTemplate(doc);
    expect(r.tables.t3.line).toBe(doc.lines.find((l) => l.cells[0]?.text.includes("勾稽关系"))?.line);
    expect(r.templateVersion).toBe("2021");
    expect(r.tableLines.has(lineOf(doc, "一、总体情况") ?? -1)).toBe(false);
    expect(r.figures["t3.new.total"]).toBe(figures["t3.new.total"]);
  });

  it("not at a prose heading 「三、政府信息公开申请情况」 without numbers", () => {
    const text = textReport({ figures }).replace(
      "三、收到和处理政府信息公开申请情况",
      "三、政府信息公开申请情况",
    );
    const doc = textDoc(text);
    const r = parseTemplate(doc);
    const heading = lineOf(doc, "三、政府信息公开申请情况") ?? -1;
    expect(heading).toBeGreaterThan(0);
    expect(r.tables.t3.line).toBeGreaterThan(heading);
    expect(r.tableLines.has(heading)).toBe(false);
  });

  it("at its first row split over two lines (the label's tail beside the cells)", () => {
    const f = figures;
    const cells = ["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"]
      .map((c) => f[`t3.new.${c}`])
      .join("\t");
    const text = textReport({ figures })
      .split("\n")
      .filter((l) => !/勾稽关系|^\t自然人|^\t\t商业企业/.test(l))
      .join("\n")
      .replace(/^一、本年新收政府信息公开申请数量\t.*$/m, `一、本年新收政府信息公开\n申请数量\t${cells}`);
    const r = parseTemplate(textDoc(text));
    expect(r.tables.t3.found).toBe(true);
    expect(r.figures["t3.new.total"]).toBe(f["t3.new.total"]);
  });

  it("at its header note with a character misread, where the first row's label is garbled too (OCR)", () => {
    // A photo read 「勾稽」 as 「勾狠」 and 「一、本年新收…申请数量」 as 「一、本和所新收…电请数量」: neither
    // the header's keyword nor the first row's label (similarity 0.68) opened 表三, and 表二 took its rows.
    const text = textReport({ figures })
      .replace("勾稽关系", "勾狠关系")
      .replace("一、本年新收政府信息公开申请数量", "一、本和所新收政府信息公开电请数量");
    const doc = textDoc(text);
    const r = parseTemplate(doc);
    expect(r.tables.t3.line).toBe(doc.lines.find((l) => l.cells[0]?.text.includes("勾狠关系"))?.line);
    expect(r.figures["t3.new.total"]).toBe(figures["t3.new.total"]);
    expect(r.figures["t3.total_processed.total"]).toBe(figures["t3.total_processed.total"]);
  });

  it("not at a phrase of the note in prose (「第一项加第二项之和」), nor at a note missing half its words", () => {
    for (const note of ["第一项加第二项之和等于第三项加第四项之和", "本列数据的勾狠关系为"]) {
      const text = textReport({ figures }).replace(/^.*勾稽关系.*$/m, `（${note}）`);
      const doc = textDoc(`${note}\n${text}`);
      const r = parseTemplate(doc);
      // Its start is the row of column heads (商业企业 | 科研机构 | …) under the note.
      const heads = doc.lines.find((l) => l.cells.some((c) => c.text.includes("商业企业")))?.line;
      expect([note, r.tables.t3.line]).toEqual([note, heads]);
      expect(r.figures["t3.new.total"]).toBe(figures["t3.new.total"]);
    }
  });
});

describe("表二 keeps to its own rows", () => {
  it("a 表三 row 「3.其他」 is never 表二's 「其他对外管理服务事项」 (no false 2019 signal)", () => {
    // 表三 lost its header and first rows: 表二's range runs on over the rest of 表三.
    const text = textReport({ figures })
      .split("\n")
      .filter((l) => !/勾稽关系|^\t自然人|^\t\t商业企业|^一、本年新收|^二、上年结转/.test(l))
      .join("\n");
    const r = parseTemplate(textDoc(text));
    expect(r.templateVersion).toBe("2021");
    expect(r.tables.t2.rows).not.toContain("other_services");
  });

  it("short prose after 表二 stays prose", () => {
    const text = textReport({ figures }).replace(
      "三、收到和处理政府信息公开申请情况",
      "本年度无新增行政许可事项。\n\n三、收到和处理政府信息公开申请情况\n本年度收到申请见下表。",
    );
    const doc = textDoc(text);
    const r = parseTemplate(doc);
    expect(r.tableLines.has(lineOf(doc, "本年度无新增行政许可事项。") ?? -1)).toBe(false);
    expect(r.tableLines.has(lineOf(doc, "本年度收到申请见下表。") ?? -1)).toBe(false);
  });
});

describe("in a document with grids", () => {
  const grid = (rows: (string | number | null)[][]) =>
    `<table>${rows.map((r) => `<tr>${r.map((c) => `<td>${c ?? ""}</td>`).join("")}</tr>`).join("")}</table>`;
  const t3Row = (key: string, label: string) => [
    label,
    ...["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"].map(
      (c) => figures[`t3.${key}.${c}`] ?? null,
    ),
  ];
  const page = [
    "<div>政府信息公开</div>",
    "<h1>某区某街道办事处2023年政府信息公开工作年度报告</h1>",
    "<p>二、主动公开政府信息情况</p>",
    grid([
      ["第二十条第（五）项"],
      ["信息内容", "本年处理决定数量"],
      ["行政许可", figures["t2.licensing.decisions"] ?? null],
    ]),
    "<p>本年度无收费。</p>",
    "<p>三、收到和处理政府信息公开申请情况</p>",
    "<p>一、本年新收政府信息公开申请数量见下表。</p>",
    grid([
      t3Row("new", "一、本年新收政府信息公开申请数量"),
      t3Row("carried_over", "二、上年结转政府信息公开申请数量"),
    ]),
  ].join("\n");

  it("a look-alike line outside the grids opens nothing, and prose between the grids is not a table's", () => {
    const { lines } = htmlToLines(`<html><body>${page}</body></html>`);
    const doc: Document = { format: "html", pageCount: 1, lines, info: {} };
    const r = parseTemplate(doc);
    const firstGridRow = lines.find((l) => l.table === 2 && l.cells[0]?.text.startsWith("一、本年新收"));
    expect(r.tables.t3.line).toBe(firstGridRow?.line);
    expect(r.figures["t3.new.total"]).toBe(figures["t3.new.total"]);
    for (const text of ["政府信息公开", "本年度无收费。", "三、收到和处理政府信息公开申请情况"])
      expect([text, r.tableLines.has(lineOf(doc, text) ?? -1)]).toEqual([text, false]);
  });
});
