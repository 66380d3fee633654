/**
 * Every face audits each file in a worker with a time and a heap cap (bot/worker/pool-auditor.ts): a
 * file that hangs or eats memory is answered `unreadable` with a message saying why, and the rest of a
 * batch (or of a command line) goes on. Files named "hang"/"oom" ask the test task module for trouble.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { auditBatch } from "../../audit/batch.ts";
import { cutOffMessage } from "../../audit/cut-off.ts";
import { isolatedAuditor, poolAuditor, readerBudgetMs } from "../../bot/worker/pool-auditor.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const seed = (name: string) => new Uint8Array(readFileSync(join(seeds, name)));
const taskModule = new URL("../bot/fixtures/cold-audit-task.ts", import.meta.url);

describe("isolated audits", () => {
  const isolated = isolatedAuditor({ timeoutMs: 2500, memoryMb: 256, taskModule });
  afterAll(() => isolated.close());

  it("a batch goes on past a file that hangs and one that runs out of memory", async () => {
    const batch = await auditBatch(
      [
        { name: "hang.txt", bytes: seed("000_5ed72146557905c8.txt") },
        { name: "oom.txt", bytes: seed("001_77c3b53386b2261e.txt") },
        { name: "002.txt", bytes: seed("002_a01f0cf12a106081.txt") },
      ],
      { auditor: isolated.audit, timeoutMs: 2500 },
    );
    const [hang, oom, ok] = batch.entries.map((e) => e.result);
    expect(hang?.status).toBe("unreadable");
    expect(hang?.statusMessage).toBe(cutOffMessage({ kind: "timeout", budgetMs: 2500 }));
    expect(hang?.statusMessage).toContain("时间过长");
    expect(hang?.format).toBe("text");
    // Out of memory, or (on a loaded machine) the time cap first: either way cut off and answered.
    expect(oom?.status).toBe("unreadable");
    expect([
      cutOffMessage({ kind: "memory", capMb: 256 }),
      cutOffMessage({ kind: "timeout", budgetMs: 2500 }),
    ]).toContain(oom?.statusMessage);
    expect(ok?.status).toBe("ok");
    expect(ok?.meta.reportYear).toBe(2024);
    expect(batch.problems.map((p) => p.name)).toEqual(["hang.txt", "oom.txt"]);
  }, 60_000);

  it("keeps the parsed report for cross-year linking", async () => {
    const { result, report } = await isolated.audit(seed("002_a01f0cf12a106081.txt"), "002.txt");
    expect(result.status).toBe("ok");
    expect(report?.meta.reportYear).toBe(2024);
  }, 60_000);
});

describe("poolAuditor", () => {
  it("maps the pool's outcomes to results and gives the readers a budget under the cap", async () => {
    const seen: unknown[] = [];
    const pool = {
      run: async (_b: Uint8Array, file: string, _s: unknown, task?: { audit?: { timeoutMs?: number } }) => {
        seen.push(task?.audit?.timeoutMs);
        return file === "t"
          ? ({ kind: "timeout", ms: 20_000 } as const)
          : ({ kind: "crashed", reason: "error", detail: "boom\nstack", ms: 3 } as const);
      },
    };
    const audit = poolAuditor(pool, { timeoutMs: 20_000, memoryMb: 512 });
    const t = await audit(new TextEncoder().encode("hello"), "t");
    expect(t.result.status).toBe("unreadable");
    expect(t.result.statusMessage).toContain("超过 20 秒");
    expect(t.report).toBeNull();
    const e = await audit(new TextEncoder().encode("hello"), "e");
    expect(e.result.statusMessage).toBe("审核程序内部错误，未能完成审核（boom）。");
    expect(seen).toEqual([readerBudgetMs(20_000), readerBudgetMs(20_000)]);
    expect(readerBudgetMs(20_000)).toBe(18_000);
  });
});
