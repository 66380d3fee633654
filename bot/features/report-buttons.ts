/**
 * The buttons under a summary: 详细结果 (a .txt document), 导出 JSON (the audit JSON contract as a
 * file), 提问示例, 删除此报告. The report is looked up in the pressing chat only.
 */
import { Composer } from "grammy";
import { EXAMPLE_QUESTIONS } from "../../qa/deterministic.ts";
import type { BotContext } from "../context.ts";
import type { FeatureDeps } from "../deps.ts";
import { escapeHtml } from "../render/html.ts";
import { parseReportData, REPORT_DATA } from "../render/keyboards.ts";
import { derivedName, detailText } from "../render/summary.ts";
import { REPORT_GONE } from "../render/texts.ts";
import { sendTextDocument } from "../telegram/send.ts";

export function reportButtonsFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.callbackQuery(REPORT_DATA, async (ctx) => {
    const parsed = parseReportData(ctx.callbackQuery.data);
    const chatId = ctx.chat?.id ?? 0;
    const report = parsed ? await deps.store.getReport(chatId, parsed.reportId) : null;
    if (!parsed || !report) {
      await ctx.answerCallbackQuery({ text: REPORT_GONE });
      return;
    }
    const replyTo = ctx.callbackQuery.message?.message_id;
    switch (parsed.action) {
      case "detail":
        await ctx.answerCallbackQuery({ text: "正在发送详细结果…" });
        await sendTextDocument(
          ctx.api,
          chatId,
          derivedName(report.fileName, "-审核结果.txt"),
          detailText(report.result, report.fileName),
          {
            replyTo,
            caption: "详细审核结果（全部发现、依据和全部数字的出处）",
          },
        );
        return;
      case "json":
        await ctx.answerCallbackQuery({ text: "正在导出 JSON…" });
        await sendTextDocument(
          ctx.api,
          chatId,
          derivedName(report.fileName, ".audit.json"),
          `${JSON.stringify({ ...report.result, file: report.fileName }, null, 2)}\n`,
          { replyTo, caption: "审核结果 JSON（schemaVersion 1）" },
        );
        return;
      case "examples":
        await ctx.answerCallbackQuery();
        await deps.store.selectReport(chatId, report.id);
        await ctx.reply(
          [
            `可以直接发送问题，针对 <code>${escapeHtml(report.fileName)}</code>，例如：`,
            ...EXAMPLE_QUESTIONS.map((q) => `• ${escapeHtml(q)}`),
            ctx.chat?.type === "private" ? "" : "在群里请回复本消息或 @我 提问。",
          ]
            .filter(Boolean)
            .join("\n"),
          { parse_mode: "HTML", ...(replyTo ? { reply_parameters: { message_id: replyTo } } : {}) },
        );
        return;
      case "delete":
        await deps.store.deleteReport(chatId, report.id);
        await ctx.answerCallbackQuery({ text: "已删除" });
        await ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});
        await ctx.reply(`已删除报告 <code>${escapeHtml(report.fileName)}</code> 及其问答记录。`, {
          parse_mode: "HTML",
        });
        return;
    }
  });
  return feature;
}
