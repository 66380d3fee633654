/**
 * The allow-list: private chats need an allowed user, groups an allowed chat; admins are always in.
 * Others get one polite refusal per update (the rate limit in front keeps that from becoming spam).
 */
import type { MiddlewareFn } from "grammy";
import type { IdList } from "../../config.ts";
import type { BotContext } from "../context.ts";
import { NOT_ALLOWED_CHAT, NOT_ALLOWED_USER } from "../render/texts.ts";

export interface AccessPolicy {
  readonly allowedUsers: IdList;
  readonly allowedChats: IdList;
  readonly admins: ReadonlySet<number>;
}

const inList = (list: IdList, id: number) => list === "*" || list.has(id);

export function isAllowed(
  policy: AccessPolicy,
  userId: number | undefined,
  chat: { id: number; type: string },
) {
  if (userId !== undefined && policy.admins.has(userId)) return true;
  if (chat.type === "private") return userId !== undefined && inList(policy.allowedUsers, userId);
  return inList(policy.allowedChats, chat.id);
}

export function accessControl(policy: AccessPolicy): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    if (!chat) return;
    if (isAllowed(policy, ctx.from?.id, chat)) return next();
    ctx.log.info({ user: ctx.from?.id, chat: chat.id }, "refused: not on the allow-list");
    const text = chat.type === "private" ? NOT_ALLOWED_USER(ctx.from?.id ?? 0) : NOT_ALLOWED_CHAT(chat.id);
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: "暂无权限" }).catch(() => {});
    else await ctx.reply(text, { parse_mode: "HTML" });
  };
}
