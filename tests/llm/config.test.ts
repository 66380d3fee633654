/** The LLM environment: off when unset, defaults, clear errors when half set; .env under explicit vars. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { envWithDotenv, llmConfigFromEnv } from "../../extract/llm/config.ts";
import { LlmConfigError } from "../../extract/llm/errors/llm-config-error.ts";

describe("llmConfigFromEnv", () => {
  it("is null when no LLM is configured (the deterministic path stays)", () => {
    expect(llmConfigFromEnv({})).toBeNull();
    expect(llmConfigFromEnv({ OPENAI_BASE_URL: "http://127.0.0.1:1/v1" })).toBeNull();
  });

  it("reads the four variables; the mode defaults to tools", () => {
    const c = llmConfigFromEnv({
      OPENAI_API_KEY: "sk-x",
      NIANBAO_LLM_MODEL: "deepseek-chat",
      OPENAI_BASE_URL: "https://api.deepseek.com/v1",
    });
    expect(c).toEqual({
      baseURL: "https://api.deepseek.com/v1",
      apiKey: "sk-x",
      model: "deepseek-chat",
      mode: "tools",
      timeoutMs: 30_000,
      maxInputTokens: 8_000,
      dailyTokens: 200_000,
      maxOutputTokens: 8_000,
    });
    expect(
      llmConfigFromEnv({ OPENAI_API_KEY: "k", NIANBAO_LLM_MODEL: "m", NIANBAO_LLM_MODE: "json_object" })
        ?.mode,
    ).toBe("json_object");
  });

  it("throws LlmConfigError naming the variable when set half-way or wrongly", () => {
    expect(() => llmConfigFromEnv({ OPENAI_API_KEY: "k" })).toThrow(LlmConfigError);
    try {
      llmConfigFromEnv({ OPENAI_API_KEY: "k", NIANBAO_LLM_MODEL: "m", NIANBAO_LLM_MODE: "xml" });
    } catch (e) {
      expect((e as LlmConfigError).issues[0]).toContain("NIANBAO_LLM_MODE");
    }
    expect(() =>
      llmConfigFromEnv({ OPENAI_API_KEY: "k", NIANBAO_LLM_MODEL: "m", OPENAI_BASE_URL: "nope" }),
    ).toThrow(/OPENAI_BASE_URL/);
  });

  it("explicit environment variables win over a .env file", () => {
    const dir = mkdtempSync(join(tmpdir(), "dotenv-"));
    try {
      writeFileSync(join(dir, ".env"), "NIANBAO_LLM_MODEL=from-file\nOPENAI_API_KEY=file-key\n");
      const env = envWithDotenv({ NIANBAO_LLM_MODEL: "explicit" }, dir);
      expect(env.NIANBAO_LLM_MODEL).toBe("explicit");
      expect(env.OPENAI_API_KEY).toBe("file-key");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
