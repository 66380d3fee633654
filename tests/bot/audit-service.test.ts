/**
 * AuditService.resumePending: a job older than a day is closed as failed instead of being resumed
 * (the rest of the service runs in the end-to-end suites).
 */
import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { AuditService } from "../../bot/audit/audit-service.ts";
import { silentLogger } from "../../logger.ts";
import { SqliteReportStore } from "../../store/sqlite.ts";

describe("resumePending", () => {
  it("does not resume day-old jobs", async () => {
    let now = new Date("2024-05-01T00:00:00Z");
    const store = new SqliteReportStore(":memory:", { now: () => now });
    await store.createJob({
      chatId: 1,
      userId: 1,
      fileId: "f",
      fileName: "old.pdf",
      fileSize: 1,
      sourceMessageId: 1,
    });
    now = new Date("2024-05-02T01:00:00Z");
    const calls: string[] = [];
    const api = new Api("1:test");
    api.config.use(async (_prev, method) => {
      calls.push(method);
      return { ok: true, result: true } as never;
    });
    const pool = {
      run: () => Promise.reject(new Error("must not run")),
      stats: () => ({ size: 0, busy: 0, queued: 0, completed: 0, timeouts: 0, crashes: 0 }),
    };
    const service = new AuditService({
      api,
      apiRoot: "http://127.0.0.1:9",
      token: "1:test",
      store,
      pool,
      log: silentLogger,
      timeoutMs: 1000,
      now: () => now,
    });
    expect(await service.resumePending()).toBe(0);
    expect(await store.pendingJobs()).toEqual([]);
    expect(calls).toEqual([]);
    await store.close();
  });
});
