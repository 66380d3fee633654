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
import type { WebhookConfig } from "../../config.ts";
import type { Logger } from "../../logger.ts";
import type { BotContext } from "../context.ts";

export const WEBHOOK_ANSWER_MS = 5_000;

export async function startWebhookServer(
  bot: Bot<BotContext>,
  webhook: WebhookConfig,
  log: Logger,
  options: { readonly claim?: (updateId: number) => Promise<boolean> } = {},
): Promise<Server> {
  const claim = options.claim;
  if (claim) {
    // webhookCallback hands each (authenticated) update to handleUpdate: claim it there.
    const handleUpdate = bot.handleUpdate.bind(bot);
    bot.handleUpdate = async (update, envelope) => {
      if (!(await claim(update.update_id))) {
        log.debug({ update_id: update.update_id }, "update already claimed by another instance");
        return;
      }
      return handleUpdate(update, envelope);
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
      log.error({ err: error }, "webhook request failed");
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
