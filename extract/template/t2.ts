/**
 * 表二 (主动公开政府信息情况): blocks 第二十条第（一）（五）（六）（八）（九）项, their column headers
 * (the strongest signal of the template version, rules.md §4) and their rows.
 */
import { emptyTable, rowIssue, slotOf, type TableParse, writeRow } from "./cells.ts";
import { type Candidate, distinct, readRow } from "./decode.ts";
import { type RowDef, T2_2019, T2_2021, type TemplateVersion } from "./layout.ts";
import { parseNumber, splitNumbering } from "./normalize.ts";
import { gridCells, type RawRow, rowLabel } from "./rows.ts";
import { labelSimilarity } from "./similarity.ts";

/** Strong version signals (rules.md §4), matched against header cells and row labels. */
const SIGNALS: Record<TemplateVersion, readonly string[]> = {
  "2019": ["本年新制作数量", "本年新公开数量", "对外公开总数量", "上一年项目数量", "政府集中采购"],
  "2021": ["本年制发件数", "现行有效件数", "本年收费金额(单位:万元)", "本年废止件数"],
};

export interface VersionEvidence {
  readonly version: TemplateVersion;
  readonly printed: string;
}

/** Brackets as a recogniser reads them (〈单位:万元), 《…》, {…}): the ASCII ones the signals are written with. */
function plainBrackets(text: string): string {
  return text.replace(/[〈《{[（]/g, "(").replace(/[〉》}\]）]/g, ")");
}

/**
 * The version signals a header cell or row label carries. Read by OCR (`ocr`), a signal a glyph or two
 * misread still counts (「本午制发件数」, 「本千收费金额〈单位:万元)」): no signal of one version is that like
 * one of the other.
 */
function signalsIn(printed: string, ocr = false): VersionEvidence[] {
  const out: VersionEvidence[] = [];
  const text = plainBrackets(printed);
  const like = ocr ? 0.6 : 0.75;
  for (const version of ["2019", "2021"] as const) {
    for (const signal of SIGNALS[version]) {
      if (
        text.includes(signal) ||
        (text.length <= signal.length + 4 && labelSimilarity(text, signal) >= like)
      ) {
        out.push({ version, printed: printed.length <= 24 ? printed : signal });
      }
    }
  }
  return out;
}

interface DefChoice {
  readonly def: RowDef;
  readonly versions: readonly TemplateVersion[];
}

const ROW_CHOICES: readonly DefChoice[] = (() => {
  const out: DefChoice[] = [];
  for (const [version, blocks] of [
    ["2021", T2_2021],
    ["2019", T2_2019],
  ] as const) {
    for (const def of blocks.flatMap((b) => b.rows)) {
      const same = out.find((c) => c.def.key === def.key && c.def.label === def.label);
      if (same) (same.versions as TemplateVersion[]).push(version);
      else out.push({ def, versions: [version] });
    }
  }
  return out;
})();

function matchRow(row: RawRow): DefChoice | null {
  let best: { choice: DefChoice; score: number } | null = null;
  for (const label of [...row.labels, row.labels.join("")]) {
    const text = splitNumbering(label).text;
    for (const choice of ROW_CHOICES) {
      // A label much shorter than the row's names something else (「3.其他」 of 表三 is not 「其他对外管理服务事项」).
      if ([...text].length * 2 < [...choice.def.label].length) continue;
      const score = text === choice.def.label ? 1.01 : labelSimilarity(text, choice.def.label);
      if (!best || score > best.score) best = { choice, score };
    }
  }
  return best && best.score >= 0.6 ? best.choice : null;
}

/**
 * A text row that is only a 表二 row's own label, with no number, followed by something that is not its
 * numbers (the next block's 「第二十条…」 heading, another 表二 row, the end of the table): the row was printed
 * with its cells empty (「行政强制」 left blank), so its cells are blanks — not a header, not a lost row.
 * A label whose numbers follow on the next line (a number-only row) is not one.
 */
function blankByNeighbour(rows: readonly RawRow[], i: number, stop: number): boolean {
  const row = rows[i] as RawRow;
  if (row.run.length > 0 || (row.grid && !row.exactOnly) || row.labels.length !== 1) return false;
  const choice = matchRow(row);
  if (!choice || splitNumbering(row.labels[0] as string).text !== choice.def.label) return false;
  const next = i + 1 < stop ? rows[i + 1] : undefined;
  if (!next) return true;
  if (isT2Start(next)) return true;
  if (next.labels.length === 0) return false;
  const other = matchRow(next);
  return other !== null && other.def.key !== choice.def.key;
}

/**
 * 「第二十条第（一）项」, also with a recogniser's specks inside it (「第二十条第(一).项」, 「第二十条第.(五)项」)
 * or a bracket read as a look-alike (〈 《).
 */
function headingText(label: string): string {
  return label
    .replace(/[.,:;'`]/g, "")
    .replace(/[〈《<]/g, "(")
    .replace(/[〉》>]/g, ")");
}

/**
 * Is this row the start of 表二: a block's heading 「第二十条第（一）项」, or a block's column heads
 * (「信息内容 | 本年制发件数 | …」) where a recogniser garbled the heading above them (「十条第“〈一) 项」,
 * 「第 -十条第 (项」)? No other table of the report heads a column 「信息内容」.
 */
export function isT2Start(row: RawRow): boolean {
  const label = rowLabel(row);
  if (/第二十条第\([一二三四五六七八九十]+\)项/.test(headingText(label))) return true;
  return row.run.length === 0 && row.labels.length >= 2 && label.length <= 40 && label.startsWith("信息内容");
}

export interface T2Parse {
  readonly table: TableParse;
  readonly evidence: VersionEvidence[];
  readonly version: TemplateVersion | "mixed" | null;
}

/** Parse 表二 between `start` and `stop` (exclusive). */
/**
 * Rows whose label names no 表二 row (a recogniser garbled it), placed by the template's order: between
 * the rows matched before and after them, the template rows not matched must be exactly as many as these
 * rows, each with as many cells as its row has columns — in every template version the report may be.
 * Otherwise nothing is placed.
 */
function placeByOrder(
  garbled: readonly { row: RawRow; at: number }[],
  matched: readonly { choice: DefChoice; at: number }[],
  version: TemplateVersion | "mixed" | null,
): { row: RawRow; key: string }[] {
  const versions: TemplateVersion[] = version === "2019" || version === "2021" ? [version] : ["2021", "2019"];
  const taken = new Set(matched.map((m) => m.choice.def.key));
  const out: { row: RawRow; key: string }[] = [];
  for (const g of garbled) {
    const before = matched.filter((m) => m.at < g.at).at(-1);
    const after = matched.find((m) => m.at > g.at);
    if (!before && !after) continue;
    const inGap = garbled.filter(
      (o) => o.at > (before?.at ?? -1) && o.at < (after?.at ?? Number.POSITIVE_INFINITY),
    );
    const keys = versions.map((v) => {
      const order = (v === "2019" ? T2_2019 : T2_2021).flatMap((b) => b.rows);
      const a = before ? order.findIndex((d) => d.key === before.choice.def.key) : -1;
      const b = after ? order.findIndex((d) => d.key === after.choice.def.key) : order.length;
      if ((before && a < 0) || b < 0 || b <= a) return null;
      const gap = order.slice(a + 1, b).filter((d) => !taken.has(d.key));
      if (gap.length !== inGap.length) return null;
      const def = gap[inGap.indexOf(g)] as RowDef;
      const fits = def.columns.length === g.row.run.length || gridCells(g.row, def.columns.length) !== null;
      return fits ? def.key : null;
    });
    const key = keys[0];
    if (key && keys.every((k) => k === key)) out.push({ row: g.row, key });
  }
  return out;
}

/** Parse 表二 between `start` and `stop` (exclusive); `bindByPosition` for OCR: see placeByOrder. */
export function parseT2(
  rows: readonly RawRow[],
  start: number,
  stop: number,
  bindByPosition = false,
): T2Parse {
  const table = emptyTable();
  const first = rows[start];
  if (!first) return { table, evidence: [], version: null };
  const evidence: VersionEvidence[] = [];
  const dataRows: { choice: DefChoice; row: RawRow; label: string; blank: boolean; at: number }[] = [];
  /** Rows with numbers whose label names no 表二 row. */
  const garbled: { row: RawRow; at: number }[] = [];
  for (let i = start; i < stop; i++) {
    const row = rows[i] as RawRow;
    const label = rowLabel(row);
    // Prose (a sentence, a long line) and headings between the blocks.
    if (
      row.run.length === 0 &&
      (label.length > 40 || /^[一二三四五六]\.|^\d\./.test(label) || /[。;!?]$/.test(label))
    )
      continue;
    for (const line of row.lines) table.lines.add(line);
    for (const cell of row.labels) evidence.push(...signalsIn(cell, bindByPosition));
    if (/第二十条第\(九\)项/.test(headingText(label)))
      evidence.push({ version: "2019", printed: "第二十条第（九）项" });
    // A grid row of empty cells under a 表二 row label is a row of blanks, not a header.
    const blankGridRow =
      row.run.length === 0 && row.grid && !row.exactOnly && row.after.length > 0 && matchRow(row) !== null;
    const blankTextRow = !blankGridRow && blankByNeighbour(rows, i, stop);
    if (row.run.length === 0 && !blankGridRow && !blankTextRow) {
      if (row.labels.length > 0) table.headers.push(label);
      continue;
    }
    const choice = matchRow(row);
    if (!choice) {
      if (row.run.length > 0) garbled.push({ row, at: i });
      continue;
    }
    if (dataRows.some((d) => d.choice.def.key === choice.def.key)) continue;
    dataRows.push({ choice, row, label: row.labels.at(-1) ?? choice.def.label, blank: blankTextRow, at: i });
  }
  const has = new Set(evidence.map((e) => e.version));
  for (const d of dataRows)
    if (d.choice.def.key === "other_services" || d.choice.def.key === "procurement") has.add("2019");
  const version: TemplateVersion | "mixed" | null =
    has.size === 2 ? "mixed" : has.size === 1 ? ([...has][0] as TemplateVersion) : null;
  if (bindByPosition) {
    for (const { row, key } of placeByOrder(garbled, dataRows, version)) {
      const choice = ROW_CHOICES.find((c) => c.def.key === key) as DefChoice;
      dataRows.push({ choice, row, label: row.labels.at(-1) ?? choice.def.label, blank: false, at: -1 });
    }
  }

  for (const { choice, row, label, blank } of dataRows) {
    // With a clear version use its columns; otherwise the layout whose width fits the row.
    const defs = [...(version === "2019" || version === "2021" ? [version] : ["2021", "2019"])]
      .map((v) =>
        (v === "2019" ? T2_2019 : T2_2021).flatMap((b) => b.rows).find((d) => d.key === choice.def.key),
      )
      .filter((d): d is RowDef => d !== undefined);
    const def =
      defs.find((d) => d.columns.length === row.run.length) ??
      defs.find((d) => gridCells(row, d.columns.length) !== null) ??
      defs[0];
    if (!def) continue;
    const width = def.columns.length;
    const types = def.columns.map((c) => slotOf(c.type));
    const reading = readRow(
      row.run,
      row.leadingEmpty,
      width,
      (raw) => slotOf("amount")(raw),
      blank ? Array<string>(width).fill("") : gridCells(row, width),
      // An OCR grid row one cell short lost a cell (read into the label as 「]」); with no relation in 表二
      // to check a glued reading by, its digits are not split across cells. 表三/表四 keep the glued
      // readings, which their sums check (a cell's merged 「0 0」 where a ruling was not found).
      !(bindByPosition && row.grid),
    );
    let candidate: Candidate | null;
    if (reading.kind === "direct") {
      candidate = reading.candidate;
    } else {
      // 表二 has no hard row relation: only a reading that is the same every way is taken.
      const survivors = distinct(reading.candidates);
      candidate =
        survivors.length === 1 && !(survivors[0] as Candidate).slots.includes("?")
          ? (survivors[0] as Candidate)
          : null;
      rowIssue(table, "t2", def.key, label, row, reading, width, candidate !== null, reading.candidates);
    }
    if (candidate) {
      candidate = {
        slots: candidate.raws.map((raw, i) => (raw === "" ? null : (types[i]?.(raw) ?? null))),
        raws: candidate.raws,
      };
    }
    writeRow(table, "t2", def.key, def.columns, row, label, {
      candidate,
      decoded: reading.kind !== "direct",
      decodedBy: [],
    });
    def.columns.forEach((column, i) => {
      const raw = candidate?.raws[i] ?? "";
      if (column.type !== "amount_text" || raw === "" || candidate?.slots[i] !== null) return;
      if (parseNumber(raw).kind !== "number") return;
      table.issues.push({
        kind: "unparsed_value",
        table: "t2",
        row: label,
        rowKey: `${def.key}.${column.key}`,
        raw,
        line: row.line,
      });
    });
    table.rows.push(def.key);
  }
  return {
    table: { ...table, found: true, layout: version, line: first.line, page: first.page },
    evidence,
    version,
  };
}
