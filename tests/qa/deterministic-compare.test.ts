/**
 * "和去年比" questions: the same issuer's Y−1 report among the chat's others (issuer names printed
 * differently still link), both figures with their sources and the difference; no Y−1 report → said
 * so; "上年结转" is still the row, not a comparison.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { DeterministicAnswerer } from "../../qa/deterministic.ts";
import { isYearComparison, previousYearOf } from "../../qa/deterministic-compare.ts";
import { CURRENT_YEAR_TEXT, PREVIOUS_YEAR_TEXT } from "./previous-year.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const text = CURRENT_YEAR_TEXT;

const answerer = new DeterministicAnswerer();
let current: AuditResult;
let previous: AuditResult;
let other: AuditResult;

beforeAll(async () => {
  current = await auditBytes(new Uint8Array(Buffer.from(text)), "2024.txt");
  previous = await auditBytes(new Uint8Array(Buffer.from(PREVIOUS_YEAR_TEXT)), "2023.txt");
  other = await auditBytes(new Uint8Array(readFileSync(join(seeds, "000_5ed72146557905c8.txt"))), "000.txt");
});

describe("和去年比", () => {
  it("recognises comparison phrasings, not the row 上年结转", () => {
    for (const q of [
      "和去年比新收申请多了多少？",
      "与上年相比，予以公开多少？",
      "新收申请比上年增加多少",
      "同比变化",
    ])
      expect(isYearComparison(q), q).toBe(true);
    for (const q of ["上年结转多少？", "去年结转的申请有多少", "表三上一年项目"])
      expect(isYearComparison(q), q).toBe(false);
  });

  it("links the same issuer's Y−1 report by its normalised name", () => {
    expect(previous.meta.reportYear).toBe(2023);
    expect(previousYearOf(current, [other, previous])).toBe(previous);
    expect(previousYearOf(previous, [current, other])).toBeNull();
  });

  it("answers with both figures, both sources and the difference", async () => {
    const a = await answerer.answer("和去年比新收申请多了多少？", {
      report: current,
      others: [other, previous],
      history: [],
    });
    expect(a.handled).toBe(true);
    expect(a.text).toContain("2024年 56 件，2023年 50 件，比上年多 6 件（+12%）");
    expect(a.text).toMatch(/出处：2024年 表三「一.本年新收[^」]*」总计，第43行/);
    expect(a.text).toContain("（2023.txt）");
    expect(a.citations.map((c) => c.value)).toEqual([56, 50]);
  });

  it("与上年相比 without a figure compares the key figures", async () => {
    const a = await answerer.answer("与上年相比", { report: current, others: [previous], history: [] });
    expect(a.text).toContain("与上年持平");
    expect(a.text).toContain("比上年多 6 件");
  });

  it("a rate of both years, each with its formula, and the change in percentage points", async () => {
    const a = await answerer.answer("办结率和去年比怎么样", {
      report: current,
      others: [previous],
      history: [],
    });
    expect(a.text).toContain("办结率：2024年 91.5%，2023年 101.9%，变化 -10.4 个百分点。");
    expect(a.text).toContain("54 ÷ （本年新收 50 + 上年结转 3） = 54 ÷ 53 = 101.9%");
    // The previous year's 表三 was changed to 50 new applications: its balance fails, and the answer says so.
    expect(a.text).toContain("超过 100%");
    expect(a.citations.filter((c) => c.key === "t3.new.total").map((c) => c.value)).toEqual([56, 50]);
  });

  it("says so when the chat has no previous-year report", async () => {
    const a = await answerer.answer("和去年比新收申请多了多少？", {
      report: current,
      others: [other],
      history: [],
    });
    expect(a.handled).toBe(true);
    expect(a.text).toContain("本聊天中没有「广州市番禺区人民政府洛浦街道办事处」2023 年度的报告");
  });

  it("leaves 上年结转 to the figure answer", async () => {
    const a = await answerer.answer("上年结转多少？", { report: current, others: [previous], history: [] });
    expect(a.text).toContain("：3 件");
  });
});
