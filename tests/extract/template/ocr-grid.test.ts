/**
 * 表三 recognised from an image (OCR) where the report prints blanks, not 0s (上海 2019): a row with every
 * cell empty whose label the recogniser garbled is still a printed row, placed by its position between the
 * rows matched; its cells are the report's blanks, which let the column relations check doubted readings.
 */
import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import type { Document, Line, OcrCell } from "../../../extract/document.ts";
import { parseTemplate } from "../../../extract/template/index.ts";
import { t3Rows } from "../../../extract/template/layout.ts";
import { OCR_FINDING_NOTE, runRules } from "../../../validate/engine.ts";

const LABEL_X = [30, 330] as const;
const valueX = (i: number) => 333 + i * 36;

/**
 * A printed row; `merge` [first, count]: those value cells read as one (a ruling lost between them), its
 * text at `inkX` (points).
 */
type Row = {
  label: string | null;
  values: readonly (number | null)[];
  merge?: readonly [number, number];
  inkX?: number;
};

/** Values by row key, natural_person … other, total; rows not given are printed blank. */
const FILLED: Record<string, readonly (number | null)[]> = {
  new: [80, 5, null, null, null, null, 85],
  carried_over: [4, null, null, null, null, null, 4],
  granted: [40, 3, null, null, null, null, 43],
  "denied.state_secret": [6, null, null, null, null, null, 6],
  "denied.internal_affairs": [5, null, null, null, null, null, 5],
  "unable.no_such_info": [20, 2, null, null, null, null, 22],
  "not_processed.duplicate": [3, null, null, null, null, null, 3],
  total_processed: [74, 5, null, null, null, null, 79],
  carried_forward: [10, null, null, null, null, null, 10],
};

/** Labels as a recogniser garbled them: no label of these is like the template's enough to name a blank row. */
const GARBLED: Record<string, string> = {
  "denied.three_safety_one_stability": "3危及三文全任定",
  "denied.third_party_rights": "4保护系二力合法权益",
  "denied.enforcement_file": "7,属于行政执法案移",
};

function rowsOf(overrides: Record<string, string | null> = {}): Row[] {
  return [...t3Rows(false)].map((d) => ({
    label: d.key in overrides ? (overrides[d.key] ?? null) : (GARBLED[d.key] ?? d.label),
    values: FILLED[d.key] ?? [null, null, null, null, null, null, null],
  }));
}

function gridDoc(rows: readonly Row[], cells: (line: number, row: Row) => OcrCell[]): Document {
  const lines: Line[] = [];
  const ocrCells: OcrCell[] = [];
  let n = 0;
  const push = (cellList: Line["cells"]) => {
    n += 1;
    lines.push({ cells: cellList, page: 1, line: n, table: 1 });
    return n;
  };
  push([{ text: "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", x: 30, x2: 330 }]);
  push([
    { text: "自然人", x: 333, x2: 369 },
    { text: "法人或其他组织", x: 369, x2: 549 },
    { text: "总计", x: 549, x2: 585 },
  ]);
  push(
    ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"].map((text, i) => ({
      text,
      x: valueX(i + 1),
      x2: valueX(i + 2),
    })),
  );
  for (const row of rows) {
    let values = row.values.map((v, i) => ({
      text: v === null ? "" : String(v),
      x: valueX(i),
      x2: valueX(i + 1),
    }));
    const [first, count] = row.merge ?? [0, 1];
    if (count > 1) {
      const text = values
        .slice(first, first + count)
        .map((v) => v.text)
        .join("");
      values = [
        ...values.slice(0, first),
        { text, x: valueX(first), x2: valueX(first + count) },
        ...values.slice(first + count),
      ];
    }
    const label = row.label === null ? [] : [{ text: row.label, x: LABEL_X[0], x2: LABEL_X[1] }];
    const line = push([...label, ...values]);
    const own = cells(line, row);
    const merged = own.filter((c) => c.box[0] >= valueX(first) && c.box[0] < valueX(first + count));
    ocrCells.push(
      ...(count > 1 && merged.length > 0 && row.inkX !== undefined
        ? [
            ...own.filter((c) => !merged.includes(c)),
            {
              ...(merged[0] as OcrCell),
              text: merged.map((c) => c.text).join(""),
              box: [row.inkX, 10, 5 * merged.map((c) => c.text).join("").length, 5] as const,
            },
          ]
        : own),
    );
  }
  return {
    format: "pdf",
    pageCount: 1,
    lines,
    info: { ocr: { engine: "test", dpi: 200, seconds: 0, cells: ocrCells } },
  };
}

/** Every number read with confidence, but `doubted` (row key → column indexes) read with little. */
function readings(doubted: Record<string, readonly number[]> = {}) {
  return (line: number, row: Row): OcrCell[] => {
    const key = [...t3Rows(false)].find((d) => (FILLED[d.key] ?? null) === row.values)?.key;
    return row.values.flatMap((v, i) =>
      v === null
        ? []
        : [
            {
              line,
              page: 1,
              text: String(v),
              box: [valueX(i) + 2, 10, 6, 5] as const,
              confidence: key !== undefined && doubted[key]?.includes(i) ? 0.3 : 0.95,
            },
          ],
    );
  };
}

describe("OCR 表三: rows printed blank, their labels garbled", () => {
  it("are placed by their position between the rows matched: no row is missing", () => {
    const parsed = parseTemplate(gridDoc(rowsOf(), readings()));
    expect(parsed.issues.filter((i) => i.kind === "missing_row")).toEqual([]);
    expect(parsed.tables.t3.rows).toEqual(
      expect.arrayContaining([
        "denied.three_safety_one_stability",
        "denied.third_party_rights",
        "denied.enforcement_file",
      ]),
    );
    expect(parsed.figures["t3.denied.internal_affairs.natural_person"]).toBe(5);
    expect(parsed.figures["t3.denied.third_party_rights.natural_person"]).toBeNull();
  });

  it("a row with no label at all, every cell empty, between two rows matched takes the one row left there", () => {
    const parsed = parseTemplate(gridDoc(rowsOf({ "not_processed.confirm_reissue": null }), readings()));
    expect(parsed.issues.filter((i) => i.kind === "missing_row")).toEqual([]);
  });

  it("where they and the rows left differ in number, each goes by its own label, and one naming no row nowhere", () => {
    // Three rows of blanks between 2. and 5. for two template rows: 「3危及…」 and 「4保护…」 still name theirs
    // by their numbers (the point lost); 「表格内容」 names none.
    const rows = rowsOf();
    const at = rows.findIndex((r) => r.label === GARBLED["denied.third_party_rights"]);
    rows.splice(at, 0, { label: "表格内容", values: [null, null, null, null, null, null, null] });
    const parsed = parseTemplate(gridDoc(rows, readings()));
    expect(parsed.issues.filter((i) => i.kind === "missing_row")).toEqual([]);
    expect(parsed.tables.t3.rows.filter((r) => r.startsWith("denied."))).toEqual([
      "denied.state_secret",
      "denied.law_prohibited",
      "denied.three_safety_one_stability",
      "denied.third_party_rights",
      "denied.internal_affairs",
      "denied.process_info",
      "denied.enforcement_file",
      "denied.administrative_query",
    ]);
    // With no number to go by, and their words too garbled, they are left out: missing, not guessed.
    const bare = rowsOf({
      "denied.three_safety_one_stability": "危及三文全任定",
      "denied.third_party_rights": "呆扩系二力合汪权益",
    });
    const at2 = bare.findIndex((r) => r.label === "呆扩系二力合汪权益");
    bare.splice(at2, 0, { label: "表格内容", values: [null, null, null, null, null, null, null] });
    const missing = parseTemplate(gridDoc(bare, readings()))
      .issues.filter((i) => i.kind === "missing_row")
      .map((i) => i.rowKey);
    expect(missing).toEqual(expect.arrayContaining(["denied.third_party_rights"]));
  });

  it("a row whose label lost its number's point (「1属于国家秘密」) beside its group's label is that sub-row", () => {
    // The group cell read with the next rows' label inside it (「（三）不予公开 6属于四类过程性信息」), the
    // row's own label garbled: its number names it, not the group cell's words. 6.'s own row is left
    // without a label and placed by its position.
    const rows = rowsOf();
    const secret = [...t3Rows(false)].findIndex((d) => d.key === "denied.state_secret");
    const process = [...t3Rows(false)].findIndex((d) => d.key === "denied.process_info");
    rows[process] = { ...(rows[process] as Row), label: null, values: [3, 1, null, null, null, null, 4] };
    const secretRow = rows[secret] as Row;
    const doc = gridDoc(rows, readings());
    const line = doc.lines.find((l) => l.cells.some((c) => c.text === secretRow.label));
    const edited: Document = {
      ...doc,
      lines: doc.lines.map((l) =>
        l === line
          ? {
              ...l,
              cells: [
                { text: "（三）不予公开6属于四类过程性信息", x: 30, x2: 150 },
                { text: "1属才因四家秘密", x: 150, x2: 330 },
                ...l.cells.slice(1),
              ],
            }
          : l,
      ),
    };
    const parsed = parseTemplate(edited);
    expect(parsed.figures["t3.denied.state_secret.natural_person"]).toBe(6);
    expect(parsed.figures["t3.denied.process_info.natural_person"]).toBe(3);
    expect(parsed.figures["t3.denied.process_info.business"]).toBe(1);
  });

  it("a long label's tail in a row of its own (a page break) is no row where the rows of figures fit", () => {
    // 「3.补正后申请内容仍不明确」 garbled past matching, 7 … 7, after a blank grid row holding the tail of the
    // label above: one template row left, one row of figures for it.
    const rows = rowsOf({ "unable.unclear_after_correction": "3.扑止后中诘闪客" });
    const at = rows.findIndex((r) => r.label === "3.扑止后中诘闪客");
    rows[at] = { ...(rows[at] as Row), values: [7, null, null, null, null, null, 7] };
    rows.splice(at, 0, { label: "另行制作的信息", values: [null, null, null, null, null, null, null] });
    const parsed = parseTemplate(gridDoc(rows, readings()));
    expect(parsed.issues.filter((i) => i.kind === "missing_row")).toEqual([]);
    expect(parsed.figures["t3.unable.unclear_after_correction.natural_person"]).toBe(7);
    expect(parsed.figures["t3.unable.unclear_after_correction.total"]).toBe(7);
  });

  it("their blanks let the columns' relations decide doubted readings; the blanks stay null", () => {
    // 5 … 5 both doubted: read alike on either side of their row's sum, they cannot confirm each other there.
    const doc = gridDoc(rowsOf(), readings({ "denied.internal_affairs": [0, 6] }));
    const { report } = analyse(doc);
    expect(report.figures["t3.denied.internal_affairs.natural_person"]).toBe(5);
    expect(report.provenance["t3.denied.internal_affairs.natural_person"]).toMatchObject({
      source: "ocr",
      mode: "decoded",
    });
    expect(report.figures["t3.denied.internal_affairs.total"]).toBe(5);
    expect(report.figures["t3.denied.enforcement_file.natural_person"]).toBeNull();
  });

  it("with a row left missing the column decides nothing: an unread row may hold any count", () => {
    const rows = rowsOf().filter((r) => r.label !== GARBLED["denied.enforcement_file"]);
    const doc = gridDoc(rows, readings({ "denied.internal_affairs": [0, 6] }));
    const raw = parseTemplate(doc);
    expect(raw.issues.some((i) => i.kind === "missing_row" && i.rowKey === "denied.enforcement_file")).toBe(
      true,
    );
    const { report } = analyse(doc);
    expect(report.figures["t3.denied.internal_affairs.natural_person"]).toBeNull();
    expect(report.figures["t3.denied.internal_affairs.total"]).toBeNull();
  });
});

describe("OCR 表三: a ruling lost between two cells of a row", () => {
  const withMerged = (key: string, merge: readonly [number, number], inkX?: number) => {
    const rows = rowsOf();
    const at = [...t3Rows(false)].findIndex((d) => d.key === key);
    rows[at] = { ...(rows[at] as Row), merge, ...(inkX === undefined ? {} : { inkX }) };
    return parseTemplate(gridDoc(rows, readings()));
  };

  it("a cell across two columns gives its number to the column its text lies within, a blank to the other", () => {
    // 「10」 in a cell spanning 自然人 and 商业企业, printed within 自然人.
    const parsed = withMerged("carried_forward", [0, 2], valueX(0) + 10);
    expect(parsed.figures["t3.carried_forward.natural_person"]).toBe(10);
    expect(parsed.figures["t3.carried_forward.business"]).toBeNull();
    expect(parsed.figures["t3.carried_forward.total"]).toBe(10);
    expect(parsed.provenance["t3.carried_forward.natural_person"]).toMatchObject({ mode: "printed" });
    expect(parsed.issues.filter((i) => i.rowKey === "carried_forward")).toEqual([]);
  });

  it("an empty cell across columns is as many blanks", () => {
    const parsed = withMerged("carried_forward", [2, 3]);
    expect(parsed.figures["t3.carried_forward.natural_person"]).toBe(10);
    expect(parsed.issues.filter((i) => i.rowKey === "carried_forward")).toEqual([]);
  });

  it("not a number whose text crosses the lost ruling: it may be two numbers, and the row stays in doubt", () => {
    // 「40 3」 read as 「403」 across 自然人 and 商业企业.
    const parsed = withMerged("granted", [0, 2], valueX(1) - 8);
    expect(parsed.provenance["t3.granted.natural_person"]?.mode).not.toBe("printed");
    expect(parsed.issues.some((i) => i.rowKey === "granted")).toBe(true);
  });
});

describe("OCR 表四: a ruling lost between two cells of its data row", () => {
  const HEAD = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];
  const col = (i: number) => 143 + i * 22;
  /**
   * 表四 as a recogniser reads it: its heads (行政复议's five on the first head row, the two 诉讼 groups' ten
   * on the second), then the data row with `merged` (first column, its text, the text's extent) read as one
   * cell over two columns.
   */
  function t4Doc(
    values: readonly (number | null)[],
    merged: { at: number; text: string; ink: [number, number] },
  ) {
    const cells = values.map((v, i) => ({ text: v === null ? "" : String(v), x: col(i), x2: col(i + 1) }));
    cells.splice(merged.at, 2, { text: merged.text, x: col(merged.at), x2: col(merged.at + 2) });
    const lines: Line[] = [
      { cells: [{ text: "四、政府信息公开行政复议、行政诉讼情况", x: 30, x2: 300 }], page: 1, line: 1 },
      {
        cells: [
          { text: "行政复议", x: col(0), x2: col(5) },
          { text: "行政诉讼", x: col(5), x2: col(15) },
        ],
        page: 1,
        line: 2,
        table: 2,
      },
      {
        cells: [
          ...HEAD.map((text, i) => ({ text, x: col(i), x2: col(i + 1) })),
          { text: "未经复议直接起诉", x: col(5), x2: col(10) },
          { text: "复议后起诉", x: col(10), x2: col(15) },
        ],
        page: 1,
        line: 3,
        table: 2,
      },
      {
        cells: [...HEAD, ...HEAD].map((text, i) => ({ text, x: col(i + 5), x2: col(i + 6) })),
        page: 1,
        line: 4,
        table: 2,
      },
      { cells, page: 1, line: 5, table: 2 },
    ];
    const ocrCells: OcrCell[] = cells
      .filter((c) => c.text !== "")
      .map((c) => ({
        line: 5,
        page: 1,
        text: c.text,
        box: (c.text === merged.text
          ? [merged.ink[0], 10, merged.ink[1] - merged.ink[0], 5]
          : [c.x + 2, 10, 4, 5]) as [number, number, number, number],
        confidence: 0.95,
      }));
    return {
      format: "pdf" as const,
      pageCount: 1,
      lines,
      info: { ocr: { engine: "test", dpi: 200, seconds: 0, cells: ocrCells } },
    };
  }
  // 复议 5 · · 2 | 7 ; 直接起诉 8 · · 1 | 9 ; 复议后起诉 blank. 「78」 read over 总计 and 结果维持, across the ruling.
  const values = [5, null, null, 2, 7, 8, null, null, 1, 9, null, null, null, null, null];

  it("is read the one way its groups' sums allow: 「78」 as 7 | 8", () => {
    const parsed = parseTemplate(t4Doc(values, { at: 4, text: "78", ink: [col(4) + 2, col(5) + 6] }));
    expect(parsed.figures["t4.review.total"]).toBe(7);
    expect(parsed.figures["t4.litigation_direct.upheld"]).toBe(8);
    expect(parsed.figures["t4.litigation_direct.total"]).toBe(9);
    expect(parsed.provenance["t4.review.total"]).toMatchObject({ mode: "decoded" });
    expect(parsed.issues.filter((i) => i.table === "t4")).toEqual([]);
    const { report } = analyse(t4Doc(values, { at: 4, text: "78", ink: [col(4) + 2, col(5) + 6] }));
    expect(report.figures["t4.review.total"]).toBe(7);
    expect(report.figures["t4.litigation_direct.upheld"]).toBe(8);
  });

  it("a number lying within one of the two columns is that column's, the other blank", () => {
    const within = values.map((v, i) => (i === 4 ? null : v));
    const parsed = parseTemplate(t4Doc(within, { at: 4, text: "8", ink: [col(5) + 2, col(5) + 6] }));
    expect(parsed.figures["t4.litigation_direct.upheld"]).toBe(8);
    expect(parsed.figures["t4.review.total"]).toBeNull();
    expect(parsed.provenance["t4.litigation_direct.upheld"]).toMatchObject({ mode: "printed" });
  });

  it("a data row whose numbers a garbled cell after them made labels is unread, not 15 blanks", () => {
    // 「2 7 8 1 ) pe」 under the heads: the last cell is no number, so the row's cells read as labels.
    const doc = t4Doc(values, { at: 4, text: "78", ink: [col(4) + 2, col(5) + 6] });
    const garbled: Document = {
      ...doc,
      lines: doc.lines.map((l) =>
        l.line === 5
          ? {
              ...l,
              cells: [
                { text: "2", x: col(3), x2: col(4) },
                { text: "7", x: col(4), x2: col(5) },
                { text: "8", x: col(5), x2: col(6) },
                { text: "1 ) pe", x: col(6), x2: col(10) },
              ],
            }
          : l,
      ),
    };
    const { report } = analyse(garbled);
    expect(report.issues.some((i) => i.table === "t4" && i.kind === "row_width")).toBe(true);
    const findings = runRules({ report }).findings;
    expect(findings.filter((f) => f.rule === "T4-BLANK")).toEqual([]);
    const structure = findings.find((f) => f.rule === "STRUCTURE-TABLES" && f.message.includes("表四"));
    // Said of a row OCR could not read: the note sends the user to the original.
    expect(structure?.message.endsWith(OCR_FINDING_NOTE)).toBe(true);
  });

  it("is not read where no way makes the sums hold: the row stays unread, never guessed", () => {
    // 「79」: 7 | 9 leaves 直接起诉 9 + 1 ≠ 9; neither 79 alone fits either.
    const parsed = parseTemplate(t4Doc(values, { at: 4, text: "79", ink: [col(4) + 2, col(5) + 6] }));
    expect(parsed.figures["t4.review.total"]).toBeNull();
    expect(parsed.figures["t4.litigation_direct.upheld"]).toBeNull();
    expect(parsed.issues.some((i) => i.table === "t4" && i.kind === "row_width")).toBe(true);
  });
});

describe("OCR 表二: the template version from headers a glyph or two misread", () => {
  function t2Doc(ocr: boolean): Document {
    const rows: string[][] = [
      ["第二十条第（一）项"],
      ["信息内容", "本午制发件数", "本年启目件数", "现行上月歼什煞"],
      ["规章", "0", "0", "0"],
      ["行政规范性文件", "3", "0", "8"],
      ["第二十条第（八）项"],
      ["信息内容", "本千收费金额〈单位:万元)"],
      ["行政事业性收费", "7545"],
    ];
    const lines: Line[] = rows.map((cells, i) => ({
      cells: cells.map((text, c) => ({
        text,
        x: c === 0 ? 30 : 150 + (c - 1) * 100,
        x2: c === 0 ? 150 : 250 + (c - 1) * 100,
      })),
      page: 1,
      line: i + 1,
      table: 1,
    }));
    return {
      format: "pdf",
      pageCount: 1,
      lines,
      info: ocr ? { ocr: { engine: "test", dpi: 200, seconds: 0, cells: [] } } : {},
    };
  }

  it("reads 「本午制发件数」 and 「本千收费金额〈单位:万元)」 as 2021's heads, its figures under 2021's keys", () => {
    const parsed = parseTemplate(t2Doc(true));
    expect(parsed.templateVersion).toBe("2021");
    expect(parsed.figures["t2.normative_documents.made"]).toBe(3);
    expect(parsed.figures["t2.normative_documents.in_force"]).toBe(8);
    expect(parsed.figures["t2.fees.amount_wan_yuan"]).toBe(7545);
  });

  it("in a text layer a head with one glyph off still counts, whatever its brackets; one more off does not", () => {
    const evidence = parseTemplate(t2Doc(false)).templateEvidence;
    expect(evidence.some((e) => e.includes("本午制发件数"))).toBe(false);
    expect(evidence.some((e) => e.includes("本千收费金额〈单位:万元)"))).toBe(true);
  });
});

describe("表四 under its section's heading, 情况 misread (「四、…行政诉讼请况」)", () => {
  it("may start the table, but its line stays the section's heading, not a table line", () => {
    const lines: Line[] = [
      { cells: [{ text: "四、政府信息公所行政复议、行政诉讼请况", x: 30, x2: 300 }], page: 1, line: 1 },
      {
        cells: [
          { text: "行下复议", x: 143, x2: 253 },
          { text: "行政办愉", x: 253, x2: 473 },
        ],
        page: 1,
        line: 2,
        table: 2,
      },
      {
        cells: ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"].map((text, i) => ({
          text,
          x: 143 + i * 22,
          x2: 165 + i * 22,
        })),
        page: 1,
        line: 3,
        table: 2,
      },
      {
        cells: [5, 0, 0, 2, 7, 8, 0, 0, 1, 9, 0, 0, 0, 0, 0].map((v, i) => ({
          text: String(v),
          x: 143 + i * 22,
          x2: 165 + i * 22,
        })),
        page: 1,
        line: 4,
        table: 2,
      },
    ];
    const doc: Document = {
      format: "pdf",
      pageCount: 1,
      lines,
      info: { ocr: { engine: "test", dpi: 200, seconds: 0, cells: [] } },
    };
    const parsed = parseTemplate(doc);
    expect(parsed.figures["t4.review.total"]).toBe(7);
    expect(parsed.tableLines.has(1)).toBe(false);
    expect(analyse(doc).report.sections.map((s) => s.no)).toContain(4);
  });
});
