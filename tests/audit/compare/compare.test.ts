import { beforeAll, describe, expect, it } from "vitest";
import { type Comparison, compareReports, type YearSide } from "../../../audit/compare/compare.ts";
import { comparisonDocx } from "../../../audit/compare/docx.ts";
import { comparisonSummaryLines } from "../../../audit/compare/summary-text.ts";
import { changeText, compareCells } from "../../../audit/compare/tables.ts";
import { DEFAULT_THRESHOLDS, thresholdsFromEnv } from "../../../audit/compare/thresholds.ts";
import { auditDetailed } from "../../../audit/run-audit.ts";
import { runPairs } from "../../../eval/supervisor/diff-pairs.ts";
import { readZipText } from "../../../extract/readers/zip.ts";
import { CURRENT_YEAR_TEXT, PREVIOUS_YEAR_TEXT } from "../../qa/previous-year.ts";

async function side(text: string, name: string): Promise<YearSide> {
  const { result, report } = await auditDetailed(new TextEncoder().encode(text), name);
  if (report === null) throw new Error(result.statusMessage);
  return { name, result, report };
}

/** Seed 002 a year earlier (50 new applications instead of 56), one paragraph more, 五 rewritten. */
const EDITED_2023 = PREVIOUS_YEAR_TEXT.replace(
  "定期对信息公开栏目维护，及时梳理",
  "定期对信息公开栏目维护，每月梳理",
).replace(
  "（一）多渠道及时主动公开。",
  "设立政务公开专区一个，全年更新内容二十条。\n\n（一）多渠道及时主动公开。",
);

let c: Comparison;
let a: YearSide;
let b: YearSide;
beforeAll(async () => {
  a = await side(EDITED_2023, "洛浦2023.txt");
  b = await side(CURRENT_YEAR_TEXT, "洛浦2024.txt");
  c = compareReports(a, b);
});

describe("compareReports on one unit's two years", () => {
  it("lists every cell of 表二/表三/表四 of both layouts with both values", () => {
    expect(c.previous.year).toBe(2023);
    expect(c.current.year).toBe(2024);
    expect(c.cells.filter((x) => x.table === "t4")).toHaveLength(15);
    expect(c.cells.filter((x) => x.table === "t3").length).toBeGreaterThanOrEqual(161);
    const natural = c.cells.find((x) => x.key === "t3.new.natural_person");
    expect(natural).toMatchObject({ previous: 50, current: 56, change: 6, kind: "changed", large: false });
    expect(changeText(natural ?? { change: null, ratio: null, previous: null })).toBe("+6（+12%）");
  });

  it("ranks large changes first by the thresholds, and a lower threshold makes +6 large", () => {
    expect(
      c.ranked
        .map((x) => x.key)
        .slice(0, 2)
        .sort(),
    ).toEqual(["t3.new.natural_person", "t3.new.total"]);
    const loose = { ...DEFAULT_THRESHOLDS, minAbs: 5, minPct: 0.1 };
    const large = compareCells(a.result, b.result, loose).filter((x) => x.large);
    expect(large.map((x) => x.key).sort()).toEqual(["t3.new.natural_person", "t3.new.total"]);
  });

  it("reports cells blank in one year and filled in the other, never as zero", () => {
    const filled = c.cells.filter((x) => x.kind === "filled");
    for (const x of filled) {
      expect(x.previous).toBeNull();
      expect(x.change).toBeNull();
    }
  });

  it("finds the prose edits section by section", () => {
    const one = c.sections.find((s) => s.no === 1);
    expect(one?.changes.map((x) => x.op).sort()).toEqual(["changed", "removed"]);
    const removed = one?.changes.find((x) => x.op === "removed");
    // Section text is NFKC-normalised (full-width commas become ",").
    expect(removed).toEqual({ op: "removed", text: "设立政务公开专区一个,全年更新内容二十条。" });
    for (const s of c.sections.filter((s) => s.no !== 1)) expect(s.changes).toEqual([]);
  });

  it("lists last year's problems with this year's answer and the cross-year findings", () => {
    expect(c.problems.length).toBeGreaterThan(0);
    for (const p of c.problems) expect(["followed_up", "mentioned", "none"]).toContain(p.status);
    expect(c.crossYear.map((f) => f.rule)).toContain("XY-PROBLEMS");
    expect(c.crossYearChecks.map((s) => s.rule)).toEqual(
      expect.arrayContaining(["XY-CARRY", "XY-PROBLEMS", "T2-VALID-XY"]),
    );
  });

  it("the chat summary names the five largest changes and the cross-year findings", () => {
    const text = comparisonSummaryLines(c).join("\n");
    expect(text).toContain("广州市番禺区人民政府洛浦街道办事处：2023 年 → 2024 年");
    expect(text).toContain("表三「一、本年新收政府信息公开申请数量」总计：50 → 56，+6（+12%）");
    expect(text).toContain("正文：新增 0 段，删除 1 段，修改 1 段（第一部分）");
    expect(text).toContain("[XY-PROBLEMS]");
  });

  it("the DOCX carries the tables, the marked prose and the findings", async () => {
    const xml = readZipText(await comparisonDocx(c), "word/document.xml") ?? "";
    for (const s of [
      "年度对比",
      "变化最大的单元格",
      "【删除】",
      "【修改】",
      "<w:strike/>",
      "XY-PROBLEMS",
      "上年空白、本年填报",
    ])
      expect(xml).toContain(s);
  });

  it("warns about a pair that is not consecutive years of one issuer", async () => {
    const other = compareReports(await side(EDITED_2023, "a"), await side(EDITED_2023, "b"));
    expect(other.warnings.join("")).toContain("不是相邻年度");
    expect(other.crossYearChecks).toEqual(
      expect.not.arrayContaining([expect.objectContaining({ rule: "XY-CARRY", pass: 1 })]),
    );
  });
});

describe("thresholds", () => {
  it("come from the environment, with the variable named when bad", () => {
    expect(thresholdsFromEnv({})).toEqual(DEFAULT_THRESHOLDS);
    expect(thresholdsFromEnv({ NIANBAO_COMPARE_MIN_ABS: "10" }).minAbs).toBe(10);
    expect(() => thresholdsFromEnv({ NIANBAO_COMPARE_MIN_PCT: "x" })).toThrow("NIANBAO_COMPARE_MIN_PCT");
  });
});

describe("generated pairs with known edits (eval/supervisor/diff-pairs.ts)", () => {
  it("finds every edit and invents none", async () => {
    const scores = await runPairs(6);
    expect(scores).toHaveLength(6);
    for (const s of scores) {
      expect(s.missed).toEqual([]);
      expect(s.invented).toEqual([]);
      expect(s.found).toBe(s.expected);
    }
  });
});
