/**
 * The three ways the schema reaches the model, each against the local OpenAI-compatible server:
 * what is sent (schema / tool parameters / schema in the prompt, the report delimited, the size
 * bounded, temperature 0) and that the reply is read, validated and returned with its usage.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Document } from "../../extract/document.ts";
import { estimateTokens } from "../../extract/llm/tokens.ts";
import type { ExtractionSchema } from "../../extract/llm/wire-schema.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import { completion, type FakeServer, startFakeOpenAi, type WireMessage } from "./fake-openai-server.ts";
import {
  captureLog,
  expectedFigures,
  extractor,
  messageOf,
  parsed,
  replyFor,
  schemaForReport,
  seedBytes,
} from "./helpers.ts";

let document: Document;
let report: ParsedReport;
let schema: ExtractionSchema;
let reply: ReturnType<typeof replyFor>;
let server: FakeServer | null = null;

beforeAll(async () => {
  ({ document, report } = await parsed(seedBytes()));
  schema = schemaForReport(report);
  reply = replyFor(schema, expectedFigures());
});
afterEach(async () => {
  await server?.close();
  server = null;
});

function assertDelimitedAndBounded(body: { messages: WireMessage[] }) {
  const user = messageOf(body, "user");
  const system = messageOf(body, "system");
  // The report text sits in the user message between the delimiters, once.
  expect(user.split("<report>")).toHaveLength(2);
  expect(user.split("</report>")).toHaveLength(2);
  const inside = user.slice(user.indexOf("<report>"), user.indexOf("</report>"));
  expect(inside).toContain("一、本年新收政府信息公开申请数量\t56\t0\t0\t0\t0\t0\t56");
  expect(inside).toContain("行政许可\t4489");
  // …and never in the system prompt.
  expect(system).not.toContain("洛浦");
  expect(system).not.toContain("4489");
  // Tables and numbered sentences only: well under the budget and under the whole document.
  const tokens = estimateTokens(inside);
  expect(tokens).toBeLessThan(8_000);
  expect(tokens).toBeLessThan(estimateTokens(report.fullText));
  expect(inside).not.toContain("强化主体责任、严把信息质量关"); // prose without digits is left out
}

describe("json_schema mode", () => {
  it("sends the schema as a strict response_format and reads the content", async () => {
    server = await startFakeOpenAi([{ body: completion({ content: JSON.stringify(reply) }) }]);
    const log = captureLog();
    const result = await extractor(server.url, "json_schema", {}, log).extract({ report, document });
    expect(result.figures["t3.new.total"]).toBe(56);
    expect(result.figures).toEqual(reply.figures);
    expect(result.usage).toEqual({ requests: 1, inputTokens: 1000, outputTokens: 200 });
    expect(result.repaired).toBe(false);

    expect(server.requests).toHaveLength(1);
    const req = server.requests[0];
    expect(req?.path).toBe("/v1/chat/completions");
    expect(req?.headers.authorization).toBe("Bearer test-key");
    const body = req?.body;
    expect(body.model).toBe("fake-model");
    expect(body.temperature).toBe(0);
    expect(body.max_tokens).toBe(8_000);
    expect(body.tools).toBeUndefined();
    expect(body.response_format).toEqual({
      type: "json_schema",
      json_schema: { name: "record_figures", schema: schema.json, strict: true },
    });
    assertDelimitedAndBounded(body);
    // Token use is logged as one line.
    const line = log.lines.find((l) => l.msg === "llm extraction");
    expect(line?.obj).toMatchObject({ requests: 1, inputTokens: 1000, outputTokens: 200, outcome: "ok" });
  });
});

describe("tools mode", () => {
  it("sends one function tool whose parameters are the schema, forced by name, and reads its arguments", async () => {
    server = await startFakeOpenAi([
      { body: completion({ toolCalls: [{ name: "record_figures", arguments: JSON.stringify(reply) }] }) },
    ]);
    const result = await extractor(server.url, "tools").extract({ report, document });
    expect(result.figures).toEqual(reply.figures);
    const body = server.requests[0]?.body;
    expect(body.response_format).toBeUndefined();
    expect(body.tools).toEqual([
      {
        type: "function",
        function: { name: "record_figures", description: expect.any(String), parameters: schema.json },
      },
    ]);
    expect(body.tool_choice).toEqual({ type: "function", function: { name: "record_figures" } });
    expect(body.temperature).toBe(0);
    assertDelimitedAndBounded(body);
  });

  it("accepts the tool call whatever the finish_reason, and content when a server ignores tool_choice", async () => {
    server = await startFakeOpenAi([
      {
        body: completion({
          toolCalls: [{ name: "record_figures", arguments: JSON.stringify(reply) }],
          finishReason: "length",
        }),
      },
      { body: completion({ content: `\`\`\`json\n${JSON.stringify(reply)}\n\`\`\`` }) },
    ]);
    const x = extractor(server.url, "tools");
    expect((await x.extract({ report, document })).figures["t4.review.total"]).toBe(4);
    expect((await x.extract({ report, document })).figures["t4.review.total"]).toBe(4);
  });
});

describe("json_object mode", () => {
  it("puts the same JSON schema in the system prompt and reads the content", async () => {
    server = await startFakeOpenAi([{ body: completion({ content: JSON.stringify(reply) }) }]);
    const result = await extractor(server.url, "json_object").extract({ report, document });
    expect(result.figures).toEqual(reply.figures);
    const body = server.requests[0]?.body;
    expect(body.response_format).toEqual({ type: "json_object" });
    expect(body.tools).toBeUndefined();
    const system = messageOf(body, "system");
    expect(system).toContain(JSON.stringify(schema.json));
    expect(system).toContain("JSON");
    assertDelimitedAndBounded(body);
  });
});

describe("the schema sent", () => {
  it("follows the parser's layout: a 2019 report gets the 2019 keys", async () => {
    const seed2019 = await parsed(seedBytes("000_5ed72146557905c8"));
    const s = schemaForReport(seed2019.report);
    const expected = expectedFigures("000_5ed72146557905c8");
    expect(new Set(s.keys)).toEqual(new Set(Object.keys(expected)));
    expect(s.version).toBe(seed2019.report.meta.templateVersion);
  });
});
