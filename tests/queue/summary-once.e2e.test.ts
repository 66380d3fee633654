/**
 * The summary is shown exactly once even when the process that shows it dies right after Telegram
 * did: the fake Bot API applies the call that carries the summary, leaves it unanswered and the test
 * SIGKILLs the bot process (so it never learns the call succeeded and never marks its job finished).
 * Whoever finishes the job — the single-process bot started again on the same SQLite file, or another
 * webhook instance taking the job over on Postgres — must not show the summary a second time.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startQueueWorker } from "../../bot/queue/worker.ts";
import { REPORT_DATA } from "../../bot/render/keyboards.ts";
import { startBot } from "../../bot/start-bot.ts";
import { loadBotConfig } from "../../config.ts";
import { silentLogger } from "../../logger.ts";
import { FakeBotApi } from "../bot/fake-bot-api.ts";
import {
  FAST_THROTTLE,
  freePort,
  removeDir,
  startTestBot,
  TEST_TASK,
  tempDataDir,
  testEnv,
  USERS,
} from "../bot/harness.ts";
import { zip } from "../helpers/zip.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const BOT_MAIN = new URL("./fixtures/bot-process.ts", import.meta.url);
const seed = new Uint8Array(
  readFileSync(join(import.meta.dirname, "../fixtures/seeds/004_e2933871b57d250b.txt")),
);

const postgres = usePostgres();
const api = new FakeBotApi();
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(() => api.start());
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
  await api.close();
});

/** A bot in its own process; resolves once it takes updates. */
function botProcess(env: Record<string, string>, queueUrl?: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", BOT_MAIN.pathname], {
    env: { ...process.env, BOT_ENV: JSON.stringify(env), ...(queueUrl ? { BOT_QUEUE_URL: queueUrl } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanup.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code, signal) => reject(new Error(`bot process exited (${code ?? signal})`)));
  });
}

/**
 * Kill `child` once Telegram has done the call that shows `user` a summary (a message or an edit
 * with the report's buttons), before the bot hears back; resolves when it is dead.
 */
function killAfterSummary(child: ChildProcess, user: number): Promise<void> {
  const dead = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  api.holdAfter = (method, params) => {
    const summary =
      (method === "sendMessage" || method === "editMessageText") &&
      Number(params.chat_id) === user &&
      params.reply_markup !== undefined;
    if (!summary) return false;
    api.holdAfter = null;
    child.kill("SIGKILL");
    return true;
  };
  return dead;
}

/** The bot's messages with the report's buttons (the summary), in the user's chat. */
const summaries = (user: number) => api.messagesTo(user).filter((m) => m.replyMarkup !== undefined);

async function jobStates(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ state: string }>("select state from audit_jobs order by id")).rows.map(
      (r) => r.state,
    );
  } finally {
    await client.end();
  }
}

/** The summary carries one report's buttons (bot/render/keyboards.ts), all for the same stored report. */
function expectReportButtons(
  message: { replyMarkup?: { inline_keyboard: { text: string; callback_data?: string }[][] } } | undefined,
): void {
  const buttons = (message?.replyMarkup?.inline_keyboard.flat() ?? []).slice(0, 4);
  expect(buttons.map((b) => b.text)).toEqual(["详细结果", "导出 JSON", "提问示例", "删除此报告"]);
  const ids = new Set(buttons.map((b) => REPORT_DATA.exec(b.callback_data ?? "")?.[2]));
  expect(ids.size).toBe(1);
  expect([...ids][0]).toMatch(/^\d+$/);
}

describe("a bot killed right after Telegram showed the summary", () => {
  it("single process on SQLite: the restarted bot finishes the job without a second summary", async () => {
    const dir = tempDataDir();
    cleanup.push(() => removeDir(dir));
    const user = USERS[0] ?? 0;
    const child = await botProcess(testEnv(api, dir));
    const dead = killAfterSummary(child, user);
    const upload = api.sendDocument(user, api.addFile(seed), "once-sqlite.txt");
    await dead;
    expect(summaries(user)).toHaveLength(1);
    expect((await startTestBotOn(dir)).pendingAfterResume).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    // One message: the progress message, a reply to the upload, edited into the summary.
    const messages = api.messagesTo(user);
    expect(messages).toHaveLength(1);
    expect(messages[0]?.replyTo).toBe(upload);
    expectReportButtons(messages[0]);
    expect(messages[0]?.text).toContain("审核完成");
  }, 60_000);

  it("a ZIP on SQLite: killed right after the batch XLSX went out, the restarted bot sends neither it nor the summary again", async () => {
    const dir = tempDataDir();
    cleanup.push(() => removeDir(dir));
    const user = USERS[2] ?? 0;
    const child = await botProcess(testEnv(api, dir));
    const dead = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    api.holdAfter = (method, params) => {
      if (method !== "sendDocument" || Number(params.chat_id) !== user) return false;
      api.holdAfter = null;
      child.kill("SIGKILL");
      return true;
    };
    const seeds = join(import.meta.dirname, "../fixtures/seeds");
    const archive = zip([
      { name: "流花.txt", data: new Uint8Array(readFileSync(join(seeds, "000_5ed72146557905c8.txt"))) },
      { name: "洛浦.txt", data: seed },
    ]);
    const upload = api.sendDocument(user, api.addFile(archive), "once.zip", { mime: "application/zip" });
    await dead;
    const xlsx = () => api.messagesTo(user).filter((m) => m.document?.fileName.endsWith(".xlsx"));
    expect(xlsx()).toHaveLength(1);
    expect((await startTestBotOn(dir)).pendingAfterResume).toEqual([]);
    await new Promise((r) => setTimeout(r, 1000));
    // Two messages: the progress message (a reply to the upload) edited into the batch summary, and the
    // XLSX replying to it — no second XLSX, no second summary, no 「服务已重启」.
    const messages = api.messagesTo(user);
    expect(messages).toHaveLength(2);
    expect(messages[0]?.replyTo).toBe(upload);
    expect(messages[0]?.text).toContain("已审核报告 2 份");
    expect(xlsx()).toHaveLength(1);
    expect(xlsx()[0]?.replyTo).toBe(messages[0]?.messageId);
  }, 90_000);

  it.skipIf(!hasPostgres())(
    "webhook instances on Postgres: the instance that takes the job over does not show it again",
    async () => {
      const url = await postgres().newDatabase();
      const worker = await startQueueWorker({
        connection: { url },
        log: silentLogger,
        size: 1,
        timeoutMs: 20_000,
        memoryMb: 256,
        taskModule: TEST_TASK,
        pollSec: 0.5,
      });
      cleanup.push(() => worker.stop());
      await worker.pool.warm();
      const webhook = (port: number) => ({
        NIANBAO_DATABASE_URL: url,
        NIANBAO_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        NIANBAO_WEBHOOK_SECRET: "s3cret",
        NIANBAO_WEBHOOK_PORT: String(port),
      });
      const [doomedPort, survivorPort] = [await freePort(), await freePort()];
      const doomedDir = tempDataDir();
      const survivorDir = tempDataDir();
      cleanup.push(
        () => removeDir(doomedDir),
        () => removeDir(survivorDir),
      );
      const doomed = await botProcess(testEnv(api, doomedDir, webhook(doomedPort)), url);
      const survivor = await startBot(loadBotConfig(testEnv(api, survivorDir, webhook(survivorPort))), {
        log: silentLogger,
        taskModule: TEST_TASK,
        throttle: FAST_THROTTLE,
        queue: { url },
      });
      cleanup.push(() => survivor.stop());
      const user = USERS[1] ?? 0;
      api.deliverTo({ url: `http://127.0.0.1:${doomedPort}/hook`, secret: "s3cret" });
      const dead = killAfterSummary(doomed, user);
      const upload = api.sendDocument(user, api.addFile(seed), "once-queue.txt");
      await dead;
      api.deliverTo(null);
      expect(summaries(user)).toHaveLength(1);
      // The survivor takes the job over once its lease is stale (20 s) at its next sweep (every 10 s).
      const deadline = Date.now() + 60_000;
      while ((await jobStates(url)).join() !== "done") {
        if (Date.now() > deadline) throw new Error("the job was not taken over");
        await new Promise((r) => setTimeout(r, 250));
      }
      await new Promise((r) => setTimeout(r, 1000));
      const messages = api.messagesTo(user);
      expect(messages).toHaveLength(1);
      expect(messages[0]?.replyTo).toBe(upload);
      expectReportButtons(messages[0]);
      expect(worker.counts).toEqual({ done: 1, skipped: 0, requeued: 0 });
    },
    120_000,
  );
});

/** The single-process bot started again on `dir`: it resumes the jobs left pending; then stopped. */
async function startTestBotOn(dir: string): Promise<{ pendingAfterResume: unknown[] }> {
  const bot = await startTestBot(api, { dataDir: dir });
  try {
    expect(await bot.resumed).toBe(1);
    return { pendingAfterResume: await bot.store.pendingJobs() };
  } finally {
    await bot.stop();
  }
}
