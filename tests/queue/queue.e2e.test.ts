/**
 * The Postgres job queue end to end, on a real Postgres server (tests/support/postgres.ts; skipped
 * with one line where none can be started): a document sent to the bot goes through pg-boss to a
 * worker and the summary reaches the chat; the same update posted to two webhook instances is
 * answered once; a worker killed mid-job (SIGKILL) loses nothing — the job expires, is retried on
 * another worker and its outcome is written exactly once; a worker stopped with SIGTERM hands its
 * running job back at once; `audit --queue` writes what the ordinary batch writes and, run again,
 * finds every file already done.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { exportBatch } from "../../audit/export-files.ts";
import { exportQueuedBatch } from "../../bot/queue/batch-queue.ts";
import { QueuePool, type QueueRetry } from "../../bot/queue/queue-pool.ts";
import { startQueueWorker } from "../../bot/queue/worker.ts";
import { startBot } from "../../bot/start-bot.ts";
import { isolatedAuditor } from "../../bot/worker/pool-auditor.ts";
import { loadBotConfig } from "../../config.ts";
import { silentLogger } from "../../logger.ts";
import { FakeBotApi } from "../bot/fake-bot-api.ts";
import {
  ADMIN,
  FAST_THROTTLE,
  freePort,
  removeDir,
  TEST_TASK,
  tempDataDir,
  testEnv,
  USERS,
} from "../bot/harness.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const SLOW_TASK = new URL("./fixtures/slow-task.ts", import.meta.url);
const WORKER_MAIN = new URL("./fixtures/worker-process.ts", import.meta.url);
/** Short expiry and maintenance so that a killed worker's job comes back within seconds. */
const RETRY: QueueRetry = { limit: 3, delaySec: 1, expireSec: 8, superviseSec: 1 };
const seedPath = (name: string) => join(import.meta.dirname, "../fixtures/seeds", name);
const seed = new Uint8Array(readFileSync(seedPath("004_e2933871b57d250b.txt")));

const postgres = usePostgres();
const api = new FakeBotApi();
const cleanup: (() => Promise<void> | void)[] = [];

beforeAll(() => api.start());
afterAll(async () => {
  for (const f of cleanup.reverse()) await f();
  await api.close();
});

/** An in-process worker, warmed up (a cold worker thread's first load must not eat into the expiry). */
async function worker(url: string, task: URL = SLOW_TASK) {
  const w = await startQueueWorker({
    connection: { url },
    log: silentLogger,
    size: 1,
    timeoutMs: 20_000,
    memoryMb: 256,
    taskModule: task,
    retry: RETRY,
    pollSec: 0.5,
  });
  await w.pool.warm();
  return w;
}

/** JSON lines without the one field that is a measurement (elapsedMs). */
const untimed = (lines: string[]) =>
  lines.map((l) => {
    const { elapsedMs: _, ...rest } = JSON.parse(l) as { elapsedMs?: number };
    return rest;
  });

async function startQueuedBot(url: string, env: Record<string, string> = {}) {
  const dir = tempDataDir();
  cleanup.push(() => removeDir(dir));
  // The store on the same Postgres as the queue: instances share everything but their threads.
  return startBot(loadBotConfig(testEnv(api, dir, { NIANBAO_DATABASE_URL: url, ...env })), {
    log: silentLogger,
    taskModule: TEST_TASK,
    pollTimeoutSec: 2,
    throttle: FAST_THROTTLE,
    queue: { url },
  });
}

/** A worker in its own process; resolves once it takes jobs. */
function workerProcess(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", WORKER_MAIN.pathname], {
    env: { ...process.env, QUEUE_URL: url, QUEUE_TASK: SLOW_TASK.href, QUEUE_RETRY: JSON.stringify(RETRY) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  cleanup.push(() => {
    if (child.exitCode === null) child.kill("SIGKILL");
  });
  return new Promise((resolve, reject) => {
    child.stdout?.on("data", (d: Buffer) => {
      if (d.toString().includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker process exited (${code})`)));
  });
}

async function rows<T extends pg.QueryResultRow>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

async function until<T>(
  find: () => Promise<T | null | undefined | false>,
  ms: number,
  what: string,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe.skipIf(!hasPostgres())("the Postgres job queue", () => {
  it("a document goes through pg-boss to a worker; progress and summary reach the chat; /status counts the queue", async () => {
    const url = await postgres().newDatabase();
    const w = await worker(url);
    cleanup.push(() => w.stop());
    const bot = await startQueuedBot(url);
    cleanup.push(() => bot.stop());
    const user = USERS[0] ?? 0;
    const upload = api.sendDocument(user, api.addFile(seed), "slow-004.txt");
    const summary = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.text.includes("审核完成") && m.replyMarkup),
      30_000,
      "the summary",
    );
    expect(summary.replyTo).toBe(upload);
    expect(w.counts.done).toBe(1);
    // The progress message was edited from the worker's stages (written to the database: read while
    // the slow task waits) and then into the summary itself.
    const progress = api.messagesTo(user)[0];
    expect(progress?.messageId).toBe(summary.messageId);
    expect(progress?.edits).toBeGreaterThanOrEqual(2);
    expect(api.messagesTo(user)).toHaveLength(1);
    const [job] = await rows<{ state: string }>(
      url,
      "select state::text from pgboss.job where name = 'nianbao-audit'",
    );
    expect(job?.state).toBe("completed");
    expect(w.counts).toEqual({ done: 1, skipped: 0, requeued: 0 });
    api.sendText(ADMIN, "/status");
    const status = await api.waitForMessage(ADMIN, /作业队列（Postgres）/);
    expect(status.text).toMatch(/重试用尽（死信）0/);
  });

  it("the same update posted to two webhook instances is handled once", async () => {
    const url = await postgres().newDatabase();
    const instances = [];
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      const bot = await startQueuedBot(url, {
        NIANBAO_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        NIANBAO_WEBHOOK_SECRET: "s3cret",
        NIANBAO_WEBHOOK_PORT: String(port),
      });
      cleanup.push(() => bot.stop());
      instances.push(port);
    }
    const user = USERS[1] ?? 0;
    const update = JSON.stringify(api.makeTextUpdate(user, "/help"));
    const posted = await Promise.all(
      [...instances, ...instances].map((port) =>
        fetch(`http://127.0.0.1:${port}/hook`, {
          method: "POST",
          headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret" },
          body: update,
        }),
      ),
    );
    // One instance handles it (200); the others answer 200 once it is done, or 500 (deliver again) while
    // it is in progress.
    expect(posted.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
    expect(posted.every((r) => r.status === 200 || r.status === 500)).toBe(true);
    await api.waitForMessage(user, /帮助/);
    await new Promise((r) => setTimeout(r, 1500));
    // Delivered again after it was handled: dropped with a 200.
    const again = await fetch(`http://127.0.0.1:${instances[1]}/hook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": "s3cret" },
      body: update,
    });
    expect(again.status).toBe(200);
    await new Promise((r) => setTimeout(r, 500));
    expect(api.messagesTo(user)).toHaveLength(1);
  });

  it("an instance that stops following a chat's job: another instance takes it over after the lease and answers once", async () => {
    const url = await postgres().newDatabase();
    const w = await worker(url);
    cleanup.push(() => w.stop());
    const ports = [await freePort(), await freePort()];
    const start = (port: number) =>
      startQueuedBot(url, {
        NIANBAO_WEBHOOK_URL: `http://127.0.0.1:${port}/hook`,
        NIANBAO_WEBHOOK_SECRET: "s3cret",
        NIANBAO_WEBHOOK_PORT: String(port),
        NIANBAO_SHUTDOWN_GRACE_SEC: "1",
      });
    const dying = await start(ports[0] ?? 0);
    const survivor = await start(ports[1] ?? 0);
    cleanup.push(() => survivor.stop());
    const user = USERS[3] ?? 0;
    api.deliverTo({ url: `http://127.0.0.1:${ports[0]}/hook`, secret: "s3cret" });
    const fileId = api.addFile(seed);
    const upload = api.sendDocument(user, fileId, "slow-taken-over.txt");
    // Margins for a busy machine: the takeover itself takes up to the lease (20 s) plus a sweep (10 s).
    await api.waitForMessage(user, /已收到，正在审核/, 60_000);
    api.deliverTo(null);
    // The first instance goes away mid-audit (its job stays pending, its lease stops beating).
    await dying.stop();
    const summary = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.text.includes("审核完成") && m.replyMarkup),
      60_000,
      "the summary from the other instance",
    );
    // The summary is the progress message the first instance sent in reply to the upload, edited.
    expect(summary.replyTo).toBe(upload);
    expect(summary.messageId).toBe(api.messagesTo(user)[0]?.messageId);
    await api.waitForMessage(user, /服务已重启/, 60_000);
    await new Promise((r) => setTimeout(r, 2000));
    expect(api.messagesTo(user).filter((m) => m.text.includes("审核完成") && m.replyMarkup)).toHaveLength(1);
    // One queue job for the file: the survivor re-attached to it by its key.
    const jobs = await rows(url, "select id from pgboss.job where name = 'nianbao-audit'");
    expect(jobs).toHaveLength(1);
  });

  it("a worker killed mid-job: the job expires, is retried on another worker and completes exactly once", async () => {
    const url = await postgres().newDatabase();
    const doomed = await workerProcess(url);
    const pool = await QueuePool.open({ connection: { url }, log: silentLogger, retry: RETRY });
    cleanup.push(() => pool.close());
    const stages: string[] = [];
    const outcome = pool.run(seed, "slow-killed.txt", (s) => stages.push(s));
    await until(async () => stages.includes("read"), 30_000, "the worker to start the job");
    doomed.kill("SIGKILL");
    const rescuer = await worker(url);
    cleanup.push(() => rescuer.stop());
    const result = await outcome;
    expect(result.kind).toBe("result");
    expect(rescuer.counts.done).toBe(1);
    const [row] = await rows<{ attempts: number; n: string }>(
      url,
      "select attempts, (select count(*) from nianbao_queue_results)::text as n from nianbao_queue_results",
    );
    expect(row).toEqual({ attempts: 2, n: "1" });
    const jobs = await rows<{ state: string; retry_count: number }>(
      url,
      "select state::text, retry_count from pgboss.job where name = 'nianbao-audit'",
    );
    expect(jobs).toEqual([{ state: "completed", retry_count: 1 }]);
  });

  it("SIGTERM: the worker hands its running job back and another one finishes it", async () => {
    const url = await postgres().newDatabase();
    const leaving = await workerProcess(url);
    const pool = await QueuePool.open({ connection: { url }, log: silentLogger, retry: RETRY });
    cleanup.push(() => pool.close());
    const stages: string[] = [];
    const outcome = pool.run(seed, "slow-handed-back.txt", (s) => stages.push(s));
    await until(async () => stages.includes("read"), 30_000, "the worker to start the job");
    const exited = new Promise<number | null>((r) => leaving.once("exit", r));
    leaving.kill("SIGTERM");
    expect(await exited).toBe(0);
    // Handed back at once (failed into retry), not left active until it expires.
    const [job] = await rows<{ state: string }>(
      url,
      "select state::text from pgboss.job where name = 'nianbao-audit'",
    );
    expect(job?.state).toBe("retry");
    const next = await worker(url);
    cleanup.push(() => next.stop());
    expect((await outcome).kind).toBe("result");
    expect(next.counts.done).toBe(1);
  });

  it("audit --queue writes what the ordinary batch writes; run again, every file is found done", async () => {
    const url = await postgres().newDatabase();
    const dir = mkdtempSync(join(tmpdir(), "nianbao-queue-batch-"));
    cleanup.push(() => rmSync(dir, { recursive: true, force: true }));
    const names = ["000_5ed72146557905c8.txt", "001_77c3b53386b2261e.html", "004_e2933871b57d250b.txt"];
    for (const n of names) writeFileSync(join(dir, n), readFileSync(seedPath(n)));
    const files = names.map((n) => join(dir, n));
    const capture = () => {
      const out: string[] = [];
      const err: string[] = [];
      return { out, err, io: { stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) } };
    };
    const limits = { maxBytes: 20 * 1024 * 1024, timeoutMs: 20_000, json: true };
    const local = capture();
    const isolated = isolatedAuditor({ timeoutMs: limits.timeoutMs });
    await exportBatch(
      files,
      [],
      { xlsx: join(dir, "local.xlsx") },
      { ...limits, auditor: isolated.audit },
      local.io,
    );
    await isolated.close();

    const w = await worker(url, TEST_TASK);
    const queued = capture();
    const options = { connection: { url }, log: silentLogger, ...limits, memoryMb: 256 };
    const exit = await exportQueuedBatch(files, [], { xlsx: join(dir, "queued.xlsx") }, options, queued.io);
    expect(exit).toBe(0);
    expect(queued.out).toHaveLength(3);
    expect(untimed(queued.out)).toEqual(untimed(local.out));
    expect(queued.err.join("")).toContain("新提交 3 个文件");
    expect(w.counts.done).toBe(3);
    await w.stop();
    // No worker running: a second run (as after a crash) needs none for files already done.
    const again = capture();
    expect(await exportQueuedBatch(files, [], { xlsx: join(dir, "again.xlsx") }, options, again.io)).toBe(0);
    expect(again.err.join("")).toContain("已有结果 3 个");
    expect(untimed(again.out)).toEqual(untimed(local.out));
  });
});
