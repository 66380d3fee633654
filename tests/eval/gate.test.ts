/**
 * Regression gate: a fixed slice of the generated corpus (text and HTML always; DOCX and PDF where
 * soffice is installed), the committed DOCX/PDF slice (tests/fixtures/eval-slice/, made by
 * eval/make-slice.ts: so that DOCX and PDF are gated on a machine without LibreOffice too) and the five
 * seeds, through the full pipeline, against eval/thresholds.json. The corpus is cached in eval/.cache/
 * (made on the first run: about 20 s with soffice). A missing soffice is named by one line from
 * tests/helpers/report-tools.ts.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { corpusFiles, loadSeedGolds, loadSlice, seedFiles } from "../../eval/cases.ts";
import { EVAL_DIR, ensureCorpus } from "../../eval/generate/corpus.ts";
import { FORMATS, type Format } from "../../eval/generate/model.ts";
import { auditFiles } from "../../eval/run.ts";
import {
  type FileRun,
  pooledFalsePositives,
  pooledRecall,
  rate,
  type Score,
  score,
} from "../../eval/score.ts";
import { hasTool } from "../helpers/optional-tools.ts";

type PerFormat<T> = Readonly<Record<Format, T>>;

interface Thresholds {
  readonly slice: { readonly firstSeed: number; readonly count: number };
  readonly fieldAccuracy: PerFormat<{ readonly min: number }>;
  readonly hardRecall: PerFormat<{ readonly min: number }>;
  readonly softRecall: PerFormat<{ readonly min: number }>;
  readonly hardFalsePositives: { readonly max: number };
  readonly cleanFalseAlarmFiles: PerFormat<{ readonly max: number }>;
}

const thresholds = JSON.parse(readFileSync(join(EVAL_DIR, "thresholds.json"), "utf8")) as Thresholds;
const office = hasTool("soffice");
const generatedFormats: Format[] = office ? [...FORMATS] : ["text", "html"];
const SLICE_FORMATS: Format[] = ["docx", "pdf"];
const slice = loadSlice();

let runs: FileRun[] = [];
const byFormat = new Map<Format, Score>();

beforeAll(async () => {
  const corpus = await ensureCorpus({
    count: thresholds.slice.count,
    firstSeed: thresholds.slice.firstSeed,
    formats: generatedFormats,
  });
  for (const s of corpus.skipped) console.warn(`eval gate: SKIPPED ${s.format}: ${s.reason}`);
  const files = [
    ...seedFiles(loadSeedGolds(), FORMATS),
    ...(slice ? corpusFiles(slice, SLICE_FORMATS) : []),
    ...corpusFiles(corpus, generatedFormats),
  ];
  runs = await auditFiles(files, { timeoutMs: 30_000 });
  for (const f of FORMATS) byFormat.set(f, score(runs.filter((r) => r.gold.format === f)));
}, 300_000);

const examples = (s: Score, hard: boolean) =>
  Object.values(s.rules)
    .filter((r) => r.hard === hard && r.fn > 0)
    .map((r) => `${r.rule}: ${r.examplesFn.join(", ")}`)
    .join("; ");

describe("eval gate", () => {
  it("has the committed DOCX/PDF slice, with clean reports among them", () => {
    expect(slice?.cases.length).toBeGreaterThan(0);
    expect(slice?.cases.filter((c) => c.defects.length === 0).length).toBeGreaterThan(0);
  });

  it("ran every file of the slice and the seeds, none crashed or timed out", () => {
    expect(runs.length).toBe(
      5 * FORMATS.length +
        (slice?.cases.length ?? 0) * SLICE_FORMATS.length +
        thresholds.slice.count * generatedFormats.length,
    );
    expect(score(runs).crashed).toEqual([]);
  });

  describe.each(FORMATS)("%s", (format) => {
    const s = () => {
      const found = byFormat.get(format);
      if (!found) throw new Error(`no ${format} files ran`);
      return found;
    };

    it("field exact-match is at its threshold", () => {
      const fields = s().byFormat[format]?.fields ?? { ok: 0, total: 1 };
      const misses = s().fieldMisses.slice(0, 5);
      expect(rate(fields), `misses, e.g. ${JSON.stringify(misses)}`).toBeGreaterThanOrEqual(
        thresholds.fieldAccuracy[format].min,
      );
    });

    it("hard rules: recall at its threshold, no false positive", () => {
      expect(rate(pooledRecall(s(), true)), examples(s(), true)).toBeGreaterThanOrEqual(
        thresholds.hardRecall[format].min,
      );
      expect(pooledFalsePositives(s(), true)).toBeLessThanOrEqual(thresholds.hardFalsePositives.max);
    });

    it("soft rules: recall at its threshold", () => {
      expect(rate(pooledRecall(s(), false)), examples(s(), false)).toBeGreaterThanOrEqual(
        thresholds.softRecall[format].min,
      );
    });

    it("clean reports: false alarms at or below the threshold", () => {
      const { clean } = s();
      const fps = Object.values(s().rules).flatMap((r) => r.examplesFp.map((e) => `${r.rule} ${e}`));
      expect(clean.files).toBeGreaterThan(0);
      expect(
        clean.withFalseAlarm,
        `${clean.examples.join(", ")}; e.g. ${fps.slice(0, 6).join(" | ")}`,
      ).toBeLessThanOrEqual(thresholds.cleanFalseAlarmFiles[format].max);
    });
  });
});
