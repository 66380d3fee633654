/** The eval hook: llmExtract(document | report) returns the LLM's figures, reconcile() the combined ones. */
import { afterEach, describe, expect, it } from "vitest";
import { LlmConfigError } from "../../extract/llm/errors/llm-config-error.ts";
import { llmExtract } from "../../extract/llm/llm-extract.ts";
import { reconcile } from "../../extract/llm/reconcile.ts";
import { completion, type FakeServer, startFakeOpenAi } from "./fake-openai-server.ts";
import { config, expectedFigures, parsed, replyFor, schemaForReport, seedBytes } from "./helpers.ts";

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("llmExtract", () => {
  it("reads a Document (parsing it for the layout) or a ParsedReport", async () => {
    const { document, report } = await parsed(seedBytes());
    const reply = replyFor(schemaForReport(report), { ...expectedFigures(), "t2.licensing.decisions": 4488 });
    server = await startFakeOpenAi([{ body: completion({ content: JSON.stringify(reply) }) }]);
    const fromDoc = await llmExtract(document, { config: config(server.url, "json_object") });
    expect(fromDoc.figures["t2.licensing.decisions"]).toBe(4488);
    expect(fromDoc.templateVersion).toBe("2021");
    const fromReport = await llmExtract(report, { config: config(server.url, "json_object") });
    expect(fromReport.figures).toEqual(fromDoc.figures);
    // Parser only, LLM only and reconciled, as the eval compares them.
    const reconciled = reconcile(report, fromDoc.figures).report.figures;
    expect(report.figures["t2.licensing.decisions"]).toBe(4489);
    expect(reconciled["t2.licensing.decisions"]).toBe(4489);
  });

  it("without a configuration it throws LlmConfigError naming the variables", async () => {
    const { report } = await parsed(seedBytes());
    const saved = { key: process.env.OPENAI_API_KEY, model: process.env.NIANBAO_LLM_MODEL };
    delete process.env.OPENAI_API_KEY;
    delete process.env.NIANBAO_LLM_MODEL;
    try {
      await expect(llmExtract(report)).rejects.toThrow(LlmConfigError);
    } finally {
      if (saved.key !== undefined) process.env.OPENAI_API_KEY = saved.key;
      if (saved.model !== undefined) process.env.NIANBAO_LLM_MODEL = saved.model;
    }
  });
});
