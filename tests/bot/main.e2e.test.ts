/**
 * The bot as a process, the way it is started in production: `npx nianbao bot` stops with one line
 * on a bad configuration; `npm run bot` (the compiled `nianbao bot`) reads .env under explicit variables,
 * serves a document through its worker, and stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, tempDataDir, USERS } from "./harness.ts";

const root = join(import.meta.dirname, "../..");
const baseEnv = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp" };

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
  let stderr = "";

  beforeAll(async () => {
    await api.start();
    // The .env file sets the API root and the allow-list; its token is overridden by the environment.
    writeFileSync(
      join(cwd, ".env"),
      `TELEGRAM_BOT_TOKEN=1:not-this-one\nTELEGRAM_API_ROOT=${api.url}\nNIANBAO_ALLOWED_USERS=${USERS[0]}\n`,
    );
    // What `npm run bot` runs: the compiled bot (dist/, built by the tests' global setup).
    child = spawn(process.execPath, [join(root, "bin/nianbao.js"), "bot"], {
      cwd,
      env: { ...baseEnv, TELEGRAM_BOT_TOKEN: api.token, NIANBAO_WORKERS: "1", NIANBAO_LOG_LEVEL: "warn" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
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
    expect(stderr).toBe("");
    expect(readFileSync(join(cwd, "data/nianbao.sqlite")).byteLength).toBeGreaterThan(0);
  });
});
