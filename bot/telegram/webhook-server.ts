/**
 * Webhook mode: a plain node:http server that hands POSTs on the webhook path to grammY's
 * `webhookCallback`, which checks the X-Telegram-Bot-Api-Secret-Token header (401 when wrong).
 * Telegram gets its 200 after at most a few seconds even while a long audit goes on ("return" on
 * timeout), so it does not resend the update.
 *
 * Several instances (Postgres mode) may each receive the same update (Telegram resends one it got no
 * 200 for in time; a proxy may retry on another instance): with `claim`, an update is handled only by
 * the instance that claims its id first (an insert into the database); the others answer 200 and
 * drop it.
 */
import { createServer, type Server } from "node:http";
import { type Bot, webhookCallback } from "grammy";
import type { Update } from "grammy/types";
import type { WebhookConfig } from "../../config.ts";
import type { Logger } from "../../logger.ts";
import type { BotContext } from "../context.ts";

export const WEBHOOK_ANSWER_MS = 5_000;

/** Update claims in a database shared by the instances (bot/queue/updates.ts). */
export interface UpdateClaims {
  claim(update: Update): Promise<"mine" | "done" | "busy">;
  done(updateId: number): Promise<void>;
}

export class UpdateBusyError extends Error {
  constructor(updateId: number) {
    super(`update ${updateId} is being handled by another instance`);
    this.name = "UpdateBusyError";
  }
}

export async function startWebhookServer(
  bot: Bot<BotContext>,
  webhook: WebhookConfig,
  log: Logger,
  options: { readonly claims?: UpdateClaims } = {},
): Promise<Server> {
  const claims = options.claims;
  if (claims) {
    // webhookCallback hands each (authenticated) update to handleUpdate: claim it there.
    const handleUpdate = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (update, envelope) => {
      const id = update.update_id;
      const claim = await claims.claim(update);
      if (claim === "done") {
        log.debug({ update_id: id }, "update already handled by another instance");
        return;
      }
      // Another instance is on it: answer 500 so that it is delivered again (and taken over if that
      // instance died before it answered).
      if (claim === "busy") throw new UpdateBusyError(id);
      let marked = false;
      const mark = () => {
        if (marked) return;
        marked = true;
        void claims
          .done(id)
          .catch((error) => log.warn({ err: error, update_id: id }, "claim not marked done"));
      };
      const answered = setTimeout(mark, WEBHOOK_ANSWER_MS);
      try {
        return await handleUpdate(update, envelope);
      } finally {
        clearTimeout(answered);
        mark();
      }
    };
  }
  const handle = webhookCallback(bot, "http", {
    secretToken: webhook.secret,
    onTimeout: "return",
    timeoutMilliseconds: WEBHOOK_ANSWER_MS,
  });
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    if (req.method !== "POST" || path !== webhook.path) {
      res.writeHead(404).end();
      return;
    }
    handle(req, res).catch((error: unknown) => {
      if (error instanceof UpdateBusyError) log.debug({ err: error }, "update busy elsewhere: redeliver");
      else log.error({ err: error }, "webhook request failed");
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(webhook.port, webhook.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return server;
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}
