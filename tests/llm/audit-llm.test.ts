/**
 * The pipeline with the optional LLM step (auditBytes({ llm })), against the local server: the `llm`
 * object, provenance sources, EXTRACT-DISAGREE with both readings, and a failed call that loses none
 * of the parser's figures (LLM-UNAVAILABLE / LLM-INVALID). Without `llm` nothing changes.
 */
import { afterEach, describe, expect, it } from "vitest";
import { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { completion, type FakeServer, startFakeOpenAi } from "./fake-openai-server.ts";
import { expectedFigures, extractor, parsed, replyFor, schemaForReport, seedBytes } from "./helpers.ts";

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

const bytes = seedBytes();
const withoutTime = (r: AuditResult) => ({ ...r, elapsedMs: 0 });

async function replyWith(overrides: Record<string, number | null>) {
  const { report } = await parsed(bytes);
  const schema = schemaForReport(report);
  return JSON.stringify(replyFor(schema, { ...expectedFigures(), ...overrides }));
}

describe("auditBytes with an LLM", () => {
  it("agreeing readings: same figures and findings, provenance source both, llm status ok", async () => {
    server = await startFakeOpenAi([{ body: completion({ content: await replyWith({}) }) }]);
    const plain = await auditBytes(bytes, "seed.txt");
    const r = await auditBytes(bytes, "seed.txt", { llm: extractor(server.url, "json_schema") });
    expect(AuditResult.safeParse(r).success).toBe(true);
    expect(r.figures).toEqual(plain.figures);
    expect(r.findings).toEqual(plain.findings);
    expect(r.provenance["t3.new.total"]?.source).toBe("both");
    expect(r.llm).toMatchObject({
      status: "ok",
      model: "fake-model",
      mode: "json_schema",
      requests: 1,
      inputTokens: 1000,
      outputTokens: 200,
      error: null,
      disagreements: 0,
    });
    expect(r.llm?.agreed).toBe(Object.values(plain.figures).filter((v) => v !== null).length);
  });

  it("a disagreement keeps the parser's value and adds EXTRACT-DISAGREE with both readings", async () => {
    server = await startFakeOpenAi([
      { body: completion({ content: await replyWith({ "t3.new.total": 59 }) }) },
    ]);
    const r = await auditBytes(bytes, "seed.txt", { llm: extractor(server.url, "json_object") });
    expect(r.figures["t3.new.total"]).toBe(56);
    expect(r.provenance["t3.new.total"]?.source).toBe("parser");
    const f = r.findings.find((x) => x.rule === "EXTRACT-DISAGREE");
    expect(f).toMatchObject({
      severity: "notice",
      cells: ["t3.new.total"],
      parser: 56,
      llm: 59,
      message: "表三「一、本年新收政府信息公开申请数量」总计：解析读为 56，模型读为 59，采用解析读数",
    });
    expect(r.llm?.disagreements).toBe(1);
    // No arithmetic rule moved: the rules saw the parser's 56.
    expect(r.findings.some((x) => x.rule === "T3-BAL" || x.rule === "T3-COLSUM")).toBe(false);
  });

  it("an endpoint that fails: the parser's figures as without --llm, an LLM-UNAVAILABLE notice", async () => {
    server = await startFakeOpenAi([{ status: 500 }]);
    const plain = await auditBytes(bytes, "seed.txt");
    const r = await auditBytes(bytes, "seed.txt", { llm: extractor(server.url, "tools") });
    expect(r.figures).toEqual(plain.figures);
    expect(r.provenance).toEqual(plain.provenance);
    expect(r.findings.filter((f) => f.rule !== "LLM-UNAVAILABLE")).toEqual(plain.findings);
    const notice = r.findings.find((f) => f.rule === "LLM-UNAVAILABLE");
    expect(notice?.severity).toBe("notice");
    expect(notice?.message).toContain("HTTP 500");
    expect(r.llm).toMatchObject({ status: "failed", requests: 0 });
    expect(r.llm?.error).toContain("500");
  });

  it("output invalid after the repair: LLM-INVALID, figures untouched, tokens still counted", async () => {
    server = await startFakeOpenAi([
      { body: completion({ content: '{"templateVersion":"2021","figures":{}}' }) },
    ]);
    const plain = await auditBytes(bytes, "seed.txt");
    const r = await auditBytes(bytes, "seed.txt", { llm: extractor(server.url, "json_object") });
    expect(r.figures).toEqual(plain.figures);
    expect(r.findings.find((f) => f.rule === "LLM-INVALID")?.message).toContain("200 处问题");
    expect(r.llm).toMatchObject({
      status: "failed",
      requests: 2,
      inputTokens: 2000,
      outputTokens: 400,
      repaired: true,
    });
  });

  it("not a report: the model is not called (status off)", async () => {
    server = await startFakeOpenAi([{ status: 500 }]);
    const notReport = seedBytes("../bad/not-a-report", "txt");
    const r = await auditBytes(notReport, "x.txt", { llm: extractor(server.url, "tools") });
    expect(r.status).toBe("not_a_report");
    expect(r.llm?.status).toBe("off");
    expect(server.requests).toHaveLength(0);
  });

  it("without an LLM the result has no llm field and is what it always was", async () => {
    const a = await auditBytes(bytes, "seed.txt");
    const b = await auditBytes(bytes, "seed.txt", {});
    expect("llm" in a).toBe(false);
    expect(JSON.stringify(withoutTime(a))).toBe(JSON.stringify(withoutTime(b)));
    expect(a.findings.every((f) => !("parser" in f) && !("llm" in f))).toBe(true);
  });
});
