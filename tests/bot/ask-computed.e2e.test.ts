/**
 * Follow-up questions the way officials ask them, through the real bot against the fake Bot API with
 * no LLM: a rate with its formula, a sum, the 勾稽关系 with their numbers, one finding explained, the
 * corrections, a section quoted from the kept reading, the fee statement of 六, an ellipsis and a
 * question the report cannot answer. QA_TRANSCRIPT=file writes the exchanges there.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const api = new FakeBotApi();
const dataDir = tempDataDir();
const user = USERS[0] ?? 0;
let bot: RunningBot;
const transcript: string[] = [];

async function ask(question: string, match: RegExp): Promise<string> {
  const before = api.messagesTo(user).length;
  api.sendText(user, question);
  const reply = await api.waitFor(
    () =>
      api
        .messagesTo(user)
        .slice(before)
        .find((m) => match.test(plain(m.text))),
    10_000,
    `an answer to "${question}" matching ${match}`,
  );
  const text = plain(reply.text);
  transcript.push(`问：${question}\n答：${text}`);
  return text;
}

beforeAll(async () => {
  await api.start();
  bot = await startTestBot(api, { dataDir });
  const bytes = new Uint8Array(
    readFileSync(join(import.meta.dirname, "../fixtures/seeds/002_a01f0cf12a106081.txt")),
  );
  api.sendDocument(user, api.addFile(bytes), "洛浦街道2024年报.txt", { mime: "text/plain" });
  await api.waitFor(
    () => api.messagesTo(user).find((m) => /审核完成/.test(m.text) && m.replyMarkup !== undefined),
    20_000,
    "the summary",
  );
  // Starting the workers and auditing take a while on a busy machine.
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await api.close();
  removeDir(dataDir);
  if (process.env.QA_TRANSCRIPT) writeFileSync(process.env.QA_TRANSCRIPT, `${transcript.join("\n\n")}\n`);
});

describe("computed, explained and quoted answers through the bot (no LLM)", () => {
  it("a rate with its formula, the definition used and the cells", async () => {
    const a = await ask("办结率是多少？", /办结率/);
    expect(a).toContain("办结率：91.5%");
    expect(a).toContain("办理结果总计 54 ÷ （本年新收 56 + 上年结转 3） = 54 ÷ 59 = 91.5%");
    expect(a).toContain("没有规定这一比率的官方口径");
    expect(a).toMatch(/出处：表三「\(七\)总计」总计，第75行/);
  });

  it("a sum and a difference of named figures", async () => {
    expect(await ask("本年新收和上年结转加起来是多少", /= 59/)).toContain(
      "本年新收 56 件 + 上年结转 3 件 = 59 件",
    );
    expect(await ask("予以公开比部分公开多几件", /多 19 件/)).toContain(
      "予以公开 23 件 − 部分公开 4 件 = 19 件",
    );
  });

  it("勾稽关系: each relation with its numbers and whether it holds", async () => {
    const a = await ask("勾稽关系对不对", /勾稽关系共/);
    expect(a).toContain("总计列：一+二 = 56+3 = 59；三（七）+四 = 54+5 = 59");
    expect(a).toContain("行政复议：维持 2 + 纠正 2 + 其他 0 + 尚未审结 0 = 4；总计 4　✓ 成立");
    expect(a).toMatch(/不成立 0 项/);
  });

  it("why one finding: its arithmetic, basis and what to do; then the corrections", async () => {
    const why = await ask("为什么说收到申请数不一致", /TEXT-T3-NEW/);
    expect(why).toContain("算式：填报 59，计算 56，差 3");
    expect(why).toContain("依据：条例第五十条");
    expect(why).not.toContain("[META-DATE]");
    const fix = await ask("怎么改？", /更正建议/);
    expect(fix).toContain("[META-DATE]");
    expect(fix).toContain("请在文末加注落款");
  });

  it("quotes a section and the problems from the kept reading; reads the fee statement of 六", async () => {
    expect(await ask("第五部分写了什么", /第五部分/)).toContain("超期处理政府信息公开申请");
    expect(await ask("改进措施是什么", /改进情况/)).toContain("强化人员队伍建设");
    const fee = await ask("发出了几份收费通知", /收费通知件数/);
    expect(fee).toContain("收费通知件数：0 件");
    expect(fee).not.toContain("64.01");
  });

  it("ellipsis after a 表二 question, and a question the report cannot answer", async () => {
    await ask("表二行政处罚决定多少？", /432/);
    expect(await ask("行政强制呢", /行政强制/)).toContain("：51 件");
    const none = await ask("财政预算多少钱", /没有找到/);
    expect(none).not.toMatch(/64\.01|432/);
  });
});
