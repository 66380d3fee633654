/**
 * The real-corpus gate: every gold in eval/real/gold/ is valid and its arithmetic agrees with its
 * findings; the pipeline, run over every file as `npm run eval -- --real` runs it, does no worse than
 * the committed baseline (eval/real/baseline.json) on any file — no figure, metadata field or finding
 * that was right is wrong now — and stays within eval/real/thresholds.json.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { failingRelations, loadRealGolds, REAL_DIR, type RealGold } from "../../eval/real.ts";
import { auditReal, type Baseline, regressions, summarize } from "../../eval/real-run.ts";
import type { FileRun } from "../../eval/score.ts";

interface RealThresholds {
  readonly falseErrors: { readonly max: number };
  readonly falseWarningsPer20Files: { readonly max: number };
  readonly hardMisses: { readonly max: number };
  readonly wrongNonNull: { readonly max: number };
}

const loaded = loadRealGolds();
const golds = loaded.flatMap((l) => (l.gold ? [l.gold] : []));
const baselinePath = join(REAL_DIR, "baseline.json");
const thresholds = JSON.parse(readFileSync(join(REAL_DIR, "thresholds.json"), "utf8")) as RealThresholds;

describe("real corpus: the gold", () => {
  it("has gold files", () => {
    expect(loaded.length).toBeGreaterThan(0);
  });

  it.each(loaded.map((l) => [l.file.split("/").at(-1), l] as const))(
    "%s is valid, its files exist and its arithmetic agrees with its findings",
    (_name, l) => {
      expect(l.errors).toEqual([]);
    },
  );

  it("the arithmetic check can fail: a nudged total is caught", () => {
    const g = golds.find(
      (x) => x.figures["t3.new.total"] !== null && x.figures["t3.new.total"] !== undefined,
    );
    if (!g) throw new Error("no gold with a 表三 本年新收 total");
    const nudged: RealGold["figures"] = {
      ...g.figures,
      "t3.new.total": (g.figures["t3.new.total"] ?? 0) + 1,
    };
    expect([...failingRelations(nudged).keys()]).toEqual(expect.arrayContaining(["T3-COLSUM", "T3-BAL"]));
  });
});

describe("real corpus: the pipeline", () => {
  let runs: FileRun[] = [];
  beforeAll(async () => {
    runs = await auditReal(golds);
  }, 300_000);

  it("audits every file without a crash", () => {
    const files = golds.reduce((n, g) => n + Object.keys(g.files).length, 0);
    expect(runs).toHaveLength(files);
    expect(
      runs.filter((r) => r.result === null).map((r) => `${r.gold.id}.${r.gold.format}: ${r.error}`),
    ).toEqual([]);
  });

  it("does no worse than the baseline on any file", () => {
    expect(
      existsSync(baselinePath),
      "eval/real/baseline.json (npm run eval -- --real --update-baseline)",
    ).toBe(true);
    const baseline = JSON.parse(readFileSync(baselinePath, "utf8")) as Baseline;
    expect(regressions(runs, baseline)).toEqual([]);
  });

  it("stays within the thresholds: false errors, false warnings, hard misses, wrong figures", () => {
    const s = summarize(golds, runs);
    expect(s.falseErrors).toBeLessThanOrEqual(thresholds.falseErrors.max);
    expect((s.falseWarnings / Math.max(1, s.files)) * 20).toBeLessThanOrEqual(
      thresholds.falseWarningsPer20Files.max,
    );
    expect(s.hardMisses).toBeLessThanOrEqual(thresholds.hardMisses.max);
    expect(s.wrongNonNull).toBeLessThanOrEqual(thresholds.wrongNonNull.max);
  });
});
