/**
 * Several doubted cells of one relation decided together. The one-at-a-time rule (ocr-figures.ts) takes a
 * doubted reading where every other term of a relation is read and the relation forces that very value.
 * A row with two doubted cells or more (「4447」 or 447, 7, 「Q」, 「Q」, 454 in one 表三 row) is then never
 * decided, however clearly its readings add up. Here each doubted cell has its candidates, the readings
 * OCR gave it (a first and a second reading, a confusable one's digits), and a relation keeps only the
 * candidates that take part in some choice making it hold. A cell is taken where one candidate is left and
 * a relation holds with every one of its terms read or so decided. A relation no choice makes hold (a
 * misprint, or a digit OCR lost) decides nothing, and a term with no candidate (a cell read as nothing, or
 * as a character that is no digit) leaves its relations undecided: no value is ever made up to fill it.
 */

/** One relation of the tables: Σ coefficient × figure = 0 over its terms. */
export interface Relation {
  readonly id: string;
  readonly terms: readonly (readonly [key: string, coefficient: number])[];
}

const T3_PARTS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other"];
const T4_PARTS = ["upheld", "corrected", "other", "pending"];
const T3_NOT_RESULTS = new Set(["new", "carried_over", "total_processed", "carried_forward"]);

/**
 * The relations rules.md sets between the keys a report has: each 表三 row's total (T3-COLSUM), each 表四
 * group's total (T4-SUM), and per 表三 column T3-BAL (一 + 二 = 三(七)总计 + 四) and T3-RESULTS (三(七)总计 =
 * the result rows; （六） as its three sub-rows where the report prints them, else as one row).
 */
export function relationsOf(keys: readonly string[]): Relation[] {
  const have = new Set(keys);
  const out: Relation[] = [];
  const prefixes = (table: string) =>
    [
      ...new Set(keys.filter((k) => k.startsWith(`${table}.`)).map((k) => k.slice(3, k.lastIndexOf(".")))),
    ].sort();
  for (const [table, parts, id] of [
    ["t3", T3_PARTS, "T3-COLSUM"],
    ["t4", T4_PARTS, "T4-SUM"],
  ] as const) {
    for (const row of prefixes(table)) {
      const terms = [
        ...parts.map((c) => [`${table}.${row}.${c}`, 1] as const),
        [`${table}.${row}.total`, -1] as const,
      ];
      if (terms.every(([k]) => have.has(k))) out.push({ id, terms });
    }
  }
  const rows = prefixes("t3");
  const split = rows.some((r) => r.startsWith("other_processing."));
  const results = rows.filter(
    (r) => !T3_NOT_RESULTS.has(r) && (split ? r !== "other_processing" : !r.startsWith("other_processing.")),
  );
  for (const col of [...T3_PARTS, "total"]) {
    const at = (r: string) => `t3.${r}.${col}`;
    const balance: Relation = {
      id: "T3-BAL",
      terms: [
        [at("new"), 1],
        [at("carried_over"), 1],
        [at("total_processed"), -1],
        [at("carried_forward"), -1],
      ],
    };
    const resultsRel: Relation = {
      id: "T3-RESULTS",
      terms: [[at("total_processed"), 1], ...results.map((r) => [at(r), -1] as const)],
    };
    for (const rel of [balance, resultsRel]) if (rel.terms.every(([k]) => have.has(k))) out.push(rel);
  }
  return out;
}

/** Choices one relation may try: beyond this many it decides nothing (never seen on a real table). */
const MAX_CHOICES = 4096;

/**
 * The doubted cells the relations decide: key → value and the relation that holds with it. `figures` are
 * the figures taken (a doubted cell's is null); `candidates` the doubted cells' readings.
 */
export function decideJointly(
  figures: Readonly<Record<string, number | null>>,
  candidates: ReadonlyMap<string, readonly number[]>,
  relations: readonly Relation[],
): Map<string, { value: number; relation: string }> {
  const left = new Map<string, number[]>();
  for (const [key, values] of candidates)
    if (figures[key] === null && values.length > 0) left.set(key, [...new Set(values)]);
  /** A relation's open terms, or null where a term is neither taken nor a candidate (nothing to check). */
  const openTerms = (rel: Relation) => {
    const open: (readonly [string, number])[] = [];
    let fixed = 0;
    for (const [key, coef] of rel.terms) {
      const v = figures[key];
      if (typeof v === "number") fixed += coef * v;
      else if (left.has(key)) open.push([key, coef]);
      else return null;
    }
    return { open, fixed };
  };
  for (let changed = true, round = 0; changed && round < 10; round++) {
    changed = false;
    for (const rel of relations) {
      const terms = openTerms(rel);
      if (!terms || terms.open.length === 0) continue;
      const sizes = terms.open.map(([k]) => (left.get(k) as number[]).length);
      if (sizes.reduce((a, b) => a * b, 1) > MAX_CHOICES) continue;
      const kept = terms.open.map(() => new Set<number>());
      const choice = new Array<number>(terms.open.length);
      const visit = (i: number, sum: number) => {
        if (i === terms.open.length) {
          if (sum === 0)
            choice.forEach((v, j) => {
              kept[j]?.add(v);
            });
          return;
        }
        const [key, coef] = terms.open[i] as readonly [string, number];
        for (const v of left.get(key) as number[]) {
          choice[i] = v;
          visit(i + 1, sum + coef * v);
        }
      };
      visit(0, terms.fixed);
      // No choice makes it hold: the report's misprint or a digit OCR lost; it decides nothing.
      if (kept.every((s) => s.size === 0)) continue;
      terms.open.forEach(([key], j) => {
        const values = left.get(key) as number[];
        const keep = kept[j] as Set<number>;
        if (keep.size < values.length) {
          left.set(key, [...keep]);
          changed = true;
        }
      });
    }
  }
  const decided = new Map<string, { value: number; relation: string }>();
  const single = (key: string) => {
    const values = left.get(key);
    return values?.length === 1 ? values[0] : undefined;
  };
  for (const rel of relations) {
    let sum = 0;
    const open: string[] = [];
    for (const [key, coef] of rel.terms) {
      const v = figures[key];
      const value = typeof v === "number" ? v : single(key);
      if (value === undefined) {
        sum = Number.NaN;
        break;
      }
      if (typeof v !== "number") open.push(key);
      sum += coef * value;
    }
    if (sum !== 0) continue;
    const coefficient = new Map(rel.terms);
    for (const key of open) {
      const value = single(key) as number;
      // A doubted term that only another doubted term of the other side checks, read as the same number
      // (「3 0 0 0 0 0 3」 with both 3s doubted), is not checked at all: the same glyphs misread the same
      // way would hold just as well.
      const paired = open.some(
        (other) =>
          other !== key &&
          single(other) === value &&
          Math.sign(coefficient.get(other) ?? 0) === -Math.sign(coefficient.get(key) ?? 0),
      );
      if (!paired && !decided.has(key)) decided.set(key, { value, relation: rel.id });
    }
  }
  return decided;
}
