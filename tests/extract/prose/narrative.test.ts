import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readMeta } from "../../../extract/meta.ts";
import { extractNarrative, restatedValue, scopeMarkers, yearBefore } from "../../../extract/narrative.ts";
import { readText } from "../../../extract/readers/text.ts";
import type { Figures, ParsedReport } from "../../../extract/schema.ts";
import { findSections } from "../../../extract/sections.ts";
import { parseTemplate } from "../../../extract/template/index.ts";
import { ruleById } from "../../../validate/rules/index.ts";
import { cleanReport } from "../../helpers/report.ts";
import { findings } from "../../validate/helpers.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures/seeds/", import.meta.url));
const SHARED = fileURLToPath(new URL("../../../../shared/seeds/", import.meta.url));

function seedPath(name: string): string {
  return existsSync(`${FIXTURES}${name}`) ? `${FIXTURES}${name}` : `${SHARED}${name}`;
}

function seed(name: string) {
  const doc = readText(readFileSync(seedPath(name)));
  const { sections, extra } = findSections(doc, parseTemplate(doc).tableLines);
  return { doc, sections, extra, ...extractNarrative(sections) };
}

/** A seed as a ParsedReport: prose and metadata as extracted, figures from the gold file (the table parser is tested elsewhere). */
function seedReport(name: string): ParsedReport {
  const { doc, sections, extra, figures, totals } = seed(name);
  const gold = fixtureFigures(name);
  const meta = readMeta(doc, sections);
  const base = cleanReport({ figures: gold, sections });
  return {
    ...base,
    figures: gold,
    meta: { ...base.meta, ...meta },
    extraSections: extra,
    narrative: figures,
    narrativeTotals: totals,
    fullText: sections.map((s) => `${s.heading}\n${s.text}`).join("\n"),
  };
}

function fixtureFigures(name: string): Figures {
  const path = seedPath(name).replace(/\.txt$/, ".expected.json");
  if (!existsSync(path)) throw new Error(`no gold figures for ${name}`);
  return (JSON.parse(readFileSync(path, "utf8")) as { figures: Figures }).figures;
}

const hasGold = existsSync(`${FIXTURES}002_a01f0cf12a106081.expected.json`);

function run(id: string, report: ParsedReport) {
  const rule = ruleById(id);
  if (!rule) throw new Error(`rule ${id} not registered`);
  return findings(rule, report);
}

const keyed = (name: string) =>
  seed(name)
    .figures.filter((f) => f.key !== null)
    .map((f) => [f.key, f.value, f.section, f.year]);

describe("extractNarrative on the seeds", () => {
  it("000: 没有收到…申请 is 0 received; the fee sentence; social-media lines give nothing", () => {
    const { figures } = seed("000_5ed72146557905c8.txt");
    expect(keyed("000_5ed72146557905c8.txt")).toEqual([
      ["t3.new.total", 0, 1, 2023],
      ["fee.collected_yuan", 0, 6, null],
    ]);
    expect(figures.find((f) => f.key === "t3.new.total")).toMatchObject({
      quote: "2023年我街没有收到政府信息公开依申请公开的申请",
      measure: "收到申请",
      line: 19,
    });
    const wechat = figures.find((f) => f.value === 80);
    expect(wechat).toMatchObject({
      key: null,
      unit: "条",
      scope: ["通过“微社区 e 家通羊城流花街”微信公众号"],
    });
    expect(figures.every((f) => !f.quote.includes("19:04"))).toBe(true);
  });

  it("001: 主动公开政府信息 215 条 has key null; its parts are an exhaustive list", () => {
    const { figures, totals } = seed("001_77c3b53386b2261e.txt");
    expect(figures.find((f) => f.value === 215)).toMatchObject({
      key: null,
      unit: "条",
      year: 2020,
      section: 1,
    });
    expect(keyed("001_77c3b53386b2261e.txt")).toEqual([]);
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({ total: 215, unit: "条", exhaustive: true, section: 1, line: 9 });
    expect(totals[0]?.parts.map((p) => [p.label, p.value])).toEqual([
      ["规章", 0],
      ["规范性文件", 0],
      ["其他文件", 0],
      ["依申请公开", 0],
      ["人大代表建议及政协提案办理信息", 0],
      ["财政预决算信息", 5],
      ["政务动态类信息", 199],
      ["其他信息", 0],
    ]);
  });

  it("002: 收到 59 宗 with 予以公开 23, 不掌握 22, 结转下年度 5; the fee triple", () => {
    const { figures } = seed("002_a01f0cf12a106081.txt");
    expect(keyed("002_a01f0cf12a106081.txt")).toEqual([
      ["t3.new.total", 59, 1, 2024],
      ["t3.granted.total", 23, 1, 2024],
      ["t3.unable.no_such_info.total", 22, 1, 2024],
      ["t3.carried_forward.total", 5, 1, 2024],
      ["fee.notice_count", 0, 6, 2024],
      ["fee.notice_amount_yuan", 0, 6, 2024],
      ["fee.collected_yuan", 0, 6, 2024],
    ]);
    const quote =
      "2024年共收到政府信息公开申请59宗,其中予以公开23宗,不掌握相关政府信息22宗,结转下年度继续办理5宗";
    expect(figures.find((f) => f.value === 59)).toMatchObject({
      quote,
      unit: "宗",
      measure: "收到申请",
      line: 13,
      scope: [],
    });
    expect(figures.find((f) => f.value === 800)).toMatchObject({ key: null, unit: "条" });
  });

  it("002: the 800 and 823 lists add up; 59 with its parts is not exhaustive", () => {
    const { totals } = seed("002_a01f0cf12a106081.txt");
    expect(totals.map((t) => [t.total, t.parts.map((p) => p.value), t.exhaustive])).toEqual([
      [800, [5, 8, 731, 14, 42], true],
      [823, [421, 397, 5], false],
      [59, [23, 22, 5], false],
    ]);
  });

  it("003: 接到信息公开申请6次，其中6件已办结", () => {
    const { figures, totals } = seed("003_1c640710511402cf.txt");
    expect(keyed("003_1c640710511402cf.txt")).toEqual([
      ["t3.new.total", 6, 1, 2023],
      ["t3.total_processed.total", 6, 1, 2023],
      ["fee.notice_count", 0, 6, null],
      ["fee.notice_amount_yuan", 0, 6, null],
      ["fee.collected_yuan", 0, 6, null],
    ]);
    expect(figures.find((f) => f.key === "t3.total_processed.total")).toMatchObject({
      quote: "2023年度花乡街道办事处接到信息公开申请6次,其中6件已办结",
      measure: "办结",
      unit: "件",
    });
    // 网上受理办结746件 is about 政务服务 (no 申请 in the sentence): not 表三.
    expect(figures.find((f) => f.value === 746)?.key).toBeNull();
    expect(totals.map((t) => t.total)).toEqual([12548]);
  });

  it("004: 未收取信息公开处理费 covers only the collected part", () => {
    expect(keyed("004_e2933871b57d250b.txt")).toEqual([["fee.collected_yuan", 0, 6, null]]);
  });
});

describe.skipIf(!hasGold)("text rules on the seeds (gold table figures)", () => {
  it("002: 59 received = new 56 + carried over 3 → TEXT-T3-NEW notice; 23/22/5 agree", () => {
    const report = seedReport("002_a01f0cf12a106081.txt");
    const f = run("TEXT-T3-NEW", report);
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: "TEXT-T3-NEW",
      severity: "notice",
      cells: ["t3.new.total", "t3.carried_over.total"],
      reported: 59,
      computed: 56,
      difference: 3,
      message:
        "正文称收到申请 59 件（“2024年共收到政府信息公开申请59宗,其中予以公开23宗,不掌握相关政府信息22宗,结转下年度继续办理5宗”），表三「本年新收」总计 56，相差 3",
    });
    expect(run("TEXT-T3-SPLIT", report)).toEqual([]);
    expect(run("TEXT-T3-CARRY", report)).toEqual([]);
    expect(run("TEXT-SELF", report)).toEqual([]);
    expect(run("FEE-PRESENT", report)).toEqual([]);
  });

  it("001: 215 ≠ 204 in an exhaustive list → TEXT-SELF warning", () => {
    const f = run("TEXT-SELF", seedReport("001_77c3b53386b2261e.txt"));
    expect(f).toHaveLength(1);
    expect(f[0]).toMatchObject({
      rule: "TEXT-SELF",
      severity: "warning",
      cells: [],
      reported: 215,
      computed: 204,
    });
    expect(f[0]?.message).toBe(
      "正文“2020 年,花地街道办事处通过广东政府网站集约化平台及微博微信等平台主动公开政府信息 215 条,其中规章 0 条、规范性文件 0 条、其他文件 0 条;依申请公开 0 条,人大代表建议及政协提案办理信息 0 条、财政预决算信息 5 条、政务动态类信息 199 条、其他信息 0 条”：总数 215条，分项合计 204条，相差 11",
    );
  });

  it("003 and 000: the prose agrees with 表三", () => {
    for (const name of ["003_1c640710511402cf.txt", "000_5ed72146557905c8.txt"]) {
      const report = seedReport(name);
      for (const id of [
        "TEXT-T3-NEW",
        "TEXT-T3-DONE",
        "TEXT-T3-SPLIT",
        "TEXT-T3-CARRY",
        "TEXT-T4",
        "TEXT-SELF",
      ]) {
        expect(run(id, report), `${name} ${id}`).toEqual([]);
      }
    }
  });

  it("fees: 000 and 004 report only the collected amount (notice); 002 and 003 the whole triple", () => {
    for (const name of ["000_5ed72146557905c8.txt", "004_e2933871b57d250b.txt"]) {
      const f = run("FEE-PRESENT", seedReport(name));
      expect(
        f.map((x) => [x.severity, x.message]),
        name,
      ).toEqual([["notice", "仅报告实际收取总金额，建议补充收费通知件数、总金额"]]);
    }
    for (const name of ["002_a01f0cf12a106081.txt", "003_1c640710511402cf.txt"]) {
      expect(run("FEE-PRESENT", seedReport(name)), name).toEqual([]);
    }
    // 001 is a 2020 report: no fee rule applies.
    expect(run("FEE-PRESENT", seedReport("001_77c3b53386b2261e.txt"))).toEqual([]);
  });

  it("structure and dates: 003's 1、 numbering is a notice; 002–004 have no 落款 date", () => {
    const structure = run("STRUCTURE-SECTIONS", seedReport("003_1c640710511402cf.txt"));
    expect(structure.map((f) => [f.severity, f.message])).toEqual([
      ["notice", "第一、二、三部分标题以阿拉伯数字编号（1、2、3、），格式规定为「一、」「二、」…"],
    ]);
    for (const name of [
      "000_5ed72146557905c8.txt",
      "001_77c3b53386b2261e.txt",
      "002_a01f0cf12a106081.txt",
      "004_e2933871b57d250b.txt",
    ]) {
      expect(run("STRUCTURE-SECTIONS", seedReport(name)), name).toEqual([]);
    }
    for (const name of ["000_5ed72146557905c8.txt", "001_77c3b53386b2261e.txt"]) {
      expect(run("META-DATE", seedReport(name)), name).toEqual([]);
      expect(run("DEADLINE", seedReport(name)), name).toEqual([]);
      expect(run("META-YEAR", seedReport(name)), name).toEqual([]);
    }
    for (const name of ["002_a01f0cf12a106081.txt", "003_1c640710511402cf.txt", "004_e2933871b57d250b.txt"]) {
      expect(
        run("META-DATE", seedReport(name)).map((f) => f.message),
        name,
      ).toEqual(["未找到落款日期，无法核验是否按期公布"]);
    }
  });
});

describe("narrative helpers", () => {
  it("finds scope markers, never 人大代表", () => {
    expect(scopeMarkers("全区各部门截至11月共收到申请10件")).toEqual(["全区", "各部门", "截至"]);
    expect(scopeMarkers("1月至11月通过门户网站收到申请3件，含上年结转1件")).toEqual([
      "1月至11月",
      "通过门户网站",
      "含上年结转",
    ]);
    expect(scopeMarkers("代表区政府收到申请5件")).toEqual(["代表"]);
    expect(scopeMarkers("人大代表建议办理信息0条")).toEqual([]);
  });

  it("takes the period year, not a budget's or a document's year", () => {
    const s = "准确发布2023年度部门预算、2022年度部门决算等信息59条";
    expect(yearBefore(s, s.indexOf("59"))).toBeNull();
    const t = "依据《丰台区2022年政务公开工作要点》，2023年收到申请6件";
    expect(yearBefore(t, t.indexOf("6件"))).toBe(2023);
  });

  it("reads small Chinese numerals, nil statements and nested 其中", () => {
    const section = (text: string) => [
      { no: 1, heading: "一、总体情况", numbering: "一、", line: 1, page: 1, text },
    ];
    const { figures } = extractNarrative(
      section(
        "全年共受理政府信息公开申请十二件，其中予以公开及部分公开三件。未发生因政府信息公开工作被申请行政复议、提起行政诉讼的情况。",
      ),
    );
    expect(figures.map((f) => [f.key, f.value])).toEqual([
      ["t3.new.total", 12],
      ["t3.granted.total+t3.partially_granted.total", 3],
      ["t4.review.total", 0],
      ["t4.litigation_direct.total+t4.litigation_after_review.total", 0],
    ]);
    const regardless = extractNarrative(
      section("无论是否被申请行政复议，均认真对待。本年度无因政府信息公开被申请行政复议的情况。"),
    );
    expect(regardless.figures.map((f) => [f.key, f.value, f.quote])).toEqual([
      ["t4.review.total", 0, "本年度无因政府信息公开被申请行政复议的情况"],
    ]);
    const service = extractNarrative(section("依申请公开工作有序开展，政务服务中心受理办件5000件。"));
    expect(service.figures.map((f) => [f.key, f.value])).toEqual([[null, 5000]]);
    const nested = extractNarrative(
      section("共发布信息100条，其中政务动态60条，其中图片20条、视频40条，其他信息40条。"),
    );
    expect(nested.totals).toMatchObject([
      { total: 100, exhaustive: true, parts: [{ value: 60 }, { value: 40 }] },
      { total: 60, exhaustive: false, parts: [{ value: 20 }, { value: 40 }] },
    ]);
  });

  it("ends a list at a 「；」 where the next clause states something new, but not where it names the next item", () => {
    const section = (text: string) => [
      { no: 1, heading: "一、总体情况", numbering: "一、", line: 1, page: 1, text },
    ];
    const totals = (text: string) =>
      extractNarrative(section(text)).totals.map((t) => [t.total, t.parts.map((p) => p.value)]);
    expect(
      totals(
        "受理网民互动交流事项872件，其中平台甲242件，人民网101件，长城网17件；向“直通车”推送政策及明白卡66件，向平台乙推送信息62件。",
      ),
    ).toEqual([[872, [242, 101, 17]]]);
    expect(totals("共受理申请30件，其中：自然人20件；法人或其他组织10件。")).toEqual([[30, [20, 10]]]);
  });

  it("gives each 纠正 figure to the group the sentence is about, and 顺延到下年度 to 结转下年度", () => {
    const section = (text: string) => [
      { no: 1, heading: "一、总体情况", numbering: "一、", line: 1, page: 1, text },
    ];
    const keyed = (text: string) =>
      extractNarrative(section(text))
        .figures.filter((f) => f.key !== null)
        .map((f) => [f.key, f.value]);
    expect(
      keyed(
        "被申请行政复议120件，其中结果维持40件，结果纠正18件，其他结果50件，尚未审结12件；行政诉讼30件，其中结果维持12件，结果纠正4件，其他结果10件，尚未审结4件。",
      ),
    ).toEqual([
      ["t4.review.total", 120],
      ["t4.review.corrected", 18],
      ["t4.litigation_direct.total+t4.litigation_after_review.total", 30],
      ["t4.litigation_direct.corrected+t4.litigation_after_review.corrected", 4],
    ]);
    expect(keyed("全年共发生行政复议和行政诉讼案件5件，被纠错1件。")).toEqual([
      ["t4.review.total+t4.litigation_direct.total+t4.litigation_after_review.total", 5],
      ["t4.review.corrected+t4.litigation_direct.corrected+t4.litigation_after_review.corrected", 1],
    ]);
    expect(
      keyed(
        "受理政府信息公开申请859件，答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）。",
      ),
    ).toEqual([
      ["t3.new.total", 859],
      ["t3.total_processed.total", 805],
      ["t3.carried_over.total", 18],
      ["t3.carried_forward.total", 72],
    ]);
    // Nothing corrected is not "no 复议".
    expect(keyed("全年未发生因依申请公开被行政复议纠错的情况。")).toEqual([["t4.review.corrected", 0]]);
  });

  it("sums key expressions over the report's rows; null is never 0", () => {
    const figures: Figures = { "t3.denied.state_secret.total": 1, "t3.denied.law_prohibited.total": 2 };
    expect(restatedValue("t3.denied.*", figures).missing).toHaveLength(6);
    expect(restatedValue("t3.other_processing.*", { "t3.other_processing.total": 4 })).toEqual({
      value: 4,
      cells: ["t3.other_processing.total"],
      missing: [],
    });
    expect(
      restatedValue("t3.granted.total+t3.partially_granted.total", {
        "t3.granted.total": 3,
        "t3.partially_granted.total": null,
      }).value,
    ).toBeNull();
  });
});

describe("a list item that names 公共 is no new total", () => {
  it("keeps 「突发公共事件…47条」 and the items after it in the list, so the sum is checked", () => {
    const text =
      "全年主动公开信息156条，其中机关职能类信息12条，财政预决算类信息2条；突发公共事件应急预案类信息47条；" +
      "环境保护、公共卫生类信息33条；其他应主动公开的政府信息45条。";
    const { totals } = extractNarrative([
      { no: 1, heading: "一、总体情况", numbering: "一、", line: 1, page: null, text, lineNumbers: [1] },
    ]);
    expect(totals).toHaveLength(1);
    expect(totals[0]).toMatchObject({ total: 156, exhaustive: true });
    expect(totals[0]?.parts.map((p) => p.value)).toEqual([12, 2, 47, 33, 45]);
  });
});
