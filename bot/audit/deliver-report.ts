/**
 * Sends a stored report's summary (with its buttons) to its chat, and the full result as a document
 * when the summary had to leave findings out. Remembers the summary message (a reply to it selects
 * the report for questions).
 */
import type { Api } from "grammy";
import type { ReportStore, StoredReport } from "../../store/report-store.ts";
import { reportKeyboard } from "../render/keyboards.ts";
import { derivedName, detailText, summaryHtml } from "../render/summary.ts";
import { sendHtml, sendTextDocument } from "../telegram/send.ts";

export async function deliverReport(
  api: Api,
  store: ReportStore,
  report: StoredReport,
  options: {
    replyTo?: number | undefined;
    note?: string | undefined;
    /** Offer 与上年报告对比 (the chat has the issuer's Y−1 report). */
    compare?: boolean | undefined;
  } = {},
): Promise<void> {
  const summary = summaryHtml(report.result, report.fileName, options.note);
  const message = await sendHtml(api, report.chatId, summary.html, {
    replyTo: options.replyTo,
    keyboard: reportKeyboard(report.id, { compare: options.compare === true }),
  });
  await store.setSummaryMessage(report.chatId, report.id, message.message_id);
  if (summary.omitted > 0)
    await sendTextDocument(
      api,
      report.chatId,
      derivedName(report.fileName, "-审核结果.txt"),
      detailText(report.result, report.fileName),
      { replyTo: message.message_id, caption: "完整审核结果" },
    );
}
