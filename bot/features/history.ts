/** /history and choosing a report from it. */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import type { FeatureDeps } from "../deps.ts";
import { historyHtml, historyKeyboard } from "../render/history.ts";
import { escapeHtml } from "../render/html.ts";
import { SELECT_DATA } from "../render/keyboards.ts";
import { REPORT_GONE } from "../render/texts.ts";

const SHOWN = 10;

export function historyFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("history", async (ctx) => {
    const chatId = ctx.chat.id;
    const rows = await deps.store.listReports(chatId, SHOWN);
    const total = await deps.store.countReports(chatId);
    const current = await deps.store.currentReport(chatId);
    await ctx.reply(historyHtml(rows, total, current?.id ?? null), {
      parse_mode: "HTML",
      ...(rows.length > 0 ? { reply_markup: historyKeyboard(rows) } : {}),
    });
  });
  feature.callbackQuery(SELECT_DATA, async (ctx) => {
    const id = Number(ctx.match[1]);
    const chatId = ctx.chat?.id ?? 0;
    if (!(await deps.store.selectReport(chatId, id))) {
      await ctx.answerCallbackQuery({ text: REPORT_GONE });
      return;
    }
    const report = await deps.store.getReport(chatId, id);
    await ctx.answerCallbackQuery({ text: "已选定" });
    await ctx.reply(
      `已选定 <code>${escapeHtml(report?.fileName ?? String(id))}</code>，之后的提问针对这份报告。`,
      { parse_mode: "HTML" },
    );
  });
  return feature;
}
