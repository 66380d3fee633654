import { describe, expect, it } from "vitest";
import type { Document } from "../../../extract/document.ts";
import { linesFromText } from "../../../extract/readers/text.ts";
import { parseTemplate } from "../../../extract/template/index.ts";
import { balancedFigures } from "../../helpers/report.ts";
import { type TextReportOptions, textReport } from "../../helpers/text-report.ts";

function parse(text: string) {
  const { lines, pageCount } = linesFromText(text);
  const doc: Document = { format: "text", pageCount, lines, info: {} };
  return parseTemplate(doc);
}

function report(o: Partial<TextReportOptions> = {}) {
  return parse(textReport({ figures: balancedFigures(o.version ?? "2021"), ...o }));
}

describe("parseTemplate on a clean report", () => {
  it("reads every cell of the 2021 layout with its provenance", () => {
    const r = report();
    expect(r.templateVersion).toBe("2021");
    expect(Object.keys(r.figures)).toHaveLength(200);
    expect(r.figures["t3.new.total"]).toBe(12);
    expect(r.figures["t3.total_processed.natural_person"]).toBe(8);
    expect(r.figures["t4.review.total"]).toBe(2);
    expect(r.provenance["t3.new.total"]).toMatchObject({
      table: "表三",
      col: "总计",
      source: "parser",
      mode: "printed",
    });
    expect(r.issues).toEqual([]);
  });

  it("reads the 2019 layout: 22 + 161 + 15 cells, （六） as one row", () => {
    const r = report({ version: "2019" });
    expect(r.templateVersion).toBe("2019");
    expect(Object.keys(r.figures)).toHaveLength(198);
    expect(r.tables.t3.layout).toBe("single");
    expect(r.figures["t3.other_processing.total"]).toBe(0);
  });
});

describe("layout noise (rules.md §7)", () => {
  it("blank markers are null, never 0", () => {
    const r = report({ rowText: { "t3.granted": "5\t—\t/\t无\t\t0\t6" } });
    expect(r.figures["t3.granted.natural_person"]).toBe(5);
    expect(r.figures["t3.granted.business"]).toBeNull();
    expect(r.figures["t3.granted.research"]).toBeNull();
    expect(r.figures["t3.granted.nonprofit"]).toBeNull();
    expect(r.figures["t3.granted.legal_services"]).toBeNull();
    expect(r.rawCells).toEqual({});
  });

  it("keeps the printed text of an invalid cell for the NONNEG rules", () => {
    const r = report({ rowText: { "t3.granted": "5\t-1\t0\t0\t0\t0\t4" } });
    expect(r.figures["t3.granted.business"]).toBeNull();
    expect(r.rawCells["t3.granted.business"]).toBe("-1");
  });

  it("tolerates label variants: synonyms, dropped characters, spaces", () => {
    const r = report({
      rowLabel: {
        "t3.partially_granted": "（二）部分公开（区分处理的，只计这一情况，不计其他情况）",
        "t3.unable.need_creation": "2.没有现成信息需另行制作",
        "t3.denied.three_safety_one_stability": "3.危及三安全一稳定",
        "t3.unable.no_such_info": "1.本机关不掌握相关信息",
        "t3.new": "一、本年新收政府信息公开申请 数量",
      },
    });
    expect(r.tables.t3.rows).toHaveLength(25);
    expect(r.figures["t3.partially_granted.total"]).toBe(1);
    expect(r.figures["t3.unable.no_such_info.total"]).toBe(2);
    expect(r.figures["t3.new.total"]).toBe(12);
  });

  it("decodes a glued row uniquely with the row sum and marks it decoded", () => {
    // unable.no_such_info = 2/0/0/0/0/0/2 printed as one digit string
    const r = report({ rowText: { "t3.unable.no_such_info": "2000002" } });
    expect(r.figures["t3.unable.no_such_info.natural_person"]).toBe(2);
    expect(r.figures["t3.unable.no_such_info.total"]).toBe(2);
    expect(r.provenance["t3.unable.no_such_info.total"]?.mode).toBe("decoded");
  });

  it("uses the column relations to split a glued 总计 row, and records them as assumed", () => {
    // total_processed = 8/2/0/0/0/0/10 → "8200010": the row sum alone also allows 82/0/0/0/0/0/… no; several splits exist
    const r = report({ rowText: { "t3.total_processed": "82000010" } });
    expect(r.figures["t3.total_processed.natural_person"]).toBe(8);
    expect(r.figures["t3.total_processed.business"]).toBe(2);
    expect(r.figures["t3.total_processed.total"]).toBe(10);
    expect(r.provenance["t3.total_processed.total"]?.decodedBy).toEqual(
      expect.arrayContaining(["T3-COLSUM"]),
    );
  });

  it("leaves an ambiguous glued row null and reports the options", () => {
    const figures = balancedFigures("2021");
    const r = parse(textReport({ figures, rowText: { "t3.granted": "110000112" } }));
    // Column relations fail for every split (the table no longer balances), so nothing is accepted.
    expect(r.figures["t3.granted.total"]).toBeNull();
    const issue = r.issues.find((i) => i.rowKey === "granted");
    expect(issue?.kind).toBe("ambiguous_split");
    expect(issue?.options).toEqual(expect.arrayContaining(["11/0/0/0/0/1/12", "1/10/0/0/0/1/12"]));
  });

  it("a 表二 row glued as 1203 is ambiguous (1/20/3 or 12/0/3) and stays null", () => {
    const r = report({ rowText: { "t2.regulations": "1203" } });
    expect(r.figures["t2.regulations.made"]).toBeNull();
    expect(r.figures["t2.regulations.in_force"]).toBeNull();
    expect(r.issues.find((i) => i.rowKey === "regulations")?.kind).toBe("ambiguous_split");
  });

  it("a row with a lost cell that cannot be placed stays null and is listed", () => {
    const r = report({ rowText: { "t3.granted": "5\t1\t0\t0\t0\t6" } });
    // 5/1/0/0/0/?/6 and 5/1/0/0/0/0/6 etc.: the column relations decide (natural 5, business 1).
    expect(r.figures["t3.granted.natural_person"]).toBe(5);
    expect(r.figures["t3.granted.business"]).toBe(1);
    expect(r.issues.find((i) => i.rowKey === "granted")).toMatchObject({
      kind: "row_width",
      found: 6,
      expected: 7,
    });
  });

  it("a section 四 that only says no case happened has no 表四 (missing), not 15 blank cells", () => {
    const text = textReport({ figures: balancedFigures("2021") }).replace(
      /四、政府信息公开行政复议、行政诉讼情况[\s\S]*?(?=五、)/,
      "四、政府信息公开行政复议、行政诉讼情况\n2023年本机关未发生涉及政府信息公开的行政复议、行政诉讼案件。\n",
    );
    const r = parse(text);
    expect(r.tables.t4.found).toBe(false);
    expect(r.figures["t4.review.total"] ?? null).toBeNull();
  });

  it("a 表四 whose conversion kept only 「000」 under its heads is unreadable, not blank", () => {
    const text = textReport({ figures: balancedFigures("2021"), rowText: { t4: "000" } });
    const r = parse(text);
    expect(r.tables.t4.found).toBe(true);
    expect(r.figures["t4.review.total"]).toBeNull();
    expect(r.issues.find((i) => i.table === "t4")).toMatchObject({
      kind: "row_width",
      found: 1,
      expected: 15,
    });
  });

  it("a 表二 row printed as its label alone, the next block's heading right after, is a row of blanks", () => {
    const r = report({ rowText: { "t2.coercion": "" } });
    expect(r.tables.t2.rows).toContain("coercion");
    expect(r.figures["t2.coercion.decisions"]).toBeNull();
    expect(r.issues.filter((i) => i.table === "t2")).toEqual([]);
    // A number-only line right after the label: not a blank row (it stays an unread row, never a blank).
    const split = parse(
      textReport({ figures: balancedFigures("2021") }).replace(/行政强制\t(\S+)/, "行政强制\n$1"),
    );
    expect(split.issues.find((i) => i.rowKey === "coercion")?.kind).toBe("missing_row");
  });

  it("tab-separated rows with exactly the table's fields are read by position, blanks where fields are empty", () => {
    const figures = balancedFigures("2021");
    const r = report({ rowText: { "t3.granted": "5\t1\t\t\t0\t0\t" } });
    expect(r.figures["t3.granted.natural_person"]).toBe(5);
    expect(r.figures["t3.granted.research"]).toBeNull();
    expect(r.figures["t3.granted.total"]).toBeNull();
    expect(r.issues.find((i) => i.rowKey === "granted")).toBeUndefined();
    // Every line padded with a trailing tab: the padding is no cell, so a row of six values lost one.
    const padded = parse(
      textReport({ figures, rowText: { "t3.granted": "5\t1\t0\t0\t0\t6" } })
        .split("\n")
        .map((l) => (l.includes("\t") ? `${l}\t` : l))
        .join("\n"),
    );
    expect(padded.figures["t3.granted.total"]).not.toBeNull();
    expect(padded.issues.find((i) => i.rowKey === "granted")?.kind).toBe("row_width");
  });

  it("reads signed changes and amounts of the 2019 表二", () => {
    const r = report({
      version: "2019",
      rowText: {
        "t2.licensing": "12\t减3\t40",
        "t2.punishment": "8\t-2\t5",
        "t2.procurement": "41\t567.27万元",
      },
    });
    expect(r.figures["t2.licensing.change"]).toBe(-3);
    expect(r.figures["t2.punishment.change"]).toBe(-2);
    expect(r.figures["t2.procurement.total_amount"]).toBe(567.27);
    expect(r.provenance["t2.procurement.total_amount"]?.raw).toBe("567.27万元");
  });

  it("a 2021 表二 with one （六） row is 2021 with the single layout", () => {
    const figures = { ...balancedFigures("2021"), "t3.other_processing.natural_person": 0 };
    const r = report({
      singleOther: true,
      figures,
      rowText: { "t3.other_processing": "0\t0\t0\t0\t0\t0\t0" },
    });
    expect(r.templateVersion).toBe("2021");
    expect(r.tables.t3.layout).toBe("single");
    expect(r.figures["t3.other_processing.total"]).toBe(0);
    expect(r.figures["t3.other_processing.overdue_fee.total"]).toBeUndefined();
  });

  it("a row printed with every cell empty is a row of blanks, not a label", () => {
    const lines = linesFromText(textReport({ figures: balancedFigures("2021") })).lines.map((l) =>
      l.cells.some((c) => c.text.includes("重复申请"))
        ? { ...l, cells: [...l.cells.filter((c) => /[^\d]/.test(c.text)), ...Array(7).fill({ text: "" })] }
        : l,
    );
    const r = parseTemplate({ format: "html", pageCount: 1, lines, info: {} });
    expect(r.tables.t3.rows).toContain("not_processed.duplicate");
    expect(r.figures["t3.not_processed.duplicate.total"]).toBeNull();
    expect(r.figures["t3.not_processed.publication.total"]).toBe(0);
  });

  it("in a grid (HTML/DOCX/PDF) an empty last cell is a blank at its position, not a lost cell", () => {
    const lines = linesFromText(textReport({ figures: balancedFigures("2021") })).lines.map((l) => {
      const asGrid = { ...l, table: 1 };
      if (!l.cells.some((c) => c.text.includes("4.保护第三方合法权益"))) return asGrid;
      return { ...asGrid, cells: [...l.cells.slice(0, -1), { text: "" }] };
    });
    const r = parseTemplate({ format: "html", pageCount: 1, lines, info: {} });
    expect(r.figures["t3.denied.third_party_rights.total"]).toBeNull();
    expect(r.figures["t3.denied.third_party_rights.natural_person"]).toBe(0);
    expect(r.issues).toEqual([]);
  });

  it("a wrapped label's continuation in a grid row of empty cells does not take the next row", () => {
    const lines = linesFromText(textReport({ figures: balancedFigures("2021") })).lines.flatMap((l) => {
      const asGrid = { ...l, table: 1 };
      if (!l.cells.some((c) => c.text.startsWith("1.申请人无正当理由"))) return [asGrid];
      const cut = {
        ...asGrid,
        cells: l.cells.map((c) =>
          c.text.startsWith("1.申请人") ? { text: "1.申请人无正当理由逾期不补正、" } : c,
        ),
      };
      const rest = {
        ...asGrid,
        line: l.line + 0.5,
        cells: [{ text: "" }, { text: "行政机关不再处理其政府信息公开申请" }, ...Array(7).fill({ text: "" })],
      };
      return [cut, rest];
    });
    const r = parseTemplate({ format: "pdf", pageCount: 1, lines, info: {} });
    expect(r.figures["t3.other_processing.overdue_correction.total"]).toBe(0);
    expect(r.figures["t3.other_processing.overdue_fee.total"]).toBe(0);
    expect(r.figures["t3.other_processing.other.total"]).toBe(0);
  });

  it("采购总金额: 万元 printed, 元 converted, a bare 0 is 0, a bare amount stays null with an issue", () => {
    const read = (amount: string) =>
      report({ version: "2019", rowText: { "t2.procurement": `3\t${amount}` } });
    expect(read("12.5万元").figures["t2.procurement.total_amount"]).toBe(12.5);
    expect(read("125000元").figures["t2.procurement.total_amount"]).toBe(12.5);
    expect(read("0").figures["t2.procurement.total_amount"]).toBe(0);
    const bare = read("567.27");
    expect(bare.figures["t2.procurement.total_amount"]).toBeNull();
    expect(bare.issues).toEqual([
      expect.objectContaining({ kind: "unparsed_value", rowKey: "procurement.total_amount", raw: "567.27" }),
    ]);
  });

  it("mixed headers are detected as mixed", () => {
    const text = textReport({ figures: balancedFigures("2021") }).replace("本年废止件数", "本年新公开数量");
    expect(parse(text).templateVersion).toBe("mixed");
  });

  it("a document without tables finds none", () => {
    const r = parse("某街道办事处2023年政府信息公开工作年度报告\n一、总体情况\n本年度工作平稳。\n");
    expect(r.tables.t2.found || r.tables.t3.found || r.tables.t4.found).toBe(false);
    expect(Object.values(r.figures).every((v) => v === null)).toBe(true);
  });
});
