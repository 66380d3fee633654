/**
 * Table figures that hold by construction (rules.md §5–6.1): every 表三 column balances
 * (new + carried_over = total_processed + carried_forward), （七） is the sum of the results, every
 * total is the sum of the six applicant columns; 表四 totals add up; 表二 in_force ≥ made.
 */
import type { IssuerLevel } from "../../extract/schema.ts";
import {
  T3_APPLICANT_COLUMNS,
  T3_GROUPS,
  T4_COLUMNS,
  T4_ROWS,
  type TemplateVersion,
  t2Cells,
} from "../../extract/template/layout.ts";
import type { Rng } from "./prng.ts";

export type Figures = Record<string, number>;

/** Result rows of 表三 （一）–（六） (with （六） split), with how often an application ends there. */
const RESULT_WEIGHTS: ReadonlyArray<readonly [string, number]> = [
  ["granted", 34],
  ["partially_granted", 8],
  ["denied.state_secret", 0.3],
  ["denied.law_prohibited", 0.5],
  ["denied.three_safety_one_stability", 0.3],
  ["denied.third_party_rights", 2],
  ["denied.internal_affairs", 1.5],
  ["denied.process_info", 2],
  ["denied.enforcement_file", 1],
  ["denied.administrative_query", 2],
  ["unable.no_such_info", 24],
  ["unable.need_creation", 3],
  ["unable.unclear_after_correction", 2],
  ["not_processed.petition_complaint", 4],
  ["not_processed.duplicate", 5],
  ["not_processed.publication", 1],
  ["not_processed.massive_repeated", 1],
  ["not_processed.confirm_reissue", 2],
  ["other_processing.overdue_correction", 2],
  ["other_processing.overdue_fee", 0.6],
  ["other_processing.other", 3],
];

export const RESULT_ROWS_SPLIT: readonly string[] = RESULT_WEIGHTS.map(([row]) => row);

/** How many applications a report of this level typically handles. */
function applicationScale(rng: Rng, level: IssuerLevel): number {
  if (rng.chance(0.18)) return 0; // many small issuers receive none
  switch (level) {
    case "subdistrict":
    case "township_government":
      return rng.weighted([
        [rng.int(1, 8), 6],
        [rng.int(9, 40), 3],
        [rng.int(41, 90), 1],
      ]);
    case "department":
      return rng.weighted([
        [rng.int(1, 15), 5],
        [rng.int(16, 80), 4],
        [rng.int(81, 260), 1],
      ]);
    case "county_plus_government":
      return rng.weighted([
        [rng.int(1, 20), 4],
        [rng.int(21, 120), 4],
        [rng.int(121, 400), 2],
      ]);
  }
}

/**
 * 表三 with （六） split into its three sub-rows; `fees` = whether （六）2 may be non-zero
 * (信息处理费 exist from 2021 on). The single （六） row is their sum (see `withSingleOther`).
 */
export function t3Figures(rng: Rng, level: IssuerLevel, fees: boolean): Figures {
  const f: Figures = {};
  const scale = applicationScale(rng, level);
  const weights = RESULT_WEIGHTS.filter(([row]) => fees || row !== "other_processing.overdue_fee");
  for (const col of T3_APPLICANT_COLUMNS) {
    let fresh: number;
    if (col === "natural_person") fresh = scale;
    else if (scale === 0) fresh = 0;
    else {
      const share =
        col === "business" ? 0.35 : col === "legal_services" ? 0.25 : col === "other" ? 0.15 : 0.06;
      fresh = rng.chance(share) ? rng.int(1, Math.max(1, Math.round(scale / 6))) : 0;
    }
    const carried =
      fresh > 0 && rng.chance(0.3) ? rng.int(1, Math.min(6, Math.max(1, Math.ceil(fresh / 4)))) : 0;
    const available = fresh + carried;
    const forward = available > 0 && rng.chance(0.3) ? rng.int(0, Math.min(available, 6)) : 0;
    const processed = available - forward;
    const byRow = new Map<string, number>();
    for (let i = 0; i < processed; i++) {
      const row = rng.weighted(weights);
      byRow.set(row, (byRow.get(row) ?? 0) + 1);
    }
    f[`t3.new.${col}`] = fresh;
    f[`t3.carried_over.${col}`] = carried;
    for (const row of RESULT_ROWS_SPLIT) f[`t3.${row}.${col}`] = byRow.get(row) ?? 0;
    f[`t3.total_processed.${col}`] = processed;
    f[`t3.carried_forward.${col}`] = forward;
  }
  const rows = ["new", "carried_over", ...RESULT_ROWS_SPLIT, "total_processed", "carried_forward"];
  for (const row of rows) {
    f[`t3.${row}.total`] = T3_APPLICANT_COLUMNS.reduce((s, col) => s + (f[`t3.${row}.${col}`] ?? 0), 0);
  }
  return f;
}

/** The same 表三 with （六） as one row (2019 template, or a 2021 report that does not split it). */
export function withSingleOther(f: Figures): Figures {
  const out: Figures = {};
  for (const [key, value] of Object.entries(f)) if (!key.startsWith("t3.other_processing.")) out[key] = value;
  for (const col of [...T3_APPLICANT_COLUMNS, "total"]) {
    out[`t3.other_processing.${col}`] = T3_GROUPS.other_split.reduce(
      (s, row) => s + (f[`t3.${row}.${col}`] ?? 0),
      0,
    );
  }
  return out;
}

/** 表四: mostly nothing; a few reviews and lawsuits, their totals the sum of the four results. */
export function t4Figures(rng: Rng, applications: number): Figures {
  const f: Figures = {};
  for (const group of T4_ROWS) {
    const p = group.key === "review" ? 0.35 : group.key === "litigation_direct" ? 0.15 : 0.1;
    const n = applications > 0 && rng.chance(p) ? rng.int(1, group.key === "review" ? 6 : 3) : 0;
    const parts: Record<string, number> = { upheld: 0, corrected: 0, other: 0, pending: 0 };
    for (let i = 0; i < n; i++) {
      const col = rng.weighted([
        ["upheld", 5],
        ["corrected", 2],
        ["other", 1.5],
        ["pending", 1.5],
      ] as const);
      parts[col] = (parts[col] ?? 0) + 1;
    }
    for (const col of T4_COLUMNS)
      f[`t4.${group.key}.${col.key}`] = col.key === "total" ? n : (parts[col.key] ?? 0);
  }
  return f;
}

function decisions(rng: Rng, level: IssuerLevel, kind: "licensing" | "punishment" | "coercion"): number {
  const big = level === "department" || level === "county_plus_government";
  if (rng.chance(big ? 0.25 : 0.45)) return 0;
  if (kind === "licensing")
    return rng.weighted([
      [rng.int(1, 60), 4],
      [rng.int(61, 900), 3],
      [rng.int(901, 6000), big ? 3 : 1],
    ]);
  if (kind === "punishment")
    return rng.weighted([
      [rng.int(1, 40), 4],
      [rng.int(41, 500), 3],
      [rng.int(501, 2500), 1],
    ]);
  return rng.weighted([
    [rng.int(1, 10), 5],
    [rng.int(11, 120), 2],
  ]);
}

/** A fee amount in 万元 with at most two decimals. */
function wanYuan(rng: Rng): number {
  return rng.chance(0.5)
    ? 0
    : Math.round(
        rng.weighted([
          [rng.next() * 5, 3],
          [rng.next() * 120, 2],
          [rng.next() * 900, 1],
        ]) * 100,
      ) / 100;
}

/** 表二 of the given template version. `issuer` decides whether 规章 can be made at all (设区的市 and up). */
export function t2Figures(
  rng: Rng,
  version: TemplateVersion,
  level: IssuerLevel,
  makesRegulations: boolean,
): Figures {
  const f: Figures = {};
  const docs = (row: "regulations" | "normative_documents"): [number, number, number] => {
    if (row === "regulations" && !makesRegulations) return [0, 0, 0];
    const active = level === "department" || level === "county_plus_government" ? 0.6 : 0.2;
    if (!rng.chance(active)) return [0, 0, rng.chance(0.2) ? rng.int(1, 12) : 0];
    const made = rng.int(0, row === "regulations" ? 3 : 9);
    const repealed = rng.chance(0.4) ? rng.int(0, 5) : 0;
    const inForce = made + rng.int(0, row === "regulations" ? 40 : 60);
    return [made, repealed, inForce];
  };
  if (version === "2021") {
    for (const row of ["regulations", "normative_documents"] as const) {
      const [made, repealed, inForce] = docs(row);
      f[`t2.${row}.made`] = made;
      f[`t2.${row}.repealed`] = repealed;
      f[`t2.${row}.in_force`] = inForce;
    }
    for (const row of ["licensing", "punishment", "coercion"] as const)
      f[`t2.${row}.decisions`] = decisions(rng, level, row);
    f["t2.fees.amount_wan_yuan"] = wanYuan(rng);
  } else {
    for (const row of ["regulations", "normative_documents"] as const) {
      const [made, , inForce] = docs(row);
      f[`t2.${row}.new_made`] = made;
      f[`t2.${row}.new_published`] = made;
      f[`t2.${row}.total_published`] = inForce;
    }
    for (const row of ["licensing", "other_services", "punishment", "coercion"] as const) {
      const prev = rng.chance(0.4) ? 0 : rng.int(1, 80);
      const change = rng.chance(0.6) ? 0 : rng.int(-Math.min(prev, 6), 8);
      f[`t2.${row}.prev_items`] = prev;
      f[`t2.${row}.change`] = change;
      f[`t2.${row}.decisions`] =
        row === "other_services" ? decisions(rng, level, "coercion") : decisions(rng, level, row);
    }
    const prevFees = rng.chance(0.6) ? 0 : rng.int(1, 15);
    f["t2.fees.prev_items"] = prevFees;
    f["t2.fees.change"] = rng.chance(0.7) ? 0 : rng.int(-Math.min(prevFees, 3), 3);
    const items = rng.chance(0.35) ? 0 : rng.int(1, 60);
    f["t2.procurement.items"] = items;
    f["t2.procurement.total_amount"] = items === 0 ? 0 : Math.round((rng.next() * 2000 + 1) * 100) / 100;
  }
  for (const cell of t2Cells(version))
    if (!(cell.key in f)) throw new Error(`t2Figures: no value for ${cell.key}`);
  return f;
}

/** Printed text of a value in its cell ("567.27万元" for the 2019 procurement amount). */
export function printedValue(key: string, value: number): string {
  if (key === "t2.procurement.total_amount") return value === 0 ? "0" : `${formatDecimal(value)}万元`;
  if (key === "t2.fees.amount_wan_yuan") return formatDecimal(value);
  return String(value);
}

export function formatDecimal(value: number): string {
  return String(Math.round(value * 100) / 100);
}
