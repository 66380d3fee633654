/**
 * The deterministic answerer on real audits of the seeds: the common phrasings map to the right
 * canonical cells and answer with the number and its source; blanks are not zeros; cells the
 * template lacks are said to be missing; findings and metadata; what it says when it cannot map.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import type { AnswerContext } from "../../qa/answerer.ts";
import { DeterministicAnswerer, EXAMPLE_QUESTIONS, sourceOf } from "../../qa/deterministic.ts";
import { parseQuestion } from "../../qa/deterministic-lexicon.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const audit = async (name: string) => auditBytes(new Uint8Array(readFileSync(join(seeds, name))), name);

const answerer = new DeterministicAnswerer();
let r2021: AuditResult; // 002: 2021 template, 表三 with numbers
let r2019: AuditResult; // 001: 2019 template
let rBlank: AuditResult; // 000: 表四 行政复议 blank
let rPdf: AuditResult; // 002 as PDF: pages

const ask = (question: string, report: AuditResult, history: AnswerContext["history"] = []) =>
  answerer.answer(question, { report, history });

beforeAll(async () => {
  [r2021, r2019, rBlank, rPdf] = await Promise.all([
    audit("002_a01f0cf12a106081.txt"),
    audit("001_77c3b53386b2261e.txt"),
    audit("000_5ed72146557905c8.txt"),
    audit("002_a01f0cf12a106081.pdf"),
  ]);
});

describe("figures by their Chinese labels and common phrasings", () => {
  const cases: [string, string, number][] = [
    ["表三予以公开多少件？", "t3.granted.total", 23],
    ["行政复议总数？", "t4.review.total", 4],
    ["上年结转多少？", "t3.carried_over.total", 3],
    ["自然人申请多少？", "t3.new.natural_person", 56],
    ["表二行政处罚决定多少？", "t2.punishment.decisions", 432],
    ["本年新收申请多少件", "t3.new.total", 56],
    ["表3 结转下年度继续办理的有几件", "t3.carried_forward.total", 5],
    ["办理结果总计是多少", "t3.total_processed.total", 54],
    ["行政复议结果维持几件", "t4.review.upheld", 2],
    ["收费金额多少万元", "t2.fees.amount_wan_yuan", 64.01],
  ];
  it.each(cases)("%s → %s", async (question, key, value) => {
    const a = await ask(question, r2021);
    expect(a.handled).toBe(true);
    expect(a.citations.map((c) => c.key)).toEqual([key]);
    expect(a.citations[0]?.value).toBe(value);
    expect(r2021.figures[key]).toBe(value);
    expect(a.text).toContain(`：${value}`);
    expect(a.text).toContain(`出处：${sourceOf(r2021, key)}`);
  });

  it("cites table, row, column and page/line", async () => {
    const a = await ask("表三予以公开多少件？", rPdf);
    expect(a.citations[0]?.source).toMatch(/^表三「\(一\)予以公开」总计，第2页第\d+行$/);
    expect(a.text).toContain("表三「（一）予以公开」总计：23 件");
  });

  it("adds up a group heading and shows its parts", async () => {
    const a = await ask("不予公开多少？", r2021);
    expect(a.citations).toHaveLength(8);
    const sum = a.citations.reduce((s, c) => s + (c.value ?? 0), 0);
    expect(a.text).toContain(`表三「（三）不予公开」总计：${sum} 件（8 项相加）`);
  });

  it("answers both readings of an ambiguous word (结转)", async () => {
    const a = await ask("结转多少", r2021);
    expect(a.citations.map((c) => c.key)).toEqual(["t3.carried_over.total", "t3.carried_forward.total"]);
  });

  it("takes the row from the previous question for an elliptical one", async () => {
    const history = [{ question: "表三予以公开多少件？", answer: "…", at: "2024-01-01T00:00:00Z" }];
    const a = await ask("那商业企业呢？", r2021, history);
    expect(a.citations.map((c) => c.key)).toEqual(["t3.granted.business"]);
  });

  it("says a blank cell is blank, not zero", async () => {
    const a = await ask("行政复议总数？", rBlank);
    expect(rBlank.figures["t4.review.total"]).toBeNull();
    expect(a.handled).toBe(true);
    expect(a.text).toContain("空白或无法读取");
    expect(a.citations[0]?.value).toBeNull();
  });

  it("knows the 2019 template's cells and says which cells it lacks", async () => {
    const punished = await ask("表二行政处罚决定多少？", r2019);
    expect(punished.citations.map((c) => c.key)).toEqual(["t2.punishment.decisions"]);
    const repealed = await ask("规章废止多少件", r2019);
    expect(repealed.text).toContain("没有此项");
  });
});

describe("findings and metadata", () => {
  it("有哪些错误？ with none: says so and counts the rest", async () => {
    const a = await ask("有哪些错误？", r2021);
    const n = (s: string) => r2021.findings.filter((f) => f.severity === s).length;
    expect(n("error")).toBe(0);
    expect(a.text).toBe(`审核未发现错误（错误 0 项，警告 ${n("warning")} 项，提示 ${n("notice")} 项）。`);
  });

  it("lists findings with their arithmetic", async () => {
    const a = await ask("有哪些提示", r2021);
    expect(a.text).toContain("[TEXT-T3-NEW]");
    expect(a.text).toContain("填报 59，计算 56，相差 3");
    expect(a.citations.map((c) => c.key)).toContain("finding:TEXT-T3-NEW");
  });

  it("scopes findings to a table", async () => {
    const a = await ask("表三有什么问题？", r2021);
    const t3 = r2021.findings.filter(
      (f) => f.cells.some((c) => c.startsWith("t3.")) || f.rule.startsWith("T3"),
    );
    expect(t3.length).toBeGreaterThan(0);
    expect(t3.length).toBeLessThan(r2021.findings.length);
    expect(a.text).toMatch(new RegExp(`^审核发现表三的问题 ${t3.length} 项`));
    expect(a.text).toContain("[TEXT-T3-NEW]");
    expect(a.text).not.toContain("[META-DATE]");
  });

  it("answers the issuer, year, template and date", async () => {
    expect((await ask("发布机关是哪个单位？", r2021)).text).toBe(
      "发布机关：广州市番禺区人民政府洛浦街道办事处（街道办事处）",
    );
    expect((await ask("报告年度？", r2021)).text).toBe("报告年度：2024 年");
    expect((await ask("用的哪个模板", r2019)).text).toMatch(/^模板版本：2019 版/);
    expect((await ask("落款日期", r2021)).text).toBe("报告中未找到落款日期。");
  });

  it("gives a portal page's publication date with its line, next to the 落款", async () => {
    const page = {
      ...rBlank,
      meta: { ...rBlank.meta, portalDate: "2024-01-12", portalDateQuote: "发布时间:2024-01-12 09:30" },
    };
    expect((await ask("什么时候公布的？", page)).text).toBe(
      "网页标注的发布日期：2024-01-12（出处：「发布时间:2024-01-12 09:30」）；落款日期：2024-01-08。是否按期公布按网页发布日期核验。",
    );
  });
});

describe("what it cannot answer", () => {
  it("says what it can answer (handled: false)", async () => {
    const a = await ask("今天天气怎么样？", r2021);
    expect(a.handled).toBe(false);
    expect(a.citations).toEqual([]);
    expect(a.text).toContain("我可以回答");
    for (const q of ["表三予以公开多少件？", "有哪些错误？"]) expect(a.text).toContain(q);
  });

  it("answers every example question it advertises", async () => {
    for (const q of EXAMPLE_QUESTIONS) expect((await ask(q, r2021)).handled, q).toBe(true);
  });

  it("a file without tables has no numbers to answer with", async () => {
    const empty: AuditResult = {
      ...r2021,
      status: "not_a_report",
      figures: {},
      provenance: {},
      findings: [],
    };
    const a = await ask("表三予以公开多少件？", empty);
    expect(a.text).toContain("没有可用的表格数字");
  });
});

describe("parseQuestion", () => {
  it("prefers the longest phrase (复议后起诉 over 复议)", () => {
    const p = parseQuestion("复议后起诉总计");
    expect(p.rows.map((r) => r.row)).toEqual(["litigation_after_review"]);
  });

  it("reads full-width digits and 表3 as 表三", () => {
    expect(parseQuestion("表３予以公开").table).toBe("t3");
    expect(parseQuestion("表4").table).toBe("t4");
  });
});
