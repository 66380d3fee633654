/**
 * ZIP members that hit the time or memory cap are remembered by hash (store's cut_off_files), as
 * single uploads are: the same member sent again — in another archive, or alone — is answered from
 * storage without going to a worker; a member cut off alone before is answered from storage too.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Api } from "grammy";
import { describe, expect, it } from "vitest";
import { auditDetailed } from "../../audit/run-audit.ts";
import { auditArchive } from "../../bot/audit/archive-audit.ts";
import type { PoolOutcome } from "../../bot/worker/audit-pool.ts";
import { silentLogger } from "../../logger.ts";
import type { AuditJob } from "../../store/report-store.ts";
import { SqliteReportStore } from "../../store/sqlite.ts";
import { zip } from "../helpers/zip.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const good = new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt")));
/** Stands for a file that stalls the worker (the fake pool cuts it off). */
const stalling = new Uint8Array(Buffer.from("STALL 这个文件让工作线程超时"));
const memoryHog = new Uint8Array(Buffer.from("HOG 这个文件耗尽内存"));
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");

function harness(store: SqliteReportStore) {
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
  const ran: string[] = [];
  const pool = {
    run: async (bytes: Uint8Array, file: string): Promise<PoolOutcome> => {
      ran.push(file);
      const head = Buffer.from(bytes.subarray(0, 5)).toString("latin1");
      if (head === "STALL") return { kind: "timeout", ms: 1000 };
      if (head.startsWith("HOG")) return { kind: "crashed", reason: "memory", detail: "oom", ms: 50 };
      const d = await auditDetailed(bytes, file);
      return { kind: "result", result: d.result, report: d.report, ms: 1 };
    },
  };
  const send = async (name: string, archive: Uint8Array, jobId: number) => {
    const job: AuditJob = {
      id: jobId,
      chatId: 1,
      userId: 7,
      fileId: "f",
      fileName: name,
      fileSize: archive.byteLength,
      sourceMessageId: 1,
      progressMessageId: null,
      delivery: null,
      state: "pending",
      createdAt: new Date().toISOString(),
    };
    await auditArchive({ api, store, pool, log: silentLogger, timeoutMs: 1000 }, job, archive, null);
  };
  return { texts, ran, send };
}

describe("ZIP members cut off by a cap", () => {
  it("are remembered by hash and answered from storage when sent again", async () => {
    const store = new SqliteReportStore(":memory:");
    const h = harness(store);
    await h.send(
      "first.zip",
      zip([
        { name: "slow.txt", data: stalling },
        { name: "hog.txt", data: memoryHog },
        { name: "good.txt", data: good },
      ]),
      1,
    );
    expect(h.ran.sort()).toEqual(["first.zip/good.txt", "first.zip/hog.txt", "first.zip/slow.txt"]);
    expect(await store.findCutOff(sha(stalling))).toMatchObject({
      kind: "timeout",
      fileName: "first.zip/slow.txt",
    });
    expect(await store.findCutOff(sha(memoryHog))).toMatchObject({ kind: "memory" });
    expect(await store.findCutOff(sha(good))).toBeNull();

    // The same stalling member under another name in another archive: not run again.
    h.ran.length = 0;
    await h.send(
      "second.zip",
      zip([
        { name: "renamed.txt", data: stalling },
        { name: "hog2.txt", data: memoryHog },
      ]),
      2,
    );
    expect(h.ran).toEqual([]);
    const summary = h.texts.at(-1) ?? "";
    expect(summary).toContain("renamed.txt</code>：");
    expect(summary).toContain("审核时被停止，未再次处理");
    await store.close();
  });

  it("a file cut off alone before is answered from storage inside an archive", async () => {
    const store = new SqliteReportStore(":memory:");
    await store.recordCutOff({ sha256: sha(stalling), kind: "timeout", ms: 30_000, fileName: "alone.txt" });
    const h = harness(store);
    await h.send(
      "zip.zip",
      zip([
        { name: "again.txt", data: stalling },
        { name: "good.txt", data: good },
      ]),
      3,
    );
    expect(h.ran).toEqual(["zip.zip/good.txt"]);
    expect(h.texts.at(-1)).toContain("again.txt</code>：");
    await store.close();
  });
});
