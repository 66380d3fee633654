/**
 * Answerer patterns added after the first run of the real-corpus questions (eval/qa/real-questions.ts):
 * comma-separated questions, a bare 「加起来多少」 over the clauses before it, colloquial words
 * (「加一起」「去年转过来」), a count of applications that is not a fee question, typos, traditional
 * characters and English, the findings cited with the 勾稽关系, every fee finding for 「收费的问题」, and a
 * blank 总计 that the reading filled from the row's cells answered as blank.
 */
import { beforeAll, describe, expect, it } from "vitest";
import type { ResultFinding } from "../../audit/result.ts";
import { type Audited, ask, auditSeed, LUOPU, misprinted } from "./seed-audits.ts";

let luopu: Audited;
let liuhua: Audited;
beforeAll(async () => {
  luopu = await auditSeed(LUOPU);
  liuhua = await auditSeed("000_5ed72146557905c8.txt");
});

const keys = (a: { citations: readonly { key: string }[] }) => a.citations.map((c) => c.key);

describe("answerer patterns", () => {
  it("answers each comma-separated question, the second leaning on the first", async () => {
    const a = await ask("复议几件，纠正了几件", luopu);
    expect(keys(a)).toEqual(expect.arrayContaining(["t4.review.total", "t4.review.corrected"]));
    expect(a.text).toContain("：4 件");
    const b = await ask("收到几个申请,其中自然人几个", luopu);
    expect(keys(b)).toEqual(expect.arrayContaining(["t3.new.total", "t3.new.natural_person"]));
  });

  it("keeps a clause of context with its question", async () => {
    const a = await ask("正文说收到59宗，跟表格对不上是怎么回事", luopu);
    expect(keys(a)).toContain("finding:TEXT-T3-NEW");
  });

  it("sums the figures of the earlier clauses for a bare 「加起来多少」", async () => {
    const a = await ask("新收申请多少，上年结转多少，加起来多少", luopu);
    expect(a.text).toContain("= 59");
  });

  it("a bare 「占…多少」 is the share of the figure the clause before asked for", async () => {
    const a = await ask("不掌握相关信息的有几件，占办理结果多少", luopu);
    expect(a.text).toContain("22 ÷ 54");
    expect(a.text).toContain("40.7%");
  });

  it("an elliptical 「诉讼呢」 keeps the column of the question before", async () => {
    const earlier = [{ question: "行政复议结果纠正多少", answer: "", at: "2025-01-01T00:00:00Z" }];
    const a = await ask("诉讼呢", luopu, earlier);
    expect(keys(a)).toEqual(
      expect.arrayContaining(["t4.litigation_direct.corrected", "t4.litigation_after_review.corrected"]),
    );
    expect(keys(a)).not.toContain("t4.litigation_direct.total");
  });

  it("reads 加一起, 去年转过来 and 转到明年", async () => {
    expect((await ask("行政处罚和行政强制加一起多少", luopu)).text).toContain("483");
    expect(keys(await ask("去年转过来的有几个", luopu))).toEqual(["t3.carried_over.total"]);
    expect(keys(await ask("转到明年办的有几件", luopu))).toEqual(["t3.carried_forward.total"]);
  });

  it("「一共收了多少个申请」 is the applications, not the fee", async () => {
    const a = await ask("今年一共收了多少个申请啊", luopu);
    expect(keys(a)).toEqual(["t3.new.total"]);
    expect((await ask("信息处理费收了多少", luopu)).text).toMatch(/实际收取/);
  });

  it("maps 办接率, 甚麼時候發布 and 'applications were received'", async () => {
    expect((await ask("办接率多少", luopu)).text).toContain("91.5%");
    expect((await ask("報告甚麼時候發布的", liuhua)).text).toContain("2024-01-08");
    expect(keys(await ask("How many applications were received this year?", luopu))).toContain(
      "t3.new.total",
    );
  });

  it("「哪些地方要改」 lists the corrections", async () => {
    expect((await ask("哪些地方要改", luopu)).text).toMatch(/^更正建议/);
  });

  it("cites the audit's findings on the relations it shows", async () => {
    const a = await ask("表三勾稽关系对吗", await misprinted());
    expect(keys(a).filter((k) => k.startsWith("finding:T3-"))).not.toHaveLength(0);
    expect((await ask("表三平吗", luopu)).text).toMatch(/^勾稽关系共/);
    const ok = await ask("表三勾稽关系对吗", luopu);
    expect(keys(ok).filter((k) => k.startsWith("finding:"))).toEqual([]);
  });

  it("explains every fee finding for 「收费的问题」", async () => {
    const fee = (rule: string): ResultFinding => ({
      rule,
      severity: "notice",
      message: `${rule} 的说明`,
      messageId: "x",
      cells: [],
      basis: "国办函〔2020〕109号",
      data: {},
    });
    const report = { ...luopu.result, findings: [fee("FEE-PRESENT"), fee("FEE-NOTICE")] };
    const a = await ask("收费的问题是什么", { ...luopu, result: report });
    expect(keys(a)).toEqual(expect.arrayContaining(["finding:FEE-PRESENT", "finding:FEE-NOTICE"]));
  });

  it("a blank 总计 the reading filled from the row is answered as blank, with no number", async () => {
    const key = "t3.carried_forward.total";
    const p = luopu.result.provenance[key];
    if (!p) throw new Error("no provenance");
    const report = {
      ...luopu.result,
      provenance: {
        ...luopu.result.provenance,
        [key]: { ...p, mode: "decoded" as const, raw: "（由「5 0 0 0 0 0」推算）" },
      },
    };
    const a = await ask("结转下年度多少件", { ...luopu, result: report });
    expect(a.text).toContain("空白");
    expect(a.text).not.toMatch(/：5 件/);
    expect(a.citations.find((c) => c.key === key)?.value).toBeNull();
    // A printed total is stated as before.
    expect((await ask("结转下年度多少件", luopu)).text).toContain("：5 件");
  });
});
