/**
 * The per-user rate limit with two webhook instances on one Postgres (queue mode): the count is kept
 * in the database, so a user's updates spread over both instances are limited as if one instance had
 * them all, and the "too frequent" reply is sent once.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RATE_LIMITED } from "../../bot/render/texts.ts";
import { startBot } from "../../bot/start-bot.ts";
import { loadBotConfig } from "../../config.ts";
import { silentLogger } from "../../logger.ts";
import { FakeBotApi } from "../bot/fake-bot-api.ts";
import {
  FAST_THROTTLE,
  freePort,
  removeDir,
  TEST_TASK,
  tempDataDir,
  testEnv,
  USERS,
} from "../bot/harness.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const postgres = usePostgres();
const api = new FakeBotApi();
const cleanup: (() => Promise<void> | void)[] = [];
beforeAll(() => api.start());
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
  await api.close();
});

describe.skipIf(!hasPostgres())("shared per-user state across webhook instances", () => {
  it("the rate limit holds across two instances: 3 a minute, 6 updates alternating → 3 answered, one notice", async () => {
    const url = await postgres().newDatabase();
    const ports: number[] = [];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const dir = tempDataDir();
      cleanup.push(() => removeDir(dir));
      const bot = await startBot(
        loadBotConfig(
          testEnv(api, dir, {
            NIANBAO_DATABASE_URL: url,
            NIANBAO_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
            NIANBAO_WEBHOOK_SECRET: "s3cret",
            NIANBAO_WEBHOOK_PORT: String(port),
            NIANBAO_RATE_PER_MINUTE: "3",
          }),
        ),
        { log: silentLogger, taskModule: TEST_TASK, throttle: FAST_THROTTLE, queue: { url } },
      );
      cleanup.push(() => bot.stop());
      ports.push(port);
    }
    // The window is the clock minute: do not start within 15 s of its end.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
    const user = USERS[0] ?? 0;
    for (let i = 0; i < 6; i++) {
      const response = await fetch(`http://127.0.0.1:${ports[i % 2]}/hook`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret" },
        body: JSON.stringify(api.makeTextUpdate(user, "/help")),
      });
      expect(response.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 1000));
    const texts = api.messagesTo(user).map((m) => m.text);
    expect(texts.filter((t) => t === RATE_LIMITED)).toHaveLength(1);
    expect(texts.filter((t) => /帮助/.test(t))).toHaveLength(3);
    expect(texts).toHaveLength(4);
  }, 60_000);
});
