/**
 * The real bot against a local fake Bot API (no network): every seed as PDF and as text gets the
 * right summary; questions, buttons, the same file twice, the refusals (oversize, scan, photo, empty ZIP,
 * stranger, hanging parse), /history, /forget, /status, groups, a 429, the HTML fallback, the error
 * boundary and the answerer fallback; then a restart on the same data dir keeps the history.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KEY_FIGURES } from "../../audit/render-text.ts";
import { AuditResult } from "../../audit/result.ts";
import type { RunningBot } from "../../bot/start-bot.ts";
import type { Answerer } from "../../qa/answerer.ts";
import { EXPECTED_FINDINGS, SEED_IDS } from "../audit/seed-findings.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi, type SentMessage } from "./fake-bot-api.ts";
import { ADMIN, GROUP, removeDir, STRANGER, startTestBot, tempDataDir, USERS } from "./harness.ts";

const fixtures = join(import.meta.dirname, "../fixtures");
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));

interface Expected {
  meta: { issuer: string; reportYear: number; templateVersion: string };
  figures: Record<string, number | null>;
}
const expectedOf = (id: string) =>
  JSON.parse(readFileSync(join(fixtures, "seeds", `${id}.expected.json`), "utf8")) as Expected;

/** A stub for the LLM answerer: fails on "boom", answers nothing sendable on "empty", else passes. */
const stubAnswerer: Answerer = {
  name: "stub-llm",
  async answer(question) {
    if (question.includes("boom")) throw new Error("model unavailable");
    if (question.includes("empty")) return { text: "", citations: [], handled: true };
    return { text: "", citations: [], handled: false };
  },
};

const api = new FakeBotApi();
const dataDir = tempDataDir();
let bot: RunningBot;

const isSummary = (m: SentMessage) => /审核完成|表格不完整/.test(m.text) && m.replyMarkup !== undefined;
const summaryIn = (chat: number) =>
  api.waitFor(() => api.messagesTo(chat).find(isSummary), 20_000, `summary in ${chat}`);
const lastText = (chat: number) => api.messagesTo(chat).at(-1)?.text ?? "";

async function ask(user: number, question: string, match: RegExp, chatId = user): Promise<string> {
  const before = api.messagesTo(chatId).length;
  api.sendText(user, question, { chatId });
  const reply = await api.waitFor(
    () =>
      api
        .messagesTo(chatId)
        .slice(before)
        .find((m) => match.test(m.text)),
    10_000,
    `an answer to "${question}" matching ${match}`,
  );
  return reply.text;
}

beforeAll(async () => {
  await api.start();
  bot = await startTestBot(api, { dataDir, answerer: stubAnswerer });
});

afterAll(async () => {
  await bot?.stop();
  await api.close();
  removeDir(dataDir);
});

describe("audits every seed, as PDF and as text", () => {
  const uploads = SEED_IDS.flatMap((id, i) =>
    (["pdf", "txt"] as const).map((ext, j) => ({
      id,
      ext,
      name: `${id}.${ext}`,
      user: USERS[i * 2 + j] ?? 0,
    })),
  );

  /** The upload's message id, per user. */
  const uploadIds = new Map<number, number>();

  beforeAll(() => {
    // All ten at once, as ten officials would: the pool takes two at a time.
    for (const u of uploads) {
      const file = api.addFile(read(`seeds/${u.id}.${u.ext}`));
      const messageId = api.sendDocument(u.user, file, `${u.id}.${u.ext}`, {
        mime: u.ext === "pdf" ? "application/pdf" : "text/plain",
      });
      uploadIds.set(u.user, messageId);
    }
  });

  it.each(uploads)(
    "$name: issuer, year, template, key figures and finding counts",
    async ({ id, ext, user, name }) => {
      const expected = expectedOf(id);
      const summary = await summaryIn(user);
      const text = plain(summary.text);
      expect(text).toContain(`发布机关：${expected.meta.issuer}`);
      expect(text).toContain(`年度：${expected.meta.reportYear}`);
      expect(text).toContain(`模板：${expected.meta.templateVersion}版`);
      for (const [key, label] of KEY_FIGURES) {
        const value = expected.figures[key];
        expect(text, key).toContain(`${label}：${value === null ? "（空白或无法读取）" : `${value}（`}`);
      }
      const findings = EXPECTED_FINDINGS[id][ext === "txt" ? "text" : "grid"];
      const count = (s: string) => findings.filter((f) => f.startsWith(`${s}:`)).length;
      expect(text).toContain(
        `错误 ${count("error")} 项，警告 ${count("warning")} 项，提示 ${count("notice")} 项`,
      );
      for (const f of findings) expect(text).toContain(`[${f.split(":")[1]}]`);
      // The progress message (the first reply to the upload, sent as 已收到，正在审核) became the
      // summary itself by its last edit: one message, never a second one. (Stage edits in between are
      // coalesced, so a fast audit may skip them.)
      const [first] = api.messagesTo(user);
      expect(first?.messageId).toBe(summary.messageId);
      expect(summary.replyTo).toBe(uploadIds.get(user));
      const sent = api.callsOf("sendMessage").find((c) => Number(c.params.chat_id) === user);
      expect(plain(String(sent?.params.text))).toContain(`已收到，正在审核…\n${name}`);
      const edits = api
        .callsOf("editMessageText")
        .filter((c) => Number(c.params.chat_id) === user && Number(c.params.message_id) === summary.messageId)
        .map((c) => plain(String(c.params.text)));
      expect(edits.at(-1)).toBe(text);
      expect(api.messagesTo(user).filter(isSummary)).toHaveLength(1);
      expect(summary.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
        "详细结果",
        "导出 JSON",
        "提问示例",
        "删除此报告",
      ]);
    },
  );

  it.each(uploads)(
    "$name: follow-up questions get the report's numbers with their source",
    async ({ id, user }) => {
      const expected = expectedOf(id);
      await summaryIn(user);
      const granted = expected.figures["t3.granted.total"];
      const answer = await ask(user, "表三予以公开多少件？", /予以公开/);
      expect(answer).toContain(`表三「（一）予以公开」总计：${granted} 件`);
      expect(answer).toMatch(
        /出处：表三「.*予以公开」总计，第\d+页第\d+行|出处：表三「.*予以公开」总计，第\d+行/,
      );
      const review = expected.figures["t4.review.total"];
      const reviewAnswer = await ask(user, "行政复议总数？", /行政复议/);
      expect(reviewAnswer).toContain(
        review === null ? "空白或无法读取" : `表四「行政复议」总计：${review} 件`,
      );
      const punishment = expected.figures["t2.punishment.decisions"];
      expect(await ask(user, "表二行政处罚决定多少？", /行政处罚/)).toContain(`：${punishment} 件`);
      expect(await ask(user, "自然人申请多少？", /自然人/)).toContain(
        `自然人：${expected.figures["t3.new.natural_person"]} 件`,
      );
      expect(await ask(user, "上年结转多少？", /上年结转/)).toContain(
        `总计：${expected.figures["t3.carried_over.total"]} 件`,
      );
    },
  );
});

describe("one chat's report, buttons and storage", () => {
  const user = USERS[10] ?? 0;
  const seed = "002_a01f0cf12a106081";
  let summary: SentMessage;

  beforeAll(async () => {
    api.sendDocument(user, api.addFile(read(`seeds/${seed}.pdf`)), "洛浦街道2024年报.pdf", {
      mime: "application/pdf",
    });
    summary = await summaryIn(user);
  });

  it("answers which findings there are, with the arithmetic", async () => {
    expect(await ask(user, "有哪些错误？", /错误/)).toContain("审核未发现错误");
    const notices = await ask(user, "有哪些提示？", /提示/);
    expect(notices).toContain("[TEXT-T3-NEW]");
    expect(notices).toContain("填报 59，计算 56，相差 3");
  });

  it("says what it can answer when it cannot map a question", async () => {
    expect(await ask(user, "今天天气怎么样", /我可以回答/)).toContain("表三予以公开多少件");
  });

  it("falls back to the deterministic answerer when the LLM answerer fails", async () => {
    expect(await ask(user, "boom 表三予以公开多少件？", /予以公开/)).toContain("总计：23 件");
  });

  it("详细结果 sends the full result as a .txt document", async () => {
    api.clickButton(user, summary, "详细结果");
    const doc = await api.waitFor(() =>
      api.messagesTo(user).find((m) => m.document?.fileName.endsWith("审核结果.txt")),
    );
    expect(doc.document?.fileName).toBe("洛浦街道2024年报-审核结果.txt");
    expect(doc.document?.content).toContain("全部数字（括号内为出处）");
    expect(doc.document?.content).toContain("t3.granted.total\t表三「（一）予以公开」总计\t23");
  });

  it("导出 JSON sends the audit JSON contract", async () => {
    api.clickButton(user, summary, "导出 JSON");
    const doc = await api.waitFor(() =>
      api.messagesTo(user).find((m) => m.document?.fileName.endsWith(".json")),
    );
    const json = AuditResult.parse(JSON.parse(doc.document?.content ?? "{}"));
    expect(json.figures["t3.new.total"]).toBe(56);
    expect(json.file).toBe("洛浦街道2024年报.pdf");
    expect(api.callsOf("answerCallbackQuery").length).toBeGreaterThanOrEqual(2);
  });

  it("提问示例 lists questions to ask", async () => {
    api.clickButton(user, summary, "提问示例");
    await api.waitForMessage(user, /可以直接发送问题/);
  });

  it("recognises the same file sent again by its hash and answers from storage", async () => {
    const completed = bot.pool.stats().completed;
    api.sendDocument(user, api.addFile(read(`seeds/${seed}.pdf`)), "再发一次.pdf");
    const again = await api.waitFor(() =>
      api.messagesTo(user).find((m) => isSummary(m) && m.text.includes("审核过")),
    );
    expect(plain(again.text)).toContain("表三 予以公开：23");
    expect(bot.pool.stats().completed).toBe(completed);
    expect(await bot.store.countReports(user)).toBe(1);
  });

  it("never shows another chat's report, even with a forged button", async () => {
    const other = USERS[11] ?? 0;
    api.clickButton(other, { ...summary, chatId: other }, "导出 JSON");
    await api.waitFor(() =>
      api.callsOf("answerCallbackQuery").some((c) => String(c.params.text).includes("不属于本聊天")),
    );
    expect(api.messagesTo(other).some((m) => m.document)).toBe(false);
    expect(await ask(other, "表三予以公开多少件？", /还没有审核过的报告/)).toBeTruthy();
  });

  it("删除此报告 deletes it", async () => {
    api.clickButton(user, summary, "删除此报告");
    await api.waitForMessage(user, /已删除报告/);
    expect(await bot.store.countReports(user)).toBe(0);
  });
});

describe("refusals and limits", () => {
  it("refuses a file over Telegram's 20 MB limit without downloading it", async () => {
    const user = USERS[12] ?? 0;
    const file = api.addFile(new Uint8Array(10), 25 * 1024 * 1024);
    api.sendDocument(user, file, "大文件.pdf", { fileSize: 25 * 1024 * 1024 });
    const reply = await api.waitForMessage(user, /20 MB/);
    expect(reply.text).toContain("25.0 MB");
    expect(api.callsOf("getFile").some((c) => c.params.file_id === file)).toBe(false);
  });

  it("answers a scan without a text layer, a photo and a ZIP", async () => {
    const user = USERS[13] ?? 0;
    api.sendDocument(user, api.addFile(read("bad/scan.pdf")), "扫描件.pdf", { mime: "application/pdf" });
    const scan = await api.waitForMessage(user, /无法审核/);
    expect(plain(scan.text)).toMatch(/扫描|文字层/);
    // A photo is read by OCR now; with OCR off (as in the suite) the answer says how to turn it on.
    const photo = api.addFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, ...new Array(60).fill(0)]));
    api.sendPhoto(user, user, [{ fileId: photo, width: 800, height: 600 }]);
    await api.waitForMessage(user, /照片或扫描件/);
    const zip = new Uint8Array([0x50, 0x4b, 0x05, 0x06, ...new Array(18).fill(0)]);
    api.sendDocument(user, api.addFile(zip), "reports.dat");
    await api.waitForMessage(user, /压缩包/);
  });

  it("politely refuses a user who is not on the allow-list, and a group that is not", async () => {
    api.sendText(STRANGER, "/start");
    const refusal = await api.waitForMessage(STRANGER, /暂未获准/);
    expect(refusal.text).toContain(String(STRANGER));
    api.sendDocument(STRANGER, api.addFile(read("seeds/000_5ed72146557905c8.txt")), "x.txt", { chatId: -42 });
    await api.waitForMessage(-42, /本群暂未开通/);
    expect(api.messagesTo(STRANGER).some((m) => m.text.includes("审核"))).toBe(false);
  });

  it("cuts off a parse that hangs and says so", async () => {
    const user = USERS[14] ?? 0;
    api.sendDocument(user, api.addFile(read("seeds/000_5ed72146557905c8.txt")), "hang.txt");
    const t0 = Date.now();
    const reply = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.text.includes("审核超时")),
      15_000,
    );
    expect(reply.text).toContain("4 秒");
    expect(Date.now() - t0).toBeLessThan(12_000);
    // The pool serves the next file.
    api.sendDocument(user, api.addFile(read("seeds/004_e2933871b57d250b.txt")), "004.txt");
    await summaryIn(user);
  });

  it("/status is for admins", async () => {
    api.sendText(ADMIN, "/status");
    const status = await api.waitForMessage(ADMIN, /运行状态/);
    expect(status.text).toMatch(/今日审核：\d+ 份/);
    expect(status.text).toContain("超时 1");
    const user = USERS[15] ?? 0;
    api.sendText(user, "/status");
    await api.waitForMessage(user, /仅限管理员/);
  });
});

describe("Telegram behaviour", () => {
  it("waits out a 429 with retry_after and delivers", async () => {
    const user = USERS[16] ?? 0;
    api.failWith429("sendMessage", 1);
    const t0 = Date.now();
    api.sendText(user, "/help");
    await api.waitForMessage(user, /帮助/);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(900);
    expect(api.callsOf("sendMessage").filter((c) => c.params.chat_id === user)).toHaveLength(2);
  });

  it("falls back to plain text when Telegram rejects the HTML", async () => {
    const user = USERS[17] ?? 0;
    api.rejectHtml = true;
    try {
      api.sendText(user, "/start");
      const msg = await api.waitForMessage(user, /年报审核助手/);
      expect(msg.parseMode).toBeUndefined();
      expect(msg.text).not.toContain("<b>");
    } finally {
      api.rejectHtml = false;
    }
  });

  it("answers an internal error with an apology (bot.catch)", async () => {
    const user = USERS[18] ?? 0;
    api.sendDocument(user, api.addFile(read("seeds/003_1c640710511402cf.txt")), "003.txt");
    await summaryIn(user);
    await ask(user, "empty", /内部错误/);
  });

  it("in a group reacts only to documents, replies and mentions", async () => {
    const user = USERS[19] ?? 0;
    api.sendText(user, "大家好，今天开会", { chatId: GROUP });
    api.sendDocument(user, api.addFile(read("seeds/001_77c3b53386b2261e.txt")), "001.txt", { chatId: GROUP });
    const summary = await summaryIn(GROUP);
    expect(api.messagesTo(GROUP).some((m) => m.text.includes("请把年度报告作为文件发送"))).toBe(false);
    const mention = await ask(user, "@nianbao_test_bot 表三予以公开多少件？", /予以公开/, GROUP);
    expect(mention).toContain("总计：0 件");
    const before = api.messagesTo(GROUP).length;
    api.sendText(user, "行政复议总数？", { chatId: GROUP, replyTo: summary.messageId });
    await api.waitFor(() =>
      api
        .messagesTo(GROUP)
        .slice(before)
        .find((m) => m.text.includes("行政复议")),
    );
    api.sendText(user, "表三予以公开多少件？", { chatId: GROUP });
    await new Promise((r) => setTimeout(r, 300));
    expect(api.messagesTo(GROUP).length).toBe(before + 1);
  });
});

describe("history and forgetting", () => {
  const user = USERS[0] ?? 0;

  it("/history lists the chat's reports and lets one be chosen", async () => {
    api.sendDocument(user, api.addFile(read("seeds/003_1c640710511402cf.txt")), "003.txt");
    await api.waitFor(() => api.messagesTo(user).filter(isSummary).length >= 2);
    api.sendText(user, "/history");
    const history = await api.waitForMessage(user, /本聊天的审核记录/);
    expect(history.text).toContain("共 2 份");
    expect(history.text).toContain("000_5ed72146557905c8.pdf");
    api.clickButton(user, history, history.replyMarkup?.inline_keyboard[1]?.[0]?.text ?? "");
    await api.waitForMessage(user, /已选定/);
    const expected = expectedOf("000_5ed72146557905c8");
    expect(await ask(user, "上年结转多少？", /上年结转/)).toContain(
      `总计：${expected.figures["t3.carried_over.total"]} 件`,
    );
  });

  it("/forget deletes the chat's rows after confirmation", async () => {
    const chat = USERS[2] ?? 0; // seed 001.pdf's chat
    await summaryIn(chat);
    expect(await bot.store.countReports(chat)).toBe(1);
    api.sendText(chat, "/forget");
    const confirm = await api.waitForMessage(chat, /确定删除/);
    api.clickButton(chat, confirm, "确认删除");
    await api.waitFor(() => api.messagesTo(chat).find((m) => m.text.startsWith("已删除本聊天的 1 份报告")));
    expect(await bot.store.countReports(chat)).toBe(0);
    expect(await bot.store.turns(chat, 0, 10)).toEqual([]);
    expect(await bot.store.currentReport(chat)).toBeNull();
  });
});

describe("restart", () => {
  it("a new bot instance on the same data dir keeps the history", async () => {
    const user = USERS[4] ?? 0; // seed 002.pdf
    await summaryIn(user);
    await bot.stop();
    // No need to wait for the parser workers: the answers come from storage.
    bot = await startTestBot(api, { dataDir, answerer: stubAnswerer, warm: false });
    const before = api.messagesTo(user).length;
    api.sendText(user, "/history");
    const history = await api.waitFor(() =>
      api
        .messagesTo(user)
        .slice(before)
        .find((m) => m.text.includes("本聊天的审核记录")),
    );
    expect(history.text).toContain("002_a01f0cf12a106081.pdf");
    expect(await ask(user, "表三予以公开多少件？", /予以公开/)).toContain("总计：23 件");
    expect(lastText(user)).toContain("出处");
  });
});
