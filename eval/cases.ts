/**
 * The files an evaluation runs over, each with its gold: the five seeds (eval/gold/, their text and
 * the PDF/DOCX/HTML fixtures made from them) and the generated corpus (eval/.cache/).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Corpus } from "./generate/corpus.ts";
import { EVAL_DIR } from "./generate/corpus.ts";
import { type ExpectedFinding, FORMATS, type Format } from "./generate/model.ts";
import type { GoldFile } from "./score.ts";

export const REPO_DIR = join(EVAL_DIR, "..");
export const GOLD_DIR = join(EVAL_DIR, "gold");

/**
 * The committed DOCX/PDF slice (made by eval/make-slice.ts with LibreOffice): two clean reports and four
 * with seven kinds of defect, so that the gate covers DOCX and PDF where LibreOffice is not installed.
 */
export const SLICE_DIR = join(REPO_DIR, "tests/fixtures/eval-slice");
export const SLICE_SEEDS: readonly number[] = [0, 10, 13, 28, 35, 51];

/** The committed slice as a corpus (its cases' ids prefixed "slice-"), or null where it is absent. */
export function loadSlice(dir = SLICE_DIR): Pick<Corpus, "dir" | "cases"> | null {
  if (!existsSync(dir)) return null;
  const cases = readdirSync(dir)
    .filter((f) => /^g\d+\.json$/.test(f))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as Corpus["cases"][number])
    .map((c) => ({ ...c, id: `slice-${c.id}` }));
  return { dir, cases };
}

/** A seed's hand-made gold (eval/gold/<id>.json). */
export interface SeedGold {
  readonly id: string;
  readonly files: Partial<Record<Format, string>>;
  readonly meta: Readonly<Record<string, string | number | null>>;
  readonly figures: Readonly<Record<string, number | null>>;
  readonly findings: ReadonlyArray<ExpectedFinding & { readonly why?: string }>;
  readonly tolerated: readonly string[];
  readonly notes: readonly string[];
}

export function loadSeedGolds(dir = GOLD_DIR): SeedGold[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as SeedGold);
}

export function seedFiles(golds: readonly SeedGold[], formats: readonly Format[]): GoldFile[] {
  const out: GoldFile[] = [];
  for (const g of golds) {
    for (const format of formats) {
      const rel = g.files[format];
      if (!rel) continue;
      const path = join(REPO_DIR, rel);
      if (!existsSync(path)) continue;
      out.push({
        id: g.id,
        source: "seed",
        format,
        path,
        meta: g.meta,
        figures: g.figures,
        findings: g.findings.map(({ rule, severity, scope, formats: only }) => ({
          rule,
          severity,
          scope,
          ...(only ? { formats: only } : {}),
        })),
        tolerated: g.tolerated,
        defects: [],
      });
    }
  }
  return out;
}

export function corpusFiles(corpus: Pick<Corpus, "dir" | "cases">, formats: readonly Format[]): GoldFile[] {
  const out: GoldFile[] = [];
  for (const c of corpus.cases) {
    for (const format of formats) {
      const rel = c.files[format];
      if (!rel) continue;
      out.push({
        id: c.id,
        source: "generated",
        format,
        path: join(corpus.dir, rel),
        meta: { ...c.expected.meta },
        figures: c.expected.figures,
        findings: c.expected.findings,
        tolerated: c.expected.tolerated,
        defects: c.defects.map((d) => ({ kind: d.kind, rules: d.rules })),
      });
    }
  }
  return out;
}

export function parseFormats(value: string | undefined): Format[] {
  if (value === undefined || value === "all") return [...FORMATS];
  const list = value.split(",").map((s) => s.trim()) as Format[];
  for (const f of list)
    if (!FORMATS.includes(f)) throw new Error(`unknown format "${f}" (one of ${FORMATS.join(", ")})`);
  return list;
}
