/**
 * The bot with an LLM configured, against a local fake Bot API and a local OpenAI-compatible server
 * (no network): a document is also read by the model in the parser worker and reconciled (a cell the
 * model reads differently is an EXTRACT-DISAGREE notice, the parser's value stands); the tokens go to
 * the user's daily budget in the store; once it is spent, files are read by the parser alone and the
 * summary says so; /status shows the usage.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chinaDay } from "../../bot/day.ts";
import { botLlmFromEnv } from "../../bot/llm.ts";
import type { RunningBot } from "../../bot/start-bot.ts";
import { completion, type FakeServer, startFakeOpenAi } from "../llm/fake-openai-server.ts";
import { expectedFigures, parsed, replyFor, schemaForReport, seedBytes } from "../llm/helpers.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { ADMIN, removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const api = new FakeBotApi();
const dataDir = tempDataDir();
let bot: RunningBot;
let model: FakeServer;
const user = USERS[0] ?? 0;

beforeAll(async () => {
  const { report } = await parsed(seedBytes());
  const reply = replyFor(schemaForReport(report), { ...expectedFigures(), "t3.granted.total": 24 });
  model = await startFakeOpenAi(() => ({
    body: completion({ toolCalls: [{ name: "record_figures", arguments: JSON.stringify(reply) }] }),
  }));
  const llm = botLlmFromEnv({
    OPENAI_BASE_URL: model.url,
    OPENAI_API_KEY: "test",
    NIANBAO_LLM_MODEL: "fake-model",
    NIANBAO_LLM_DAILY_TOKENS: "1000",
    PATH: "/usr/bin",
  });
  if (!llm) throw new Error("the LLM config did not load");
  expect(Object.keys(llm.env).sort()).toEqual([
    "NIANBAO_LLM_DAILY_TOKENS",
    "NIANBAO_LLM_MODEL",
    "OPENAI_API_KEY",
    "OPENAI_BASE_URL",
  ]);
  await api.start();
  bot = await startTestBot(api, { dataDir, llm });
});

afterAll(async () => {
  await bot?.stop();
  await api.close();
  await model?.close();
  removeDir(dataDir);
});

describe("the bot with an LLM endpoint", () => {
  it("has the model read the tables in the worker, reconciles, and counts the tokens", async () => {
    api.sendDocument(user, api.addFile(seedBytes()), "洛浦.txt");
    const summary = await api.waitForMessage(user, /发布机关/, 30_000);
    expect(model.requests).toHaveLength(1);
    const text = plain(summary.text);
    expect(text).toContain("[EXTRACT-DISAGREE]");
    const [row] = await bot.store.listReports(user, 1);
    const stored = await bot.store.getReport(user, row?.id ?? 0);
    expect(stored?.result.llm).toMatchObject({ status: "ok", model: "fake-model", inputTokens: 1000 });
    expect(stored?.result.figures["t3.granted.total"]).toBe(23); // the parser's value stands
    expect(stored?.result.provenance["t3.new.total"]?.source).toBe("both");
    expect(await bot.store.tokensOn(chinaDay(), user)).toBe(1200);
  });

  it("reads with the parser alone once the day's tokens are spent, and says so", async () => {
    api.sendDocument(
      user,
      api.addFile(
        new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/seeds/000_5ed72146557905c8.txt"))),
      ),
      "流花.txt",
    );
    const summary = await api.waitForMessage(user, /模型额度/, 30_000);
    expect(plain(summary.text)).toContain(
      "您今天的模型额度（1000 tokens）已用完，本次只用规则解析器读取表格",
    );
    expect(model.requests).toHaveLength(1);
    const [row] = await bot.store.listReports(user, 1);
    expect((await bot.store.getReport(user, row?.id ?? 0))?.result.llm).toBeUndefined();
    // Another user still has a budget.
    const other = USERS[1] ?? 0;
    api.sendDocument(other, api.addFile(seedBytes()), "洛浦.txt");
    await api.waitForMessage(other, /发布机关/, 30_000);
    expect(model.requests).toHaveLength(2);
  });

  it("/status shows the model and the day's tokens", async () => {
    api.sendText(ADMIN, "/status");
    const status = await api.waitForMessage(ADMIN, /运行状态/);
    expect(status.text).toContain("模型：fake-model（读表与问答）；今日用量 2400 tokens");
    expect(status.text).toContain("每人每日上限 1000");
  });
});
