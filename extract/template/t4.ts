/**
 * 表四 (行政复议、行政诉讼): a fixed header and one data row of 15 counts in the template's order
 * (rules.md §5). Header text does not move values: the fixed layout decides, so empty leading cells
 * before the data are blanks of the first groups.
 */
import { emptyTable, rowIssue, slotOf, type TableParse, writeRow } from "./cells.ts";
import { type Candidate, constrain, distinct, readRow, sumConstraint } from "./decode.ts";
import { T4_COLUMNS, T4_ROWS } from "./layout.ts";
import { compact, isFilledValue } from "./normalize.ts";
import { gridCells, type RawRow, rowLabel, unmergedReadings } from "./rows.ts";

const GROUPS = T4_ROWS.length;
const GROUP_WIDTH = T4_COLUMNS.length;
const WIDTH = GROUPS * GROUP_WIDTH;
const RULE_OF_GROUP = ["T4-REVIEW", "T4-LITIGATION_DIRECT", "T4-LITIGATION_AFTER_REVIEW"];
const GROUP_SUMS = T4_ROWS.map((_, g) =>
  sumConstraint(
    [0, 1, 2, 3].map((i) => g * GROUP_WIDTH + i),
    g * GROUP_WIDTH + 4,
  ),
);

function isProse(row: RawRow): boolean {
  const label = rowLabel(row);
  if (row.run.length > 0) return false;
  // A row of column heads with a recogniser's specks (「.总总,.,.计计」) is no sentence.
  if (row.labels.filter((l) => COLUMN_HEAD.test(l) || HEAD_WORDS.test(l)).length >= 3) return false;
  return /[。，；,;]/.test(label) || /^[五六]\.|^第?[五六]部分|存在的主要问题|其他需要报告/.test(label);
}

const FOOTNOTE = /^(注|说明|备注)/;

/** Words of 表四's column heads, wrapped or not: their presence shows the table was printed. */
const HEAD_WORDS = /结果维持|结果纠正|其他结果|尚未审结|维持|纠正|审结/;

/** First words of the five column headers (结果维持, 结果纠正, 其他结果, 尚未审结, 总计), wrapped or not. */
const COLUMN_HEAD = /^(?:结果|其他|尚未|总计)/;

/**
 * Empty cells before the data row's first number, counted from the header's column positions: where
 * the header band prints all 15 column heads with positions (layout text, PDF text without rulings),
 * the heads left of the first number are columns the row leaves blank. Null when positions do not say.
 */
function leadingByHeader(header: readonly RawRow[], data: RawRow): number | null {
  const heads = header.flatMap((row) => row.placed.filter((p) => COLUMN_HEAD.test(compact(p.text))));
  const first = data.placed.find((p) => isFilledValue(p.text));
  if (heads.length !== WIDTH || !first) return null;
  return heads.filter((h) => (h.x + h.x2) / 2 < first.x).length;
}

/**
 * The 15 value columns of a recognised 表四 (one extent each, left to right), from its header band where
 * every column head was read in a cell of its own; else null.
 */
function headColumns(header: readonly RawRow[]): [number, number][] | null {
  const heads = header
    .flatMap((row) => row.placed.filter((p) => COLUMN_HEAD.test(compact(p.text))))
    .sort((a, b) => a.x - b.x);
  if (heads.length !== WIDTH) return null;
  if (heads.some((h, i) => i > 0 && h.x < (heads[i - 1] as { x2: number }).x2 - 2)) return null;
  return heads.map((h) => [h.x, h.x2]);
}

/** The group each of 表四's small tables must be headed by, after the first (行政复议). */
const GROUP_HEADS = [/直接起诉/, /复议后起诉/];

/**
 * 表四 as three tables of five cells (a converter's or an editor's layout): the data rows of the
 * second and third groups after the first, each under a heading naming its group, no prose between.
 */
function groupTables(rows: readonly RawRow[], firstData: number): { rows: RawRow[]; last: number } | null {
  const found = [rows[firstData] as RawRow];
  let heads = "";
  let last = firstData;
  for (let i = firstData + 1; i < rows.length && i < firstData + 16 && found.length < GROUPS; i++) {
    const row = rows[i] as RawRow;
    if (isProse(row)) break;
    if (row.run.length === 0) {
      heads += rowLabel(row);
      continue;
    }
    if (row.run.length !== GROUP_WIDTH || !GROUP_HEADS[found.length - 1]?.test(heads)) return null;
    found.push(row);
    heads = "";
    last = i;
  }
  return found.length === GROUPS ? { rows: found, last } : null;
}

/** Parse 表四 from its header row at `start`. */
export function parseT4(rows: readonly RawRow[], start: number): { table: TableParse; end: number } {
  const table = emptyTable();
  const header = rows[start];
  if (!header) return { table, end: start };
  let dataIndex = -1;
  let end = start;
  let footnote: string | null = null;
  let sawHeads = false;
  let garbledData: RawRow | null = null;
  for (let i = start; i < rows.length && i < start + 60; i++) {
    const row = rows[i] as RawRow;
    // A footnote between the header and the data row (a converter moved it up) does not end the table.
    if (i > start && row.run.length === 0 && FOOTNOTE.test(rowLabel(row))) {
      footnote ??= rowLabel(row);
      for (const line of row.lines) table.lines.add(line);
      continue;
    }
    if (i > start && isProse(row)) break;
    // The section's numbered heading taken for the table's start (「四、政府信息公开行政复议、行政诉讼请况」,
    // 情况 misread by OCR) heads the section, not the table: its line stays prose, where the section is found.
    if (!(i === start && /^[一二三四五六七八九十][、.．]/.test(rowLabel(row))))
      for (const line of row.lines) table.lines.add(line);
    end = i + 1;
    // The data row: its cells, or one digit string long enough to hold the 15 cells glued, or — right
    // under the column heads — whatever numbers are left of it (a conversion that lost cells: read as
    // far as they go, else its cells are unreadable, not blank).
    if (
      row.run.length >= 3 ||
      (row.labels.length === 0 && row.run.join("").replace(/\D/g, "").length >= WIDTH) ||
      (sawHeads && row.labels.length === 0 && row.run.length > 0)
    ) {
      dataIndex = i;
      break;
    }
    // OCR: right under the heads, a grid row of numbers that a garbled cell after them (「2 7 8 1 ) pe」)
    // made labels is the data row, unread: its cells are unreadable, never 15 blanks.
    if (sawHeads && row.recognised === true && row.labels.filter((l) => /^\d+$/.test(l)).length >= 2) {
      dataIndex = i;
      garbledData = { ...row, labels: [], run: [...row.labels, ...row.run], leadingEmpty: 0 };
      break;
    }
    if (row.labels.length > 0) table.headers.push(rowLabel(row));
    if (HEAD_WORDS.test(rowLabel(row))) sawHeads = true;
  }
  // Neither a data row nor a column head: the section only speaks of 复议/诉讼 (「未发生…行政复议、行政诉讼
  // 案件」), so no table was printed — that is 表四 missing, not 15 blank cells.
  if (dataIndex < 0 && !sawHeads) return { table: emptyTable(), end: start };
  const found = { ...table, found: true, line: header.line, page: header.page };
  const first = garbledData ?? rows[dataIndex];
  if (dataIndex < 0 || !first) return { table: found, end };
  // 表四 printed as three small tables, one per group (行政复议 / 未经复议直接起诉 / 复议后起诉).
  const groups = first.run.length === GROUP_WIDTH ? groupTables(rows, dataIndex) : null;
  if (groups) {
    for (const row of groups.rows) for (const line of row.lines) found.lines.add(line);
    dataIndex = groups.last;
    end = groups.last + 1;
  }
  let data: RawRow = groups
    ? { ...first, run: groups.rows.flatMap((r) => r.run), leadingEmpty: 0, grid: false }
    : first;

  // A footnote right after the data row changes the scope of the counts (kept as t4.note).
  const next = rows[dataIndex + 1];
  let note: string | null = footnote;
  if (next && next.run.length === 0 && FOOTNOTE.test(rowLabel(next))) {
    note = rowLabel(next);
    for (const line of next.lines) found.lines.add(line);
    end = dataIndex + 2;
  }

  // OCR: a data row one cell short or more where a ruling was lost, told by the 15 column heads' places.
  const columns =
    data.recognised && data.after.length < WIDTH ? headColumns(rows.slice(start, dataIndex)) : null;
  const ways = columns ? unmergedReadings(data, columns) : [];
  if (ways.length === 1) data = ways[0] as RawRow;
  // Text across a lost ruling (「78」 over 总计 and 结果维持): each way of reading it, kept where the groups
  // it touches add up, their blank cells none (a blank is 0 here, as the report printed it).
  const readings = ways.flatMap((w) => {
    const r = readRow(w.run, w.leadingEmpty, WIDTH, slotOf("count"), gridCells(w, WIDTH), true, true);
    return r.kind === "direct" ? [r.candidate] : [];
  });
  const touched = T4_ROWS.map((_, g) => g).filter((g) =>
    readings.some((c) =>
      c.slots
        .slice(g * GROUP_WIDTH, (g + 1) * GROUP_WIDTH)
        .some((v, i) => v !== readings[0]?.slots[g * GROUP_WIDTH + i]),
    ),
  );
  const holds = (c: Candidate, g: number) => {
    const cells = c.slots.slice(g * GROUP_WIDTH, (g + 1) * GROUP_WIDTH);
    if (cells.some((v) => v === "?")) return false;
    const n = cells.map((v) => (typeof v === "number" ? v : 0));
    return (n[0] ?? 0) + (n[1] ?? 0) + (n[2] ?? 0) + (n[3] ?? 0) === n[4];
  };
  const fitting =
    ways.length > 1 && readings.length === ways.length
      ? distinct(readings.filter((c) => touched.every((g) => holds(c, g))))
      : [];
  if (fitting.length === 1) {
    const candidate = fitting[0] as Candidate;
    T4_ROWS.forEach((def, g) => {
      const part = {
        slots: candidate.slots.slice(g * GROUP_WIDTH, (g + 1) * GROUP_WIDTH),
        raws: candidate.raws.slice(g * GROUP_WIDTH, (g + 1) * GROUP_WIDTH),
      };
      writeRow(found, "t4", def.key, T4_COLUMNS, data, def.label, {
        candidate: part,
        decoded: true,
        decodedBy: RULE_OF_GROUP,
      });
      found.rows.push(def.key);
    });
    return { table: { ...found, note }, end };
  }

  const byHeader = data.run.length < WIDTH ? leadingByHeader(rows.slice(start, dataIndex), data) : null;
  const leading = byHeader !== null && byHeader + data.run.length === WIDTH ? byHeader : data.leadingEmpty;
  const reading = readRow(
    data.run,
    leading,
    WIDTH,
    slotOf("count"),
    gridCells(data, WIDTH),
    true,
    data.recognised === true,
  );
  let survivors: Candidate[];
  let decodedBy: string[] = [];
  if (reading.kind === "direct") {
    survivors = [reading.candidate];
  } else {
    const constrained = reading.certain ? [...reading.candidates] : constrain(reading.candidates, GROUP_SUMS);
    survivors = distinct(constrained);
    const changed =
      constrained.length !== reading.candidates.length ||
      constrained.some((c, i) => c.slots.join() !== reading.candidates[i]?.slots.join());
    if (changed) decodedBy = RULE_OF_GROUP;
    rowIssue(
      found,
      "t4",
      "row",
      "表四数据行",
      data,
      reading,
      WIDTH,
      survivors.length === 1,
      constrained.length > 0 ? constrained : reading.candidates,
    );
  }
  const candidate = survivors.length === 1 ? (survivors[0] as Candidate) : null;
  T4_ROWS.forEach((def, g) => {
    const part = candidate
      ? {
          slots: candidate.slots.slice(g * GROUP_WIDTH, (g + 1) * GROUP_WIDTH),
          raws: candidate.raws.slice(g * GROUP_WIDTH, (g + 1) * GROUP_WIDTH),
        }
      : null;
    writeRow(found, "t4", def.key, T4_COLUMNS, data, def.label, {
      candidate: part,
      decoded: reading.kind !== "direct",
      decodedBy,
    });
    found.rows.push(def.key);
  });
  return { table: { ...found, note }, end };
}
