/**
 * What the report states besides its tables: template and why, level, deadline and whether it was
 * met, sections quoted from the kept reading, prose figures, the fee statement of 六 (not 表二's
 * fees), the problems and improvements of 五.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { type Audited, ask, auditSeed, LUOPU } from "./seed-audits.ts";

let luopu: Audited; // 2024, 街道, no 落款
let liuhua: Audited; // 2023, 落款 2024-01-08
let huadi: Audited; // 2020, 2019 template
let huaxiang: Audited; // 2023, prose figures

beforeAll(async () => {
  [luopu, liuhua, huadi, huaxiang] = await Promise.all([
    auditSeed(LUOPU),
    auditSeed("000_5ed72146557905c8.txt"),
    auditSeed("001_77c3b53386b2261e.txt"),
    auditSeed("003_1c640710511402cf.txt"),
  ]);
});

describe("metadata", () => {
  it("the template version, the evidence and whether it is the right one for the year", async () => {
    const a = await ask("用的是哪个版本的模板，为什么", luopu);
    expect(a.text).toMatch(/^模板版本：2021 版（国办公开办函〔2021〕30号/);
    expect(a.text).toContain("识别依据：本年制发件数（2021版）");
    expect(a.text).toContain("2024 年度报告应使用 2021 版");
    expect(a.text).toContain("相符");
    expect((await ask("这份报告用的哪版格式", huadi)).text).toMatch(/^模板版本：2019 版/);
  });

  it("the level and its deadline", async () => {
    const a = await ask("这是哪一级的机关", luopu);
    expect(a.text).toContain("层级：街道办事处");
    expect(a.text).toContain("公布期限：2025-01-31");
  });

  it("whether the deadline was met", async () => {
    expect((await ask("按时公布了吗", liuhua)).text).toContain(
      "落款日期：2024-01-08，在期限之前，按期公布。",
    );
    expect((await ask("是否逾期", huadi)).text).toContain("公布期限：2021-01-31");
    const none = await ask("公布期限是什么时候", luopu);
    expect(none.text).toContain("报告中未找到落款日期，无法判断是否按期公布");
    const late = {
      ...liuhua,
      result: { ...liuhua.result, meta: { ...liuhua.result.meta, publicationDate: "2024-02-05" } },
    };
    expect((await ask("有没有超期", late)).text).toContain(
      "落款日期：2024-02-05，晚于期限 5 天，未按期公布。",
    );
  });
});

describe("sections, prose figures and the fee statement", () => {
  it("quotes a section by number or title, from the kept reading", async () => {
    const five = await ask("第五部分写了什么", luopu);
    expect(five.text).toMatch(/^第五部分「存在的主要问题及改进情况」（第 85 行起）原文：/);
    expect(five.text).toContain("被复议机关确认程序违法");
    expect(five.citations).toEqual([
      { key: "section:5", value: null, source: "五、存在的主要问题及改进情况，第85行" },
    ]);
    expect((await ask("总体情况写了什么", huaxiang)).text).toContain("丰台区2023年政务公开工作要点");
    expect((await ask("第三部分说了啥", luopu)).text).toContain("没有文字，只有表三");
  });

  it("without the kept reading it says it cannot quote", async () => {
    const a = await ask("第五部分写了什么", { ...luopu, parsed: null });
    expect(a.text).toContain("没有保留正文，无法引用");
  });

  it("the problems and the improvements of 五, apart", async () => {
    const problems = await ask("存在的主要问题有哪些", luopu);
    expect(problems.text).toContain("超期处理政府信息公开申请");
    expect(problems.text).not.toContain("强化人员队伍建设");
    const fixes = await ask("改进措施是什么", luopu);
    expect(fixes.text).toContain("强化人员队伍建设");
    expect(fixes.text).not.toContain("超期处理");
  });

  it("主动公开信息条数 and other prose figures, with the sentence", async () => {
    const a = await ask("主动公开信息多少条", luopu);
    expect(a.text).toMatch(/^主动公开信息：800 条/);
    expect(a.citations[0]).toMatchObject({ key: "narrative:主动公开", value: 800 });
    expect((await ask("网上受理办结多少件", huaxiang)).text).toMatch(/^正文所写：网上受理办结 746 件/);
  });

  it("the fee statement of 六, not 表二's 行政事业性收费", async () => {
    const count = await ask("发出了几份收费通知", luopu);
    expect(count.text).toMatch(/^收费通知件数：0 件/);
    expect(count.text).not.toContain("64.01");
    expect(count.citations.map((c) => c.key)).toEqual(["fee.notice_count"]);
    const collected = await ask("信息处理费实际收了多少钱", luopu);
    expect(collected.citations.map((c) => c.key)).toEqual(["fee.collected_yuan"]);
    const all = await ask("信息处理费情况", luopu);
    expect(all.citations.map((c) => c.key)).toEqual([
      "fee.notice_count",
      "fee.notice_amount_yuan",
      "fee.collected_yuan",
    ]);
    const missing = await ask("收费通知多少件", liuhua);
    expect(missing.text).toContain("收费通知件数：报告第六部分未写明。");
    expect(missing.citations).toEqual([]);
    // 表二's fee amount is still 表二's.
    expect((await ask("收费金额多少万元", luopu)).citations.map((c) => c.key)).toEqual([
      "t2.fees.amount_wan_yuan",
    ]);
  });
});
