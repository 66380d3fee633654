/**
 * Scoring audit results against gold: field exact-match (by format, table and key), metadata
 * accuracy, per-rule precision and recall, false alarms on clean reports, crashes and timings.
 *
 * How findings are counted (per file, i.e. one report in one format):
 * - The gold lists every finding the rulebook implies for that file: the injected defect's rules and
 *   everything that follows from it by construction (a nudged 表三 cell → T3-COLSUM on its row and
 *   T3-BAL/T3-RESULTS on its columns, TEXT-* where the prose restates it; a missing 六 →
 *   STRUCTURE-SECTIONS + FEE-PRESENT; a lost text cell → STRUCTURE-TABLES), computed by the oracle
 *   (eval/generate/oracle.ts) or judged by hand for the seeds (eval/gold/).
 * - Per rule and file: expected and found = TP; expected, not found = FN; found, not expected = FP.
 *   A rule co-firing legitimately is therefore expected, never a false positive. Rules the rulebook
 *   leaves open for a file (`tolerated`) count neither way.
 * - Counting is by rule id per file, not per instance; instance counts and severities are compared
 *   separately (diagnostics: a rule that fires on the wrong row or with the wrong severity).
 * - Hard rules are the registry's `error` rules; the others are soft.
 */
import type { AuditResult } from "../audit/result.ts";
import { rules } from "../validate/rules/index.ts";
import type { EvalFormat, ExpectedFinding } from "./generate/model.ts";

export interface GoldFile {
  /** Case id (generated id or seed id) and where it comes from. */
  readonly id: string;
  readonly source: "generated" | "seed" | "real";
  readonly format: EvalFormat;
  readonly path: string;
  readonly meta: Readonly<Record<string, string | number | null>>;
  readonly figures: Readonly<Record<string, number | null>>;
  readonly findings: readonly ExpectedFinding[];
  readonly tolerated: readonly string[];
  /** Defects injected (generated cases) with the rules each aims at; empty = a clean report. */
  readonly defects: ReadonlyArray<{ readonly kind: string; readonly rules: readonly string[] }>;
}

export interface FileRun {
  readonly gold: GoldFile;
  /** null when the audit threw or timed out. */
  readonly result: AuditResult | null;
  readonly error: string | null;
  readonly ms: number;
}

export const META_FIELDS = [
  "issuer",
  "reportYear",
  "templateVersion",
  "publicationDate",
  "issuerLevel",
] as const;

const HARD: ReadonlySet<string> = new Set(
  rules.filter((r) => r.meta.severity === "error").map((r) => r.meta.id),
);
export const isHardRule = (rule: string): boolean => HARD.has(rule);

export interface Ratio {
  readonly ok: number;
  readonly total: number;
}
const rate = (r: Ratio): number => (r.total === 0 ? 1 : r.ok / r.total);

export interface RuleScore {
  readonly rule: string;
  readonly hard: boolean;
  tp: number;
  fp: number;
  fn: number;
  /** Files where the rule was expected and found, but with another severity. */
  severityMismatch: number;
  /** Files where the rule was found, expected, but with a different number of instances. */
  instanceMismatch: number;
  examplesFp: string[];
  examplesFn: string[];
}

export interface FieldMiss {
  readonly file: string;
  readonly format: EvalFormat;
  readonly key: string;
  readonly expected: number | null;
  readonly got: number | null | undefined;
}

export interface Score {
  readonly files: number;
  readonly byFormat: Record<
    string,
    { files: number; ms: number; fields: Ratio; statuses: Record<string, number> }
  >;
  readonly fieldsByTable: Record<string, Record<string, Ratio>>;
  readonly fieldsByKey: Record<string, Ratio>;
  readonly fieldMisses: FieldMiss[];
  readonly meta: Record<string, Record<string, Ratio>>;
  readonly metaMisses: Array<{ file: string; field: string; expected: unknown; got: unknown }>;
  readonly rules: Record<string, RuleScore>;
  readonly clean: { files: number; withFalseAlarm: number; examples: string[] };
  readonly crashed: Array<{ file: string; error: string }>;
  readonly slowest: Array<{ file: string; ms: number }>;
  readonly defects: Record<string, Ratio>;
}

function ruleScore(all: Record<string, RuleScore>, rule: string): RuleScore {
  let s = all[rule];
  if (!s) {
    s = {
      rule,
      hard: isHardRule(rule),
      tp: 0,
      fp: 0,
      fn: 0,
      severityMismatch: 0,
      instanceMismatch: 0,
      examplesFp: [],
      examplesFn: [],
    };
    all[rule] = s;
  }
  return s;
}

const push = (list: string[], item: string, max = 8) => {
  if (list.length < max) list.push(item);
};

const add = (r: Record<string, Ratio>, key: string, ok: boolean) => {
  const cur = r[key] ?? { ok: 0, total: 0 };
  r[key] = { ok: cur.ok + (ok ? 1 : 0), total: cur.total + 1 };
};

/** Findings a gold expects of this format. */
export function expectedFor(gold: GoldFile): ExpectedFinding[] {
  return gold.findings.filter((f) => !f.formats || f.formats.includes(gold.format));
}

export function score(runs: readonly FileRun[]): Score {
  const byFormat: Score["byFormat"] = {};
  const fieldsByTable: Score["fieldsByTable"] = {};
  const fieldsByKey: Record<string, Ratio> = {};
  const fieldMisses: FieldMiss[] = [];
  const meta: Score["meta"] = {};
  const metaMisses: Score["metaMisses"] = [];
  const rulesScore: Record<string, RuleScore> = {};
  const clean = { files: 0, withFalseAlarm: 0, examples: [] as string[] };
  const crashed: Score["crashed"] = [];
  const defects: Record<string, Ratio> = {};

  for (const run of runs) {
    const { gold, result } = run;
    const name = `${gold.id}.${gold.format}`;
    const fmt = byFormat[gold.format] ?? { files: 0, ms: 0, fields: { ok: 0, total: 0 }, statuses: {} };
    byFormat[gold.format] = fmt;
    fmt.files++;
    fmt.ms += run.ms;
    const status = result?.status ?? "crashed";
    fmt.statuses[status] = (fmt.statuses[status] ?? 0) + 1;
    const internal = result !== null && /审核程序内部错误/.test(result.statusMessage);
    if (result === null || internal)
      crashed.push({ file: name, error: run.error ?? result?.statusMessage ?? "?" });

    // Fields.
    const tables = fieldsByTable[gold.format] ?? {};
    fieldsByTable[gold.format] = tables;
    let ok = 0;
    let total = 0;
    for (const [key, expected] of Object.entries(gold.figures)) {
      const got = result?.figures[key];
      const same =
        got === expected ||
        (typeof got === "number" && typeof expected === "number" && Math.abs(got - expected) < 1e-6);
      total++;
      if (same) ok++;
      else fieldMisses.push({ file: name, format: gold.format, key, expected, got });
      add(tables, key.slice(0, 2), same);
      add(fieldsByKey, key, same);
    }
    fmt.fields = { ok: fmt.fields.ok + ok, total: fmt.fields.total + total };

    // Metadata.
    const m = meta[gold.format] ?? {};
    meta[gold.format] = m;
    for (const field of META_FIELDS) {
      const expected = gold.meta[field] ?? null;
      const got = result ? ((result.meta as Record<string, unknown>)[field] ?? null) : undefined;
      add(m, field, got === expected);
      if (got !== expected) metaMisses.push({ file: name, field, expected, got });
    }

    // Rules.
    const expected = expectedFor(gold);
    const found = result?.findings ?? [];
    const expectedRules = new Set(expected.map((f) => f.rule));
    const foundRules = new Set(found.map((f) => f.rule));
    let falseAlarm = false;
    for (const rule of new Set([...expectedRules, ...foundRules])) {
      const s = ruleScore(rulesScore, rule);
      const e = expectedRules.has(rule);
      const f = foundRules.has(rule);
      if (e && f) {
        s.tp++;
        const es = new Set(expected.filter((x) => x.rule === rule).map((x) => x.severity));
        const fs = new Set(found.filter((x) => x.rule === rule).map((x) => x.severity));
        if ([...es].some((x) => !fs.has(x)) || [...fs].some((x) => !es.has(x))) s.severityMismatch++;
        const ne = expected.filter((x) => x.rule === rule).length;
        const nf = found.filter((x) => x.rule === rule).length;
        if (isHardRule(rule) && ne !== nf) s.instanceMismatch++;
      } else if (e) {
        s.fn++;
        push(s.examplesFn, name);
      } else if (!gold.tolerated.includes(rule)) {
        s.fp++;
        falseAlarm = true;
        const message = found.find((x) => x.rule === rule)?.message ?? "";
        push(s.examplesFp, `${name}: ${message.slice(0, 90)}`);
      }
    }
    if (gold.defects.length === 0 && gold.source === "generated") {
      clean.files++;
      if (falseAlarm) {
        clean.withFalseAlarm++;
        push(clean.examples, name, 12);
      }
    }
    // Defect detection: every rule the defect aims at (and the oracle expects here) was found.
    for (const d of gold.defects) {
      const aimed = d.rules.filter((r) => expectedRules.has(r));
      if (aimed.length > 0)
        add(
          defects,
          d.kind,
          aimed.every((r) => foundRules.has(r)),
        );
    }
  }
  const slowest = runs
    .map((r) => ({ file: `${r.gold.id}.${r.gold.format}`, ms: r.ms }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 10);
  return {
    files: runs.length,
    byFormat,
    fieldsByTable,
    fieldsByKey,
    fieldMisses,
    meta,
    metaMisses,
    rules: rulesScore,
    clean,
    crashed,
    slowest,
    defects,
  };
}

export const percent = (r: Ratio): string =>
  `${(rate(r) * 100).toFixed(r.total > 0 && r.ok < r.total ? 2 : 1)}%`;
export { rate };

/** Recall over a class of rules (hard / soft), pooled over files. */
export function pooledRecall(s: Score, hard: boolean): Ratio {
  let tp = 0;
  let fn = 0;
  for (const r of Object.values(s.rules)) {
    if (r.hard !== hard) continue;
    tp += r.tp;
    fn += r.fn;
  }
  return { ok: tp, total: tp + fn };
}

/** False positives over a class of rules. */
export function pooledFalsePositives(s: Score, hard: boolean): number {
  return Object.values(s.rules)
    .filter((r) => r.hard === hard)
    .reduce((a, r) => a + r.fp, 0);
}
