/**
 * Traditional characters, typos and English questions reach the same answers as their simplified
 * Chinese wording; the answer stays in Chinese.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { canonicalQuestion } from "../../qa/deterministic-variants.ts";
import { type Audited, ask, auditSeed, LUOPU } from "./seed-audits.ts";

let luopu: Audited;
beforeAll(async () => {
  luopu = await auditSeed(LUOPU);
});

describe("canonicalQuestion", () => {
  it.each([
    ["行政覆議總數", "行政复议总数"],
    ["辦結率是多少", "办结率是多少"],
    ["勾机关系对不对", "勾稽关系对不对"],
    ["复义纠错律", "复议纠错率"],
    ["What is the completion rate?", "多少 the 办结率?"],
    ["section 5", "第5部分写了什么"],
  ])("%s → %s", (q, expected) => {
    expect(canonicalQuestion(q)).toBe(expected);
  });

  it("leaves simplified Chinese alone", () => {
    expect(canonicalQuestion("表三予以公开多少件？")).toBe("表三予以公开多少件？");
  });
});

describe("the same answer as the Chinese wording", () => {
  it.each([
    ["行政覆議總數", "行政复议总数"],
    ["辦結率是多少", "办结率是多少"],
    ["What is the completion rate?", "办结率"],
    ["how many new applications", "本年新收申请多少"],
    ["new applications and carried over in total", "本年新收和上年结转加起来"],
    ["how to fix", "怎么改"],
  ])("%s", async (q, chinese) => {
    const a = await ask(q, luopu);
    expect(a.handled).toBe(true);
    expect(a.text).toBe((await ask(chinese, luopu)).text);
  });
});
