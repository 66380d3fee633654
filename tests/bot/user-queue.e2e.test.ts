/**
 * A file that stalls a worker does not stall the sender's neighbours: one file at a time per user
 * (the others queued, with a message), and a file that hit the time cap is remembered by its hash and
 * answered from storage when sent again, without taking a worker. File names ask the test task module
 * for trouble ("slow" takes 1.5 s, "hang" never ends).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const fixtures = join(import.meta.dirname, "../fixtures");
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
/** The seed with a marker appended: a hash of its own. */
const unique = (path: string, marker: string) =>
  new Uint8Array(Buffer.concat([Buffer.from(read(path)), Buffer.from(`\n${marker}\n`)]));

const api = new FakeBotApi();
const dataDir = tempDataDir();
let bot: RunningBot;

beforeAll(async () => {
  await api.start();
  bot = await startTestBot(api, { dataDir });
}, 60_000);

afterAll(async () => {
  await bot?.stop();
  await api.close();
  removeDir(dataDir);
});

describe("per-user queue", () => {
  it("audits one file of a user at a time and tells them the next one is queued", async () => {
    const user = USERS[3] ?? 0;
    api.sendDocument(user, api.addFile(unique("seeds/000_5ed72146557905c8.txt", "q1")), "slow.txt");
    api.sendDocument(user, api.addFile(unique("seeds/002_a01f0cf12a106081.txt", "q2")), "洛浦.txt");
    const queued = await api.waitForMessage(user, /已排队/, 20_000);
    expect(queued.text).toContain("还有 1 个文件");
    await api.waitFor(() => api.messagesTo(user).filter((m) => /发布机关/.test(m.text)).length >= 2, 30_000);
    const summaries = api.messagesTo(user).filter((m) => /发布机关/.test(m.text));
    // In order: the slow file's summary first.
    expect(summaries[0]?.text).toContain("流花");
    expect(summaries[1]?.text).toContain("洛浦");
  }, 60_000);
});

describe("files that hit the time cap", () => {
  it("are remembered by hash and answered from storage when sent again", async () => {
    const user = USERS[4] ?? 0;
    const bytes = unique("seeds/000_5ed72146557905c8.txt", "stall");
    api.sendDocument(user, api.addFile(bytes), "hang.txt");
    await api.waitFor(() => api.messagesTo(user).find((m) => m.text.includes("审核超时")), 20_000);
    // The same bytes under a name that would not hang: not run again.
    const t0 = Date.now();
    api.sendDocument(user, api.addFile(bytes), "again.txt");
    const again = await api.waitForMessage(user, /未再次处理/, 20_000);
    expect(Date.now() - t0).toBeLessThan(3_000);
    expect(again.text).toContain("审核超时");
    expect(bot.pool.stats().timeouts).toBe(1);
  }, 60_000);
});
