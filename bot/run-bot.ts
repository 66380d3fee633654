/**
 * `npm run bot` / `npx nianbao bot`: configuration from the environment (and .env), then the bot until
 * SIGINT/SIGTERM. A bad configuration is one line on stderr and exit code 1.
 */
import { ConfigError, envWithDotenv, loadBotConfig } from "../config.ts";
import { llmConfigFromEnv } from "../extract/llm/config.ts";
import { createLogger } from "../logger.ts";
import { DeterministicAnswerer } from "../qa/deterministic.ts";
import { botLlmFromEnv } from "./llm.ts";
import { startBot } from "./start-bot.ts";
import { untilSignal } from "./until-signal.ts";

export async function runBot(
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<number> {
  let config: ReturnType<typeof loadBotConfig>;
  try {
    config = loadBotConfig(envWithDotenv(env));
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`nianbao bot: ${error.message}\n`);
    return 1;
  }
  const log = createLogger(config.logLevel);
  const allowed = config.allowedUsers === "*" ? "everyone" : config.allowedUsers.size;
  if (allowed === 0 && config.admins.size === 0)
    log.warn("NIANBAO_ALLOWED_USERS and NIANBAO_ADMINS are empty: nobody can use the bot in private chats");
  let app: Awaited<ReturnType<typeof startBot>>;
  try {
    // With OPENAI_API_KEY and NIANBAO_LLM_MODEL set, questions go to the LLM agent first; the
    // deterministic answerer stays behind it (and is the only one without an endpoint).
    const deterministic = new DeterministicAnswerer();
    // LangChain is loaded only when an endpoint is configured.
    const answerer =
      llmConfigFromEnv(envWithDotenv(env)) === null
        ? deterministic
        : (await import("../qa/llm-answerer.ts")).answererFromEnv(envWithDotenv(env), deterministic, {
            logger: log,
          });
    // The same variables let the parser workers have the model read the tables too.
    const llm = botLlmFromEnv(envWithDotenv(env));
    if (llm) log.info({ model: llm.model, dailyTokens: llm.dailyTokens }, "LLM extraction and questions on");
    // NIANBAO_DATABASE_URL=postgres://…: audits go to the job queue and `nianbao worker` processes
    // (NIANBAO_QUEUE=local keeps them in this process's threads, with the store on Postgres).
    const queueOff = envWithDotenv(env).NIANBAO_QUEUE === "local";
    const databaseUrl = queueOff ? undefined : envWithDotenv(env).NIANBAO_DATABASE_URL;
    const queueFiles = envWithDotenv(env).NIANBAO_QUEUE_FILES_DIR;
    app = await startBot(config, {
      log,
      ...(databaseUrl && /^postgres(ql)?:\/\//i.test(databaseUrl)
        ? { queue: { url: databaseUrl, filesDir: queueFiles || null } }
        : {}),
      ...(answerer === deterministic ? {} : { answerer }),
      ...(llm ? { llm } : {}),
    });
  } catch (error) {
    log.fatal({ err: error }, "the bot could not start");
    return 1;
  }
  return untilSignal(() => app.stop(), log);
}
