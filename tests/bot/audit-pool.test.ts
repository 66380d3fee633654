/**
 * The worker pool: audits off the main thread with stages, and the caps: a hanging file is cut
 * off at the time cap (and the pool keeps working), a memory hog dies at the heap cap, a throwing
 * task is reported; closing rejects what is queued.
 *
 * Margins hold on a busy 2-core machine (checked with a second copy of the suite running): the time
 * cap is long enough for a cold text audit to finish beside a spinning worker, and the memory test has
 * its own pool whose time cap is far beyond any garbage collector's last-ditch effort.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  AuditPool,
  PoolClosedError,
  startWorkerEarly,
  stopEarlyWorker,
} from "../../bot/worker/audit-pool.ts";
import { silentLogger } from "../../logger.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const seed = (name: string) => new Uint8Array(readFileSync(join(seeds, name)));
// Text files only, and no PDF warm-up: these tests are about the caps (PDFs in workers: bot.e2e).
const taskModule = new URL("./fixtures/cold-audit-task.ts", import.meta.url);

describe("AuditPool", () => {
  const CAP_MS = 5000;
  const pool = new AuditPool({ size: 2, timeoutMs: CAP_MS, memoryMb: 320, taskModule, log: silentLogger });
  afterAll(() => pool.close());

  it("audits in a worker and reports the stages in order", async () => {
    await pool.warm();
    const stages: string[] = [];
    const out = await pool.run(seed("002_a01f0cf12a106081.txt"), "002.txt", (s) => stages.push(s));
    expect(out.kind).toBe("result");
    if (out.kind !== "result") return;
    expect(out.result.status).toBe("ok");
    expect(out.result.meta.reportYear).toBe(2024);
    expect(stages).toEqual(["read", "tables", "checked"]);
  });

  it("cuts off a hanging file at the time cap and keeps serving", async () => {
    const t0 = performance.now();
    const [hang, ok] = await Promise.all([
      pool.run(seed("000_5ed72146557905c8.txt"), "hang.txt"),
      pool.run(seed("000_5ed72146557905c8.txt"), "000.txt"),
    ]);
    const ms = performance.now() - t0;
    expect(hang.kind).toBe("timeout");
    expect(ok.kind).toBe("result");
    expect(ms).toBeGreaterThanOrEqual(CAP_MS - 100);
    expect(ms).toBeLessThan(CAP_MS + 15_000);
    // The replaced worker takes the next file.
    await pool.warm();
    const again = await pool.run(seed("000_5ed72146557905c8.txt"), "000-again.txt");
    expect(again.kind).toBe("result");
    expect(pool.stats().timeouts).toBe(1);
  });

  it("kills a worker that exceeds the heap cap", async () => {
    // A small heap (dies fast) and a time cap that cannot win the race, however slow the machine.
    const hogPool = new AuditPool({
      size: 1,
      timeoutMs: 50_000,
      memoryMb: 160,
      taskModule,
      log: silentLogger,
    });
    try {
      const out = await hogPool.run(seed("000_5ed72146557905c8.txt"), "oom.txt");
      expect(out).toMatchObject({ kind: "crashed", reason: "memory" });
    } finally {
      await hogPool.close();
    }
  });

  it("reports a task that throws", async () => {
    const out = await pool.run(seed("000_5ed72146557905c8.txt"), "throw.txt");
    expect(out).toMatchObject({ kind: "crashed", reason: "error" });
    if (out.kind === "crashed") expect(out.detail).toContain("injected failure");
  });

  it("stops respawning when workers cannot even start", async () => {
    const broken = new URL("./fixtures/broken-task.ts", import.meta.url);
    const starved = new AuditPool({
      size: 1,
      timeoutMs: 1000,
      memoryMb: 256,
      taskModule: broken,
      log: silentLogger,
    });
    await expect(starved.warm()).rejects.toThrow(/cannot start.*cannot load/);
    const out = await starved.run(seed("000_5ed72146557905c8.txt"), "000.txt");
    expect(out).toMatchObject({ kind: "crashed", reason: "error" });
    await starved.close();
  });

  it("warms each worker up unless told not to (a one-shot command's file is already waiting)", async () => {
    const warmUpTask = new URL("./fixtures/warm-up-task.ts", import.meta.url);
    for (const warmUp of [true, false]) {
      const one = new AuditPool({
        size: 1,
        timeoutMs: 20_000,
        memoryMb: 256,
        taskModule: warmUpTask,
        warmUp,
        log: silentLogger,
      });
      try {
        await one.warm();
        const out = await one.run(new Uint8Array([1]), "x.txt");
        expect(out.kind === "result" && (out.result as unknown as { warmedUp: boolean }).warmedUp).toBe(
          warmUp,
        );
      } finally {
        await one.close();
      }
    }
  });

  // `nianbao audit FILE` starts its worker before it loads the CLI (cold start): the pool made later
  // takes that worker, and gets the messages it posted while nobody listened (its "ready" among them:
  // lost, the task would never be dispatched).
  it("adopts a worker started early, with what it said before the pool listened", async () => {
    const handle = startWorkerEarly({ memoryMb: 300, warmUp: false, taskModule });
    expect(handle).not.toBeNull();
    for (let i = 0; i < 600 && !handle?.said("ready"); i++) await new Promise((r) => setTimeout(r, 50));
    expect(handle?.said("ready")).toBe(true);
    const adopting = new AuditPool({
      size: 1,
      timeoutMs: CAP_MS,
      memoryMb: 300,
      warmUp: false,
      taskModule,
      log: silentLogger,
    });
    try {
      expect(adopting.threadIds()).toEqual([handle?.threadId]);
      const out = await adopting.run(seed("002_a01f0cf12a106081.txt"), "002.txt");
      expect(out.kind).toBe("result");
      if (out.kind === "result") expect(out.result.meta.reportYear).toBe(2024);
    } finally {
      await adopting.close();
    }
  });

  it("does not adopt an early worker started for other options; it can be stopped", async () => {
    const handle = startWorkerEarly({ memoryMb: 300, warmUp: false, taskModule });
    const other = new AuditPool({
      size: 1,
      timeoutMs: CAP_MS,
      memoryMb: 256,
      warmUp: false,
      taskModule,
      log: silentLogger,
    });
    try {
      expect(other.threadIds()).not.toContain(handle?.threadId);
      const out = await other.run(seed("002_a01f0cf12a106081.txt"), "002.txt");
      expect(out.kind).toBe("result");
    } finally {
      await other.close();
      await stopEarlyWorker();
    }
    // Stopped: the next early start makes a new worker.
    const again = startWorkerEarly({ memoryMb: 300, warmUp: false, taskModule });
    expect(again?.threadId).not.toBe(handle?.threadId);
    await stopEarlyWorker();
  });

  it("rejects queued and running tasks on close", async () => {
    const small = new AuditPool({ size: 1, timeoutMs: 5000, memoryMb: 256, taskModule, log: silentLogger });
    const running = small.run(seed("000_5ed72146557905c8.txt"), "slow.txt").catch((e: unknown) => e);
    const queued = small.run(seed("000_5ed72146557905c8.txt"), "000.txt").catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    await small.close();
    expect(await running).toBeInstanceOf(PoolClosedError);
    expect(await queued).toBeInstanceOf(PoolClosedError);
    await expect(small.run(seed("000_5ed72146557905c8.txt"), "x.txt")).rejects.toBeInstanceOf(
      PoolClosedError,
    );
  });
});
