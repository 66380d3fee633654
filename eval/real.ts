/**
 * The real-report corpus (eval/real/): reports nobody here wrote, each kept in the forms people have
 * (a portal page saved whole, a web text copy, a markdown or `pdftotext -layout` conversion, text
 * with its line breaks lost), with a hand-checked gold per report (eval/real/gold/<id>.json).
 *
 * This module loads and validates the gold, checks each gold's own arithmetic (a relation that fails
 * in the gold figures must be a listed finding, and a listed arithmetic finding must fail), and turns
 * the gold into the eval's GoldFile list.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { T3_APPLICANT_COLUMNS, T3_GROUPS, T4_CELLS, t2Cells, t3Cells } from "../extract/template/layout.ts";
import { EVAL_DIR } from "./generate/corpus.ts";
import { REAL_FORMS } from "./generate/model.ts";
import type { GoldFile } from "./score.ts";

export const REAL_DIR = join(EVAL_DIR, "real");
export const REAL_GOLD_DIR = join(REAL_DIR, "gold");
const REPO_DIR = join(EVAL_DIR, "..");

const Form = z.enum(REAL_FORMS);
const Severity = z.enum(["error", "warning", "notice"]);
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

const GoldFinding = z.object({
  rule: z.string().regex(/^[A-Z][A-Z0-9_-]+$/),
  severity: Severity,
  scope: z.string().default(""),
  why: z.string().min(1),
  formats: z.array(Form).min(1).optional(),
});

const Source = z
  .object({
    form: Form.nullish(),
    repo: z.string().nullish(),
    commit: z.string().nullish(),
    path: z.string().nullish(),
    url: z.string().nullish(),
    /** The search index's id of the file, where the index does not name its repository. */
    findStringId: z.string().nullish(),
    /** One of the team's seed reports (../shared/seeds/). */
    seed: z.string().nullish(),
    note: z.string().nullish(),
  })
  .refine((s) => (s.repo && s.path) || s.url || s.findStringId || s.seed, {
    message: "a source names a repository and path, a URL, the search index's file id, or a seed",
  });

export const RealGold = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  province: z.string().min(1),
  source: z.array(Source).min(1),
  files: z.partialRecord(Form, z.string()),
  derived: z.partialRecord(Form, z.string()).default({}),
  meta: z.object({
    issuer: z.string().nullable(),
    reportYear: z.number().int().nullable(),
    templateVersion: z.enum(["2019", "2021", "mixed"]).nullable(),
    publicationDate: IsoDate.nullable(),
    issuerLevel: z
      .enum(["county_plus_government", "department", "township_government", "subdistrict"])
      .nullable(),
    portalDate: IsoDate.nullable().optional(),
  }),
  figures: z.record(z.string(), z.number().nullable()),
  findings: z.array(GoldFinding),
  /** What the pipeline raised when the gold was judged and is wrong (a record, not scored). */
  falseAlarms: z.array(GoldFinding.extend({ severity: Severity.optional() })).default([]),
  missedToday: z.array(z.string()).default([]),
  tolerated: z.array(z.string()).default([]),
  notes: z.array(z.string()).default([]),
});
export type RealGold = z.infer<typeof RealGold>;

export interface LoadedGold {
  readonly file: string;
  readonly gold: RealGold | null;
  readonly errors: string[];
}

export function loadRealGolds(dir = REAL_GOLD_DIR): LoadedGold[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = join(dir, f);
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(file, "utf8"));
      } catch (error) {
        return { file, gold: null, errors: [`not JSON: ${(error as Error).message}`] };
      }
      const parsed = RealGold.safeParse(raw);
      if (!parsed.success)
        return {
          file,
          gold: null,
          errors: parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
        };
      return { file, gold: parsed.data, errors: checkGold(parsed.data, f) };
    });
}

// ------------------------------------------------------------------ the gold's own arithmetic

const T3_COLS = [...T3_APPLICANT_COLUMNS, "total"];
/** The result rows （一）–（六） of 表三 (the template's row keys). */
const T3_RESULT_ROWS = (split: boolean): string[] => [
  "granted",
  "partially_granted",
  ...T3_GROUPS.denied,
  ...T3_GROUPS.unable,
  ...T3_GROUPS.not_processed,
  ...(split ? T3_GROUPS.other_split : ["other_processing"]),
];

/** Which hard relations fail in a set of figures: rule id → what failed (null cells never fail). */
export function failingRelations(figures: Readonly<Record<string, number | null>>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const fail = (rule: string, what: string) => out.set(rule, [...(out.get(rule) ?? []), what]);
  const v = (k: string) => figures[k];
  const sum = (keys: string[]): number | null => {
    let s = 0;
    for (const k of keys) {
      const x = v(k);
      if (x === null || x === undefined) return null;
      s += x;
    }
    return s;
  };
  const split = "t3.other_processing.overdue_fee.total" in figures;
  const rows = ["new", "carried_over", ...T3_RESULT_ROWS(split), "total_processed", "carried_forward"];
  for (const r of rows) {
    const total = v(`t3.${r}.total`);
    const parts = sum(T3_APPLICANT_COLUMNS.map((c) => `t3.${r}.${c}`));
    if (total != null && parts !== null && total !== parts) fail("T3-COLSUM", `${r}: ${parts}≠${total}`);
  }
  for (const c of T3_COLS) {
    const lhs = sum([`t3.new.${c}`, `t3.carried_over.${c}`]);
    const rhs = sum([`t3.total_processed.${c}`, `t3.carried_forward.${c}`]);
    if (lhs !== null && rhs !== null && lhs !== rhs) fail("T3-BAL", `${c}: ${lhs}≠${rhs}`);
    const results = sum(T3_RESULT_ROWS(split).map((r) => `t3.${r}.${c}`));
    const processed = v(`t3.total_processed.${c}`);
    if (results !== null && processed != null && results !== processed)
      fail("T3-RESULTS", `${c}: ${results}≠${processed}`);
  }
  const groups: Array<[string, string]> = [
    ["review", "T4-REVIEW"],
    ["litigation_direct", "T4-LITIGATION_DIRECT"],
    ["litigation_after_review", "T4-LITIGATION_AFTER_REVIEW"],
  ];
  for (const [g, rule] of groups) {
    const parts = sum(["upheld", "corrected", "other", "pending"].map((c) => `t4.${g}.${c}`));
    const total = v(`t4.${g}.total`);
    if (parts !== null && total != null && parts !== total) fail(rule, `${parts}≠${total}`);
  }
  for (const [k, x] of Object.entries(figures)) {
    if (x === null) continue;
    const table = k.slice(0, 2).toUpperCase();
    const signed = k.endsWith(".change");
    const decimal = k.endsWith(".amount_wan_yuan") || k.endsWith(".total_amount");
    if ((!signed && x < 0) || (!decimal && !Number.isInteger(x))) fail(`${table}-NONNEG`, k);
  }
  return out;
}

const ARITHMETIC_RULES = new Set([
  "T3-COLSUM",
  "T3-BAL",
  "T3-RESULTS",
  "T4-REVIEW",
  "T4-LITIGATION_DIRECT",
  "T4-LITIGATION_AFTER_REVIEW",
  "T2-NONNEG",
  "T3-NONNEG",
  "T4-NONNEG",
]);

/** The expected keys of a template (表三 （六） split or not, as the gold's figures say). */
function templateKeys(version: "2019" | "2021", split: boolean): string[] {
  return [...t2Cells(version), ...t3Cells(split), ...T4_CELLS].map((c) => c.key);
}

/** Problems of one gold: missing files and sources, keys off the template, arithmetic vs findings. */
export function checkGold(gold: RealGold, fileName: string): string[] {
  const errors: string[] = [];
  if (`${gold.id}.json` !== fileName) errors.push(`id ${gold.id} does not match the file name ${fileName}`);
  const forms = Object.keys(gold.files);
  if (forms.length === 0) errors.push("no files");
  for (const [form, rel] of Object.entries(gold.files)) {
    if (!existsSync(join(REPO_DIR, rel))) errors.push(`${form}: ${rel} does not exist`);
  }
  for (const form of Object.keys(gold.derived))
    if (!(form in gold.files)) errors.push(`derived form ${form} has no file`);
  const version = gold.meta.templateVersion;
  if (version === "2019" || version === "2021") {
    const split = "t3.other_processing.overdue_fee.total" in gold.figures;
    const expected = templateKeys(version, split);
    const missing = expected.filter((k) => !(k in gold.figures));
    const extra = Object.keys(gold.figures).filter((k) => !expected.includes(k));
    if (missing.length > 0)
      errors.push(
        `figures miss ${missing.length} keys of the ${version} template, e.g. ${missing.slice(0, 3).join(", ")}`,
      );
    if (extra.length > 0)
      errors.push(`figures have keys outside the ${version} template: ${extra.slice(0, 5).join(", ")}`);
  }
  const failing = failingRelations(gold.figures);
  const listed = new Set(gold.findings.map((f) => f.rule));
  for (const [rule, what] of failing) {
    if (!listed.has(rule))
      errors.push(`${rule} fails in the gold figures (${what.join("; ")}) but is not a finding`);
  }
  for (const rule of listed) {
    if (ARITHMETIC_RULES.has(rule) && !failing.has(rule))
      errors.push(`${rule} is a finding but holds in the gold figures`);
  }
  for (const f of gold.findings) {
    if (f.formats)
      for (const form of f.formats)
        if (!(form in gold.files)) errors.push(`${f.rule}: form ${form} has no file`);
  }
  return errors;
}

// ------------------------------------------------------------------ gold → eval files

export function realFiles(golds: readonly RealGold[]): GoldFile[] {
  const out: GoldFile[] = [];
  for (const g of golds) {
    for (const form of REAL_FORMS) {
      const rel = g.files[form];
      if (!rel) continue;
      const { portalDate: _portal, ...meta } = g.meta;
      out.push({
        id: g.id,
        source: "real",
        format: form,
        path: join(REPO_DIR, rel),
        meta,
        figures: g.figures,
        findings: g.findings.map(({ rule, severity, scope, formats }) => ({
          rule,
          severity,
          scope,
          ...(formats ? { formats } : {}),
        })),
        tolerated: g.tolerated,
        defects: [],
      });
    }
  }
  return out;
}
