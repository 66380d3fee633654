/**
 * Figures read by OCR: provenance says so (`source: "ocr"`, the cell's box and confidence), and a cell
 * whose text holds a letter OCR confuses with a digit (0/O/〇, 1/l/丨/I/!/], 5/S, 8/B, 6/G) is taken as that
 * digit only where the table's own arithmetic decides it uniquely: the row's other cells all read and
 * the row sum (表三 总计 = the six applicant columns; 表四 each group's 总计 = its four results) giving
 * exactly the value the reading suggests. Otherwise the cell stays null and an `ocr_uncertain` issue
 * makes PARSE-AMBIGUOUS name the cell and why. The same holds for a figure read with low confidence and
 * for one from the second, digits-only reading of its cell (`reread`), and for one the two readings read as
 * different numbers (`disputed`: whichever of the two the arithmetic forces), and for one the template
 * parser decoded rather than read from its own cell (`mode: "decoded"`: digits split across cells, a lost
 * cell placed, a total derived); and where a row's sum does not hold (or the cells read already exceed
 * its total), a figure in it read with less than SURE confidence is not taken either. Where the cells
 * read make up a row's total, every cell not read is 0: counts are never negative. Where a row or a 表三
 * column has several such cells, they are decided together (joint.ts): taken where one choice among
 * their readings makes the relation hold with every term read, never a value no reading gave.
 */
import type { Document, OcrCell } from "../../document.ts";
import type { ParsedReport, ParseIssue, Provenance } from "../../schema.ts";
import { cellDef } from "../../template/layout.ts";
import { compact, undoubled } from "../../template/normalize.ts";
import { decideJointly, relationsOf } from "./joint.ts";

const CONFUSABLE: Readonly<Record<string, string>> = {
  O: "0",
  o: "0",
  〇: "0",
  D: "0",
  Q: "0",
  l: "1",
  I: "1",
  "|": "1",
  丨: "1",
  i: "1",
  "!": "1",
  "]": "1",
  S: "5",
  s: "5",
  B: "8",
  G: "6",
};
const CONFUSABLE_RUN = /^[0-9OoD〇Ql|I丨i!\]SsBG]+$/u;

/**
 * A doubted single digit may be another of like shape, blurred or cut by a ruling (a scan's 0 read as 9
 * or 8, a 6 as 8): one more candidate, taken only where the table's relations leave it alone (joint.ts).
 */
const LOOKALIKES: Readonly<Record<number, readonly number[]>> = {
  0: [8, 9, 6],
  9: [0],
  8: [0, 3, 6],
  6: [0, 5, 8],
  5: [6],
  3: [8],
};

/** Specks OCR makes of noise next to a number: a dot, comma or quote before or after it. */
const STRAY_EDGES = /^[.,，。、·'`‘’":;：；]+|[.,，。、·'`‘’":;：；]+$/gu;

/**
 * The digits a confusable reading suggests ("o" → 0, "1o" → 10, "56," → 56, ".0" → 0), or null when the
 * text is not such a reading. A speck before or after the number is dropped, never one between digits
 * ("5.6" is no suggestion); the suggestion stands only where the row's arithmetic forces it.
 */
export function suggestedDigits(raw: string): number | null {
  const spaced = raw.replace(/\s+/g, "");
  const text = spaced.replace(STRAY_EDGES, "");
  if (text === "" || !CONFUSABLE_RUN.test(text) || spaced === String(Number(spaced))) return null;
  const digits = [...text].map((c) => CONFUSABLE[c] ?? c).join("");
  if (digits.length > 1 && digits.startsWith("0")) return null;
  return Number(digits);
}

/** A number with a decimal point between digits: 「1.5」, never 「.5」 or 「15.」. */
const DECIMAL = /^\d+\.\d+$/;

/** A figure whose OCR confidence is below this is not taken unless the row's arithmetic forces it. */
export const MIN_CONFIDENCE = 0.6;
/** In a row whose sum does not hold, a figure read with less confidence than this is not taken. */
export const SURE = 0.8;

const T3_COLUMNS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other"];
const T4_RESULTS = ["upheld", "corrected", "other", "pending"];

/** The row-sum group of a key: its parts and total, or null when the key is in no such group. */
function rowGroup(key: string): { parts: string[]; total: string; relation: string } | null {
  const dot = key.lastIndexOf(".");
  const row = key.slice(0, dot);
  if (key.startsWith("t3."))
    return { parts: T3_COLUMNS.map((c) => `${row}.${c}`), total: `${row}.total`, relation: "T3-COLSUM" };
  if (key.startsWith("t4."))
    return { parts: T4_RESULTS.map((c) => `${row}.${c}`), total: `${row}.total`, relation: "T4-SUM" };
  return null;
}

/**
 * The value the row sum forces on `key`: where every other cell of its group is read; or, for a part,
 * 0 where the parts read already make up the total (counts are never negative, so every part not read
 * is 0). Else null.
 */
function forcedByRow(report: ParsedReport, key: string): { value: number; relation: string } | null {
  const group = rowGroup(key);
  if (!group) return null;
  const members = [...group.parts, group.total];
  if (!members.includes(key) || !members.every((k) => k in report.figures)) return null;
  const total = report.figures[group.total];
  const read = (k: string) => typeof report.figures[k] === "number";
  const partsSum = group.parts
    .filter((k) => k !== key && read(k))
    .reduce((a, k) => a + (report.figures[k] as number), 0);
  if (key === group.total)
    return group.parts.every(read) ? { value: partsSum, relation: group.relation } : null;
  if (typeof total !== "number") return null;
  if (group.parts.every((k) => k === key || read(k)))
    return { value: total - partsSum, relation: group.relation };
  return partsSum === total ? { value: 0, relation: group.relation } : null;
}

/**
 * Does the row's sum fail, as far as it is read: every cell read and the parts not adding up to the
 * total, or the parts read already more than the total?
 */
function rowFails(report: ParsedReport, total: string, parts: readonly string[]): boolean {
  const t = report.figures[total];
  if (typeof t !== "number") return false;
  const read = parts.map((k) => report.figures[k]).filter((v): v is number => typeof v === "number");
  const sum = read.reduce((a, b) => a + b, 0);
  return read.length === parts.length ? sum !== t : sum > t;
}

const T3_BALANCE: readonly (readonly [string, number])[] = [
  ["new", 1],
  ["carried_over", 1],
  ["total_processed", -1],
  ["carried_forward", -1],
];
const T3_NOT_RESULTS = new Set(["new", "carried_over", "total_processed", "carried_forward"]);

/**
 * The values 表三's column relations (rules.md: T3-BAL 一+二 = 三(七)总计 + 四; T3-RESULTS 三(七)总计 = the
 * result rows) force on `key`, each where every other term of the relation in its column is read.
 */
function forcedByColumn(report: ParsedReport, key: string): { value: number; relation: string }[] {
  if (!key.startsWith("t3.")) return [];
  const col = key.slice(key.lastIndexOf(".") + 1);
  const row = key.slice(3, key.lastIndexOf("."));
  const rows = new Set(
    Object.keys(report.figures)
      .filter((k) => k.startsWith("t3.") && k.endsWith(`.${col}`))
      .map((k) => k.slice(3, k.lastIndexOf("."))),
  );
  // （六）: its three sub-rows where the report prints them, else the one row.
  const split = [...rows].some((r) => r.startsWith("other_processing."));
  const results = [...rows].filter(
    (r) => !T3_NOT_RESULTS.has(r) && (split ? r !== "other_processing" : !r.startsWith("other_processing.")),
  );
  const relations: { id: string; terms: (readonly [string, number])[] }[] = [
    { id: "T3-BAL", terms: [...T3_BALANCE] },
    { id: "T3-RESULTS", terms: [["total_processed", 1], ...results.map((r) => [r, -1] as const)] },
  ];
  const out: { value: number; relation: string }[] = [];
  for (const { id, terms } of relations) {
    const own = terms.find(([r]) => r === row);
    if (!own || terms.some(([r]) => !rows.has(r))) continue;
    let sum = 0;
    let known = true;
    for (const [r, coef] of terms) {
      if (r === row) continue;
      const v = report.figures[`t3.${r}.${col}`];
      if (v === null || v === undefined) {
        known = false;
        break;
      }
      sum += coef * v;
    }
    if (known) out.push({ value: -sum / own[1], relation: id });
  }
  return out;
}

/**
 * A value the OCR could not be sure of and no relation decided: left null, PARSE-AMBIGUOUS says why. Its
 * options: what the cell was read as, and the other number a second reading gave, if any.
 */
function uncertain(key: string, p: Provenance, second?: number): ParseIssue {
  return {
    kind: "ocr_uncertain",
    table: key.slice(0, 2) as ParseIssue["table"],
    row: p.row,
    rowKey: key,
    raw: p.raw,
    options: second === undefined ? [p.raw] : [p.raw, String(second)],
    line: p.line,
  };
}

/**
 * The recognised cell of each figure: on the figure's line, with its text. Where a line holds the same
 * text more than once (「4 0 0 0 0 0 4」), the figures take those cells in order, as the template's keys
 * and the line's cells both run left to right.
 */
function ocrCellsOf(
  cells: readonly OcrCell[],
  provenance: Readonly<Record<string, { line: number | null; raw: string }>>,
): Map<string, OcrCell> {
  const out = new Map<string, OcrCell>();
  const taken = new Map<string, number>();
  for (const [key, p] of Object.entries(provenance)) {
    const id = `${p.line}\u0000${p.raw}`;
    const n = taken.get(id) ?? 0;
    taken.set(id, n + 1);
    const cell = cells.filter((c) => c.line === p.line && c.text === p.raw)[n];
    if (cell) out.set(key, cell);
  }
  return out;
}

/**
 * Lines a recogniser read twice over, as a photo's double image makes it: a label of glyphs each read
 * twice (「属属于于行政行政执法执法案卷案卷」), or zeros no report prints (「00」, 「0000」) in two cells or
 * more. Their numbers may be doubled too (「5050」 for 50, 「11」 for 1).
 */
function linesReadTwiceOver(doc: Document): Set<number> {
  const out = new Set<number>();
  for (const line of doc.lines) {
    const doubled = line.cells.some((c) => {
      const text = compact(c.text);
      return [...text].length >= 4 && /\p{Script=Han}/u.test(text) && undoubled(text) !== text;
    });
    const zeros = line.cells.filter((c) => /^0{2,}$/.test(compact(c.text))).length;
    if (doubled || zeros >= 2) out.add(line.line);
  }
  return out;
}

/**
 * The 表三/表四 cells the report left blank: no figure, no text, in a row the parser placed and read with
 * no issue (a row one cell short or ambiguous may have lost a printed cell to a ruling). 表四's groups are
 * one printed row: a group without figures is one the parser could not read, never a blank.
 */
function blanksOf(report: ParsedReport): string[] {
  const rowOf = (key: string) => key.slice(0, key.lastIndexOf("."));
  const troubled = new Set<string>();
  for (const issue of report.issues) {
    if (!issue.rowKey) continue;
    const key = issue.rowKey.startsWith(`${issue.table}.`) ? issue.rowKey : `${issue.table}.${issue.rowKey}`;
    troubled.add(key).add(rowOf(key));
  }
  // A 表三 row placed with every cell empty (a printed row of blanks) is read too: it has no figure to show it.
  const read = new Set([
    ...Object.keys(report.provenance).map(rowOf),
    ...report.tables.t3.rows.map((row) => `t3.${row}`),
  ]);
  return Object.keys(report.figures).filter(
    (key) =>
      /^t[34]\./.test(key) &&
      report.figures[key] === null &&
      !(key in report.rawCells) &&
      !(key in report.provenance) &&
      read.has(rowOf(key)) &&
      !troubled.has(rowOf(key)),
  );
}

export function applyOcr(report: ParsedReport, doc: Document): ParsedReport {
  const ocr = doc.info.ocr;
  if (!ocr) return report;
  const figures = { ...report.figures };
  const provenance: Record<string, Provenance> = {};
  /** Figures from a second, digits-only reading of their cell. */
  const reread = new Set<string>();
  /** Figures the second reading of their cell read as another number: that number. */
  const disputed = new Map<string, number>();
  /** Figures a third reading of their enlarged crop read as yet another number: that number. */
  const alsoRead = new Map<string, number>();
  /** Figures the template parser decoded rather than read from their own cell. */
  const decodedRow = new Set<string>();
  const cellOf = ocrCellsOf(ocr.cells, report.provenance);
  const ghosted = linesReadTwiceOver(doc);
  for (const [key, p] of Object.entries(report.provenance)) {
    const cell = cellOf.get(key);
    provenance[key] = {
      ...p,
      source: "ocr",
      ...(cell ? { box: [...cell.box], confidence: cell.confidence } : {}),
    };
    if (cell?.reread) reread.add(key);
    // A figure the template parser decoded (a row read one cell short or long: digits split across
    // cells, a lost cell placed, a total derived) rests on a guess about the row's cells, which in a photo
    // were merged across a ruling not found (「301 1」, 「0 10」): such rows gave 2.1 % wrong figures on
    // real reports' photos. It stands only where applyOcr's own arithmetic forces the same value.
    if (p.mode === "decoded") decodedRow.add(key);
    if (cell?.disputed !== undefined) disputed.set(key, Number(cell.disputed));
    if (cell?.alsoRead !== undefined) alsoRead.set(key, Number(cell.alsoRead));
    // On a line read twice over, 「5050」 may be 50 printed once: the arithmetic decides between the two.
    // 「00」 for a 0 is 0 either way: nothing to dispute.
    const twice = /^(\d+)\1$/.exec(p.raw);
    const once = Number(twice?.[1]);
    if (twice && once !== Number(p.raw) && p.line !== null && ghosted.has(p.line) && !disputed.has(key))
      disputed.set(key, once);
  }
  const issues: ParseIssue[] = [...report.issues];
  const working: ParsedReport = { ...report, figures };
  // A row whose sum does not hold (or whose cells read already exceed its total), with a cell the engine
  // doubted: that cell may be the misreading (a 0 read as 9 twice, by both readings) as much as the
  // report's misprint. It is not taken; a row read with confidence throughout keeps its figures, and the
  // rules report the misprint. So does a row whose sure cells alone exceed its sure total (维持 10, 总计 0):
  // no reading of its doubted cells makes it hold, so they are not what is wrong.
  const sure = (k: string) => {
    const c = provenance[k]?.confidence;
    return (
      (c === undefined || c >= SURE) &&
      !reread.has(k) &&
      !disputed.has(k) &&
      !alsoRead.has(k) &&
      !decodedRow.has(k)
    );
  };
  /** Doubted figures of rows whose sum does not hold: decided jointly below, or left null. */
  const heldBack = new Map<string, Provenance>();
  for (const key of Object.keys(figures)) {
    const group = rowGroup(key);
    if (!group || key !== group.total) continue;
    const members = [...group.parts, group.total];
    if (!rowFails(report, group.total, group.parts)) continue;
    const sureParts = group.parts.filter((k) => sure(k) && typeof report.figures[k] === "number");
    const sureSum = sureParts.reduce((a, k) => a + (report.figures[k] as number), 0);
    if (sure(group.total) && sureSum > (report.figures[group.total] as number)) continue;
    for (const k of members) {
      const p = provenance[k];
      if (!p || p.confidence === undefined || p.confidence >= SURE) continue;
      figures[k] = null;
      delete provenance[k];
      heldBack.set(k, p);
    }
  }
  // A figure the engine was unsure of stands only where the row sum forces that very value.
  const unsure = Object.entries(provenance).filter(
    ([key, p]) =>
      reread.has(key) ||
      disputed.has(key) ||
      alsoRead.has(key) ||
      decodedRow.has(key) ||
      (p.confidence !== undefined && p.confidence < MIN_CONFIDENCE),
  );
  for (const [key] of unsure) figures[key] = null;
  // Rounds: a figure taken lets a relation decide another one (two doubted cells of one row, each
  // decided by its column).
  let open = unsure;
  for (let round = 0; round < 4 && open.length > 0; round++) {
    const left = open.filter(([key, p]) => {
      // The reading, or either of two readings that disagree: the one the arithmetic forces.
      const readings = [report.figures[key], disputed.get(key), alsoRead.get(key)].filter(
        (v) => typeof v === "number",
      );
      const forced = [forcedByRow(working, key), ...forcedByColumn(working, key)].find(
        (f) => f !== null && readings.includes(f.value),
      );
      if (!forced) return true;
      figures[key] = forced.value;
      provenance[key] = { ...p, mode: "decoded", decodedBy: [forced.relation] };
      return false;
    });
    if (left.length === open.length) break;
    open = left;
  }
  // Rows and columns with several doubted cells: decided together, where their readings make them hold.
  // A candidate is a reading: a total the parser derived from its row (「（由「…」推算）」) is none, as it
  // would make its own row hold.
  const candidates = new Map<string, number[]>();
  for (const [key, p] of [...open, ...heldBack]) {
    if (figures[key] !== null) continue;
    const value = report.figures[key];
    const read = typeof value === "number" && (!decodedRow.has(key) || compact(p.raw) === String(value));
    const others = [disputed.get(key), alsoRead.get(key)].filter((v): v is number => v !== undefined);
    candidates.set(key, [...new Set([...(read ? [value] : []), ...others])]);
  }
  for (const [key, raw] of Object.entries(report.rawCells)) {
    const suggested = figures[key] === null ? suggestedDigits(raw) : null;
    if (suggested !== null) candidates.set(key, [suggested]);
  }
  // A cell the reader found no ink in (it marks the cells with ink it could not read) in a row that was
  // read is the report's blank: many reports print blanks, not 0s (上海 2019 prints no 0 in 表三). A
  // relation is checked with it as the report's none, 0, only to confirm doubted readings; it is never
  // given a value.
  // It is a known term, not a doubted reading: a doubted 0 beside it is not 「read alike」 with it.
  const checked: Record<string, number | null> = { ...figures };
  for (const key of blanksOf(report)) if (figures[key] === null && !candidates.has(key)) checked[key] = 0;
  const relations = relationsOf(Object.keys(figures));
  const joint = decideJointly(checked, candidates, relations);
  // Then each cell still open, one at a time, its single digit also read as the digits of like shape: the
  // other cells as read (or as decided), so that no decision rests on two cells read other than as they
  // were (1 2 「3」 4 「9」 6 | 21 is not 1 2 8 4 0 6).
  const engineDoubted = new Map<string, boolean>();
  for (const [key, p] of [...open, ...heldBack])
    engineDoubted.set(key, p.confidence === undefined || p.confidence < SURE);
  for (const [key, values] of candidates) {
    // A digit the engine read with confidence is what was printed, a misprint included: never reshaped.
    if (joint.has(key) || engineDoubted.get(key) !== true) continue;
    const alike = values.flatMap((v) => LOOKALIKES[v] ?? []);
    if (alike.length === 0) continue;
    const shapes = new Map<string, number[]>();
    for (const [k, vs] of candidates) {
      const decided = joint.get(k);
      shapes.set(k, decided ? [decided.value] : k === key ? [...new Set([...vs, ...alike])] : [...vs]);
    }
    for (const [k, decided] of decideJointly(checked, shapes, relations))
      if (!joint.has(k)) joint.set(k, decided);
  }
  for (const [key, p] of [...open, ...heldBack]) {
    const decided = joint.get(key);
    if (figures[key] !== null || !decided) continue;
    figures[key] = decided.value;
    provenance[key] = { ...p, mode: "decoded", decodedBy: [decided.relation] };
  }
  for (const [key, p] of heldBack)
    if (figures[key] === null) issues.push(uncertain(key, p, disputed.get(key)));
  for (const [key, p] of open) {
    if (figures[key] !== null) continue;
    delete provenance[key];
    issues.push(uncertain(key, p, disputed.get(key)));
  }
  const rawCells = { ...report.rawCells };
  for (const [key, raw] of Object.entries(report.rawCells)) {
    if (figures[key] !== null) continue;
    const sibling = Object.entries(provenance).find(
      ([k]) => k.slice(0, k.lastIndexOf(".")) === key.slice(0, key.lastIndexOf(".")),
    )?.[1];
    // A decimal (「1.5」 in a count column) the first reading saw with confidence, point and all (a second,
    // digits-only reading, where there was one, repeated its digits): the report's own misprint, kept for
    // the rules (T2/T3/T4-NONNEG) to judge.
    if (
      DECIMAL.test(raw) &&
      ocr.cells.some((c) => c.text === raw && c.line === sibling?.line && !c.reread && c.confidence >= SURE)
    )
      continue;
    const suggested = suggestedDigits(raw);
    // Recognised text that is no number and suggests none (「肌」 in a value column), or a cell with ink the
    // reader could not read at all (ILLEGIBLE): an unreadable cell, not a value the report printed wrong,
    // nor a blank — PARSE-AMBIGUOUS says so, no rule judges the text.
    delete rawCells[key];
    if (suggested === null) {
      issues.push({
        kind: "ocr_uncertain",
        table: key.slice(0, 2) as ParseIssue["table"],
        row: cellDef(key)?.row.label ?? "",
        rowKey: key,
        raw,
        options: [],
        line: null,
      });
      continue;
    }
    const byRow = forcedByRow(working, key);
    const forced = byRow?.value === suggested ? byRow : joint.get(key);
    const def = cellDef(key);
    if (forced && forced.value === suggested) {
      figures[key] = suggested;
      provenance[key] = {
        page: sibling?.page ?? null,
        table: sibling?.table ?? key.slice(0, 2),
        row: def?.row.label ?? sibling?.row ?? "",
        col: def?.column.label ?? "",
        raw,
        line: sibling?.line ?? null,
        source: "ocr",
        mode: "decoded",
        decodedBy: [forced.relation],
      };
      continue;
    }
    issues.push({
      kind: "ocr_uncertain",
      table: key.slice(0, 2) as ParseIssue["table"],
      row: def?.row.label ?? "",
      rowKey: key,
      raw,
      options: [String(suggested)],
      line: sibling?.line ?? null,
    });
  }
  return { ...report, figures, provenance, rawCells, issues, ocr: { engine: ocr.engine, dpi: ocr.dpi } };
}
