/**
 * Starts the real bot (bot/start-bot.ts, configured from an environment like main.ts) against the
 * fake Bot API, on a temporary data dir. The only test-specific wiring: the worker task module
 * (which can hang on request), short long-polling and fast outgoing throttling.
 */

import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BotLlm } from "../../bot/llm.ts";
import { type RunningBot, startBot } from "../../bot/start-bot.ts";
import type { OcrBudget } from "../../bot/worker/audit-pool.ts";
import { loadBotConfig } from "../../config.ts";
import { createLogger, type Logger, silentLogger } from "../../logger.ts";
import type { Answerer } from "../../qa/answerer.ts";
import type { FakeBotApi } from "./fake-bot-api.ts";

export const ADMIN = 900_001;
export const USERS = Array.from({ length: 20 }, (_, i) => 100_001 + i);
export const STRANGER = 666_666;
export const GROUP = -1_001_234_567_890;

export const TEST_TASK = new URL("./fixtures/test-audit-task.ts", import.meta.url);

/** Fast throttling: the limits are production's concern, the suite's is behaviour. */
export const FAST_THROTTLE = {
  global: { reservoir: 1000, reservoirRefreshAmount: 1000, reservoirRefreshInterval: 1000 },
  group: { maxConcurrent: 1, minTime: 0 },
  out: { maxConcurrent: 1, minTime: 0 },
};

/** A TCP port that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), "nianbao-bot-"));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export interface HarnessOptions {
  readonly dataDir: string;
  readonly env?: Record<string, string>;
  readonly answerer?: Answerer;
  readonly log?: Logger;
  readonly throttle?: typeof FAST_THROTTLE | null;
  /** Wait for the parser workers before returning (default true). */
  readonly warm?: boolean;
  /** LLM extraction and the token budget (bot/llm.ts). */
  readonly llm?: BotLlm;
  /** The OCR time cap (default: production's). */
  readonly ocrBudget?: OcrBudget;
}

export function testEnv(
  api: FakeBotApi,
  dataDir: string,
  extra: Record<string, string> = {},
): Record<string, string> {
  return {
    TELEGRAM_BOT_TOKEN: api.token,
    TELEGRAM_API_ROOT: api.url,
    NIANBAO_ALLOWED_USERS: USERS.join(","),
    NIANBAO_ALLOWED_CHATS: String(GROUP),
    NIANBAO_ADMINS: String(ADMIN),
    NIANBAO_DATA_DIR: dataDir,
    NIANBAO_WORKERS: "2",
    NIANBAO_AUDIT_TIMEOUT_SEC: "4",
    NIANBAO_SHUTDOWN_GRACE_SEC: "5",
    NIANBAO_RATE_PER_MINUTE: "60",
    ...extra,
  };
}

export async function startTestBot(api: FakeBotApi, options: HarnessOptions): Promise<RunningBot> {
  const config = loadBotConfig(testEnv(api, options.dataDir, options.env));
  const bot = await startBot(config, {
    // NIANBAO_TEST_LOG=debug shows the bot's log while a test runs.
    log: options.log ?? (process.env.NIANBAO_TEST_LOG ? createLogger("debug") : silentLogger),
    taskModule: TEST_TASK,
    pollTimeoutSec: 2,
    ...(options.throttle === null ? {} : { throttle: options.throttle ?? FAST_THROTTLE }),
    ...(options.answerer ? { answerer: options.answerer } : {}),
    ...(options.llm ? { llm: options.llm } : {}),
    ...(options.ocrBudget ? { ocrBudget: options.ocrBudget } : {}),
  });
  if (options.warm !== false) await bot.pool.warm();
  return bot;
}
