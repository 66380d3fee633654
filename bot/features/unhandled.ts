/** Last in line: anything else in a private chat gets a hint; stale buttons get an answer. */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { NOT_A_DOCUMENT } from "../render/texts.ts";

export function unhandledFeature(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: "此按钮已失效" }));
  feature.chatType("private").on("message", (ctx) => ctx.reply(NOT_A_DOCUMENT));
  return feature;
}
