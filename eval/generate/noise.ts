/**
 * Rendering noise chosen per report: text layout (rules.md §7, the seeds), label variants, lost and
 * glued 表三 cells, HTML chrome. A lost cell is only dropped where the table's hard relations
 * (T3-COLSUM on its row, T3-BAL and T3-RESULTS on the columns) leave exactly one reading, so that a
 * careful reader can still recover it; glued rows only where every cell is one digit (one reading).
 */
import { T3_APPLICANT_COLUMNS, T3_COLUMNS, t3Rows } from "../../extract/template/layout.ts";
import type { HtmlStyle, TextStyle } from "./model.ts";
import type { Rng } from "./prng.ts";

/** Label variants of rules.md §7 (template label → printed). */
const LABEL_VARIANTS: ReadonlyArray<readonly [string, string, "2021" | "any"]> = [
  ["本年废止件数", "本年度止件数", "2021"],
  [
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
    "（二）部分公开（区分处理的，只计这一情况，不计其他情形）",
    "any",
  ],
  ["2.没有现成信息需要另行制作", "2.没有现成信息需另行制作", "any"],
  ["3.危及“三安全一稳定”", "3.危及三安全一稳定", "any"],
  ["法律服务机构", "法律服务", "any"],
  ["1.本机关不掌握相关政府信息", "1.本机关不掌握相关信息", "any"],
];

export function chooseLabels(rng: Rng, version: "2019" | "2021"): Record<string, string> {
  const labels: Record<string, string> = {};
  if (!rng.chance(0.5)) return labels;
  for (const [from, to, only] of LABEL_VARIANTS) {
    if (only === "2021" && version !== "2021") continue;
    if (rng.chance(0.4)) labels[from] = to;
  }
  if (rng.chance(0.3)) {
    // Sub-rows numbered "1、" instead of "1.".
    for (const row of t3Rows(true)) {
      const printed = labels[row.label] ?? row.label;
      if (/^\d\./.test(printed)) labels[row.label] = printed.replace(/^(\d)\./, "$1、");
    }
  }
  return labels;
}

type Values = Readonly<Record<string, number | null>>;

const ROW_RELATIONS = (split: boolean) => {
  const rows = t3Rows(split).map((r) => r.key);
  const parts = rows.filter(
    (r) => !["new", "carried_over", "total_processed", "carried_forward"].includes(r),
  );
  return [
    { plus: ["new", "carried_over"], minus: ["total_processed", "carried_forward"] },
    { plus: ["total_processed"], minus: parts },
  ];
};

/**
 * Does dropping `key` from its printed 表三 row leave exactly one reading? Readings: the row's printed
 * values with a hole at each of the 7 positions, the hole solved by the row sum, kept if every column
 * relation holds with the other rows as printed.
 */
export function recoverable(values: Values, key: string, split: boolean): boolean {
  const row = key.slice(3, key.lastIndexOf("."));
  const col = key.slice(key.lastIndexOf(".") + 1);
  const cols = T3_COLUMNS.map((c) => c.key);
  const printed = cols.filter((c) => c !== col).map((c) => values[`t3.${row}.${c}`]);
  if (printed.some((x) => typeof x !== "number")) return false;
  const readings = new Set<string>();
  for (let hole = 0; hole < cols.length; hole++) {
    const slots: number[] = [];
    let j = 0;
    for (let i = 0; i < cols.length; i++) slots.push(i === hole ? Number.NaN : (printed[j++] as number));
    const applicants = slots.slice(0, T3_APPLICANT_COLUMNS.length);
    const total = slots[cols.length - 1] as number;
    if (hole === cols.length - 1) slots[hole] = applicants.reduce((a, b) => a + b, 0);
    else slots[hole] = total - applicants.reduce((a, b) => (Number.isNaN(b) ? a : a + b), 0);
    if (!(Number.isInteger(slots[hole]) && (slots[hole] as number) >= 0)) continue;
    const consistent = ROW_RELATIONS(split).every((rel) => {
      if (![...rel.plus, ...rel.minus].includes(row)) return true;
      return cols.every((c, ci) => {
        const get = (r: string) => (r === row ? slots[ci] : values[`t3.${r}.${c}`]);
        const plus = rel.plus.map(get);
        const minus = rel.minus.map(get);
        if ([...plus, ...minus].some((x) => typeof x !== "number")) return true;
        const sum = (xs: (number | null | undefined)[]) => xs.reduce<number>((a, b) => a + (b as number), 0);
        return sum(plus) === sum(minus);
      });
    });
    if (consistent) readings.add(slots.join(","));
  }
  return readings.size === 1;
}

export interface NoiseInput {
  readonly values: Values;
  readonly otherSplit: boolean;
  /** 表三 is arithmetically intact and has no blank or invalid cell (lost/glued cells only then). */
  readonly t3Intact: boolean;
  /** Every 表四 cell is printed as 0. */
  readonly t4AllZero: boolean;
  /** Every cell of the three tables is printed as a valid number (no blank, no invalid text). */
  readonly allPrinted: boolean;
}

export function chooseTextStyle(rng: Rng, input: NoiseInput): TextStyle {
  // Layout and collapsed text only where every cell is a number: their cells are told apart by position
  // or by the table's constraints, and a blank or a word would move them.
  const tables = rng.weighted<TextStyle["tables"]>([
    ["tab", 4],
    ["cellPerLine", 3],
    ["pipe", 2],
    ["layout", input.allPrinted ? 2 : 0],
    ["collapsed", input.allPrinted ? 1 : 0],
  ]);
  if (tables === "layout" || tables === "collapsed") {
    return {
      tables,
      headings: "plain",
      t3SplitAt:
        tables === "layout" && rng.chance(0.4) ? rng.int(4, t3Rows(input.otherSplit).length - 4) : null,
      formFeed: tables === "layout" && rng.chance(0.5),
      brokenLabel: false,
      t4ExtraCell: false,
      gluedRows: [],
      lostCells: [],
      spacedHeaders: false,
      debris: false,
      blankMarker: "—",
      encoding: rng.chance(0.1) ? "gb18030" : "utf8",
    };
  }
  const rows = t3Rows(input.otherSplit).map((r) => r.key);
  const t3SplitAt = rng.chance(0.4) ? rng.int(4, rows.length - 4) : null;
  const gluedRows: string[] = [];
  const lostCells: string[] = [];
  if (input.t3Intact && rng.chance(0.25)) {
    const digits = rows.filter((row) =>
      T3_COLUMNS.every((c) => {
        const v = input.values[`t3.${row}.${c.key}`];
        return typeof v === "number" && v >= 0 && v <= 9;
      }),
    );
    for (const row of rng.shuffle(digits).slice(0, rng.int(1, 2))) gluedRows.push(`t3.${row}`);
  }
  if (input.t3Intact && rng.chance(0.25)) {
    // Only rows of one-digit cells: no printed token could also be read as two glued cells.
    const oneDigit = (row: string) =>
      T3_COLUMNS.every((c) => {
        const v = input.values[`t3.${row}.${c.key}`];
        return typeof v === "number" && v <= 9;
      });
    // In a slot matrix (tab, pipe) a label spanning two columns leaves one empty slot before the
    // values, which reads as a blank first cell once a cell is lost: not recoverable, so not used.
    const oneFiller = new Set(["granted", "partially_granted", "other_processing", "total_processed"]);
    const candidates = rng.shuffle(
      rows
        .filter((row) => !gluedRows.includes(`t3.${row}`) && oneDigit(row))
        .filter((row) => tables === "cellPerLine" || !oneFiller.has(row))
        .flatMap((row) => T3_COLUMNS.map((c) => `t3.${row}.${c.key}`)),
    );
    const found = candidates.find((key) => recoverable(input.values, key, input.otherSplit));
    if (found) lostCells.push(found);
  }
  return {
    tables,
    headings: rng.chance(0.3) ? "markdown" : "plain",
    t3SplitAt,
    formFeed: rng.chance(0.5),
    brokenLabel: tables === "tab" && t3SplitAt !== null && rng.chance(0.5),
    t4ExtraCell: input.t4AllZero && tables === "tab" && rng.chance(0.15),
    gluedRows,
    lostCells,
    spacedHeaders: rng.chance(0.3),
    debris: rng.chance(0.4),
    blankMarker: rng.pick(["—", "/", "无"] as const),
    encoding: rng.chance(0.1) ? "gb18030" : "utf8",
  };
}

export function chooseHtmlStyle(rng: Rng): HtmlStyle {
  return {
    chrome: rng.chance(0.5),
    pageBreakBefore2: rng.chance(0.4),
    blankMarker: rng.pick(["", "", "—", "/"] as const),
    // Drawn last: the earlier draws of the stream stay as they were.
    portal: rng.chance(0.6) ? "portal" : "simple",
    plainMenus: rng.chance(0.5),
    infoAbove: rng.chance(0.5),
  };
}
