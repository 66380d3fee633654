/**
 * The bot's configuration (config.ts): defaults, id lists, webhook settings, one clear line naming
 * the variable on bad input, and `.env` under explicit variables.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, envWithDotenv, loadBotConfig } from "../../config.ts";
import { removeDir, tempDataDir } from "./harness.ts";

const TOKEN = "123:abc-DEF_ghi";
const issuesOf = (env: Record<string, string>) => {
  try {
    loadBotConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
};

describe("loadBotConfig", () => {
  it("has defaults for everything but the token", () => {
    const c = loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN }, "/srv/bot");
    expect(c).toMatchObject({
      token: TOKEN,
      apiRoot: "https://api.telegram.org",
      dataDir: "/srv/bot/data",
      webhook: null,
      workers: 2,
      auditTimeoutMs: 30_000,
      dailyQuota: 50,
    });
    expect(c.allowedUsers).toEqual(new Set());
  });

  it("reads id lists, * and the webhook", () => {
    const c = loadBotConfig({
      TELEGRAM_BOT_TOKEN: TOKEN,
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      NIANBAO_ALLOWED_USERS: "*",
      NIANBAO_ALLOWED_CHATS: "-1001, -1002",
      NIANBAO_ADMINS: "7",
      NIANBAO_WEBHOOK_URL: "https://bot.example.gov.cn/tg/hook",
      NIANBAO_WEBHOOK_SECRET: "abc_123",
    });
    expect(c.apiRoot).toBe("http://127.0.0.1:8081");
    expect(c.allowedUsers).toBe("*");
    expect(c.allowedChats).toEqual(new Set([-1001, -1002]));
    expect(c.admins).toEqual(new Set([7]));
    expect(c.webhook).toMatchObject({ path: "/tg/hook", port: 8080, secret: "abc_123" });
  });

  it.each([
    [{}, /^bad configuration: TELEGRAM_BOT_TOKEN is required/],
    [{ TELEGRAM_BOT_TOKEN: "nonsense" }, /TELEGRAM_BOT_TOKEN does not look like a bot token/],
    [
      { TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_ALLOWED_USERS: "12,张三" },
      /NIANBAO_ALLOWED_USERS "张三" is not a numeric user id/,
    ],
    [
      { TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_WORKERS: "two" },
      /NIANBAO_WORKERS must be a positive whole number/,
    ],
    [
      { TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: "ftp://x" },
      /TELEGRAM_API_ROOT must be an http\(s\) URL/,
    ],
    [
      { TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_WEBHOOK_URL: "https://x.cn/h" },
      /NIANBAO_WEBHOOK_SECRET is required/,
    ],
  ])("%j → one line naming the variable", (env, message) => {
    const error = issuesOf(env as Record<string, string>);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain("\n");
  });

  it("blank values count as unset", () => {
    expect(loadBotConfig({ TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_WORKERS: " " }).workers).toBe(2);
  });
});

describe("envWithDotenv", () => {
  it("reads .env under the explicit environment", () => {
    const dir = tempDataDir();
    try {
      writeFileSync(join(dir, ".env"), "TELEGRAM_BOT_TOKEN=1:from-file\nNIANBAO_ADMINS=5\n");
      const env = envWithDotenv({ TELEGRAM_BOT_TOKEN: TOKEN, PATH: "/bin" }, dir);
      expect(env).toMatchObject({ TELEGRAM_BOT_TOKEN: TOKEN, NIANBAO_ADMINS: "5", PATH: "/bin" });
      expect(envWithDotenv({ A: "1" }, join(dir, "missing"))).toEqual({ A: "1" });
    } finally {
      removeDir(dir);
    }
  });
});
