/**
 * The LLM agent with the deterministic capabilities as tools (qa/llm-tools.ts: compute, explain,
 * quote_section, report_statement), against the local OpenAI-compatible server: the fake model issues
 * the tool calls, the test checks that each tool result is the report's own figures and arithmetic,
 * that the final answer's numbers are cited, and that a number no tool returned (the model's own
 * arithmetic) replaces the answer with the safe one.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { auditDetailed } from "../../audit/run-audit.ts";
import type { AnswerContext } from "../../qa/answerer.ts";
import { createLlmAgent } from "../../qa/llm-agent.ts";
import { chatModel } from "../../qa/llm-answerer.ts";
import {
  completion,
  type FakeServer,
  type RecordedRequest,
  startFakeOpenAi,
  type WireMessage,
} from "../llm/fake-openai-server.ts";
import { config, PROMPTS, seedBytes } from "../llm/helpers.ts";

let ctx: AnswerContext;
let server: FakeServer | null = null;

beforeAll(async () => {
  const d = await auditDetailed(seedBytes(), "002.txt");
  ctx = { report: d.result, parsed: d.report, history: [] };
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const agent = (url: string) =>
  createLlmAgent({
    model: chatModel(config(url, "tools"), { maxRetries: 0, timeoutMs: 5_000 }),
    prompts: PROMPTS,
  });
const call = (name: string, args: object) => ({
  body: completion({ toolCalls: [{ name, arguments: JSON.stringify(args) }] }),
});
const say = (content: string) => ({ body: completion({ content }) });
/** The parsed tool result of the request after the tool call. */
function toolResult(req: RecordedRequest | undefined) {
  const tool = ((req?.body.messages as WireMessage[] | undefined) ?? [])
    .filter((m) => m.role === "tool")
    .at(-1);
  return JSON.parse(tool?.content ?? "{}") as {
    answer?: string;
    note?: string;
    citations?: { key: string; value: number | null; source: string }[];
  };
}

describe("LLM agent: deterministic capabilities as tools", () => {
  it("compute: the rate comes with its formula and cells; the answer citing them passes", async () => {
    server = await startFakeOpenAi([
      call("compute", { expression: "办结率" }),
      say("办结率 91.5%：办理结果总计 54 ÷（本年新收 56 + 上年结转 3）= 54 ÷ 59。"),
    ]);
    const a = await agent(server.url).answer("办结率多少", ctx);
    const out = toolResult(server.requests[1]);
    expect(out.answer).toContain("54 ÷ 59 = 91.5%");
    expect(out.answer).toContain("口径");
    expect(out.citations?.map((c) => [c.key, c.value])).toEqual(
      expect.arrayContaining([
        ["t3.total_processed.total", 54],
        ["t3.new.total", 56],
        ["t3.carried_over.total", 3],
      ]),
    );
    expect(a.handled).toBe(true);
    expect(a.citations.map((c) => c.key)).toEqual(
      expect.arrayContaining(["t3.total_processed.total", "t3.new.total", "t3.carried_over.total"]),
    );
  });

  it("compute by keys: a sum of two cells; the model's own different sum is flagged and replaced", async () => {
    server = await startFakeOpenAi([
      call("compute", { operation: "sum", keys: ["t3.granted.total", "t3.partially_granted.total"] }),
      say("予以公开 23 件加部分公开 4 件，共 28 件。"),
    ]);
    const a = await agent(server.url).answer("予以公开和部分公开一共多少", ctx);
    const out = toolResult(server.requests[1]);
    expect(out.answer).toContain("27");
    expect(a.handled).toBe(false); // 28 is no number any tool returned
    expect(a.text).not.toContain("28");
  });

  it("compute by keys: a difference the tool returned is stated and cited", async () => {
    server = await startFakeOpenAi([
      call("compute", {
        operation: "difference",
        keys: ["t2.licensing.decisions", "t2.punishment.decisions"],
      }),
      say("行政许可 4489 件，比行政处罚 432 件多 4057 件。"),
    ]);
    const a = await agent(server.url).answer("许可比处罚多多少", ctx);
    expect(toolResult(server.requests[1]).answer).toContain("4057");
    expect(a.handled).toBe(true);
    expect(a.citations.map((c) => c.value)).toEqual(expect.arrayContaining([4489, 432]));
  });

  it("explain relations: each 勾稽关系 with its numbers and whether it holds", async () => {
    server = await startFakeOpenAi([
      call("explain", { what: "relations", table: "表三" }),
      say("表三「一+二 = 三（七）+四」：56 + 3 = 54 + 5，成立。"),
    ]);
    const a = await agent(server.url).answer("表三勾稽关系对不对", ctx);
    const out = toolResult(server.requests[1]);
    expect(out.answer).toContain("一+二");
    expect(out.answer).toContain("成立");
    expect(a.handled).toBe(true);
  });

  it("explain one finding: its arithmetic, basis and the correction", async () => {
    server = await startFakeOpenAi([
      call("explain", { what: "finding", rule: "TEXT-T3-NEW" }),
      say("正文称收到申请 59 件，表三本年新收 56 件，相差 3 件。"),
    ]);
    const a = await agent(server.url).answer("为什么说收到申请数不一致", ctx);
    const out = toolResult(server.requests[1]);
    expect(out.answer).toContain("[TEXT-T3-NEW]");
    expect(out.answer).toMatch(/依据/);
    expect(out.citations?.map((c) => c.key)).toContain("finding:TEXT-T3-NEW");
    expect(a.handled).toBe(true);
  });

  it("quote_section and report_statement return the report's own text and metadata", async () => {
    server = await startFakeOpenAi([
      call("quote_section", { section: 5 }),
      call("report_statement", { topic: "fee" }),
      call("report_statement", { topic: "template" }),
      say("第五部分写了加强信息公开的意识；第六部分写明收费通知 0 件。模板为 2021 年版。"),
    ]);
    const a = await agent(server.url).answer("第五部分写了什么，收费了吗，用的哪个模板", ctx);
    const results = ((server.requests[3]?.body.messages as WireMessage[]) ?? [])
      .filter((m) => m.role === "tool")
      .map((m) => JSON.parse(m.content ?? "{}").answer as string);
    expect(results[0]).toContain("强化人员队伍建设");
    expect(results[1]).toMatch(/收费通知/);
    expect(results[2]).toContain("2021");
    expect(a.handled).toBe(true);
  });

  it("a rate stated without calling compute is ungrounded: the safe answer replaces it", async () => {
    server = await startFakeOpenAi([
      call("get_figure", { key: "t3.total_processed.total" }),
      say("办结率约 92%。"),
    ]);
    const a = await agent(server.url).answer("办结率多少", ctx);
    expect(a.handled).toBe(false);
    expect(a.text).not.toContain("92");
  });

  it("a finding the report does not have gets a note, not an explanation", async () => {
    server = await startFakeOpenAi([
      call("explain", { what: "finding", rule: "T3-BAL" }),
      say("本报告没有这项问题。"),
    ]);
    await agent(server.url).answer("表三不平衡是什么问题", ctx);
    const out = toolResult(server.requests[1]);
    expect(out.answer).toBeUndefined();
    expect(out.note).toMatch(/no finding/);
  });
});
