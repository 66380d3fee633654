/**
 * A dozen follow-up questions about a REAL report (eval/real: 沭阳县人民政府 2025, a markdown
 * conversion of its PDF) through the real bot against the fake Bot API with no LLM, worded as officials
 * write them. Every expected figure is read from the report's hand-checked gold
 * (eval/real/gold/js-suqian-shuyang-2025.json), not from the answerer. QA_TRANSCRIPT=file writes the
 * exchanges (question → reply) there.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const ROOT = join(import.meta.dirname, "../..");
const gold = JSON.parse(readFileSync(join(ROOT, "eval/real/gold/js-suqian-shuyang-2025.json"), "utf8")) as {
  figures: Record<string, number | null>;
  meta: { reportYear: number };
};
const f = (key: string): number => {
  const v = gold.figures[key];
  if (typeof v !== "number") throw new Error(`gold ${key} is not a number`);
  return v;
};
const pct = (r: number) => `${Math.round(r * 1000) / 10}%`;

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
  const bytes = new Uint8Array(readFileSync(join(ROOT, "eval/real/files/js-suqian-shuyang-2025.md")));
  api.sendDocument(user, api.addFile(bytes), "沭阳县2025年政府信息公开工作年度报告.md", {
    mime: "text/markdown",
  });
  await api.waitFor(
    () => api.messagesTo(user).find((m) => /审核完成/.test(m.text) && m.replyMarkup !== undefined),
    30_000,
    "the summary",
  );
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await api.close();
  removeDir(dataDir);
  if (process.env.QA_TRANSCRIPT) writeFileSync(process.env.QA_TRANSCRIPT, `${transcript.join("\n\n")}\n`);
});

describe("a real report's follow-up questions through the bot (no LLM), checked against the gold", () => {
  it("figures, an ellipsis and English", async () => {
    expect(await ask("沭阳今年一共收了多少申请？", /本年新收/)).toContain(`${f("t3.new.total")}`);
    expect(await ask("上年结转过来的呢", /上年结转/)).toContain(`${f("t3.carried_over.total")}`);
    expect(await ask("How many administrative reviews were there?", /行政复议/)).toContain(
      `${f("t4.review.total")}`,
    );
  });

  it("rates and a sum with their formula", async () => {
    const done = f("t3.total_processed.total") / (f("t3.new.total") + f("t3.carried_over.total"));
    expect(await ask("办结率多少", /办结率/)).toContain(pct(done));
    const open = (f("t3.granted.total") + f("t3.partially_granted.total")) / f("t3.total_processed.total");
    expect(await ask("公开率呢", /公开率/)).toContain(pct(open));
    const review = f("t4.review.corrected") / (f("t4.review.total") - f("t4.review.pending"));
    expect(await ask("复议纠错率是多少？", /纠错率/)).toContain(pct(review));
    const both = f("t2.licensing.decisions") + f("t2.punishment.decisions");
    expect(await ask("行政许可和行政处罚加起来多少", /=/)).toContain(`${both}`);
  });

  it("relations, one finding, the fee statement, level and deadline, corrections, and no answer", async () => {
    expect(await ask("表三平吗", /勾稽关系|一\+二/)).toContain("成立");
    expect(await ask("正文说受理749件，跟表格对不上是怎么回事", /TEXT-T3-NEW/)).toContain(
      `${f("t3.new.total")}`,
    );
    expect(await ask("信息处理费收了多少钱", /收费|处理费/)).toContain("380");
    const level = await ask("这是哪级政府，什么时候之前要公布", /层级|期限/);
    expect(level).toContain("县级以上人民政府");
    expect(level).toContain(`${gold.meta.reportYear + 1}-03-31`);
    expect(await ask("哪些地方要改", /更正建议/)).toMatch(/FEE|CONTENT-ART50/);
    const none = await ask("县里财政预算多少钱", /没有找到|不在|无法|未/);
    expect(none).not.toMatch(/713|517645/);
  });
});
