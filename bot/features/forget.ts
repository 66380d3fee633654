/** /forget: delete everything stored about this chat, after a confirmation button. */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import type { FeatureDeps } from "../deps.ts";
import { FORGET_DATA, forgetKeyboard } from "../render/keyboards.ts";

export function forgetFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("forget", async (ctx) => {
    const n = await deps.store.countReports(ctx.chat.id);
    await ctx.reply(
      `确定删除本聊天的全部数据吗？包括 ${n} 份报告的审核结果和全部问答记录，删除后无法恢复。`,
      {
        reply_markup: forgetKeyboard(),
      },
    );
  });
  feature.callbackQuery(FORGET_DATA, async (ctx) => {
    const chatId = ctx.chat?.id ?? 0;
    await ctx.answerCallbackQuery();
    if (ctx.match[1] !== "yes") {
      await ctx.editMessageText("已取消，数据保持不变。").catch(() => {});
      return;
    }
    const { reports, turns } = await deps.store.forgetChat(chatId);
    ctx.log.info({ chat: chatId, reports, turns }, "chat data deleted");
    await ctx.editMessageText(`已删除本聊天的 ${reports} 份报告和 ${turns} 条问答记录。`).catch(() => {});
  });
  return feature;
}
