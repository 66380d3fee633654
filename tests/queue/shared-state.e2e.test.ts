/**
 * Per-user state with two webhook instances on one Postgres (queue mode). The rate limit's count is
 * kept in the database, so a user's updates spread over both instances are limited as if one instance
 * had them all, and the "too frequent" reply is sent once. A user's two files sent to the two
 * instances are audited one after the other (the user's turn is a database row), not side by side.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQueueWorker } from "../../bot/queue/worker.ts";
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

const SLOW_TASK = new URL("./fixtures/slow-task.ts", import.meta.url);
/** Two different reports (the same bytes twice would be answered from storage by hash). */
const seeds = ["000_5ed72146557905c8.txt", "004_e2933871b57d250b.txt"].map(
  (n) => new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/seeds", n))),
);

/** Two webhook instances on `url`; returns their ports. */
async function twoInstances(url: string, env: Record<string, string> = {}): Promise<number[]> {
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
          ...env,
        }),
      ),
      { log: silentLogger, taskModule: TEST_TASK, throttle: FAST_THROTTLE, queue: { url } },
    );
    cleanup.push(() => bot.stop());
    ports.push(port);
  }
  return ports;
}

describe.skipIf(!hasPostgres())("shared per-user state across webhook instances", () => {
  it("a user's two files sent to two instances are audited one after the other", async () => {
    const url = await postgres().newDatabase();
    // One worker with two threads: it would run both files at once if the instances let it.
    const worker = await startQueueWorker({
      connection: { url },
      log: silentLogger,
      size: 2,
      timeoutMs: 20_000,
      memoryMb: 256,
      taskModule: SLOW_TASK,
      pollSec: 0.5,
    });
    cleanup.push(() => worker.stop());
    await worker.pool.warm();
    const ports = await twoInstances(url);
    const user = USERS[2] ?? 0;
    for (const [i, port] of ports.entries()) {
      api.deliverTo({ url: `http://127.0.0.1:${port}/hook`, secret: "s3cret" });
      api.sendDocument(user, api.addFile(seeds[i] ?? new Uint8Array()), `slow-turn-${i}.txt`);
    }
    api.deliverTo(null);
    await api.waitFor(
      () => api.messagesTo(user).filter((m) => m.replyMarkup !== undefined).length === 2 || undefined,
      60_000,
      "two summaries",
    );
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const { rows } = await client.query<{ file_name: string; created: Date; done: Date }>(
      "select file_name, created_at as created, updated_at as done from nianbao_queue_results order by created_at",
    );
    await client.end();
    expect(rows).toHaveLength(2);
    const [first, second] = rows;
    // The second file was put on the queue only after the first one's outcome was stored.
    expect(second?.created.getTime()).toBeGreaterThanOrEqual(
      first?.done.getTime() ?? Number.POSITIVE_INFINITY,
    );
    expect(worker.counts.done).toBe(2);
  }, 90_000);

  it("the rate limit holds across two instances: 3 a minute, 6 updates alternating → 3 answered, one notice", async () => {
    const url = await postgres().newDatabase();
    const ports = await twoInstances(url, { NIANBAO_RATE_PER_MINUTE: "3" });
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
