/**
 * 勾稽关系 with their numbers, one finding explained (arithmetic, cells, basis, correction), and the
 * list of corrections — on a clean seed and on a variant with two misprinted totals.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { correctionsFor } from "../../audit/corrections.ts";
import { type Audited, ask, auditSeed, LUOPU, misprinted } from "./seed-audits.ts";

let luopu: Audited;
let wrong: Audited; // 予以公开 总计 25 (parts 23); 行政复议 总计 5 (parts 4)
let liuhua: Audited; // 表四 行政复议 blank

beforeAll(async () => {
  [luopu, wrong, liuhua] = await Promise.all([
    auditSeed(LUOPU),
    misprinted(),
    auditSeed("000_5ed72146557905c8.txt"),
  ]);
});

describe("勾稽关系对不对", () => {
  it("shows every relation of the rulebook with its numbers", async () => {
    const a = await ask("勾稽关系对不对", luopu);
    expect(a.text).toMatch(/^勾稽关系共 42 项：成立 42 项，不成立 0 项，无法核验 0 项。/);
    expect(a.text).toContain("总计列：一+二 = 56+3 = 59；三（七）+四 = 54+5 = 59");
    expect(a.text).toContain("总计列：（一）23+（二）4+（三）3+（四）22+（五）2+（六）0 = 54；（七）总计 54");
    expect(a.text).toContain(
      "「一、本年新收政府信息公开申请数量」：六类申请人 56+0+0+0+0+0 = 56；总计 56　✓ 成立",
    );
    expect(a.text).toContain("行政复议：维持 2 + 纠正 2 + 其他 0 + 尚未审结 0 = 4；总计 4　✓ 成立");
    // Cells the parser filled in with a relation are not an independent check.
    expect(a.text).toContain("含按此关系推算补全的数字");
    expect(a.citations.map((c) => c.key)).toContain("t3.new.total");
  });

  it("a failing relation says so with 差 = 填报 − 计算, and cites its cells", async () => {
    const a = await ask("表三勾稽关系对吗", wrong);
    expect(a.text).toContain("「（一）予以公开」：六类申请人 23+0+0+0+0+0 = 23；总计 25　✗ 不成立，相差 +2");
    expect(a.text).not.toContain("行政复议：");
    expect(a.citations.map((c) => c.key)).toContain("t3.granted.natural_person");
    const t4 = await ask("表四的总计对得上吗", wrong);
    expect(t4.text).toContain(
      "行政复议：维持 2 + 纠正 2 + 其他 0 + 尚未审结 0 = 4；总计 5　✗ 不成立，相差 +1",
    );
    expect(t4.text).not.toContain("T3-BAL");
  });

  it("a blank cell leaves its relation unchecked, never summed as 0", async () => {
    const a = await ask("表四勾稽关系对不对", liuhua);
    expect(a.text).toContain(
      "行政复议：维持 空白 + 纠正 空白 + 其他 空白 + 尚未审结 空白 = ？；总计 ？　无法核验",
    );
  });
});

describe("为什么… / …是什么问题", () => {
  it("explains the one finding asked about: arithmetic, cells, basis, correction", async () => {
    const a = await ask("表四复议总计是什么问题", wrong);
    expect(a.text).toMatch(/^【错误】\[T4-REVIEW\]/);
    expect(a.text).toContain("算式：填报 5，计算 4，差 1");
    expect(a.text).toContain("表四「行政复议」总计，第83行 5");
    expect(a.text).toContain("依据：表四");
    expect(a.text).toContain("建议：表四「行政复议」总计应为 4");
    expect(a.text).not.toContain("T3-COLSUM");
    expect(a.citations[0]).toMatchObject({ key: "finding:T4-REVIEW", value: 1 });
  });

  it("finds the finding by what it is about (落款, 正文不一致, 空白, 考核)", async () => {
    expect((await ask("落款日期是什么问题", luopu)).text).toMatch(
      /^【警告】\[META-DATE\][\s\S]*建议：请在文末加注落款/,
    );
    const why = await ask("为什么说收到申请数不一致", luopu);
    expect(why.text).toMatch(/^【提示】\[TEXT-T3-NEW\]/);
    expect(why.text).toContain("算式：填报 59，计算 56，差 3");
    expect((await ask("表四空白是什么问题", liuhua)).text).toContain(
      "建议：表四空白单元格请填写数字，没有发生的填 0。",
    );
    expect((await ask("为什么提示缺少工作考核", liuhua)).text).toMatch(/^【提示】\[CONTENT-ART50\]/);
  });

  it("by its rule id", async () => {
    expect((await ask("T3-COLSUM是什么意思", wrong)).text).toMatch(/^【错误】\[T3-COLSUM\]/);
  });

  it("a 为什么 about no finding falls through to the figures", async () => {
    const a = await ask("为什么予以公开是23件", luopu);
    expect(a.text).toContain("表三「（一）予以公开」总计：23 件");
  });
});

describe("怎么改 / 哪些要改", () => {
  it("lists audit/corrections.ts's suggestions with their findings", async () => {
    const a = await ask("怎么改", wrong);
    const fixes = correctionsFor(wrong.result.findings);
    expect(a.text).toMatch(new RegExp(`^更正建议 ${fixes.length} 条`));
    for (const fix of fixes) expect(a.text).toContain(fix.text);
    expect(a.text).toContain(
      "[T3-COLSUM]（错误） 若本行六类申请人数字无误，表三「（一）予以公开」总计应为 23，现填 25",
    );
    expect((await ask("这个报告有什么需要修改的地方", wrong)).text).toBe(a.text);
  });
});
