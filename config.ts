/**
 * The bot's environment, parsed once at start-up against a schema (style: config parsed once, types
 * derived). A `.env` file in the working directory is read when present; explicit variables win.
 * A missing or bad value throws `ConfigError`, whose message is one line naming the variable.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parseEnv } from "node:util";
import { z } from "zod";

/** Thrown when the environment does not describe a runnable bot; `issues` has one line per variable. */
export class ConfigError extends Error {
  constructor(
    readonly issues: readonly string[],
    options?: { cause?: unknown },
  ) {
    super(`bad configuration: ${issues.join("; ")}`, options);
    this.name = "ConfigError";
  }
}

/** "*" (everyone) or a set of numeric Telegram ids. */
export type IdList = "*" | ReadonlySet<number>;

const idList = (what: string, allowStar: boolean) =>
  z
    .string()
    .default("")
    .transform((raw, ctx): IdList => {
      const text = raw.trim();
      if (allowStar && text === "*") return "*";
      const ids = new Set<number>();
      for (const part of text.split(/[,\s]+/).filter(Boolean)) {
        if (!/^-?\d{1,20}$/.test(part)) {
          ctx.addIssue({
            code: "custom",
            message: `"${part}" is not a numeric ${what} id (comma-separated ids${allowStar ? ", or *" : ""})`,
          });
          return z.NEVER;
        }
        ids.add(Number(part));
      }
      return ids;
    });

const positiveInt = (fallback: number) =>
  z.coerce
    .number({ error: "must be a positive whole number" })
    .int({ error: "must be a positive whole number" })
    .positive({ error: "must be a positive whole number" })
    .default(fallback);

export const BotEnv = z
  .object({
    TELEGRAM_BOT_TOKEN: z
      .string({ error: "is required (the token BotFather gave you)" })
      .trim()
      .regex(/^\d+:[A-Za-z0-9_-]+$/, "does not look like a bot token (digits, a colon, then letters)"),
    TELEGRAM_API_ROOT: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .default("https://api.telegram.org")
      .transform((u) => u.replace(/\/+$/, "")),
    NIANBAO_ALLOWED_USERS: idList("user", true),
    NIANBAO_ALLOWED_CHATS: idList("chat", true),
    NIANBAO_ADMINS: idList("user", false),
    NIANBAO_DATA_DIR: z.string().min(1).default("./data"),
    /** Postgres instead of the SQLite file in the data dir (several instances and workers share it). */
    NIANBAO_DATABASE_URL: z
      .string()
      .trim()
      .regex(
        /^postgres(ql)?:\/\/\S+$/i,
        "must be a postgres:// (or postgresql://) URL; unset, SQLite is used",
      )
      .optional(),
    NIANBAO_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
    NIANBAO_WEBHOOK_SECRET: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,256}$/, "must be 1-256 characters of A-Z, a-z, 0-9, _ and -")
      .optional(),
    /** Port of the local HTTP server that receives webhook calls (behind your TLS proxy). */
    NIANBAO_WEBHOOK_PORT: z.coerce
      .number({ error: "must be a port number" })
      .int({ error: "must be a port number" })
      .min(1, { error: "must be a port number" })
      .max(65535, { error: "must be a port number" })
      .default(8080),
    NIANBAO_WEBHOOK_HOST: z.string().min(1).default("0.0.0.0"),
    /** Parser worker threads (audits run in parallel). */
    NIANBAO_WORKERS: positiveInt(2),
    /** A file whose audit takes longer is cut off and answered. */
    NIANBAO_AUDIT_TIMEOUT_SEC: positiveInt(30),
    /** V8 old-generation heap cap of one parser worker. */
    NIANBAO_WORKER_MEMORY_MB: positiveInt(512),
    /** Messages (files and questions) one user may send per minute. */
    NIANBAO_RATE_PER_MINUTE: positiveInt(20),
    /** Audits one user may run per day (China time). */
    NIANBAO_DAILY_QUOTA: positiveInt(50),
    /** Time given to in-flight audits on SIGINT/SIGTERM before they are re-queued. */
    NIANBAO_SHUTDOWN_GRACE_SEC: positiveInt(20),
    NIANBAO_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  })
  .superRefine((env, ctx) => {
    if (env.NIANBAO_WEBHOOK_URL && !env.NIANBAO_WEBHOOK_SECRET)
      ctx.addIssue({
        code: "custom",
        path: ["NIANBAO_WEBHOOK_SECRET"],
        message: "is required when NIANBAO_WEBHOOK_URL is set (Telegram sends it with every update)",
      });
  });

export interface WebhookConfig {
  readonly url: string;
  readonly secret: string;
  readonly port: number;
  readonly host: string;
  /** Path part of the URL: the local server answers only there. */
  readonly path: string;
}

export interface BotConfig {
  readonly token: string;
  readonly apiRoot: string;
  readonly allowedUsers: IdList;
  readonly allowedChats: IdList;
  readonly admins: ReadonlySet<number>;
  /** Absolute path of the folder holding the SQLite database. */
  readonly dataDir: string;
  /** Postgres connection URL; null: the SQLite database in dataDir (the default). */
  readonly databaseUrl: string | null;
  /** Webhook mode when set; long polling otherwise. */
  readonly webhook: WebhookConfig | null;
  readonly workers: number;
  readonly auditTimeoutMs: number;
  readonly workerMemoryMb: number;
  readonly ratePerMinute: number;
  readonly dailyQuota: number;
  readonly shutdownGraceMs: number;
  readonly logLevel: z.infer<typeof BotEnv>["NIANBAO_LOG_LEVEL"];
}

type Env = Readonly<Record<string, string | undefined>>;

/** The environment with a `.env` file of `dir` underneath (explicit variables win). */
export function envWithDotenv(env: Env, dir: string = process.cwd()): Record<string, string | undefined> {
  const file = join(dir, ".env");
  const merged: Record<string, string | undefined> = existsSync(file)
    ? { ...parseEnv(readFileSync(file, "utf8")) }
    : {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined) merged[k] = v;
  return merged;
}

/** Parse the bot's configuration; blank variables count as unset. Throws ConfigError. */
export function loadBotConfig(env: Env, cwd: string = process.cwd()): BotConfig {
  const cleaned: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (v !== undefined && v.trim() !== "") cleaned[k] = v;
  const parsed = BotEnv.safeParse(cleaned);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "environment"} ${i.message}`);
    throw new ConfigError(issues, { cause: parsed.error });
  }
  const e = parsed.data;
  const url = e.NIANBAO_WEBHOOK_URL;
  return {
    token: e.TELEGRAM_BOT_TOKEN,
    apiRoot: e.TELEGRAM_API_ROOT,
    allowedUsers: e.NIANBAO_ALLOWED_USERS,
    allowedChats: e.NIANBAO_ALLOWED_CHATS,
    admins: e.NIANBAO_ADMINS === "*" ? new Set() : e.NIANBAO_ADMINS,
    dataDir: resolve(cwd, e.NIANBAO_DATA_DIR),
    databaseUrl: e.NIANBAO_DATABASE_URL ?? null,
    webhook:
      url && e.NIANBAO_WEBHOOK_SECRET
        ? {
            url,
            secret: e.NIANBAO_WEBHOOK_SECRET,
            port: e.NIANBAO_WEBHOOK_PORT,
            host: e.NIANBAO_WEBHOOK_HOST,
            path: new URL(url).pathname || "/",
          }
        : null,
    workers: e.NIANBAO_WORKERS,
    auditTimeoutMs: e.NIANBAO_AUDIT_TIMEOUT_SEC * 1000,
    workerMemoryMb: e.NIANBAO_WORKER_MEMORY_MB,
    ratePerMinute: e.NIANBAO_RATE_PER_MINUTE,
    dailyQuota: e.NIANBAO_DAILY_QUOTA,
    shutdownGraceMs: e.NIANBAO_SHUTDOWN_GRACE_SEC * 1000,
    logLevel: e.NIANBAO_LOG_LEVEL,
  };
}
