/** The Q&A tools' lookups and the grounding check of answers (no model involved). */
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { capLength, numbersIn, ungroundedNumbers } from "../../qa/llm-numbers.ts";
import { buildToolkit, cellSource, keysByLabel } from "../../qa/llm-tools.ts";
import { seedBytes } from "../llm/helpers.ts";

let report: AuditResult;
beforeAll(async () => {
  report = await auditBytes(seedBytes(), "002.txt");
});

describe("keysByLabel", () => {
  it.each([
    ["本年新收 总计", "t3.new.total"],
    ["予以公开 自然人", "t3.granted.natural_person"],
    ["行政复议 总计", "t4.review.total"],
    ["行政处罚", "t2.punishment.decisions"],
    ["结转下年度", "t3.carried_forward.total"],
    ["新收 合计", "t3.new.total"],
  ])("%s → %s first", (label, key) => {
    expect(keysByLabel(report, label)[0]).toBe(key);
  });

  it("finds nothing for words no cell has", () => {
    expect(keysByLabel(report, "天气 预报")).toEqual([]);
  });
});

describe("cellSource", () => {
  it("names the table, row, column and line", () => {
    expect(cellSource(report, "t3.new.total")).toBe("表三「一、本年新收政府信息公开申请数量」总计，第43行");
  });
});

describe("numbers in answers", () => {
  it("reads Arabic and counted Chinese numerals, not identifiers", () => {
    expect(
      numbersIn("T3-BAL 与 t3.new.total：本年新收 56 件，五十六件，1,234 元，第43行，64.01万元"),
    ).toEqual(["56", "1234", "43", "64.01", "56"]);
  });

  it("flags numbers no tool returned", () => {
    expect(ungroundedNumbers("新收 56 件，相差 3 件", new Set(["56"]))).toEqual(["3"]);
    expect(ungroundedNumbers("新收 56 件", new Set(["56"]))).toEqual([]);
  });

  it("caps at a sentence end", () => {
    expect(capLength("第一句话很长。第二句。", 9)).toBe("第一句话很长。……");
    expect(capLength("短。", 8)).toBe("短。");
  });
});

describe("buildToolkit", () => {
  it("records what a tool returned as allowed numbers and citations", async () => {
    const kit = buildToolkit({ report, history: [] });
    const getFigure = kit.tools.find((t) => t.name === "get_figure");
    const out = JSON.parse(String(await getFigure?.invoke({ key: "t3.new.total" })));
    expect(out.matches[0]).toMatchObject({ key: "t3.new.total", value: 56 });
    expect(kit.allowed.has("56")).toBe(true);
    expect(kit.allowed.has("43")).toBe(true);
    expect(kit.allowed.has("2024")).toBe(true);
    expect(kit.cited.get("t3.new.total")?.value).toBe(56);
  });

  it("explains a rule with its basis, and the LLM notices too", async () => {
    const kit = buildToolkit({ report, history: [] });
    const explain = kit.tools.find((t) => t.name === "explain_rule");
    const out = JSON.parse(String(await explain?.invoke({ rule: "t3-bal" })));
    expect(out.basis).toContain("表三");
    const notice = JSON.parse(String(await explain?.invoke({ rule: "EXTRACT-DISAGREE" })));
    expect(notice.basis).toContain("确定性解析");
  });
});
