/**
 * Documents (PDF, DOCX, HTML, TXT; the type is sniffed from the bytes later) go to the audit
 * service after the checks that need no download: Telegram's 20 MB limit, RAR/7z archives (a ZIP is
 * audited member by member), the quota.
 * Photos get the "needs a text layer" answer.
 */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { chinaDay } from "../day.ts";
import type { FeatureDeps } from "../deps.ts";
import * as T from "../render/texts.ts";

/** Archives other than ZIP are refused before the download; a ZIP is audited member by member. */
const OTHER_ARCHIVE_MIME = /^application\/(x-)?(rar|x-rar-compressed|x-7z-compressed|vnd\.rar)$/;

export function auditFileFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  feature.on("message:document", async (ctx) => {
    const doc = ctx.message.document;
    const fileName = doc.file_name ?? "report";
    const size = doc.file_size ?? null;
    if (size !== null && size > T.TELEGRAM_DOWNLOAD_LIMIT) {
      await ctx.reply(T.TOO_BIG(size), { reply_parameters: { message_id: ctx.message.message_id } });
      return;
    }
    if (doc.mime_type?.startsWith("image/")) {
      await ctx.reply(T.PHOTO, { reply_parameters: { message_id: ctx.message.message_id } });
      return;
    }
    if (OTHER_ARCHIVE_MIME.test(doc.mime_type ?? "") || /\.(rar|7z)$/i.test(fileName)) {
      await ctx.reply(T.ZIP, { reply_parameters: { message_id: ctx.message.message_id } });
      return;
    }
    const user = ctx.from.id;
    const used = await deps.store.auditsOn(chinaDay(deps.now()), user);
    if (used >= deps.config.dailyQuota && !deps.config.admins.has(user)) {
      await ctx.reply(T.DAILY_QUOTA(deps.config.dailyQuota));
      return;
    }
    await deps.audits.accept({
      chatId: ctx.chat.id,
      userId: user,
      fileId: doc.file_id,
      fileName,
      fileSize: size,
      sourceMessageId: ctx.message.message_id,
    });
  });

  feature.on("message:photo", (ctx) =>
    ctx.reply(T.PHOTO, { reply_parameters: { message_id: ctx.message.message_id } }),
  );
  return feature;
}
