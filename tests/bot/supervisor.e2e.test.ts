/**
 * The supervisor's features end to end against the fake Bot API: one unit's 2023 and 2024 reports sent
 * one by one give a 与上年报告对比 button under 2024's summary; pressing it (or /compare) brings the
 * short comparison and the 年度对比 DOCX; /summary adds the heatmap photo, the ranking and the totals.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { readZipText } from "../../extract/readers/zip.ts";
import { CURRENT_YEAR_TEXT, PREVIOUS_YEAR_TEXT } from "../qa/previous-year.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const api = new FakeBotApi();
const dataDir = tempDataDir();
let bot: RunningBot;
const bytes = (text: string) => new Uint8Array(Buffer.from(text));

beforeAll(async () => {
  await api.start();
  bot = await startTestBot(api, { dataDir });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await api.close();
  removeDir(dataDir);
});

describe("year-on-year comparison in chat", () => {
  const u = USERS[10] ?? 0;

  it("offers the button under the later year's summary and answers it with a summary and a DOCX", async () => {
    api.sendDocument(u, api.addFile(bytes(PREVIOUS_YEAR_TEXT)), "洛浦2023.txt");
    const first = await api.waitForMessage(u, /发布机关/, 20_000);
    const labels = (m: typeof first) => m.replyMarkup?.inline_keyboard.flat().map((b) => b.text) ?? [];
    expect(labels(first)).not.toContain("与上年报告对比");
    api.sendDocument(u, api.addFile(bytes(CURRENT_YEAR_TEXT)), "洛浦2024.txt");
    const second = await api.waitForMessage(u, /已与本聊天中的 2023 年报告/, 20_000);
    expect(labels(second)).toContain("与上年报告对比");
    api.clickButton(u, second, "与上年报告对比");
    const summary = await api.waitForMessage(u, /年度对比/, 20_000);
    const text = plain(summary.text);
    expect(text).toContain("广州市番禺区人民政府洛浦街道办事处：2023 年 → 2024 年");
    expect(text).toContain("变化最大的 2 项");
    expect(text).toContain("表三「一、本年新收政府信息公开申请数量」总计：50 → 56，+6（+12%）");
    expect(text).toContain("跨年度核验");
    const doc = await api.waitFor(
      () => api.messagesTo(u).find((m) => m.document?.fileName.startsWith("年度对比-")),
      20_000,
      "the comparison DOCX",
    );
    expect(doc.document?.fileName).toBe("年度对比-广州市番禺区人民政府洛浦街道办事处-2023-2024.docx");
    expect(doc.replyTo).toBe(summary.messageId);
    expect(readZipText(doc.document?.bytes ?? new Uint8Array(), "word/document.xml")).toContain(
      "表二、表三、表四全部单元格",
    );
  });

  it("/compare compares the chat's current report with its other year", async () => {
    const before = api.messagesTo(u).filter((m) => m.document?.fileName.startsWith("年度对比-")).length;
    api.sendText(u, "/compare");
    await api.waitFor(
      () => api.messagesTo(u).filter((m) => m.document?.fileName.startsWith("年度对比-")).length > before,
      20_000,
      "a second comparison",
    );
  });

  it("/compare without another year says what is missing", async () => {
    const v = USERS[11] ?? 0;
    api.sendText(v, "/compare");
    await api.waitForMessage(v, /还没有审核过的报告/);
    api.sendDocument(
      v,
      api.addFile(
        new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/seeds/000_5ed72146557905c8.txt"))),
      ),
      "流花.txt",
    );
    await api.waitForMessage(v, /发布机关/, 20_000);
    api.sendText(v, "/compare");
    const reply = await api.waitForMessage(v, /本聊天中没有/, 10_000);
    expect(reply.text).toContain("请先发送该单位相邻年度的报告");
  });
});

describe("/summary with the regional overview", () => {
  it("sends the heatmap as a photo, then the ranking with its criteria and the totals", async () => {
    const u = USERS[10] ?? 0; // has 洛浦2023 and 洛浦2024
    api.sendText(u, "/summary");
    const photo = await api.waitFor(
      () => api.messagesTo(u).find((m) => m.photo),
      20_000,
      "the heatmap photo",
    );
    expect(photo.photo?.caption).toContain("各单位审核发现热力图：2 份报告");
    expect(
      Buffer.from(photo.photo?.bytes ?? [])
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
    const ranking = await api.waitForMessage(u, /单位排名/, 10_000);
    const text = plain(ranking.text);
    expect(ranking.replyTo).toBe(photo.messageId);
    expect(text).toContain("排名依据");
    expect(text).toContain("1. 广州市番禺区人民政府洛浦街道办事处");
    expect(text).toMatch(/2024 年度 1 份报告合计/);
    expect(text).toContain("本年新收申请 56");
  });
});
