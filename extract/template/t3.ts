/**
 * 表三 (收到和处理政府信息公开申请情况): locate the table, map every printed row to its canonical
 * key by template order and label similarity, read its seven cells, and decode rows that do not line
 * up using the table's own hard relations (row sums, （七）总计, the 勾稽关系).
 */

import { emptyTable, rowIssue, slotOf, type TableParse, writeRow } from "./cells.ts";
import {
  type Candidate,
  constrain,
  distinct,
  jointlyConsistent,
  type RowReading,
  readRow,
  type Slot,
  sumConstraint,
} from "./decode.ts";
import { type RowDef, T3_COLUMNS, T3_OTHER_SINGLE, T3_OTHER_SPLIT, t3Rows } from "./layout.ts";
import { compact, splitNumbering } from "./normalize.ts";
import { columnsOf, gridCells, type RawRow, rowLabel, unmerged } from "./rows.ts";
import { dice, labelSimilarity } from "./similarity.ts";

const WIDTH = T3_COLUMNS.length;
const COLSUM = sumConstraint([0, 1, 2, 3, 4, 5], 6);

/** Every row 表三 can print, in template order (（六） as one row and as three sub-rows). */
const CANDIDATE_ROWS: readonly RowDef[] = (() => {
  const split = t3Rows(true);
  const at = split.findIndex((r) => r.key === T3_OTHER_SPLIT[0]?.key);
  return [...split.slice(0, at), T3_OTHER_SINGLE, ...split.slice(at)];
})();

interface Ordinals {
  top?: number;
  paren?: number;
  sub?: number;
}

const GROUP_PAREN: Record<string, number> = { denied: 3, unable: 4, not_processed: 5, other_processing: 6 };

function ordinalsOf(def: RowDef): Ordinals {
  const own = splitNumbering(compact(def.label));
  const group = def.key.includes(".") ? def.key.split(".")[0] : undefined;
  return {
    ...(own.top !== undefined ? { top: own.top } : {}),
    ...(own.paren !== undefined ? { paren: own.paren } : group ? { paren: GROUP_PAREN[group] } : {}),
    ...(own.sub !== undefined ? { sub: own.sub } : {}),
  };
}

function coreText(def: RowDef): string {
  return splitNumbering(compact(def.label)).text;
}

const CORE = new Map(CANDIDATE_ROWS.map((d) => [d.key, coreText(d)]));
/** Groups that also print as one row of their own (（六）其他处理 in one layout). */
const GROUP_ROWS = new Set(
  CANDIDATE_ROWS.filter((d) => !d.key.includes(".") && d.key in GROUP_PAREN).map((d) => d.key),
);
const ORD = new Map(CANDIDATE_ROWS.map((d) => [d.key, ordinalsOf(d)]));

/** 表三's applicant columns: no other table of the report heads its columns with them. */
const APPLICANT_HEADS = ["自然人", "法人或其他组织", "商业企业", "科研机构", "社会公益组织", "法律服务机构"];

const HEADER_WORDS = ["勾稽关系", "申请人情况", ...APPLICANT_HEADS];

function isHeaderRow(row: RawRow): boolean {
  const label = rowLabel(row);
  return HEADER_WORDS.some((w) => label.includes(w));
}

/**
 * A label's numbering, a sub-row's number with its point lost counted too (「1属于国家秘密」, 「3危及…」: a
 * recogniser drops the point): one digit right before the label's first Han character.
 */
function numberingOf(segment: string): ReturnType<typeof splitNumbering> {
  const parts = splitNumbering(segment);
  if (parts.sub !== undefined) return parts;
  const bare = /^([1-8])(?=\p{Script=Han})/u.exec(parts.text);
  return bare ? { ...parts, sub: Number(bare[1]), text: parts.text.slice(1) } : parts;
}

/** Score how well one printed label segment names a template row. */
function scoreSegment(segment: string, def: RowDef, context: number | undefined): number {
  const parts = numberingOf(segment);
  const ord = ORD.get(def.key) ?? {};
  const isSub = def.key.includes(".");
  let score = labelSimilarity(parts.text, CORE.get(def.key) ?? "");
  if (parts.text === "" && parts.paren === undefined && parts.sub === undefined) return 0;
  if (parts.sub !== undefined) score += isSub && ord.sub === parts.sub ? 0.25 : -0.3;
  if (parts.paren !== undefined) {
    // A （…） with no sub-number before the text names the group; where the group prints as one row too
    // (（六）其他处理), it names that row, not one of its sub-rows: 「（六）其他处于」 (OCR) is closer to
    // 「3.其他」 by its words alone and took its place.
    const namesGroupRow = isSub && parts.sub === undefined && GROUP_ROWS.has(def.key.split(".")[0] ?? "");
    if (ord.paren === parts.paren) score += namesGroupRow ? 0 : isSub ? 0.1 : 0.25;
    else score -= 0.3;
  }
  if (parts.top !== undefined) score += ord.top === parts.top ? 0.25 : ord.top !== undefined ? -0.3 : 0;
  if (isSub && context !== undefined && ord.paren === context) score += 0.1;
  return score;
}

interface Match {
  readonly index: number;
  readonly def: RowDef;
  readonly label: string;
  readonly score: number;
}

const MATCH_THRESHOLD = 0.55;

function bestFor(segments: readonly string[], after: number, context: number | undefined): Match | null {
  let best: Match | null = null;
  for (let index = after + 1; index < CANDIDATE_ROWS.length; index++) {
    const def = CANDIDATE_ROWS[index] as RowDef;
    const skip = index - after - 1;
    // Skipping the alternative （六） layout is free.
    const skipped = CANDIDATE_ROWS.slice(after + 1, index).filter(
      (d) =>
        !(d.key.startsWith("other_processing") && def.key.startsWith("other_processing")) &&
        d.key !== "other_processing",
    ).length;
    const penalty = 0.04 * Math.min(skip, skipped);
    for (const segment of segments) {
      const score = scoreSegment(segment, def, context) - penalty;
      if (!best || score > best.score) best = { index, def, label: segment, score };
    }
  }
  return best && best.score >= MATCH_THRESHOLD ? best : null;
}

/** The distinct （一）…（十） ordinals printed in a row's labels. */
function groupOrdinals(labels: readonly string[]): Set<string> {
  return new Set(
    labels.flatMap((l) => [...compact(l).matchAll(/\(([一二三四五六七八九十])\)/g)].map((m) => m[1] ?? "")),
  );
}

/**
 * The template row a printed row names. The most specific label (the last cell: the sub-row, not its
 * parent heading beside it) decides when it names a row; then all labels together, then with the
 * label fragments of the lines above; then any single label.
 */
function bestMatch(row: RawRow, pending: string[], after: number, context: number | undefined): Match | null {
  const last = row.labels.at(-1);
  // Labels of two （…） rows on one printed row (a recogniser's merged label cells: 「（七）总计」 beside
  // 「（六）其他处理」): together or alone they name no one row; only the most specific label may.
  if (groupOrdinals(row.labels).size > 1) return last === undefined ? null : bestFor([last], after, context);
  const groups: string[][] = [];
  if (last !== undefined) groups.push([last]);
  if (row.labels.length > 1) groups.push([row.labels.join("")]);
  if (pending.length > 0) groups.push([[...pending, ...row.labels].join("")]);
  if (row.labels.length > 1) groups.push(row.labels.slice(0, -1));
  for (const group of groups) {
    const match = bestFor(group, after, context);
    if (match) return match;
  }
  return null;
}

const FIRST_ROW = "本年新收政府信息公开申请数量";

/** 表三's header note, as both templates print it, without its brackets and punctuation. */
const RELATION_NOTE = "本列数据的勾稽关系为第一项加第二项之和等于第三项加第四项之和";

/**
 * Is this label 表三's header note with a character or two misread (「勾稽」 read as 「勾荡」 by OCR)? Nearly
 * all of the note's character pairs, and few others: Dice, not the overlap that tolerates a cut-off label,
 * so that half of the note (「第一项加第二项之和，等于第三项加第四项之和」 in prose) is not it.
 */
function isRelationNote(label: string): boolean {
  return dice(compact(label).replace(/[()《》〈〉:;,.。]/g, ""), RELATION_NOTE) >= 0.85;
}

/**
 * A row of 表三's column heads, in cells of their own and without a number (「商业企业 | 科研机构 |
 * 社会公益组织 | …」): the table's start where a recogniser garbled its note and its first row's label.
 * At least three of its cells each name a head, a glyph or two misread (「社会公荔组织」, 「法律服务」); read
 * by OCR, two (「商业企业 | 科研机构 | 扯会公和组织 | 法律地男机构」).
 */
function isColumnHeads(row: RawRow, ocr: boolean): boolean {
  if (row.run.length > 0 || row.labels.length < 3 || rowLabel(row).length > 40) return false;
  const heads = row.labels.filter((l) => APPLICANT_HEADS.some((h) => labelSimilarity(l, h) >= 0.6));
  return heads.length >= (ocr ? 2 : 3);
}

/** A row that can be a table's data row: it carries numbers, or is a grid row of empty cells. */
function carriesCells(row: RawRow): boolean {
  if (row.run.length > 0) return true;
  // Tab-separated text pads its lines: only a row of exactly the table's fields is a row of empty cells.
  if (row.exactOnly) return row.after.length === WIDTH;
  return row.grid && row.cellsAfterLabel >= 3;
}

/**
 * Is this row the start of 表三: its header (勾稽关系), or its first row 「一、本年新收…」 where that row
 * carries its cells? A label alone is not a start: 「政府信息公开」 in a breadcrumb or a menu, or a prose
 * heading such as 「四、政府信息公开申请情况」, resembles the first row's label but holds no table. The
 * label may end on the next row when that row carries the cells and only the label's tail
 * (「一、本年新收政府信息公开」 ⏎ 「申请数量 3 0 0 0 0 0 3」).
 */
export function isT3Start(row: RawRow, next?: RawRow, ocr = false): boolean {
  const label = rowLabel(row);
  if (label.includes("勾稽关系") || (row.run.length === 0 && row.labels.some(isRelationNote))) return true;
  if (isColumnHeads(row, ocr)) return true;
  const names = (labels: readonly string[]) =>
    labels.some((l) => labelSimilarity(splitNumbering(l).text, FIRST_ROW) >= 0.7);
  if (carriesCells(row)) return names(row.labels);
  if (!next || !carriesCells(next) || row.labels.length !== 1 || next.labels.length > 1) return false;
  const tail = next.labels[0] ?? "";
  return tail.length <= 8 && names([`${row.labels[0]}${tail}`]);
}

/** A top-level heading after 表三 (四、… or 第四部分…) ends the table even when it was cut off. */
function isSectionHeading(row: RawRow): boolean {
  if (row.run.length > 0) return false;
  const label = rowLabel(row);
  return /^(?:[四五六]\.|第[四五六]部分)/.test(label) && /情况|事项|问题|复议|诉讼/.test(label);
}

/** 表四's result columns: no other table of the report heads its columns with them. */
const T4_RESULT_HEADS = ["结果维持", "结果纠正", "其他结果", "尚未审结"];

/**
 * Is this row the start of 表四 (its header)? Its first header row names 行政复议 and 行政诉讼; where that
 * row was not read (a recogniser garbled 「行政复议」), the row of column heads under it, naming at least
 * three of the four results without a number (read by OCR, two: 「结果维持 | 结果纠正 | 其他结时 |
 * 尚本出结」), starts the table.
 */
export function isT4Start(row: RawRow, ocr = false): boolean {
  const label = rowLabel(row);
  if (row.run.length === 0 && T4_RESULT_HEADS.filter((h) => label.includes(h)).length >= (ocr ? 2 : 3))
    return true;
  if (!label.includes("行政复议") || label.includes("情况") || label.length > 40) return false;
  return label.includes("行政诉讼") || label.includes("结果维持") || label === "行政复议";
}

interface OpenRow {
  readonly key: string;
  candidates: Candidate[];
  /** Readings that satisfy the row's own sum (shown when none fits the columns). */
  readonly rowOptions: readonly Candidate[];
  readonly used: Set<string>;
  readonly reading: RowReading;
  readonly row: RawRow;
  readonly label: string;
  readonly def: RowDef;
}

/** Parse 表三 from the rows starting at `start`; returns the table and the index after it. */
export function parseT3(
  rows: readonly RawRow[],
  start: number,
  bindByPosition = false,
): { table: TableParse; end: number } {
  const table = emptyTable();
  const first = rows[start];
  if (!first) return { table, end: start };
  let last = -1;
  let context: number | undefined;
  let pending: string[] = [];
  let end = start;
  const matched: { def: RowDef; row: RawRow; label: string }[] = [];
  /** Value rows no label names, with the number of rows matched before them. */
  const unlabelled: Unlabelled[] = [];
  for (let i = start; i < rows.length; i++) {
    const row = rows[i] as RawRow;
    if (i > start && (isT4Start(row, bindByPosition) || isSectionHeading(row))) break;
    end = i + 1;
    for (const line of row.lines) table.lines.add(line);
    for (const l of row.labels) {
      const p = splitNumbering(l);
      if (p.paren !== undefined && p.paren >= 3 && p.paren <= 6) context = p.paren;
    }
    if (row.run.length === 0 && row.cellsAfterLabel >= 3 && !isHeaderRow(row)) {
      // A row printed with every cell empty: a row of blanks, not a label continuation.
      // Only a label with its own numbering and close to the template's counts: a wrapped label's
      // continuation (a fragment in a grid row of empty cells) must not take the next row's place.
      const blankRow = bestMatch(row, [], last, context);
      const numbered = blankRow ? splitNumbering(blankRow.label) : null;
      const own = numbered && blankRow ? labelSimilarity(numbered.text, CORE.get(blankRow.def.key) ?? "") : 0;
      const hasOrdinal = numbered !== null && (numbered.sub ?? numbered.paren ?? numbered.top) !== undefined;
      if (blankRow && blankRow.score >= 0.9 && hasOrdinal && own >= 0.8) {
        pending = [];
        last = blankRow.index;
        matched.push({ def: blankRow.def, row: { ...row, leadingEmpty: WIDTH }, label: blankRow.label });
        continue;
      }
      // OCR: a grid row of the table's full width, each cell empty, is a printed row of blanks whose label
      // a recogniser may have garbled (「4.保护第三方合法权益」 read 「4 保护系二力合法权益」), placed by order
      // where exactly the rows left fit; or a long label's tail that a page break put in a row of its own,
      // which then does not fit (placeByOrder). Its label is no fragment of the next row's: joined, the
      // labels of several such rows name the first of them (「2.其他法律…3危及…4.保护…5.属于…」).
      if (bindByPosition && isFullRow(row, true)) {
        unlabelled.push({
          row: { ...row, leadingEmpty: WIDTH },
          after: matched.length,
          pending: [...pending, ...row.labels],
          context,
          blank: true,
        });
        pending = [];
        continue;
      }
    }
    if (row.run.length === 0) {
      if (isHeaderRow(row)) {
        pending = [];
        table.headers.push(rowLabel(row));
      } else if (row.labels.length > 0) {
        pending.push(...row.labels);
      }
      // A long prose line after the last row ends the table.
      if (last >= 0 && CANDIDATE_ROWS[last]?.key === "carried_forward" && rowLabel(row).length > 12) {
        table.lines.delete(row.line);
        end = i;
        break;
      }
      continue;
    }
    if (row.labels.length === 0) {
      // Numbers without a label of their own: placed by template order once the labelled rows are known
      // (a converter may have moved the label lines above it away from their numbers).
      unlabelled.push({ row, after: matched.length, pending, context, blank: false });
      pending = [];
      continue;
    }
    const match = bestMatch(row, pending, last, context);
    if (!match) {
      // A label no template row is like (a recogniser garbled it): its numbers are placed by template
      // order, as a row without a label, where exactly the missing rows fit between the rows matched.
      if (bindByPosition)
        unlabelled.push({
          row,
          after: matched.length,
          pending: [...pending, ...row.labels],
          context,
          blank: false,
        });
      pending = [];
      continue;
    }
    pending = [];
    last = match.index;
    matched.push({ def: match.def, row, label: match.label });
    if (match.def.key === "carried_forward") {
      end = i + 1;
      break;
    }
  }

  if (matched.length === 0) return { table, end };
  placeByOrder(matched, unlabelled, bindByPosition);
  // OCR: a row one cell short or more where a ruling was lost between two cells, told by where its cells
  // and their text stand against the columns of the table's full rows.
  const columns = bindByPosition
    ? columnsOf(
        matched.map((m) => m.row),
        WIDTH,
      )
    : null;
  if (columns)
    matched.forEach((m, i) => {
      const row = m.row.after.length < WIDTH ? unmerged(m.row, columns) : null;
      if (row) matched[i] = { ...m, row };
    });
  const byKey = new Map<string, OpenRow>();
  const fixed = new Map<string, Slot[]>();
  for (const m of matched) {
    const reading = readRow(
      m.row.run,
      m.row.leadingEmpty,
      WIDTH,
      slotOf("count"),
      gridCells(m.row, WIDTH),
      true,
      m.row.recognised === true,
    );
    if (reading.kind === "direct") {
      fixed.set(m.def.key, [...reading.candidate.slots]);
      writeRow(table, "t3", m.def.key, T3_COLUMNS, m.row, m.label, {
        candidate: reading.candidate,
        decoded: false,
        decodedBy: [],
      });
      continue;
    }
    const only = reading.certain ? reading.candidates[0] : undefined;
    if (only) {
      fixed.set(m.def.key, [...only.slots]);
      writeRow(table, "t3", m.def.key, T3_COLUMNS, m.row, m.label, {
        candidate: only,
        decoded: true,
        decodedBy: [],
      });
      continue;
    }
    const used = new Set<string>();
    const constrained = constrain(reading.candidates, [COLSUM]);
    if (
      constrained.length !== reading.candidates.length ||
      constrained.some((c, i) => c.slots.join() !== reading.candidates[i]?.slots.join())
    )
      used.add("T3-COLSUM");
    // The row's own sum decides it: taken like a printed row, before any relation between rows is tried.
    // A relation between rows that then fails is the report's own error (a rule reports it), not a reason
    // to doubt this row; letting such a relation veto the row's only reading hid that error.
    const own = distinct(constrained);
    if (own.length === 1 && !(own[0] as Candidate).slots.includes("?")) {
      const candidate = own[0] as Candidate;
      if (reading.kind === "glued") used.add("T3-COLSUM");
      fixed.set(m.def.key, [...candidate.slots]);
      rowIssue(table, "t3", m.def.key, m.label, m.row, reading, WIDTH, true, constrained);
      writeRow(table, "t3", m.def.key, T3_COLUMNS, m.row, m.label, {
        candidate,
        decoded: true,
        decodedBy: [...used].sort(),
      });
      continue;
    }
    byKey.set(m.def.key, {
      key: m.def.key,
      candidates: constrained,
      rowOptions: constrained,
      used,
      reading,
      row: m.row,
      label: m.label,
      def: m.def,
    });
  }
  table.rows.push(...matched.map((m) => m.def.key));

  resolveColumns(byKey, fixed);

  for (const open of byKey.values()) {
    const survivors = distinct(open.candidates);
    const candidate = survivors.length === 1 ? (survivors[0] as Candidate) : null;
    rowIssue(
      table,
      "t3",
      open.key,
      open.label,
      open.row,
      open.reading,
      WIDTH,
      candidate !== null,
      survivors.length === 0 ? open.rowOptions : open.candidates,
    );
    if (candidate && open.reading.kind === "glued" && survivors.length === 1 && open.used.size === 0)
      open.used.add("T3-COLSUM");
    writeRow(table, "t3", open.key, T3_COLUMNS, open.row, open.label, {
      candidate,
      decoded: true,
      decodedBy: [...open.used].sort(),
    });
  }

  const split = matched.some((m) => m.def.key.startsWith("other_processing."));
  const single = matched.some((m) => m.def.key === "other_processing");
  const layout = split ? "split" : single ? "single" : null;
  return {
    table: {
      ...table,
      found: true,
      layout,
      line: first.line,
      page: first.page,
    },
    end,
  };
}

/** A value row without a label of its own, where it stood among the matched rows, and the label lines above it. */
interface Unlabelled {
  readonly row: RawRow;
  readonly after: number;
  readonly pending: readonly string[];
  readonly context: number | undefined;
  /** A grid row with every cell empty (OCR): placed between rows matched, never before the first. */
  readonly blank: boolean;
}

/**
 * A full row of values: seven cells, or one digit string that can hold them. Recognised from an image
 * (`ocr`), also a grid row of exactly the table's width, its empty cells holding their places.
 */
function isFullRow(row: RawRow, ocr = false): boolean {
  if (row.run.length === WIDTH) return true;
  if (ocr && row.grid && row.recognised === true && row.after.length === WIDTH) return true;
  return row.run.length === 1 && /^\d+$/.test(row.run[0] ?? "") && (row.run[0] ?? "").length >= WIDTH;
}

/**
 * Rows whose label a converter moved away (PDF → markdown: the label a few lines above or below, its
 * numbers on a row of their own). Between two rows matched by label, the unlabelled full rows take the
 * template rows left out between them, in order, when their counts agree exactly; a stray short row
 * there (a lone number) is no row. Where the counts differ nothing is placed. With `bindByPosition` (OCR),
 * also the full rows before the first row matched (the table found by its column heads, its first row's
 * label garbled), and the one full grid row after （七）总计, as 四、结转下年度继续办理.
 */
function placeByOrder(
  matched: { def: RowDef; row: RawRow; label: string }[],
  unlabelled: readonly Unlabelled[],
  bindByPosition = false,
): void {
  const split = matched.some((m) => m.def.key.startsWith("other_processing."));
  const single = matched.some((m) => m.def.key === "other_processing");
  const indexOf = (key: string) => CANDIDATE_ROWS.findIndex((d) => d.key === key);
  const inserts: { at: number; items: { def: RowDef; row: RawRow; label: string }[] }[] = [];
  for (let k = 0; k <= matched.length; k++) {
    const here = unlabelled.filter((u) => u.after === k && !(u.blank && k === 0));
    if (here.length === 0) continue;
    const a = k === 0 ? -1 : indexOf((matched[k - 1] as { def: RowDef }).def.key);
    const b = k === matched.length ? CANDIDATE_ROWS.length : indexOf((matched[k] as { def: RowDef }).def.key);
    const gap = CANDIDATE_ROWS.slice(a + 1, b).filter((d) => {
      if (d.key === "other_processing") return !split;
      if (d.key.startsWith("other_processing.")) return !single;
      return true;
    });
    const rows = here.filter((u) => isFullRow(u.row, bindByPosition));
    // Rows of blanks that do not fit with the rows of figures are a long label's tail, not rows.
    const filled = rows.filter((u) => !u.blank);
    const full = rows.length !== gap.length && filled.length === gap.length ? filled : rows;
    const layoutKnown = split || single || !gap.some((d) => d.key.startsWith("other_processing"));
    // OCR: after （七）总计, the one full grid row left is 四、结转下年度继续办理, the one template row left (its
    // label garbled: 「四、结和转下午度必纤办理」).
    const lastRow =
      bindByPosition &&
      k === matched.length &&
      (matched[k - 1] as { def: RowDef } | undefined)?.def.key === "total_processed" &&
      gap.length === 1 &&
      gap[0]?.key === "carried_forward" &&
      full.length === 1 &&
      (full[0] as Unlabelled).row.grid;
    if (
      lastRow ||
      ((k > 0 || bindByPosition) &&
        k < matched.length &&
        layoutKnown &&
        full.length > 0 &&
        gap.length === full.length)
    ) {
      inserts.push({
        at: k,
        items: gap.map((def, i) => ({ def, row: (full[i] as Unlabelled).row, label: def.label })),
      });
      continue;
    }
    // Counts differ (or the gap is open-ended): each row by the label lines above it, in order, inside the gap.
    const items: { def: RowDef; row: RawRow; label: string }[] = [];
    let last = a;
    for (const u of here) {
      if (u.pending.length === 0) continue;
      // Its own label, or with the label fragments above it (a tail a page break put on a row of its own).
      const own = rowLabel(u.row);
      const match = bestFor(own === "" ? [u.pending.join("")] : [own, u.pending.join("")], last, u.context);
      if (!match || match.index >= b) continue;
      last = match.index;
      items.push({ def: match.def, row: u.row, label: match.label });
    }
    if (items.length > 0) inserts.push({ at: k, items });
  }
  for (const { at, items } of inserts.reverse()) matched.splice(at, 0, ...items);
}

// ------------------------------------------------------------------ column relations

const RESULT_ROWS = CANDIDATE_ROWS.map((d) => d.key).filter(
  (k) => !["new", "carried_over", "total_processed", "carried_forward"].includes(k),
);

interface Relation {
  readonly id: string;
  /** Row keys with coefficient: Σ coef·row = 0. */
  readonly terms: readonly (readonly [string, number])[];
}

function relations(present: ReadonlySet<string>): Relation[] {
  const subs = T3_OTHER_SPLIT.map((d) => d.key).filter((k) => present.has(k));
  const useSubs = subs.length > 0;
  const results = RESULT_ROWS.filter((k) =>
    useSubs ? k !== "other_processing" : !k.startsWith("other_processing."),
  );
  const out: Relation[] = [
    { id: "T3-RESULTS", terms: [["total_processed", 1], ...results.map((k) => [k, -1] as const)] },
    {
      id: "T3-BAL",
      terms: [
        ["new", 1],
        ["carried_over", 1],
        ["total_processed", -1],
        ["carried_forward", -1],
      ],
    },
  ];
  if (useSubs && present.has("other_processing")) {
    out.push({ id: "T3-RESULTS", terms: [["other_processing", 1], ...subs.map((k) => [k, -1] as const)] });
  }
  return out;
}

/**
 * Narrow the open rows' candidates with the column relations, as long as that fixes something.
 * Rows not printed at all make a relation unusable (their cells are unknown, not zero).
 */
function resolveColumns(open: Map<string, OpenRow>, fixed: Map<string, Slot[]>): void {
  const present = new Set([...open.keys(), ...fixed.keys()]);
  const rels = relations(present);
  const settled = new Set<string>();
  for (let round = 0; round < 8 && settled.size < open.size; round++) {
    let changed = false;
    for (const row of open.values()) {
      if (settled.has(row.key)) continue;
      const mine = rels.filter((r) => r.terms.some(([k]) => k === row.key));
      const before = row.candidates.length;
      const next: Candidate[] = [];
      for (const cand of row.candidates) {
        let slots: Slot[] | null = [...cand.slots];
        let solvedAny = false;
        for (const rel of mine) {
          if (!slots) break;
          const coef = rel.terms.find(([k]) => k === row.key)?.[1] ?? 1;
          for (let c = 0; c < WIDTH && slots; c++) {
            let sum = 0;
            let ok = true;
            for (const [k, co] of rel.terms) {
              if (k === row.key) continue;
              const v = fixed.get(k)?.[c];
              if (typeof v !== "number") {
                ok = false;
                break;
              }
              sum += co * v;
            }
            if (!ok) continue;
            const required = -sum / coef;
            const mineV: Slot = slots[c] as Slot;
            if (mineV === null) continue;
            if (mineV === "?") {
              if (!Number.isInteger(required) || required < 0) {
                slots = null;
                break;
              }
              slots[c] = required;
              solvedAny = true;
              row.used.add(rel.id);
            } else if (mineV !== required) {
              slots = null;
              row.used.add(rel.id);
            }
          }
        }
        if (slots && solvedAny) slots = COLSUM(slots);
        if (slots) next.push({ slots, raws: cand.raws });
      }
      row.candidates = next;
      if (next.length !== before) changed = true;
      const survivors = distinct(next);
      if (survivors.length === 1 && !(survivors[0] as Candidate).slots.includes("?")) {
        fixed.set(row.key, [...(survivors[0] as Candidate).slots]);
        settled.add(row.key);
        changed = true;
      }
    }
    if (!changed) break;
  }
  resolveJointly(open, fixed, rels, settled);
}

/**
 * Where one relation holds two or more open rows (表三 「（一）予以公开270020130」 and 「1.本机关不掌握
 * 220000325」 both under T3-RESULTS), try their readings together: a reading that fits no combination
 * with the other rows' readings goes. Repeats while that settles a row.
 */
function resolveJointly(
  open: Map<string, OpenRow>,
  fixed: Map<string, Slot[]>,
  rels: readonly Relation[],
  settled: Set<string>,
): void {
  for (let round = 0; round < 4; round++) {
    let changed = false;
    for (const rel of rels) {
      const rows = rel.terms.filter(([k]) => open.has(k) && !settled.has(k));
      if (rows.length < 2) continue;
      const known = rel.terms.filter(([k]) => !open.has(k) || settled.has(k));
      if (known.some(([k]) => !fixed.has(k))) continue;
      const kept = jointlyConsistent(
        rows.map(([k, coef]) => ({ coef, candidates: (open.get(k) as OpenRow).candidates })),
        known.map(([k, coef]) => ({ coef, slots: fixed.get(k) as Slot[] })),
        WIDTH,
      );
      if (!kept) continue;
      rows.forEach(([k], i) => {
        const row = open.get(k) as OpenRow;
        const next = kept[i] as Candidate[];
        if (next.length === row.candidates.length) return;
        row.candidates = next;
        row.used.add(rel.id);
        changed = true;
        const survivors = distinct(next);
        if (survivors.length === 1 && !(survivors[0] as Candidate).slots.includes("?")) {
          fixed.set(k, [...(survivors[0] as Candidate).slots]);
          settled.add(k);
        }
      });
    }
    if (!changed) break;
  }
}
