/**
 * The defect catalogue: one entry per way a report goes wrong, aimed at the rule(s) of rules.md §6 it
 * must trigger. Each entry changes the draft (template, figures, printed cells, prose options, date,
 * sections); what follows from the change is left to the oracle.
 */
import type { IssuerLevel } from "../../extract/schema.ts";
import {
  T3_APPLICANT_COLUMNS,
  T3_COLUMNS,
  T4_COLUMNS,
  type TemplateVersion,
  t2Cells,
  t3Rows,
} from "../../extract/template/layout.ts";
import type { Figures } from "./figures.ts";
import type { Issuer } from "./issuers.ts";
import type { Rng } from "./prng.ts";
import type { ProseOptions } from "./prose.ts";

/** The report while it is being built (mutable). */
export interface Draft {
  readonly rng: Rng;
  year: number;
  issuer: Issuer;
  version: TemplateVersion;
  otherSplit: boolean;
  /** True figures (表三 with （六） split, 表四, 表二 of `version`). */
  truth: Figures;
  /** Printed cell texts (set after the figures). */
  cells: Record<string, string>;
  prose: { -readonly [K in keyof ProseOptions]: ProseOptions[K] };
  date: "ontime" | "late" | "none";
  /** Sections left out, and whether 五 and 六 swap places. */
  dropSection: number | null;
  swap56: boolean;
  /** A defect changed 表三's printed cells (no lost or glued cells then). */
  t3Touched: boolean;
}

export interface DefectContext {
  readonly year: number;
  readonly level: IssuerLevel;
}

export interface DefectKind {
  readonly id: string;
  /** Rules the defect aims at. */
  readonly rules: readonly string[];
  /** Defects of one group are not combined. */
  readonly group: string;
  readonly years?: readonly [number, number];
  readonly levels?: readonly IssuerLevel[];
  /** Before the figures: template and layout. */
  readonly setup?: (d: Draft) => void;
  /** Make the true figures fit the defect (keeping every relation). */
  readonly shape?: (d: Draft) => void;
  /** The change itself, after the cells are printed; returns what was done. */
  readonly apply: (d: Draft) => string;
}

// ------------------------------------------------------------------ helpers

const RESULT_ROWS = (split: boolean) =>
  t3Rows(split)
    .map((r) => r.key)
    .filter((r) => !["new", "carried_over", "total_processed", "carried_forward"].includes(r));

/**
 * Add n applications that enter through `into` (new / carried_over) and leave through `out` (a result
 * row, or carried_forward) in column `col`: every 表三 relation still holds.
 */
export function addFlow(f: Figures, into: "new" | "carried_over", out: string, col: string, n = 1): void {
  const add = (row: string) => {
    f[`t3.${row}.${col}`] = (f[`t3.${row}.${col}`] ?? 0) + n;
    f[`t3.${row}.total`] = (f[`t3.${row}.total`] ?? 0) + n;
  };
  add(into);
  add(out);
  if (out !== "carried_forward") add("total_processed");
}

function numberOf(d: Draft, key: string): number {
  const n = Number(d.cells[key]);
  if (!Number.isFinite(n)) throw new Error(`defect: ${key} is not a number (${d.cells[key]})`);
  return n;
}

/** Change a printed count by a non-zero amount, staying ≥ 0. */
function nudge(d: Draft, key: string): string {
  const before = numberOf(d, key);
  let delta = d.rng.pick([1, 1, 2, 3, -1, -2]);
  if (before + delta < 0) delta = -delta;
  d.cells[key] = String(before + delta);
  return `${key} ${before} → ${before + delta}`;
}

function nudgeTogether(d: Draft, keys: readonly string[]): string {
  let delta = d.rng.pick([1, 2, 3, -1, -2]);
  if (keys.some((k) => numberOf(d, k) + delta < 0)) delta = Math.abs(delta);
  const parts = keys.map((k) => {
    const before = numberOf(d, k);
    d.cells[k] = String(before + delta);
    return `${k} ${before} → ${before + delta}`;
  });
  return parts.join(", ");
}

const t3Row = (d: Draft) => d.rng.pick(t3Rows(d.otherSplit).map((r) => r.key));

/** A prose value that differs from the true one (≥ 0). */
function wrong(rng: Rng, value: number): number {
  const delta = rng.pick([1, 2, 3, 5, -1, -2]);
  return value + delta >= 0 ? value + delta : value - delta;
}

function resultGroups(f: Figures): string[] {
  const groups = [
    "t3.granted.total",
    "t3.partially_granted.total",
    "t3.denied.*",
    "t3.unable.*",
    "t3.not_processed.*",
    "t3.other_processing.*",
  ];
  return groups.filter((g) => {
    const m = /^t3\.([a-z_]+)\.\*$/.exec(g)?.[1];
    if (!m) return (f[g] ?? 0) > 0;
    return Object.entries(f).some(([k, v]) => k.startsWith(`t3.${m}.`) && k.endsWith(".total") && v > 0);
  });
}

const T4_RULE_GROUPS = [
  ["t4-review", "review", "T4-REVIEW"],
  ["t4-litigation-direct", "litigation_direct", "T4-LITIGATION_DIRECT"],
  ["t4-litigation-after-review", "litigation_after_review", "T4-LITIGATION_AFTER_REVIEW"],
] as const;

// ------------------------------------------------------------------ catalogue

export const DEFECTS: readonly DefectKind[] = [
  {
    id: "t3-cell",
    rules: ["T3-COLSUM"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      return `one applicant cell changed: ${nudge(d, `t3.${t3Row(d)}.${d.rng.pick(T3_APPLICANT_COLUMNS)}`)}`;
    },
  },
  {
    id: "t3-row-total",
    rules: ["T3-COLSUM"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      return `a row's 总计 changed: ${nudge(d, `t3.${t3Row(d)}.total`)}`;
    },
  },
  {
    id: "t3-bal",
    rules: ["T3-BAL"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      const row = d.rng.pick(["new", "carried_over", "carried_forward"]);
      const col = d.rng.pick(T3_APPLICANT_COLUMNS);
      return `cell and its row total changed together (row sum holds): ${nudgeTogether(d, [`t3.${row}.${col}`, `t3.${row}.total`])}`;
    },
  },
  {
    id: "t3-results",
    rules: ["T3-RESULTS"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      const row = d.rng.pick(RESULT_ROWS(d.otherSplit));
      const col = d.rng.pick(T3_APPLICANT_COLUMNS);
      return `a result cell and its row total changed together: ${nudgeTogether(d, [`t3.${row}.${col}`, `t3.${row}.total`])}`;
    },
  },
  {
    id: "t3-processed",
    rules: ["T3-RESULTS", "T3-BAL"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      const col = d.rng.pick(T3_APPLICANT_COLUMNS);
      return `（七）总计 hand-typed: ${nudgeTogether(d, [`t3.total_processed.${col}`, "t3.total_processed.total"])}`;
    },
  },
  {
    id: "t3-nonneg",
    rules: ["T3-NONNEG"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      const key = `t3.${t3Row(d)}.${d.rng.pick(T3_COLUMNS.map((c) => c.key))}`;
      const raw = d.rng.pick(["-1", "-2", "1.5", "0.5"]);
      const before = d.cells[key];
      d.cells[key] = raw;
      return `${key} ${before} → ${raw}`;
    },
  },
  {
    id: "t3-blank",
    rules: ["T3-BLANK"],
    group: "t3",
    apply: (d) => {
      d.t3Touched = true;
      const keys = d.rng
        .shuffle(t3Rows(d.otherSplit).flatMap((r) => T3_COLUMNS.map((c) => `t3.${r.key}.${c.key}`)))
        .slice(0, d.rng.int(1, 3));
      for (const k of keys) d.cells[k] = "";
      return `blank: ${keys.join(", ")}`;
    },
  },
  ...T4_RULE_GROUPS.map(
    ([id, group, rule]): DefectKind => ({
      id,
      rules: [rule],
      group: "t4",
      apply: (d) => nudge(d, `t4.${group}.${d.rng.pick(T4_COLUMNS.map((c) => c.key))}`),
    }),
  ),
  {
    id: "t4-nonneg",
    rules: ["T4-NONNEG"],
    group: "t4",
    apply: (d) => {
      const key = `t4.${d.rng.pick(["review", "litigation_direct", "litigation_after_review"])}.${d.rng.pick(T4_COLUMNS.map((c) => c.key))}`;
      const before = d.cells[key];
      d.cells[key] = d.rng.pick(["-1", "1.5"]);
      return `${key} ${before} → ${d.cells[key]}`;
    },
  },
  {
    id: "t4-blank",
    rules: ["T4-BLANK"],
    group: "t4",
    apply: (d) => {
      // Seed 000: the five 行政复议 cells left empty; or one or two cells anywhere.
      const keys = d.rng.chance(0.5)
        ? T4_COLUMNS.map((c) => `t4.review.${c.key}`)
        : d.rng
            .shuffle(
              ["review", "litigation_direct", "litigation_after_review"].flatMap((g) =>
                T4_COLUMNS.map((c) => `t4.${g}.${c.key}`),
              ),
            )
            .slice(0, d.rng.int(1, 2));
      for (const k of keys) d.cells[k] = "";
      return `blank: ${keys.join(", ")}`;
    },
  },
  {
    id: "t2-nonneg",
    rules: ["T2-NONNEG"],
    group: "t2",
    apply: (d) => {
      const key = d.rng.pick(
        t2Cells(d.version)
          .filter((c) => c.column.type === "count")
          .map((c) => c.key),
      );
      const before = d.cells[key];
      d.cells[key] = d.rng.pick(["-3", "-1", "2.5"]);
      return `${key} ${before} → ${d.cells[key]}`;
    },
  },
  {
    id: "t2-blank",
    rules: ["T2-BLANK"],
    group: "t2",
    apply: (d) => {
      const keys = d.rng.shuffle(t2Cells(d.version).map((c) => c.key)).slice(0, d.rng.int(1, 2));
      for (const k of keys) d.cells[k] = "";
      return `blank: ${keys.join(", ")}`;
    },
  },
  {
    id: "t2-valid-self",
    rules: ["T2-VALID-SELF"],
    group: "t2",
    apply: (d) => {
      const [flow, stock] =
        d.version === "2021" ? ["made", "in_force"] : ["new_published", "total_published"];
      const made = d.rng.int(2, 6);
      const inForce = d.rng.int(0, made - 1);
      d.cells[`t2.normative_documents.${flow}`] = String(made);
      if (d.version === "2019") d.cells["t2.normative_documents.new_made"] = String(made);
      d.cells[`t2.normative_documents.${stock}`] = String(inForce);
      d.truth[`t2.normative_documents.${flow}`] = made;
      if (d.version === "2019") d.truth["t2.normative_documents.new_made"] = made;
      return `行政规范性文件 ${flow} ${made} > ${stock} ${inForce}`;
    },
  },
  {
    id: "t2-unit",
    rules: ["T2-UNIT"],
    group: "t2",
    years: [2021, 2025],
    levels: ["subdistrict", "township_government"],
    setup: (d) => {
      d.version = "2021";
    },
    apply: (d) => {
      // A 元 figure typed into the 万元 column: ≥ 10^6 for a 乡镇/街道 (rules.md §6.2 T2-UNIT).
      const yuan = d.rng.int(1000, 9000) * 1000;
      d.cells["t2.fees.amount_wan_yuan"] = String(yuan);
      return `行政事业性收费 printed in 元: ${yuan}`;
    },
  },
  {
    id: "text-t3-new",
    rules: ["TEXT-T3-NEW"],
    group: "prose-apps",
    apply: (d) => {
      const v = wrong(d.rng, d.truth["t3.new.total"] ?? 0);
      d.prose.proseValue = { ...d.prose.proseValue, "t3.new.total": v };
      return `prose: 收到申请 ${v} (table ${d.truth["t3.new.total"]})`;
    },
  },
  {
    id: "text-t3-new-carried",
    rules: ["TEXT-T3-NEW"],
    group: "prose-apps",
    shape: (d) => {
      if ((d.truth["t3.carried_over.total"] ?? 0) === 0)
        addFlow(d.truth, "carried_over", "granted", "natural_person", d.rng.int(1, 4));
    },
    apply: (d) => {
      d.prose.newPlusCarried = true;
      return "prose counts 新收 + 上年结转 as received (seed 002): a notice";
    },
  },
  {
    id: "text-t3-done",
    rules: ["TEXT-T3-DONE"],
    group: "prose-apps",
    apply: (d) => {
      const v = wrong(d.rng, d.truth["t3.total_processed.total"] ?? 0);
      d.prose.proseValue = { ...d.prose.proseValue, "t3.total_processed.total": v };
      d.prose.noResultList = true;
      return `prose: 办结 ${v} (table ${d.truth["t3.total_processed.total"]})`;
    },
  },
  {
    id: "text-t3-carry",
    rules: ["TEXT-T3-CARRY"],
    group: "prose-apps",
    apply: (d) => {
      const key = d.rng.pick(["t3.carried_forward.total", "t3.carried_over.total"]);
      const v = wrong(d.rng, d.truth[key] ?? 0);
      d.prose.proseValue = { ...d.prose.proseValue, [key]: v };
      return `prose: ${key} ${v} (table ${d.truth[key]})`;
    },
  },
  {
    id: "text-t3-split",
    rules: ["TEXT-T3-SPLIT"],
    group: "prose-apps",
    shape: (d) => {
      if ((d.truth["t3.granted.total"] ?? 0) === 0)
        addFlow(d.truth, "new", "granted", "natural_person", d.rng.int(1, 5));
      if ((d.truth["t3.unable.no_such_info.total"] ?? 0) === 0)
        addFlow(d.truth, "new", "unable.no_such_info", "natural_person", d.rng.int(1, 3));
    },
    apply: (d) => {
      const key = d.rng.pick(resultGroups(d.truth));
      const groupTotal = key.endsWith(".*")
        ? Object.entries(d.truth)
            .filter(
              ([k]) => k.startsWith(key.slice(0, -1)) && k.endsWith(".total") && k.split(".").length === 4,
            )
            .reduce((s, [, v]) => s + v, 0)
        : (d.truth[key] ?? 0);
      const v = wrong(d.rng, groupTotal);
      d.prose.proseValue = { ...d.prose.proseValue, [key]: v };
      return `prose: ${key} ${v} (table ${groupTotal})`;
    },
  },
  {
    id: "text-t4",
    rules: ["TEXT-T4"],
    group: "t4",
    apply: (d) => {
      const lawsuits = "t4.litigation_direct.total+t4.litigation_after_review.total";
      const key = d.rng.pick(["t4.review.total", lawsuits]);
      const actual =
        key === lawsuits
          ? (d.truth["t4.litigation_direct.total"] ?? 0) + (d.truth["t4.litigation_after_review.total"] ?? 0)
          : (d.truth[key] ?? 0);
      const v = wrong(d.rng, actual);
      d.prose.proseValue = { ...d.prose.proseValue, [key]: v };
      return `prose: ${key} ${v} (table ${actual})`;
    },
  },
  {
    id: "text-t2",
    rules: ["TEXT-T2"],
    group: "t2",
    apply: (d) => {
      const key = d.rng.pick([
        "t2.normative_documents.made",
        "t2.licensing.decisions",
        "t2.punishment.decisions",
        "t2.coercion.decisions",
      ]);
      const truthKey =
        key === "t2.normative_documents.made" && d.version === "2019"
          ? "t2.normative_documents.new_made"
          : key;
      const v = wrong(d.rng, d.truth[truthKey] ?? 0);
      d.prose.proseValue = { ...d.prose.proseValue, [key]: v };
      return `prose: ${key} ${v} (table ${d.truth[truthKey]})`;
    },
  },
  {
    id: "text-self",
    rules: ["TEXT-SELF"],
    group: "prose-active",
    apply: (d) => {
      d.prose.selfTotalError = -d.rng.int(1, 9);
      return `主动公开 total ${d.prose.selfTotalError} below the sum of its parts`;
    },
  },
  {
    id: "xy-format",
    rules: ["XY-FORMAT"],
    group: "version",
    setup: (d) => {
      d.version = d.year >= 2021 ? "2019" : "2021";
      d.otherSplit = d.version === "2021";
    },
    apply: (d) => `template ${d.version} printed for ${d.year}`,
  },
  {
    id: "format-other-split",
    rules: ["FORMAT-OTHER-SPLIT"],
    group: "version",
    years: [2021, 2025],
    setup: (d) => {
      d.otherSplit = false;
    },
    apply: () => "表三 （六） printed as one row in a 2021-template report",
  },
  {
    id: "fee-present",
    rules: ["FEE-PRESENT"],
    group: "fee",
    years: [2021, 2025],
    apply: (d) => {
      d.prose.fee = "none";
      return "no 信息处理费 statement in 六";
    },
  },
  {
    id: "fee-partial",
    rules: ["FEE-PRESENT"],
    group: "fee",
    years: [2021, 2025],
    apply: (d) => {
      d.prose.fee = "collected-only";
      return "六 states only that no fee was collected (a notice)";
    },
  },
  {
    id: "fee-notice",
    rules: ["FEE-NOTICE"],
    group: "fee",
    years: [2021, 2025],
    shape: (d) => {
      if ((d.truth["t3.other_processing.overdue_fee.total"] ?? 0) === 0) {
        addFlow(d.truth, "new", "other_processing.overdue_fee", "natural_person", d.rng.int(1, 2));
      }
    },
    apply: (d) => {
      const n = d.truth["t3.other_processing.overdue_fee.total"] ?? 0;
      d.prose.feeNotices = n > 1 && d.rng.chance(0.4) ? n - 1 : 0;
      return `（六）2 = ${n} but 六 reports ${d.prose.feeNotices} 收费通知`;
    },
  },
  {
    id: "structure-missing",
    rules: ["STRUCTURE-SECTIONS"],
    group: "structure",
    apply: (d) => {
      d.dropSection = d.rng.pick([5, 6]);
      return `section ${d.dropSection} left out`;
    },
  },
  {
    id: "structure-order",
    rules: ["STRUCTURE-SECTIONS"],
    group: "structure",
    apply: (d) => {
      d.swap56 = true;
      return "sections 五 and 六 swapped";
    },
  },
  {
    id: "deadline",
    rules: ["DEADLINE"],
    group: "date",
    apply: (d) => {
      d.date = "late";
      return "落款 after the deadline";
    },
  },
  {
    id: "meta-date",
    rules: ["META-DATE"],
    group: "date",
    apply: (d) => {
      d.date = "none";
      return "no 落款 date";
    },
  },
  {
    id: "meta-year",
    rules: ["META-YEAR"],
    group: "prose-year",
    apply: (d) => {
      const other = d.year - 1;
      const where = d.rng.pick(["period", "name", "applications"] as const);
      if (where === "period") d.prose.periodYear = other;
      else if (where === "name") d.prose.reportNameYear = other;
      else d.prose.applicationsYear = other;
      return `${other} printed as the year of the ${where === "period" ? "statistical period" : where === "name" ? "report's own name" : "applications sentence"}`;
    },
  },
  {
    id: "content-art50",
    rules: ["CONTENT-ART50"],
    group: "prose-systems",
    levels: ["subdistrict", "township_government", "county_plus_government"],
    apply: (d) => {
      d.prose.omitSystems = true;
      return "考核/评议/追究 not reported";
    },
  },
];

export function defectById(id: string): DefectKind {
  const kind = DEFECTS.find((k) => k.id === id);
  if (!kind) throw new Error(`unknown defect kind ${id}`);
  return kind;
}
