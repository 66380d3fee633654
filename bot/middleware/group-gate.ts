/**
 * In groups the bot reacts only to documents, replies to its own messages, mentions of it and
 * commands; everything else in a group is none of its business and is dropped before any reply.
 */
import type { MiddlewareFn } from "grammy";
import type { BotContext } from "../context.ts";

export function isAddressedToBot(ctx: BotContext): boolean {
  const msg = ctx.message;
  if (!msg) return ctx.callbackQuery !== undefined;
  if (msg.document) return true;
  if (msg.reply_to_message?.from?.id === ctx.me.id) return true;
  const text = msg.text ?? msg.caption ?? "";
  const entities = msg.entities ?? msg.caption_entities ?? [];
  const username = ctx.me.username.toLowerCase();
  for (const e of entities) {
    const part = text.slice(e.offset, e.offset + e.length).toLowerCase();
    if (e.type === "mention" && part === `@${username}`) return true;
    if (e.type === "text_mention" && e.user.id === ctx.me.id) return true;
    if (e.type === "bot_command" && e.offset === 0 && (!part.includes("@") || part.endsWith(`@${username}`)))
      return true;
  }
  return false;
}

export function groupGate(): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const type = ctx.chat?.type;
    if ((type === "group" || type === "supergroup") && !isAddressedToBot(ctx)) return;
    if (type === "channel") return;
    return next();
  };
}
