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

  it("not where the blank rows and the rows left between the matched ones differ in number", () => {
    // A fourth blank row between 2. and 5.: three rows of blanks for two template rows.
    const rows = rowsOf();
    const at = rows.findIndex((r) => r.label === GARBLED["denied.third_party_rights"]);
    rows.splice(at, 0, { label: "表格内容", values: [null, null, null, null, null, null, null] });
    const parsed = parseTemplate(gridDoc(rows, readings()));
    const missing = parsed.issues.filter((i) => i.kind === "missing_row").map((i) => i.rowKey);
    expect(missing).toEqual(
      expect.arrayContaining(["denied.three_safety_one_stability", "denied.third_party_rights"]),
    );
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
