/**
 * `--llm` audits are read in the capped worker too: the worker reads and parses the file and sends the
 * document back, and the model reads it on the asking thread (bot/worker/pool-auditor.ts). A file
 * that hangs the reader is cut off at the time cap (the model is never asked), and a good file gets
 * the same result as the in-process pipeline with the same model.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { cutOffMessage } from "../../audit/cut-off.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { isolatedAuditor } from "../../bot/worker/pool-auditor.ts";
import { completion, type FakeServer, startFakeOpenAi } from "../llm/fake-openai-server.ts";
import { expectedFigures, extractor, parsed, replyFor, schemaForReport, seedBytes } from "../llm/helpers.ts";

const taskModule = new URL("../bot/fixtures/cold-audit-task.ts", import.meta.url);
let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("isolated audits with an LLM", () => {
  const isolated = isolatedAuditor({ timeoutMs: 2500, memoryMb: 256, taskModule });
  afterAll(() => isolated.close());
  const bytes = seedBytes();

  it("a file that hangs the reader is cut off at the cap, and the model is not asked", async () => {
    server = await startFakeOpenAi([]);
    const t0 = performance.now();
    const { result, report } = await isolated.audit(bytes, "hang.txt", {
      llm: extractor(server.url, "json_schema"),
    });
    expect(performance.now() - t0).toBeLessThan(30_000);
    expect(result.status).toBe("unreadable");
    expect(result.statusMessage).toBe(cutOffMessage({ kind: "timeout", budgetMs: 2500 }));
    expect(report).toBeNull();
    expect(result.llm).toBeUndefined();
    expect(server.requests).toHaveLength(0);
  }, 60_000);

  it("a good file: read in the worker, read by the model here, same result as in process", async () => {
    const { report } = await parsed(bytes);
    const reply = JSON.stringify(
      replyFor(schemaForReport(report), { ...expectedFigures(), "t3.new.total": 59 }),
    );
    server = await startFakeOpenAi([
      { body: completion({ content: reply }) },
      { body: completion({ content: reply }) },
    ]);
    const llm = extractor(server.url, "json_object");
    const isolatedRun = await isolated.audit(bytes, "seed.txt", { llm });
    const inProcess = await auditBytes(bytes, "seed.txt", { llm });
    expect(isolatedRun.result.llm).toMatchObject({ status: "ok", disagreements: 1 });
    expect({ ...isolatedRun.result, elapsedMs: 0 }).toEqual({ ...inProcess, elapsedMs: 0 });
    expect(isolatedRun.report?.meta.reportYear).toBe(2024);
  }, 60_000);
});
