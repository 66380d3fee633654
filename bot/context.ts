/**
 * The one Context type of the bot: grammY's Context plus a per-update child logger.
 */
import type { Context } from "grammy";
import type { Logger } from "../logger.ts";

export interface LogFlavor {
  /** Child of the root logger carrying `update_id`. */
  log: Logger;
}

export type BotContext = Context & LogFlavor;
