/**
 * /summary: the supervisor's table of every report stored in the chat (sent one by one, in a row, or
 * in ZIPs), as the same batch XLSX a ZIP gets (audit/report-xlsx.ts) plus the short summary: a row
 * per report, all findings, the most frequent rules. Reports are listed oldest first; a report's
 * linked Y−1 is the chat's report of the same issuer for the year before (bot/audit/years.ts ran
 * its cross-year rules when both were stored). Then the regional overview (audit/overview/): the
 * heatmap of units × rules as a photo, the ranking of units and the region's totals.
 */
import { Composer, InputFile } from "grammy";
import type { BatchEntry, BatchResult } from "../../audit/batch.ts";
import { issuerKey } from "../../audit/issuer-key.ts";
import { buildOverview } from "../../audit/overview/overview.ts";
import { archiveSummaryHtml } from "../audit/archive-audit.ts";
import type { BotContext } from "../context.ts";
import { chinaDay } from "../day.ts";
import type { FeatureDeps } from "../deps.ts";
import { heatmapCaption, overviewHtml } from "../render/overview.ts";
import { NO_REPORT } from "../render/texts.ts";
import { sendHtml } from "../telegram/send.ts";

// exceljs is loaded when the first table is written.
const batchXlsx: typeof import("../../audit/report-xlsx.ts").batchXlsx = async (...args) =>
  (await import("../../audit/report-xlsx.ts")).batchXlsx(...args);

/** Reports in one table at most (the store keeps more; /history lists them). */
export const SUMMARY_LIMIT = 500;

export function summaryFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("summary", async (ctx) => {
    const chatId = ctx.chat.id;
    const rows = (await deps.store.listReports(chatId, SUMMARY_LIMIT)).reverse();
    if (rows.length === 0) {
      await ctx.reply(NO_REPORT);
      return;
    }
    await ctx.replyWithChatAction("upload_document").catch(() => {});
    const byYear = new Map<string, string>();
    for (const row of rows) {
      const key = issuerKey(row.issuer);
      if (key !== null && row.reportYear !== null) byYear.set(`${key}|${row.reportYear}`, row.fileName);
    }
    const entries: BatchEntry[] = [];
    for (const row of rows) {
      const stored = await deps.store.getReport(chatId, row.id);
      if (!stored) continue;
      const key = issuerKey(row.issuer);
      const previousFile =
        key === null || row.reportYear === null ? null : (byYear.get(`${key}|${row.reportYear - 1}`) ?? null);
      entries.push({ result: { ...stored.result, file: row.fileName }, previousFile });
    }
    const batch: BatchResult = { entries, problems: [], elapsedMs: 0 };
    const day = chinaDay(deps.now());
    const overview = buildOverview(entries);
    const { heatmapPng } = await import("../../audit/overview/heatmap.ts");
    const chart = await heatmapPng(overview);
    const sent = await ctx.replyWithDocument(
      new InputFile(
        Buffer.from(await batchXlsx(batch, { overview, png: chart.png })),
        `审核汇总-${day}.xlsx`,
      ),
      {
        caption: `本聊天 ${entries.length} 份报告的汇总表（XLSX）`,
        reply_parameters: { message_id: ctx.msg?.message_id ?? 0, allow_sending_without_reply: true },
      },
    );
    const heading = `<b>本聊天报告汇总</b>（${entries.length} 份${rows.length >= SUMMARY_LIMIT ? `，仅最近 ${SUMMARY_LIMIT} 份` : ""}）`;
    await sendHtml(ctx.api, chatId, archiveSummaryHtml("", batch, heading), { replyTo: sent.message_id });
    if (overview.units.length > 0) {
      await ctx.replyWithChatAction("upload_photo").catch(() => {});
      const photo = await ctx.replyWithPhoto(new InputFile(Buffer.from(chart.png), `热力图-${day}.png`), {
        caption: heatmapCaption(overview, chart.unitsShown),
      });
      await sendHtml(ctx.api, chatId, overviewHtml(overview), { replyTo: photo.message_id });
    }
    ctx.log.info({ chat: chatId, reports: entries.length }, "chat summary sent");
  });
  return feature;
}
