/**
 * Decoding rows whose printed cells do not line up with the template (rules.md §7): a lost cell,
 * an extra cell, or cells glued into one digit string. Only hard constraints decide (row sums, and
 * column relations once other rows are known); when more than one reading survives, the cells stay
 * null. A misprint cannot be told from an ambiguity, so nothing is ever guessed.
 */

/** A cell in a candidate reading: a number, a blank (null) or an unknown still to be solved ("?"). */
export type Slot = number | null | "?";

export interface Candidate {
  readonly slots: readonly Slot[];
  /** Printed text behind each slot ("" for a cell that was not printed). */
  readonly raws: readonly string[];
}

export type RowReading =
  | { readonly kind: "direct"; readonly candidate: Candidate }
  | {
      readonly kind: "missing" | "extra" | "glued";
      readonly candidates: readonly Candidate[];
      /** Too many ways to read the row to enumerate. */
      readonly overflow: boolean;
      /**
       * Digit count = cell count (rules.md §7): one digit per cell, the only reading, whatever the row's
       * relations say (a misprinted total stays printed, for the rules to report).
       */
      readonly certain?: boolean;
    };

/** A hard relation on one row: returns the slots with unknowns solved, or null if violated. */
export type RowConstraint = (slots: readonly Slot[]) => Slot[] | null;

const MAX_CANDIDATES = 20_000;

function* combinations(n: number, k: number, start = 0, acc: number[] = []): Generator<number[]> {
  if (acc.length === k) {
    yield [...acc];
    return;
  }
  for (let i = start; i <= n - (k - acc.length); i++) {
    acc.push(i);
    yield* combinations(n, k, i + 1, acc);
    acc.pop();
  }
}

function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}

/** All ways to split a digit string into `parts` numbers without leading zeros (a lone "0" is fine). */
export function splitDigits(digits: string, parts: number): string[][] {
  const out: string[][] = [];
  const rec = (pos: number, left: number, acc: string[]) => {
    if (out.length > MAX_CANDIDATES) return;
    if (left === 1) {
      const piece = digits.slice(pos);
      if (piece.length > 0 && (piece === "0" || piece[0] !== "0")) out.push([...acc, piece]);
      return;
    }
    const maxLen = digits.length - pos - (left - 1);
    for (let len = 1; len <= maxLen; len++) {
      const piece = digits.slice(pos, pos + len);
      if (piece.length > 1 && piece[0] === "0") break;
      acc.push(piece);
      rec(pos + len, left - 1, acc);
      acc.pop();
    }
  };
  rec(0, parts, []);
  return out;
}

/**
 * Read a row's value run against the template width.
 * `toSlot` maps printed text to a number, or null when blank or not a valid value.
 */
export function readRow(
  run: readonly string[],
  leadingEmpty: number,
  width: number,
  toSlot: (raw: string) => number | null,
  positional: readonly string[] | null = null,
  glue = true,
  strokes = false,
): RowReading {
  // A grid row whose cells fit the width is read by position: an empty cell is a blank, wherever it is.
  if (positional !== null && positional.length === width) {
    return {
      kind: "direct",
      candidate: {
        slots: positional.map((r) => (r.trim() === "" ? null : toSlot(r))),
        raws: [...positional],
      },
    };
  }
  const n = run.length;
  if (n === width) {
    return { kind: "direct", candidate: { slots: run.map(toSlot), raws: [...run] } };
  }
  if (n < width && leadingEmpty > 0 && leadingEmpty + n === width) {
    const raws = [...Array<string>(leadingEmpty).fill(""), ...run];
    return { kind: "direct", candidate: { slots: raws.map((r) => (r === "" ? null : toSlot(r))), raws } };
  }
  if (n > width) {
    const drop = n - width;
    if (binomial(n, drop) > MAX_CANDIDATES) return { kind: "extra", candidates: [], overflow: true };
    const candidates: Candidate[] = [];
    for (const removed of combinations(n, drop)) {
      const keep = run.filter((_, i) => !removed.includes(i));
      candidates.push({ slots: keep.map(toSlot), raws: keep });
    }
    return { kind: "extra", candidates, overflow: false };
  }
  // n < width: either cells glued together, or (at most two) cells lost. A printed cell never has a
  // leading zero ("000" is three glued zeros, not one cell), so such a run lost no cell.
  // `glue` false (a grid read by OCR, each cell recognised on its own): a number never spans two cells, so
  // 「0 11」 in a row of three lost a cell (「1」 read as 「]」) and is not 0, 1 and 1.
  const glued = glue ? gluedCandidates(run, width, toSlot) : [];
  const digits = run.map((r) => r.trim().replace(/,/g, ""));
  if (digits.every((d) => /^\d+$/.test(d)) && digits.join("").length === width && glued.length === 1) {
    return { kind: "glued", candidates: glued, overflow: false, certain: true };
  }
  const missing = width - n <= 2 && !run.some(hasLeadingZero) ? missingCandidates(run, width, toSlot) : [];
  const struck = strokes ? struckCandidates(run, width, toSlot) : [];
  if (glued.length + missing.length > MAX_CANDIDATES)
    return { kind: "glued", candidates: [], overflow: true };
  // A signed cell of two or more digits after another cell (「2648 -18538」) is the shape a glued
  // change-and-count pair takes once a reader splits it at the sign: when some reading splits that
  // signed cell, the row is an ambiguous glue, not a row that lost a cell.
  const signedGlue = glued.some((c) =>
    run.some((raw, i) => i > 0 && /^[-−－]\d{2,}$/.test(raw.trim()) && !c.raws.includes(raw.trim())),
  );
  const kind =
    glued.length === 0
      ? "missing"
      : missing.length === 0 || signedGlue
        ? "glued"
        : n <= width / 2
          ? "glued"
          : "missing";
  return { kind, candidates: [...glued, ...missing, ...struck], overflow: false };
}

/** A stroke OCR may have made of a vertical ruling between two cells: 「1」, 「|」, 「l」, 「I」, 「丨」. */
const STROKE = /[1|lI丨]/u;

/**
 * A row recognised from an image whose ruling between two cells was not found and was read as a stroke:
 * 「0 0 0 010 0 0」 for 0 0 0 0 0 0 | 0. Only a cell no printed number can be (a leading zero: 「010」,
 * 「01」) is so read, dropping one stroke inside it; each such reading that fits the width is a
 * candidate, beside the glued ones (「0」 and 「10」), for the row's arithmetic to decide between.
 */
function struckCandidates(
  run: readonly string[],
  width: number,
  toSlot: (raw: string) => number | null,
): Candidate[] {
  if (run.length !== width - 1) return [];
  const valid = (t: string) => /^\d+$/.test(t) && (t === "0" || t[0] !== "0");
  const out: Candidate[] = [];
  run.forEach((raw, i) => {
    const t = raw.trim();
    if (!hasLeadingZero(t)) return;
    for (let k = 1; k < t.length - 1; k++) {
      if (!STROKE.test(t[k] ?? "")) continue;
      const left = t.slice(0, k);
      const right = t.slice(k + 1);
      if (!valid(left) || !valid(right)) continue;
      const raws = [...run.slice(0, i), left, right, ...run.slice(i + 1)];
      out.push({ slots: raws.map(toSlot), raws });
    }
  });
  return out;
}

/** "000", "07": digits that no single printed cell shows (a lone "0" is fine). */
function hasLeadingZero(raw: string): boolean {
  return /^0\d/.test(raw.trim().replace(/,/g, ""));
}

function missingCandidates(
  run: readonly string[],
  width: number,
  toSlot: (raw: string) => number | null,
): Candidate[] {
  const lost = width - run.length;
  if (binomial(width, lost) > MAX_CANDIDATES) return [];
  const out: Candidate[] = [];
  for (const holes of combinations(width, lost)) {
    const slots: Slot[] = [];
    const raws: string[] = [];
    let j = 0;
    for (let i = 0; i < width; i++) {
      if (holes.includes(i)) {
        slots.push("?");
        raws.push("");
      } else {
        const raw = run[j++] ?? "";
        slots.push(toSlot(raw));
        raws.push(raw);
      }
    }
    out.push({ slots, raws });
  }
  return out;
}

function gluedCandidates(
  run: readonly string[],
  width: number,
  toSlot: (raw: string) => number | null,
): Candidate[] {
  const tokens = run.map((r) => r.trim().replace(/,/g, ""));
  // A signed change glued to the cell after it (「2648-18538」: −18 and 538, or −1 and 8538…), and an
  // amount with decimals or a unit glued after the count before it (表二「政府集中采购13575394432.52元」):
  // their integer digits split like a count's; the sign stays on the first piece, the tail on the last.
  const parts = (t: string, last: boolean) => {
    const m = /^([-−－]?)(\d+)(\.\d+)?(万元|元)?$/.exec(t);
    if (!m || (!last && (m[3] !== undefined || m[4] !== undefined))) return null;
    return { sign: m[1] ?? "", digits: m[2] ?? "", tail: `${m[3] ?? ""}${m[4] ?? ""}` };
  };
  const maxParts = tokens.map((t, i) => parts(t, i === tokens.length - 1)?.digits.length ?? 1);
  if (maxParts.reduce((a, b) => a + b, 0) < width) return [];
  const out: Candidate[] = [];
  const rec = (i: number, left: number, acc: string[]) => {
    if (out.length > MAX_CANDIDATES) return;
    if (i === tokens.length) {
      if (left === 0) out.push({ slots: acc.map(toSlot), raws: [...acc] });
      return;
    }
    const token = tokens[i] ?? "";
    const restMin = tokens.length - i - 1;
    const cap = Math.min(maxParts[i] ?? 1, left - restMin);
    for (let k = 1; k <= cap; k++) {
      const p = parts(token, i === tokens.length - 1);
      const splits =
        k === 1 || !p
          ? [[token]]
          : splitDigits(p.digits, k).map((pieces) =>
              pieces.map(
                (piece, n) => `${n === 0 ? p.sign : ""}${piece}${n === pieces.length - 1 ? p.tail : ""}`,
              ),
            );
      for (const pieces of splits) rec(i + 1, left - k, [...acc, ...pieces]);
    }
  };
  rec(0, width, []);
  // Reading the printed tokens as they stand is the "missing" case, not a glue.
  return out.filter((c) => c.raws.length === width && run.length !== width);
}

/** Apply row constraints to each candidate, solving unknowns; drop violators. */
export function constrain(
  candidates: readonly Candidate[],
  constraints: readonly RowConstraint[],
): Candidate[] {
  const out: Candidate[] = [];
  for (const candidate of candidates) {
    let slots: Slot[] | null = [...candidate.slots];
    for (const constraint of constraints) {
      if (slots === null) break;
      slots = constraint(slots);
    }
    if (slots !== null) out.push({ slots, raws: candidate.raws });
  }
  return out;
}

/** Sum relation on one row: slots[total] = Σ slots[parts]; solves a single unknown. */
export function sumConstraint(parts: readonly number[], total: number): RowConstraint {
  return (slots) => {
    const idx = [...parts, total];
    const unknown = idx.filter((i) => slots[i] === "?");
    if (idx.some((i) => slots[i] === null)) return [...slots];
    if (unknown.length > 1) return [...slots];
    const sumParts = parts.reduce((s, i) => s + (slots[i] === "?" ? 0 : (slots[i] as number)), 0);
    const out = [...slots];
    if (unknown.length === 0) return sumParts === slots[total] ? out : null;
    const u = unknown[0] as number;
    const solved = u === total ? sumParts : (slots[total] as number) - sumParts;
    if (!Number.isInteger(solved) || solved < 0) return null;
    out[u] = solved;
    return out;
  };
}

/**
 * Readings of several rows at once under one relation Σ coef·row = 0 per column: keeps, for each open
 * row, the candidates that take part in at least one combination that holds in every column where all
 * terms are known numbers. `known` gives the fixed rows; null when there are too many combinations.
 */
export function jointlyConsistent(
  open: readonly { readonly coef: number; readonly candidates: readonly Candidate[] }[],
  known: readonly { readonly coef: number; readonly slots: readonly Slot[] }[],
  width: number,
): Candidate[][] | null {
  const combos = open.reduce((n, o) => n * distinct(o.candidates).length, 1);
  if (combos === 0 || combos > MAX_CANDIDATES) return null;
  const options = open.map((o) => distinct(o.candidates));
  const keep = options.map(() => new Set<Candidate>());
  const pick: Candidate[] = [];
  const holds = () => {
    for (let c = 0; c < width; c++) {
      let sum = 0;
      let complete = true;
      for (const k of known) {
        const v = k.slots[c];
        if (typeof v !== "number") complete = false;
        else sum += k.coef * v;
      }
      pick.forEach((cand, i) => {
        const v = cand.slots[c];
        if (typeof v !== "number") complete = false;
        else sum += (open[i]?.coef ?? 0) * v;
      });
      if (complete && sum !== 0) return false;
    }
    return true;
  };
  const rec = (i: number) => {
    if (i === options.length) {
      if (holds()) {
        pick.forEach((cand, j) => {
          keep[j]?.add(cand);
        });
      }
      return;
    }
    for (const cand of options[i] ?? []) {
      pick.push(cand);
      rec(i + 1);
      pick.pop();
    }
  };
  rec(0);
  return options.map((_, i) => {
    const kept = keep[i] as Set<Candidate>;
    const values = new Set([...kept].map((c) => c.slots.join()));
    return (open[i]?.candidates ?? []).filter((c) => values.has(c.slots.join()));
  });
}

/** Distinct readings (by value, ignoring which printed cell went where). */
export function distinct(candidates: readonly Candidate[]): Candidate[] {
  const seen = new Map<string, Candidate>();
  for (const c of candidates) {
    const key = c.slots.map((s) => (s === null ? "_" : String(s))).join(",");
    if (!seen.has(key)) seen.set(key, c);
  }
  return [...seen.values()];
}

/** "11/0/0/0/0/1/12" for a PARSE-AMBIGUOUS message. */
export function formatCandidate(c: Candidate): string {
  return c.slots.map((s) => (s === null ? "空" : s === "?" ? "?" : String(s))).join("/");
}
