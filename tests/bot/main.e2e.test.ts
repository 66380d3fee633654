/**
 * The bot as a process, the way it is started in production: `npx nianbao bot` stops with one line
 * on a bad configuration; `npm run bot` (the compiled `nianbao bot`) reads .env under explicit variables,
 * serves a document through its worker, and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completion, type FakeServer, startFakeOpenAi } from "../llm/fake-openai-server.ts";
import { expectedFigures, parsed, replyFor, schemaForReport, seedBytes } from "../llm/helpers.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, tempDataDir, USERS } from "./harness.ts";

const root = join(import.meta.dirname, "../..");
const baseEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };

/** The compiled bot as `npm run bot` starts it (dist/, built by the tests' global setup), and its stderr. */
function startCompiledBot(
  cwd: string,
  env: Record<string, string>,
): { child: ChildProcess; stderr: () => string } {
  const child = spawn(process.execPath, [join(root, "bin/nianbao.js"), "bot"], {
    cwd,
    env: { ...baseEnv, NIANBAO_WORKERS: "1", NIANBAO_LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  return { child, stderr: () => stderr };
}

describe("nianbao bot", () => {
  it("stops with exit code 1 and one line naming the variable when the token is missing", () => {
    const cwd = tempDataDir();
    try {
      const r = spawnSync(process.execPath, [join(root, "bin/nianbao.js"), "bot"], {
        cwd,
        env: baseEnv,
        encoding: "utf8",
      });
      expect(r.status).toBe(1);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toMatch(/^nianbao bot: bad configuration: TELEGRAM_BOT_TOKEN is required/);
    } finally {
      removeDir(cwd);
    }
  });
});

describe("npm run bot", () => {
  const api = new FakeBotApi();
  const cwd = tempDataDir();
  let child: ChildProcess;
  let stderr: () => string = () => "";

  beforeAll(async () => {
    await api.start();
    // The .env file sets the API root and the allow-list; its token is overridden by the environment.
    writeFileSync(
      join(cwd, ".env"),
      `TELEGRAM_BOT_TOKEN=1:not-this-one\nTELEGRAM_API_ROOT=${api.url}\nNIANBAO_ALLOWED_USERS=${USERS[0]}\n`,
    );
    ({ child, stderr } = startCompiledBot(cwd, { TELEGRAM_BOT_TOKEN: api.token }));
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await api.close();
    removeDir(cwd);
  });

  it("serves a document with the token from the environment and the rest from .env", async () => {
    await api.waitFor(() => api.callsOf("getUpdates").length > 0, 30_000, "the bot to poll");
    const user = USERS[0] ?? 0;
    const seed = readFileSync(join(root, "tests/fixtures/seeds/002_a01f0cf12a106081.pdf"));
    api.sendDocument(user, api.addFile(new Uint8Array(seed)), "002.pdf", { mime: "application/pdf" });
    const summary = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.text.includes("审核完成") && m.replyMarkup),
      30_000,
      "the summary",
    );
    expect(summary.text).toContain("广州市番禺区人民政府洛浦街道办事处");
  });

  it("stops cleanly on SIGTERM", async () => {
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr()).toBe("");
    expect(readFileSync(join(cwd, "data/nianbao.sqlite")).byteLength).toBeGreaterThan(0);
  });
});

// The compiled bot with a model: its audit workers run the bundle (dist/bundle/), whose LLM extractor must
// find its prompts (it looked for them in dist/bundle/ and every such audit failed).
describe("npm run bot with an LLM endpoint", () => {
  const api = new FakeBotApi();
  const cwd = tempDataDir();
  let child: ChildProcess;
  let model: FakeServer;
  let stderr: () => string = () => "";

  beforeAll(async () => {
    const { report } = await parsed(seedBytes());
    const reply = replyFor(schemaForReport(report), { ...expectedFigures(), "t3.granted.total": 24 });
    model = await startFakeOpenAi(() => ({
      body: completion({ toolCalls: [{ name: "record_figures", arguments: JSON.stringify(reply) }] }),
    }));
    await api.start();
    ({ child, stderr } = startCompiledBot(cwd, {
      TELEGRAM_BOT_TOKEN: api.token,
      TELEGRAM_API_ROOT: api.url,
      NIANBAO_ALLOWED_USERS: String(USERS[0]),
      OPENAI_BASE_URL: model.url,
      OPENAI_API_KEY: "test",
      NIANBAO_LLM_MODEL: "fake-model",
    }));
  });

  afterAll(async () => {
    if (child.exitCode === null) child.kill("SIGKILL");
    await api.close();
    await model.close();
    removeDir(cwd);
  });

  it("has the model read the tables in its worker and reconciles", async () => {
    await api.waitFor(() => api.callsOf("getUpdates").length > 0, 30_000, "the bot to poll");
    const user = USERS[0] ?? 0;
    api.sendDocument(user, api.addFile(seedBytes()), "洛浦.txt");
    const summary = await api.waitForMessage(user, /发布机关/, 60_000);
    expect(model.requests).toHaveLength(1);
    expect(plain(summary.text)).toContain("[EXTRACT-DISAGREE]");
    expect(stderr()).toBe("");
  });
});
