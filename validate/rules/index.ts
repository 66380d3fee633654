/**
 * The rule registry: every rule of rules.md §6 that is implemented, sorted by id (plain code-unit
 * order, the order the engine reports summaries in). One file per rule, named after its id
 * (lower-cased, `_` → `-`); tests/validate/registry.test.ts fails when a rule file is not listed here
 * or has no test.
 */
import type { Rule } from "../finding.ts";
import { formatOtherSplit } from "./format-other-split.ts";
import { parseAmbiguous } from "./parse-ambiguous.ts";
import { structureTables } from "./structure-tables.ts";
import { t2Blank } from "./t2-blank.ts";
import { t2Nonneg } from "./t2-nonneg.ts";
import { t2Unit } from "./t2-unit.ts";
import { t2ValidSelf } from "./t2-valid-self.ts";
import { t3Bal } from "./t3-bal.ts";
import { t3Blank } from "./t3-blank.ts";
import { t3Colsum } from "./t3-colsum.ts";
import { t3Nonneg } from "./t3-nonneg.ts";
import { t3Results } from "./t3-results.ts";
import { t4Blank } from "./t4-blank.ts";
import { t4LitigationAfterReview } from "./t4-litigation-after-review.ts";
import { t4LitigationDirect } from "./t4-litigation-direct.ts";
import { t4Nonneg } from "./t4-nonneg.ts";
import { t4Review } from "./t4-review.ts";
import { xyFormat } from "./xy-format.ts";

/** Table, template and parse rules (arithmetic, blanks, format version, structure). Keep sorted by id. */
const tableRules: readonly Rule[] = [
  formatOtherSplit, // FORMAT-OTHER-SPLIT
  parseAmbiguous, // PARSE-AMBIGUOUS
  structureTables, // STRUCTURE-TABLES
  t2Blank, // T2-BLANK
  t2Nonneg, // T2-NONNEG
  t2Unit, // T2-UNIT
  t2ValidSelf, // T2-VALID-SELF
  t3Bal, // T3-BAL
  t3Blank, // T3-BLANK
  t3Colsum, // T3-COLSUM
  t3Nonneg, // T3-NONNEG
  t3Results, // T3-RESULTS
  t4Blank, // T4-BLANK
  t4LitigationAfterReview, // T4-LITIGATION_AFTER_REVIEW
  t4LitigationDirect, // T4-LITIGATION_DIRECT
  t4Nonneg, // T4-NONNEG
  t4Review, // T4-REVIEW
  xyFormat, // XY-FORMAT
];

// --- prose rules (sections, metadata, narrative, fees) ---
// TEXT-*, FEE-*, STRUCTURE-SECTIONS, META-*, DEADLINE, CONTENT-ART50: import each rule file here and
// list it in `proseRules` (sorted by id). The exported `rules` array is re-sorted by id below.
import { contentArt50 } from "./content-art50.ts";
import { deadline } from "./deadline.ts";
import { feeNotice } from "./fee-notice.ts";
import { feePresent } from "./fee-present.ts";
import { metaDate } from "./meta-date.ts";
import { metaYear } from "./meta-year.ts";
import { structureSections } from "./structure-sections.ts";
import { textSelf } from "./text-self.ts";
import { textT2 } from "./text-t2.ts";
import { textT3Carry } from "./text-t3-carry.ts";
import { textT3Done } from "./text-t3-done.ts";
import { textT3New } from "./text-t3-new.ts";
import { textT3Split } from "./text-t3-split.ts";
import { textT4 } from "./text-t4.ts";

const proseRules: readonly Rule[] = [
  contentArt50, // CONTENT-ART50
  deadline, // DEADLINE
  feeNotice, // FEE-NOTICE
  feePresent, // FEE-PRESENT
  metaDate, // META-DATE
  metaYear, // META-YEAR
  structureSections, // STRUCTURE-SECTIONS
  textSelf, // TEXT-SELF
  textT2, // TEXT-T2
  textT3Carry, // TEXT-T3-CARRY
  textT3Done, // TEXT-T3-DONE
  textT3New, // TEXT-T3-NEW
  textT3Split, // TEXT-T3-SPLIT
  textT4, // TEXT-T4
];

// --- end prose rules ---

// --- cross-year rules (XY-CARRY, T2-VALID-XY, T2-2019-ITEMS, XY-PROBLEMS; meta.crossYear = true) ---
import { t22019Items } from "./t2-2019-items.ts";
import { t2ValidXy } from "./t2-valid-xy.ts";
import { xyCarry } from "./xy-carry.ts";
import { xyProblems } from "./xy-problems.ts";

const crossYearRules: readonly Rule[] = [
  t22019Items, // T2-2019-ITEMS
  t2ValidXy, // T2-VALID-XY
  xyCarry, // XY-CARRY
  xyProblems, // XY-PROBLEMS
];
// --- end cross-year rules ---

function byId(a: Rule, b: Rule): number {
  return a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0;
}

/** Every registered rule, sorted by id. */
export const rules: readonly Rule[] = Object.freeze(
  [...tableRules, ...proseRules, ...crossYearRules].sort(byId),
);

/** A registered rule by its catalogue id. */
export function ruleById(id: string): Rule | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
