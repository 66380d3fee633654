/**
 * The question set's case types, and the resolution of a real-corpus case's expectations from its
 * report's gold (eval/real/gold/<id>.json). A seed case states its figures (read off the seed text by
 * hand); a real case only names gold cells, so no expected figure is typed by whoever wrote the question.
 */
import type { RealGold } from "../real.ts";

export type Seed = "000" | "001" | "002" | "003" | "004";

/** What a right answer must contain, as the scorer reads it (seed cases are already in this form). */
export interface QuestionCase {
  /** The seed (tests/fixtures/seeds/) or the real report (eval/real/gold/<id>.json) asked about. */
  readonly seed?: Seed;
  readonly real?: string;
  readonly batch?: 2 | 3;
  readonly q: string;
  /** Earlier questions of the conversation, oldest first. */
  readonly history?: readonly string[];
  /** Numbers the answer must state ("91.5%" for a rate). */
  readonly values?: readonly (number | string)[];
  /** Canonical keys (or finding:RULE, fee.*, section:N) the answer must cite. */
  readonly cites?: readonly string[];
  /** Phrases the answer must contain (compared without spaces and punctuation width). */
  readonly contains?: readonly string[];
  /** The report cannot answer this: the answer must say so, not give a nearby figure. */
  readonly cannot?: true;
  /** The report's gold figures (real cases): an answer citing a cell with another value, or with a
   * value where the gold holds null, states a wrong number. */
  readonly gold?: Readonly<Record<string, number | null>>;
}

/** A reference into the gold: a cell, a sum, a difference, a rate (formatted as the answerer does), metadata. */
export type GoldRef =
  | { readonly gold: string }
  | { readonly sum: readonly string[] }
  | { readonly diff: readonly [string, string] }
  /** numerator ÷ (denominator − minus) */
  | { readonly rate: readonly [readonly string[], readonly string[], (readonly string[])?] }
  | { readonly meta: "issuer" | "reportYear" | "templateVersion" | "publicationDate" | "level" | "deadline" };

export interface RealQuestion {
  /** 2: written after the answerer was fixed on the first run, to measure how the fixes generalise. */
  readonly batch?: 2 | 3;
  readonly real: string;
  readonly q: string;
  readonly history?: readonly string[];
  readonly values?: readonly GoldRef[];
  readonly cites?: readonly string[];
  /** Phrases: literal, or resolved from the gold (an issuer, a date). */
  readonly contains?: readonly (GoldRef | string)[];
  /** Stated by the writer for a cell the gold holds as null; checked against the gold when resolved. */
  readonly cannot?: true;
}

const LEVELS: Readonly<Record<string, string>> = {
  county_plus_government: "县级以上人民政府",
  department: "政府部门",
  township_government: "乡镇人民政府",
  subdistrict: "街道办事处",
};

/** A ratio as the answerer prints it: one decimal, no trailing ".0" ("91.5%", "50%"). */
export const percent = (ratio: number): string => `${Math.round(ratio * 1000) / 10}%`;

/** A figure as a value to find in the answer: integers as they are, amounts to the answerer's 2 decimals. */
const figure = (n: number): number => (Number.isInteger(n) ? n : Math.round(n * 100) / 100);

/** Resolves one reference: undefined when a cell it needs is null in the gold (the report cannot say). */
function resolveRef(ref: GoldRef, gold: RealGold): number | string | undefined {
  const cell = (key: string): number | null => {
    if (!(key in gold.figures)) throw new Error(`${gold.id}: no gold key ${key}`);
    return gold.figures[key] ?? null;
  };
  const total = (keys: readonly string[]): number | undefined => {
    let s = 0;
    for (const k of keys) {
      const v = cell(k);
      if (v === null) return undefined;
      s += v;
    }
    return s;
  };
  if ("gold" in ref) {
    const v = cell(ref.gold);
    return v === null ? undefined : figure(v);
  }
  if ("sum" in ref) {
    const s = total(ref.sum);
    return s === undefined ? undefined : figure(s);
  }
  if ("diff" in ref) {
    const [a, b] = [cell(ref.diff[0]), cell(ref.diff[1])];
    return a === null || b === null ? undefined : figure(Math.abs(a - b));
  }
  if ("rate" in ref) {
    const [num, den, minus] = [total(ref.rate[0]), total(ref.rate[1]), total(ref.rate[2] ?? [])];
    if (num === undefined || den === undefined || minus === undefined || den - minus === 0) return undefined;
    return percent(num / (den - minus));
  }
  const m = gold.meta;
  switch (ref.meta) {
    case "issuer":
      return m.issuer ?? undefined;
    case "reportYear":
      return m.reportYear ?? undefined;
    case "templateVersion":
      return m.templateVersion === "2019" || m.templateVersion === "2021"
        ? Number(m.templateVersion)
        : undefined;
    case "publicationDate":
      return m.publicationDate ?? undefined;
    case "level":
      return m.issuerLevel ? LEVELS[m.issuerLevel] : undefined;
    case "deadline":
      if (m.reportYear === null || m.issuerLevel === null) return undefined;
      return `${m.reportYear + 1}-${m.issuerLevel === "county_plus_government" ? "03-31" : "01-31"}`;
  }
}

const refKeys = (ref: GoldRef): string[] =>
  "gold" in ref
    ? [ref.gold]
    : "sum" in ref
      ? [...ref.sum]
      : "diff" in ref
        ? [...ref.diff]
        : "rate" in ref
          ? [...ref.rate[0], ...ref.rate[1], ...(ref.rate[2] ?? [])]
          : [];

/**
 * A real case in the scorer's form. Throws when the writer's `cannot` disagrees with the gold (a
 * reference to a null cell without `cannot`, or `cannot` where every reference resolves).
 */
export function resolveReal(c: RealQuestion, gold: RealGold): QuestionCase {
  const values = (c.values ?? []).map((r) => resolveRef(r, gold));
  const contains = (c.contains ?? []).map((r) => (typeof r === "string" ? r : resolveRef(r, gold)));
  const unresolved = [...values, ...contains].some((v) => v === undefined);
  if (unresolved !== (c.cannot === true))
    throw new Error(
      `${c.real} 「${c.q}」: ${unresolved ? "a gold cell it needs is null, mark it cannot" : "marked cannot, but the gold holds every cell"}`,
    );
  const refs = [...(c.values ?? []), ...(c.contains ?? [])].filter(
    (r): r is GoldRef => typeof r !== "string",
  );
  for (const k of refs.flatMap(refKeys))
    if (!(k in gold.figures)) throw new Error(`${c.real}: no gold key ${k}`);
  return {
    real: c.real,
    ...(c.batch ? { batch: c.batch } : {}),
    q: c.q,
    ...(c.history ? { history: c.history } : {}),
    ...(unresolved
      ? { cannot: true as const }
      : {
          values: values as (number | string)[],
          contains: (contains as (number | string)[]).map(String),
        }),
    ...(c.cites && !unresolved ? { cites: c.cites } : {}),
    gold: gold.figures,
  };
}
