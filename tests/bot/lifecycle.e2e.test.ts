/**
 * The bot's life cycle against the fake Bot API: a shutdown re-queues an audit that outlives the
 * grace period and the next start finishes it; an audit within the grace period is finished before
 * the process stops; webhook mode registers the webhook, checks the secret token and serves updates
 * (with the daily quota).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE, SqliteReportStore } from "../../store/sqlite.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { freePort, removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const seed = new Uint8Array(
  readFileSync(join(import.meta.dirname, "../fixtures/seeds/004_e2933871b57d250b.txt")),
);
const api = new FakeBotApi();
const ONE_WORKER = { NIANBAO_WORKERS: "1", NIANBAO_AUDIT_TIMEOUT_SEC: "20" };
const dirs: string[] = [];

beforeAll(() => api.start());
afterAll(async () => {
  await api.close();
  for (const d of dirs) removeDir(d);
});

const pendingIn = async (dir: string) => {
  const store = new SqliteReportStore(join(dir, DATABASE_FILE));
  try {
    return (await store.pendingJobs()).length;
  } finally {
    await store.close();
  }
};

describe("graceful shutdown", () => {
  it("re-queues an audit that outlives the grace period; the next start finishes it", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const user = USERS[0] ?? 0;
    const first = await startTestBot(api, {
      dataDir: dir,
      warm: false,
      env: { ...ONE_WORKER, NIANBAO_SHUTDOWN_GRACE_SEC: "1" },
    });
    api.sendDocument(user, api.addFile(seed), "slow-004.txt");
    await api.waitFor(() => first.pool.stats().busy === 1, 10_000, "the audit to start");
    await first.stop();
    const progress = await api.waitForMessage(user, /已排队/);
    expect(progress.text).toContain("重启后将自动继续审核");
    expect(await pendingIn(dir)).toBe(1);

    const second = await startTestBot(api, {
      dataDir: dir,
      warm: false,
      env: { ...ONE_WORKER, NIANBAO_SHUTDOWN_GRACE_SEC: "10" },
    });
    expect(await second.resumed).toBe(1);
    await api.waitForMessage(user, /服务已重启/);
    const summary = await api.waitFor(() =>
      api.messagesTo(user).find((m) => m.text.includes("审核完成") && m.replyMarkup),
    );
    expect(summary.text).toContain("slow-004.txt");
    expect(await second.store.pendingJobs()).toEqual([]);

    // Within the grace period the audit is finished before the bot stops.
    const other = USERS[1] ?? 0;
    api.sendDocument(other, api.addFile(seed), "slow-again.txt");
    await api.waitFor(() => second.pool.stats().busy === 1, 10_000, "the second audit to start");
    await second.stop();
    expect(api.messagesTo(other).some((m) => m.text.includes("审核完成") && m.replyMarkup)).toBe(true);
    expect(await pendingIn(dir)).toBe(0);
  });
});

describe("webhook mode", () => {
  it("sets the webhook with its secret, refuses a wrong secret, answers updates, keeps the quota", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const port = await freePort();
    const url = `http://127.0.0.1:${port}/telegram-hook`;
    const bot = await startTestBot(api, {
      dataDir: dir,
      warm: false,
      env: {
        ...ONE_WORKER,
        NIANBAO_WEBHOOK_URL: url,
        NIANBAO_WEBHOOK_SECRET: "s3cret_token-1",
        NIANBAO_WEBHOOK_PORT: String(port),
        NIANBAO_DAILY_QUOTA: "1",
      },
    });
    try {
      expect(bot.mode).toBe("webhook");
      const set = api.callsOf("setWebhook").at(-1);
      expect(set?.params).toMatchObject({ url, secret_token: "s3cret_token-1" });
      const user = USERS[2] ?? 0;
      const post = (secret: string, path = "/telegram-hook") =>
        fetch(`http://127.0.0.1:${port}${path}`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
          body: JSON.stringify(api.makeTextUpdate(user, "/help")),
        });
      expect((await post("wrong")).status).toBe(401);
      expect((await post("s3cret_token-1", "/elsewhere")).status).toBe(404);
      expect(api.messagesTo(user)).toHaveLength(0);
      expect((await post("s3cret_token-1")).status).toBe(200);
      await api.waitForMessage(user, /帮助/);
      // Updates as Telegram delivers them: a document is audited; the daily quota (1) stops the next.
      api.deliverTo({ url, secret: "s3cret_token-1" });
      api.sendDocument(user, api.addFile(seed), "004.txt");
      await api.waitFor(
        () => api.messagesTo(user).find((m) => m.text.includes("审核完成") && m.replyMarkup),
        20_000,
      );
      api.sendDocument(user, api.addFile(seed.slice(0, -10)), "004-cut.txt");
      await api.waitForMessage(user, /达到每日上限/);
    } finally {
      api.deliverTo(null);
      await bot.stop();
    }
  });
});
