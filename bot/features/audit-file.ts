/**
 * Documents (PDF, DOCX, .doc, OFD, HTML, TXT, images; the type is sniffed from the bytes later) go to
 * the audit service after the checks that need no download: Telegram's 20 MB limit, RAR/7z archives
 * (a ZIP is audited member by member), the quota.
 * Photos sent in chat are audited too: the largest size Telegram kept is read by OCR (where OCR is
 * not installed or is off, the reader's answer says how to enable it).
 */
import { Composer, type Filter } from "grammy";
import type { PhotoSize } from "grammy/types";
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
    if (OTHER_ARCHIVE_MIME.test(doc.mime_type ?? "") || /\.(rar|7z)$/i.test(fileName)) {
      await ctx.reply(T.ZIP, { reply_parameters: { message_id: ctx.message.message_id } });
      return;
    }
    await audit(ctx, doc.file_id, fileName, size);
  });

  feature.on("message:photo", async (ctx) => {
    const photo = largest(ctx.message.photo);
    if (!photo) return;
    await audit(ctx, photo.file_id, `照片-${ctx.message.message_id}.jpg`, photo.file_size ?? null);
  });

  /** The quota, then the audit service (which downloads, reads and answers). */
  async function audit(ctx: FileContext, fileId: string, fileName: string, size: number | null) {
    const user = ctx.from.id;
    const used = await deps.store.auditsOn(chinaDay(deps.now()), user);
    if (used >= deps.config.dailyQuota && !deps.config.admins.has(user)) {
      await ctx.reply(T.DAILY_QUOTA(deps.config.dailyQuota));
      return;
    }
    await deps.audits.accept({
      chatId: ctx.chat.id,
      userId: user,
      fileId,
      fileName,
      fileSize: size,
      sourceMessageId: ctx.message.message_id,
    });
  }
  return feature;
}

type FileContext = Filter<BotContext, "message">;

/** The largest of the sizes Telegram keeps of a photo (most pixels; the list is usually ascending). */
export function largest(sizes: readonly PhotoSize[]): PhotoSize | undefined {
  let best: PhotoSize | undefined;
  for (const size of sizes) if (!best || size.width * size.height > best.width * best.height) best = size;
  return best;
}
