/**
 * The daily quota applies to ZIP members: each member counts as one audit, members past the quota are
 * listed as problem files (not audited), an exempt user (admin) is not capped, and a user with no
 * audits left gets the quota message instead of a batch.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { auditDetailed } from "../../audit/run-audit.ts";
import { auditArchive } from "../../bot/audit/archive-audit.ts";
import { chinaDay } from "../../bot/day.ts";
import type { PoolOutcome } from "../../bot/worker/audit-pool.ts";
import { silentLogger } from "../../logger.ts";
import type { AuditJob } from "../../store/report-store.ts";
import { SqliteReportStore } from "../../store/sqlite.ts";
import { zip } from "../helpers/zip.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");

const SEEDS = [
  "000_5ed72146557905c8",
  "001_77c3b53386b2261e",
  "002_a01f0cf12a106081",
  "003_1c640710511402cf",
];
const archive = zip(
  SEEDS.map((s) => ({ name: `${s}.txt`, data: new Uint8Array(readFileSync(join(seeds, `${s}.txt`))) })),
);

async function run(userId: number, usedToday: number, exempt: ReadonlySet<number> = new Set()) {
  const now = new Date("2025-01-20T02:00:00Z");
  const store = new SqliteReportStore(":memory:", { now: () => now });
  for (let i = 0; i < usedToday; i++) await store.recordAudit(userId, chinaDay(now));
  const texts: string[] = [];
  const api = new Api("1:test");
  let id = 100;
  api.config.use(async (_prev, method, payload) => {
    const p = payload as Record<string, unknown>;
    if (typeof p.text === "string") texts.push(p.text);
    if (method === "sendMessage" || method === "sendDocument")
      return { ok: true, result: { message_id: ++id, date: 0, chat: { id: 1, type: "private" } } } as never;
    return { ok: true, result: true } as never;
  });
  let audited = 0;
  const pool = {
    run: async (bytes: Uint8Array, file: string): Promise<PoolOutcome> => {
      audited++;
      const d = await auditDetailed(bytes, file);
      return { kind: "result", result: d.result, report: d.report, ms: 1 };
    },
  };
  const job: AuditJob = {
    id: 1,
    chatId: 1,
    userId,
    fileId: "f",
    fileName: "四份.zip",
    fileSize: archive.byteLength,
    sourceMessageId: 1,
    progressMessageId: null,
    delivery: null,
    state: "pending",
    createdAt: now.toISOString(),
  };
  await auditArchive(
    { api, store, pool, log: silentLogger, timeoutMs: 1000, now: () => now, quota: { perDay: 3, exempt } },
    job,
    archive,
    null,
  );
  const result = {
    audited,
    stored: await store.countReports(1),
    used: await store.auditsOn(chinaDay(now), userId),
    texts,
  };
  await store.close();
  return result;
}

describe("the daily quota on ZIP members", () => {
  it("audits members up to the quota and lists the rest", async () => {
    const r = await run(7, 1);
    expect(r.audited).toBe(2);
    expect(r.stored).toBe(2);
    expect(r.used).toBe(3);
    const summary = r.texts.find((t) => t.includes("已审核报告"));
    expect(summary).toContain("已审核报告 2 份");
    expect(summary).toContain("问题文件 2 个");
    expect(summary).toContain("002_a01f0cf12a106081.txt</code>：超出每日审核上限（3 份），未审核");
  });

  it("does not cap an exempt user", async () => {
    const r = await run(9, 3, new Set([9]));
    expect(r.audited).toBe(4);
    expect(r.stored).toBe(4);
  });

  it("answers with the quota message when nothing is left", async () => {
    const r = await run(7, 3);
    expect(r.audited).toBe(0);
    expect(r.texts.at(-1)).toBe("您今天已审核 3 份文件，达到每日上限，请明天再试。");
  });
});
