/** `nianbao audit --llm` and `nianbao schema`, with the endpoint a local server (never a real one). */
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { HELP } from "../../bin/cli.ts";
import { extractionSchema } from "../../extract/llm/wire-schema.ts";
import { runCli } from "../helpers/cli.ts";
import { completion, type FakeServer, startFakeOpenAi } from "./fake-openai-server.ts";
import { expectedFigures, parsed, replyFor, SEEDS, schemaForReport, seedBytes } from "./helpers.ts";

const VARS = [
  "OPENAI_BASE_URL",
  "OPENAI_API_KEY",
  "NIANBAO_LLM_MODEL",
  "NIANBAO_LLM_MODE",
  "NIANBAO_LLM_TIMEOUT_MS",
];
let saved: Record<string, string | undefined> = {};
let server: FakeServer | null = null;

beforeEach(() => {
  saved = Object.fromEntries(VARS.map((v) => [v, process.env[v]]));
  for (const v of VARS) delete process.env[v];
});
afterEach(async () => {
  for (const v of VARS) {
    if (saved[v] === undefined) delete process.env[v];
    else process.env[v] = saved[v];
  }
  await server?.close();
  server = null;
});

const run = runCli;

const file = join(SEEDS, "002_a01f0cf12a106081.txt");

describe("nianbao audit --llm", () => {
  it("--help lists --llm, its variables and the schema command", () => {
    for (const s of [
      "--llm",
      "OPENAI_API_KEY",
      "NIANBAO_LLM_MODEL",
      "NIANBAO_LLM_MODE",
      "OPENAI_BASE_URL",
      "nianbao schema",
    ]) {
      expect(HELP).toContain(s);
    }
  });

  it("without the environment it exits 1 with one clear line", async () => {
    const r = await run(["audit", "--json", "--llm", file]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe("");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toContain("OPENAI_API_KEY");
  });

  it("a bad mode is a clear configuration error", async () => {
    Object.assign(process.env, { OPENAI_API_KEY: "k", NIANBAO_LLM_MODEL: "m", NIANBAO_LLM_MODE: "yaml" });
    const r = await run(["audit", "--json", "--llm", file]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("NIANBAO_LLM_MODE");
  });

  it("with an endpoint: JSON on stdout with the llm object, the token line on stderr", async () => {
    const { report } = await parsed(seedBytes());
    const reply = replyFor(schemaForReport(report), { ...expectedFigures(), "t3.granted.total": 24 });
    server = await startFakeOpenAi([
      { body: completion({ toolCalls: [{ name: "record_figures", arguments: JSON.stringify(reply) }] }) },
    ]);
    Object.assign(process.env, {
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: "test",
      NIANBAO_LLM_MODEL: "fake-model",
    });
    const r = await run(["audit", "--json", "--llm", file]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] as string);
    expect(result.llm).toMatchObject({
      status: "ok",
      mode: "tools",
      model: "fake-model",
      requests: 1,
      inputTokens: 1000,
    });
    expect(result.figures["t3.granted.total"]).toBe(23);
    expect(result.findings.find((f: { rule: string }) => f.rule === "EXTRACT-DISAGREE")).toMatchObject({
      parser: 23,
      llm: 24,
    });
    const logs = r.stderr
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(logs.find((l) => l.msg === "llm extraction")).toMatchObject({
      inputTokens: 1000,
      outputTokens: 200,
      module: "llm",
    });
  });

  it("an unreachable endpoint still prints the parser's result, exit 0, with LLM-UNAVAILABLE", async () => {
    server = await startFakeOpenAi([{ status: 503 }]);
    Object.assign(process.env, {
      OPENAI_BASE_URL: server.url,
      OPENAI_API_KEY: "test",
      NIANBAO_LLM_MODEL: "fake-model",
      NIANBAO_LLM_TIMEOUT_MS: "1500",
    });
    const r = await run(["audit", "--json", "--llm", file]);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.llm.status).toBe("failed");
    expect(result.figures["t3.new.total"]).toBe(56);
    expect(result.findings.some((f: { rule: string }) => f.rule === "LLM-UNAVAILABLE")).toBe(true);
  });
});

describe("nianbao schema", () => {
  it("prints the JSON Schema sent to the model, per template", async () => {
    const r = await run(["schema"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(extractionSchema("2021").json);
    const r19 = await run(["schema", "--template", "2019"]);
    expect(JSON.parse(r19.stdout)).toEqual(extractionSchema("2019").json);
    expect(r19.stdout).toContain('"t2.procurement.total_amount — 政府集中采购 · 采购总金额"');
    expect((await run(["schema", "--template", "2020"])).code).toBe(1);
  });
});
