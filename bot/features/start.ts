/** /start and /help. */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { HELP, START } from "../render/texts.ts";

export function startFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("start", (ctx) => ctx.reply(START, { parse_mode: "HTML" }));
  feature.command("help", (ctx) => ctx.reply(HELP, { parse_mode: "HTML" }));
  return feature;
}
