/**
 * Parse, validate, repair once, typed error: malformed JSON then a valid repair; output that violates
 * the schema twice ends in LlmOutputError with the raw text; the repair is never repaired.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Document } from "../../extract/document.ts";
import { LlmOutputError } from "../../extract/llm/errors/llm-output-error.ts";
import type { ExtractionSchema } from "../../extract/llm/wire-schema.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import { completion, type FakeServer, startFakeOpenAi } from "./fake-openai-server.ts";
import { expectedFigures, extractor, parsed, replyFor, schemaForReport, seedBytes } from "./helpers.ts";

let document: Document;
let report: ParsedReport;
let schema: ExtractionSchema;
let good: string;
let server: FakeServer | null = null;

beforeAll(async () => {
  ({ document, report } = await parsed(seedBytes()));
  schema = schemaForReport(report);
  good = JSON.stringify(replyFor(schema, expectedFigures()));
});
afterEach(async () => {
  await server?.close();
  server = null;
});

describe("one repair round", () => {
  it("malformed JSON, then a valid repair: the repair request carries the issue back", async () => {
    const broken = good.slice(0, 500); // cut off mid-object
    server = await startFakeOpenAi([
      { body: completion({ content: broken, finishReason: "length" }) },
      { body: completion({ content: good, usage: { prompt_tokens: 1500, completion_tokens: 300 } }) },
    ]);
    const result = await extractor(server.url, "json_schema").extract({ report, document });
    expect(result.repaired).toBe(true);
    expect(result.figures["t3.new.total"]).toBe(56);
    expect(result.usage).toEqual({ requests: 2, inputTokens: 2500, outputTokens: 500 });
    expect(server.requests).toHaveLength(2);
    const messages = server.requests[1]?.body.messages;
    expect(messages).toHaveLength(4);
    expect(messages[2]).toEqual({ role: "assistant", content: broken });
    expect(messages[3].role).toBe("user");
    expect(messages[3].content).toContain("not valid JSON");
    // The repair keeps the same constraint.
    expect(server.requests[1]?.body.response_format).toEqual(server.requests[0]?.body.response_format);
  });

  it("in tools mode the issues go back as the tool call's result, with the tool still forced", async () => {
    const wrong = JSON.parse(good);
    wrong.figures["t3.new.total"] = "五十六";
    server = await startFakeOpenAi([
      {
        body: completion({
          toolCalls: [{ id: "call_A", name: "record_figures", arguments: JSON.stringify(wrong) }],
        }),
      },
      { body: completion({ toolCalls: [{ name: "record_figures", arguments: good }] }) },
    ]);
    const result = await extractor(server.url, "tools").extract({ report, document });
    expect(result.repaired).toBe(true);
    const messages = server.requests[1]?.body.messages;
    expect(messages[2]).toMatchObject({
      role: "assistant",
      tool_calls: [{ id: "call_A", type: "function" }],
    });
    expect(messages[3]).toMatchObject({ role: "tool", tool_call_id: "call_A" });
    expect(messages[3].content).toContain('figures["t3.new.total"]');
    expect(server.requests[1]?.body.tool_choice).toEqual({
      type: "function",
      function: { name: "record_figures" },
    });
  });

  it("output that violates the schema after the repair: LlmOutputError with the raw text, two requests only", async () => {
    const missing = JSON.parse(good);
    delete missing.figures["t4.review.total"];
    missing.figures["t3.new.natural_person"] = 5.5;
    const text = JSON.stringify(missing);
    server = await startFakeOpenAi([{ body: completion({ content: text }) }]);
    const error = await extractor(server.url, "json_object")
      .extract({ report, document })
      .catch((e: unknown) => e);
    expect(LlmOutputError.isInstance(error)).toBe(true);
    const e = error as LlmOutputError;
    expect(e.text).toBe(text);
    expect(e.issues.some((i) => i.includes('figures["t4.review.total"]'))).toBe(true);
    expect(e.issues.some((i) => i.includes('figures["t3.new.natural_person"]'))).toBe(true);
    expect(e.model).toBe("fake-model");
    expect(e.usage.requests).toBe(2);
    expect(server.requests).toHaveLength(2);
  });

  it("a wrong templateVersion is a schema violation too", async () => {
    const other = JSON.parse(good);
    other.templateVersion = "2019";
    server = await startFakeOpenAi([
      { body: completion({ content: JSON.stringify(other) }) },
      { body: completion({ content: good }) },
    ]);
    const result = await extractor(server.url, "json_object").extract({ report, document });
    expect(result.repaired).toBe(true);
    expect(server.requests[1]?.body.messages[3].content).toContain("templateVersion");
  });
});
