/**
 * Sending through the Bot API: HTML messages and edits, and long output as a document instead of a
 * flood of messages.
 */
import { type Api, GrammyError, InputFile } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";

export interface SendOptions {
  readonly replyTo?: number | undefined;
  readonly keyboard?: InlineKeyboardMarkup | undefined;
}

function extra(options: SendOptions) {
  return {
    ...(options.replyTo
      ? { reply_parameters: { message_id: options.replyTo, allow_sending_without_reply: true } }
      : {}),
    ...(options.keyboard ? { reply_markup: options.keyboard } : {}),
  };
}

/** Send HTML (bot/telegram/html-fallback.ts turns it into plain text if Telegram rejects it). */
export function sendHtml(api: Api, chatId: number, html: string, options: SendOptions = {}) {
  return api.sendMessage(chatId, html, { parse_mode: "HTML", ...extra(options) });
}

/** Edit a message to `html`; "message is not modified" is not an error. */
export async function editHtml(
  api: Api,
  chatId: number,
  messageId: number,
  html: string,
  keyboard?: InlineKeyboardMarkup,
): Promise<void> {
  try {
    await api.editMessageText(chatId, messageId, html, {
      parse_mode: "HTML",
      ...(keyboard ? { reply_markup: keyboard } : {}),
    });
  } catch (error) {
    if (error instanceof GrammyError && /not modified/i.test(error.description)) return;
    throw error;
  }
}

/** Send text as a UTF-8 document (.txt, .md, .json). */
export async function sendTextDocument(
  api: Api,
  chatId: number,
  fileName: string,
  text: string,
  options: SendOptions & { caption?: string } = {},
) {
  await api.sendChatAction(chatId, "upload_document").catch(() => {});
  const file = new InputFile(Buffer.from(text, "utf8"), fileName);
  return api.sendDocument(chatId, file, {
    ...(options.caption ? { caption: options.caption } : {}),
    ...extra(options),
  });
}
