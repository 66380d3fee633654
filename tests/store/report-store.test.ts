/**
 * The ReportStore contract, run against every backend (SQLite and a real Postgres): every report query
 * scoped by chat, the same file recognised by hash, the parsed reading kept beside the result, Q&A
 * turns, forgetting a chat, jobs, daily usage and cut-off files.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { auditBytes, auditDetailed } from "../../audit/run-audit.ts";
import { type StoreLocation, storeBackends } from "./backends.ts";

let a: AuditResult;
let b: AuditResult;
const seeds = join(import.meta.dirname, "../fixtures/seeds");
beforeAll(async () => {
  a = await auditBytes(new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt"))), "a.txt");
  b = await auditBytes(new Uint8Array(readFileSync(join(seeds, "004_e2933871b57d250b.txt"))), "b.txt");
});

const locations: StoreLocation[] = [];
afterEach(async () => {
  for (const l of locations.splice(0)) await l.remove();
});

describe.each(storeBackends())("$name", (backend) => {
  describe.skipIf(!backend.available)("ReportStore contract", () => {
    it("saves, finds by hash and id, lists newest first, selects and deletes — within one chat only", async () => {
      let t = Date.parse("2024-05-01T00:00:00Z");
      const tick = () => {
        t += 1000;
        return new Date(t);
      };
      const store = await backend.fresh({ now: tick });
      await store.touch({ id: 10, firstName: "张三" }, { id: 10, type: "private" });
      const ra = await store.saveReport({ chatId: 10, userId: 10, fileName: "a.txt", result: a });
      const rb = await store.saveReport({ chatId: 10, userId: 10, fileName: "b.txt", result: b });
      expect(ra.result).toEqual(a);
      expect(ra).toMatchObject({ issuer: a.meta.issuer, reportYear: 2024, status: "ok" });
      expect((await store.findByHash(10, a.sha256))?.id).toBe(ra.id);
      expect(await store.findByHash(20, a.sha256)).toBeNull();
      expect(await store.getReport(20, ra.id)).toBeNull();
      expect((await store.listReports(10, 10)).map((r) => r.fileName)).toEqual(["b.txt", "a.txt"]);
      expect((await store.currentReport(10))?.id).toBe(rb.id);
      expect(await store.selectReport(20, ra.id)).toBe(false);
      expect(await store.selectReport(10, ra.id)).toBe(true);
      expect((await store.currentReport(10))?.id).toBe(ra.id);
      await store.setSummaryMessage(10, ra.id, 77);
      expect((await store.reportBySummaryMessage(10, 77))?.id).toBe(ra.id);
      expect(await store.reportBySummaryMessage(20, 77)).toBeNull();
      expect(await store.deleteReport(20, ra.id)).toBe(false);
      expect(await store.deleteReport(10, ra.id)).toBe(true);
      expect((await store.currentReport(10))?.id).toBe(rb.id);
      await store.close();
    });

    it("the same file in the same chat is one row (re-audit replaces it), in another chat a second", async () => {
      const store = await backend.fresh();
      const first = await store.saveReport({ chatId: 1, userId: 1, fileName: "a.txt", result: a });
      const again = await store.saveReport({ chatId: 1, userId: 2, fileName: "renamed.txt", result: a });
      expect(again.id).toBe(first.id);
      expect(again.fileName).toBe("renamed.txt");
      expect(await store.countReports(1)).toBe(1);
      await store.saveReport({ chatId: 2, userId: 2, fileName: "a.txt", result: a });
      expect(await store.countReports(2)).toBe(1);
      await store.close();
    });

    it("keeps the parsed reading beside the result, scoped by chat; updateResult replaces it in its chat only", async () => {
      const store = await backend.fresh();
      const detailed = await auditDetailed(
        new Uint8Array(readFileSync(join(seeds, "004_e2933871b57d250b.txt"))),
        "b.txt",
      );
      const bare = await store.saveReport({ chatId: 1, userId: 1, fileName: "a.txt", result: a });
      expect(await store.parsedReport(1, bare.id)).toBeNull();
      const saved = await store.saveReport({
        chatId: 1,
        userId: 1,
        fileName: "b.txt",
        result: detailed.result,
        parsed: detailed.report,
      });
      const parsed = await store.parsedReport(1, saved.id);
      expect(parsed?.figures).toEqual(detailed.report?.figures);
      expect(await store.parsedReport(2, saved.id)).toBeNull();
      const noFindings = { ...detailed.result, findings: [] };
      if (!parsed) throw new Error("no reading kept");
      await store.updateResult(2, saved.id, noFindings, parsed);
      expect((await store.getReport(1, saved.id))?.result.findings).toEqual(detailed.result.findings);
      await store.updateResult(1, saved.id, noFindings, parsed);
      const updated = await store.getReport(1, saved.id);
      expect(updated?.result.findings).toEqual([]);
      expect([updated?.errors, updated?.warnings, updated?.notices]).toEqual([0, 0, 0]);
      await store.close();
    });

    it("keeps Q&A turns per report, oldest first, and forgets a chat completely", async () => {
      const store = await backend.fresh();
      await store.touch({ id: 5 }, { id: 5, type: "private" });
      const r = await store.saveReport({ chatId: 5, userId: 5, fileName: "a.txt", result: a });
      for (const q of ["q1", "q2", "q3"])
        await store.addTurn(5, r.id, 5, {
          question: q,
          answer: `a-${q}`,
          answerer: "deterministic",
          at: "2024-01-01",
        });
      expect((await store.turns(5, r.id, 2)).map((t) => t.question)).toEqual(["q2", "q3"]);
      expect(await store.turns(6, r.id, 10)).toEqual([]);
      await store.createJob({
        chatId: 5,
        userId: 5,
        fileId: "f",
        fileName: "a.txt",
        fileSize: 1,
        sourceMessageId: 1,
      });
      const other = await store.saveReport({ chatId: 6, userId: 6, fileName: "b.txt", result: b });
      expect(await store.forgetChat(5)).toEqual({ reports: 1, turns: 3 });
      const counts = await store.tableCounts();
      expect(counts).toMatchObject({ reports: 1, qa_turns: 0, audit_jobs: 0 });
      expect(await store.currentReport(5)).toBeNull();
      expect((await store.currentReport(6))?.id).toBe(other.id);
      await store.close();
    });

    it("tracks pending jobs and daily usage", async () => {
      const store = await backend.fresh();
      const job = await store.createJob({
        chatId: 1,
        userId: 1,
        fileId: "f1",
        fileName: "x.pdf",
        fileSize: null,
        sourceMessageId: 3,
        progressMessageId: 4,
      });
      // The progress message is written with the row (no window where a job has lost it).
      expect(job.progressMessageId).toBe(4);
      expect(await store.pendingJobs()).toEqual([job]);
      await store.finishJob(job.id, "done");
      expect(await store.pendingJobs()).toEqual([]);
      await store.recordAudit(1, "2024-05-01");
      await store.recordAudit(1, "2024-05-01");
      await store.recordAudit(2, "2024-05-01");
      await store.recordAudit(1, "2024-05-02");
      expect(await store.auditsOn("2024-05-01", 1)).toBe(2);
      expect(await store.auditsOn("2024-05-01")).toBe(3);
      expect(await store.auditsOn("2024-05-03", 1)).toBe(0);
      // LLM tokens per user and day (the daily budget); zero or negative amounts are not rows.
      await store.recordTokens(1, "2024-05-01", 1200);
      await store.recordTokens(1, "2024-05-01", 300);
      await store.recordTokens(2, "2024-05-01", 50);
      await store.recordTokens(2, "2024-05-02", 0);
      expect(await store.tokensOn("2024-05-01", 1)).toBe(1500);
      expect(await store.tokensOn("2024-05-01")).toBe(1550);
      expect(await store.tokensOn("2024-05-02", 2)).toBe(0);
      expect((await store.tableCounts()).llm_usage).toBe(2);
      await store.close();
    });

    it("cut-off files are recorded by hash, found again after a restart, and updated when cut off again", async () => {
      const location = await backend.location();
      locations.push(location);
      const store = await location.open();
      expect(await store.findCutOff("abc")).toBeNull();
      await store.recordCutOff({ sha256: "abc", kind: "timeout", ms: 20_012.4, fileName: "a.pdf" });
      await store.close();
      const reopened = await location.open();
      expect(await reopened.findCutOff("abc")).toMatchObject({ sha256: "abc", kind: "timeout", ms: 20_012 });
      await reopened.recordCutOff({ sha256: "abc", kind: "memory", ms: 900, fileName: "b.pdf" });
      expect(await reopened.findCutOff("abc")).toMatchObject({ kind: "memory", ms: 900, fileName: "a.pdf" });
      await reopened.close();
    });

    it("claims a Telegram update once: the first caller gets it, a redelivery does not", async () => {
      const store = await backend.fresh();
      expect(await store.claimUpdate(900_000_001)).toBe(true);
      expect(await store.claimUpdate(900_000_001)).toBe(false);
      expect(await store.claimUpdate(900_000_002)).toBe(true);
      await store.close();
    });

    it("forgets claims older than a time, and only those", async () => {
      let t = Date.parse("2024-05-01T00:00:00Z");
      const store = await backend.fresh({ now: () => new Date(t) });
      await store.claimUpdate(1);
      t += 3_600_000;
      await store.claimUpdate(2);
      t += 3_600_000;
      await store.claimUpdate(3);
      expect(await store.forgetUpdatesBefore("2024-05-01T01:30:00.000Z")).toBe(2);
      expect(await store.claimUpdate(3)).toBe(false);
      expect(await store.claimUpdate(1)).toBe(true); // forgotten: the caller's window must exceed Telegram's
      expect(await store.forgetUpdatesBefore("2024-05-01T00:00:00.000Z")).toBe(0);
      await store.close();
    });

    it("three instances on one database racing for the same 60 updates: each is claimed exactly once", async () => {
      const location = await backend.location();
      locations.push(location);
      const instances = [await location.open(), await location.open(), await location.open()];
      const ids = Array.from({ length: 60 }, (_, i) => 5_000_000_000 + i);
      const claims = await Promise.all(
        instances.flatMap((store) => ids.map(async (id) => ({ id, won: await store.claimUpdate(id) }))),
      );
      const wins = new Map<number, number>();
      for (const c of claims) if (c.won) wins.set(c.id, (wins.get(c.id) ?? 0) + 1);
      expect(ids.map((id) => wins.get(id) ?? 0)).toEqual(ids.map(() => 1));
      for (const store of instances) await store.close();
    });

    it("a pending job's delivery record is kept across a reopen, exactly as written", async () => {
      const location = await backend.location();
      locations.push(location);
      const store = await location.open();
      const job = await store.createJob({
        chatId: 5,
        userId: 5,
        fileId: "f",
        fileName: "报告.pdf",
        fileSize: 10,
        sourceMessageId: 8,
      });
      expect(job.delivery).toBeNull();
      const delivery = {
        reportId: 42,
        html: "<b>审核完成</b>　<code>报告.pdf</code>",
        compare: true,
        steps: [
          { kind: "detail" as const },
          { kind: "text" as const, html: "本聊天已有 2 份报告。", reply: false, compareReportId: null },
        ],
        started: 1,
      };
      await store.setJobDelivery(job.id, delivery);
      await store.close();
      const reopened = await location.open();
      expect((await reopened.pendingJobs()).map((j) => j.delivery)).toEqual([delivery]);
      await reopened.close();
    });

    it("keeps what it saved across a reopen (a restart), with the chat's choice", async () => {
      const location = await backend.location();
      locations.push(location);
      const store = await location.open();
      const ra = await store.saveReport({ chatId: -1001234567890, userId: 7, fileName: "a.txt", result: a });
      await store.saveReport({ chatId: -1001234567890, userId: 7, fileName: "b.txt", result: b });
      await store.selectReport(-1001234567890, ra.id);
      await store.close();
      const reopened = await location.open();
      expect(await reopened.countReports(-1001234567890)).toBe(2);
      expect((await reopened.currentReport(-1001234567890))?.result).toEqual(a);
      await reopened.close();
    });
  });
});
