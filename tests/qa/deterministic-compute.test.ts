/**
 * Sums, differences and rates: the arithmetic is written out with every cell cited, the rate's
 * definition is stated, a blank is never a zero and a zero denominator gives no rate.
 */
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { computeAnswer, percent, plainLabel } from "../../qa/deterministic-compute.ts";
import { type Audited, ask, auditSeed, LUOPU } from "./seed-audits.ts";

let luopu: Audited; // 002: 新收 56, 上年结转 3, 予以公开 23, 部分公开 4, 总计 54, 复议 2/2/0/0/4
let liuhua: Audited; // 000: 表三 all 0, 表四 行政复议 blank

beforeAll(async () => {
  [luopu, liuhua] = await Promise.all([auditSeed(LUOPU), auditSeed("000_5ed72146557905c8.txt")]);
});

const keys = (a: { citations: readonly { key: string }[] }) => a.citations.map((c) => c.key);

describe("sums and differences of named figures", () => {
  it.each([
    [
      "本年新收和上年结转加起来是多少",
      "本年新收 56 件 + 上年结转 3 件 = 59 件",
      ["t3.new.total", "t3.carried_over.total"],
    ],
    [
      "新收加上年结转一共多少",
      "本年新收 56 件 + 上年结转 3 件 = 59 件",
      ["t3.new.total", "t3.carried_over.total"],
    ],
    ["行政处罚和行政强制一共多少", "= 483 件", ["t2.punishment.decisions", "t2.coercion.decisions"]],
    [
      "复议维持和纠正合计几件",
      "结果维持 2 件 + 行政复议·结果纠正 2 件 = 4 件",
      ["t4.review.upheld", "t4.review.corrected"],
    ],
  ])("%s", async (q, expected, cited) => {
    const a = await ask(q, luopu);
    expect(a.handled).toBe(true);
    expect(a.text.replace(/行政复议·结果维持/, "结果维持")).toContain(expected);
    expect(keys(a)).toEqual(cited);
  });

  it("adds group headings cell by cell and cites every cell", async () => {
    const a = await ask("不予公开和无法提供加起来", luopu);
    expect(a.text).toContain("不予公开 3 件 + 无法提供 22 件 = 25 件");
    expect(a.citations).toHaveLength(8 + 3);
  });

  it.each([
    ["予以公开比部分公开多几件", "予以公开比部分公开多 19 件", "予以公开 23 件 − 部分公开 4 件 = 19 件"],
    ["部分公开比予以公开少几件", "部分公开比予以公开少 19 件", "部分公开 4 件 − 予以公开 23 件 = -19 件"],
    [
      "上年结转和结转下年度相差几件",
      "两者相差 2 件（结转下年度继续办理多）",
      "上年结转 3 件 − 结转下年度继续办理 5 件 = -2 件",
    ],
  ])("%s", async (q, verdict, formula) => {
    const a = await ask(q, luopu);
    expect(a.text).toContain(verdict);
    expect(a.text).toContain(`算式：${formula}`);
  });

  it("a blank operand gives no sum", async () => {
    const a = await ask("行政复议和未经复议直接起诉加起来", liuhua);
    expect(a.text).toMatch(/^无法相加：行政复议：.*为空白或无法读取（不按 0 计）/);
    expect(a.text).not.toMatch(/= \d/);
  });

  it("a single figure is not a sum (「一共收到多少申请」)", () => {
    expect(computeAnswer("今年一共收到多少申请", luopu.result)).toBeNull();
  });

  it("property: the sum shown is the sum of the two cells", () => {
    fc.assert(
      fc.property(fc.nat(100_000), fc.nat(100_000), (x, y) => {
        const report: AuditResult = {
          ...luopu.result,
          figures: { ...luopu.result.figures, "t3.granted.total": x, "t3.partially_granted.total": y },
        };
        const a = computeAnswer("予以公开和部分公开加起来多少", report);
        expect(a?.text).toContain(`予以公开 ${x} 件 + 部分公开 ${y} 件 = ${x + y} 件`);
      }),
      { numRuns: 50 },
    );
  });
});

describe("rates state their formula and definition", () => {
  it("办结率 = 办理结果总计 ÷（本年新收 + 上年结转）", async () => {
    const a = await ask("办结率是多少", luopu);
    expect(a.text).toContain("办结率：91.5%");
    expect(a.text).toContain("算式：办理结果总计 54 ÷ （本年新收 56 + 上年结转 3） = 54 ÷ 59 = 91.5%");
    expect(a.text).toContain("没有规定这一比率的官方口径");
    expect(keys(a)).toEqual(["t3.total_processed.total", "t3.new.total", "t3.carried_over.total"]);
  });

  it("公开率 = （予以公开 + 部分公开）÷ 办理结果总计", async () => {
    const a = await ask("公开率多少", luopu);
    expect(a.text).toContain("（予以公开 23 + 部分公开 4） ÷ 办理结果总计 54 = 27 ÷ 54 = 50%");
  });

  it("纠错率 = 结果纠正 ÷（总计 − 尚未审结）, for 复议 and for 诉讼", async () => {
    const review = await ask("复议纠错率", luopu);
    expect(review.text).toContain("行政复议纠错率：50%");
    expect(review.text).toContain("结果纠正 2 ÷ （总计 4 − 尚未审结 0） = 2 ÷ 4 = 50%");
    const both = await ask("纠错率是多少", luopu);
    expect(both.text).toContain("行政复议纠错率：50%");
    expect(both.text).toContain("行政诉讼纠错率：无法计算，分母为 0");
  });

  it("a blank cell or a zero denominator gives no rate", async () => {
    const blank = await ask("行政复议纠错率是多少", liuhua);
    expect(blank.text).toMatch(/^行政复议纠错率：无法计算，.*空白或无法读取（不按 0 计）/);
    expect(blank.text).not.toContain("%");
    const zero = await ask("公开率", liuhua);
    expect(zero.text).toContain("无法计算，分母为 0");
    expect(zero.text).not.toContain("%");
  });

  it("「A占B的比例」, 「B里面A占比」 and a column's share of its row", async () => {
    expect((await ask("予以公开占办理结果的比例", luopu)).text).toContain(
      "予以公开 23 ÷ 办理结果总计 54 = 23 ÷ 54 = 42.6%",
    );
    expect((await ask("办理结果里面部分公开占比", luopu)).text).toContain("= 4 ÷ 54 = 7.4%");
    expect((await ask("自然人申请占比多少", luopu)).text).toContain(
      "本年新收·自然人 56 ÷ 本年新收总计 56 = 56 ÷ 56 = 100%",
    );
  });

  it("percent and labels", () => {
    expect(percent(54 / 59)).toBe("91.5%");
    expect(percent(1 / 6)).toBe("16.7%");
    expect(plainLabel("表三「（二）部分公开（区分处理的，只计这一情形，不计其他情形）」总计")).toBe(
      "部分公开",
    );
    expect(plainLabel("表三「一、本年新收政府信息公开申请数量」自然人")).toBe("本年新收·自然人");
  });
});
