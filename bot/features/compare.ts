/**
 * /compare and the 与上年报告对比 button: the chat's report (the current one, or the one whose summary
 * the command replies to, or the button's) against the same issuer's report of the year before (else
 * the year after) stored in the chat. The reply is the short comparison (the five largest changes,
 * the prose changes, last year's problems, the cross-year findings) and the 年度对比 DOCX
 * (audit/compare/). Only reports whose parsed reading was kept can be compared.
 */
import { type Api, Composer, InputFile } from "grammy";
import { type Comparison, compareReports, type YearSide } from "../../audit/compare/compare.ts";
import { comparisonDocx } from "../../audit/compare/docx.ts";
import { comparisonSummaryLines } from "../../audit/compare/summary-text.ts";
import { type CompareThresholds, thresholdsFromEnv } from "../../audit/compare/thresholds.ts";
import { issuerKey } from "../../audit/issuer-key.ts";
import type { ReportStore, StoredReport } from "../../store/report-store.ts";
import type { BotContext } from "../context.ts";
import type { FeatureDeps } from "../deps.ts";
import { escapeHtml } from "../render/html.ts";
import { COMPARE_DATA } from "../render/keyboards.ts";
import { MESSAGE_BUDGET } from "../render/summary.ts";
import { NO_REPORT, REPORT_GONE } from "../render/texts.ts";
import { sendHtml } from "../telegram/send.ts";
import { reportFor } from "./report-for.ts";

/** How many of the chat's newest reports are searched for the other year. */
const SCANNED = 200;

export type PairLookup =
  | { readonly ok: true; readonly previous: YearSide; readonly current: YearSide }
  | { readonly ok: false; readonly message: string };

async function sideOf(store: ReportStore, report: StoredReport): Promise<YearSide | null> {
  const parsed = await store.parsedReport(report.chatId, report.id);
  return parsed === null ? null : { name: report.fileName, result: report.result, report: parsed };
}

/** The report and the chat's report of the same issuer for Y−1 (else Y+1), ordered by year. */
export async function pairFor(store: ReportStore, report: StoredReport): Promise<PairLookup> {
  const key = issuerKey(report.issuer);
  const year = report.reportYear;
  if (key === null || year === null)
    return {
      ok: false,
      message: `报告「${report.fileName}」未识别出发布机关或年度，无法找到同一单位另一年度的报告。`,
    };
  const rows = (await store.listReports(report.chatId, SCANNED)).filter(
    (r) => r.id !== report.id && issuerKey(r.issuer) === key,
  );
  const other = rows.find((r) => r.reportYear === year - 1) ?? rows.find((r) => r.reportYear === year + 1);
  if (!other)
    return {
      ok: false,
      message: `本聊天中没有「${report.issuer}」${year - 1} 年或 ${year + 1} 年的报告。请先发送该单位相邻年度的报告，再使用 /compare。`,
    };
  const stored = await store.getReport(report.chatId, other.id);
  const a = await sideOf(store, report);
  const b = stored === null ? null : await sideOf(store, stored);
  if (a === null || b === null)
    return { ok: false, message: "其中一份报告是早先版本保存的，无法对比，请重新发送该文件后再试。" };
  return (other.reportYear ?? 0) < year
    ? { ok: true, previous: b, current: a }
    : { ok: true, previous: a, current: b };
}

/** The chat message of a comparison (HTML). */
export function comparisonHtml(c: Comparison): string {
  const lines = comparisonSummaryLines(c);
  let html = `<b>年度对比</b>　${escapeHtml(lines[0] ?? "")}`;
  for (const line of lines.slice(1)) {
    const next = `\n${escapeHtml(line)}`;
    if (html.length + next.length > MESSAGE_BUDGET - 40) {
      html += "\n……其余见附件「年度对比」";
      break;
    }
    html += next;
  }
  return html;
}

export function comparisonFileName(c: Comparison): string {
  const who = (c.current.issuer ?? c.previous.issuer ?? "报告").replace(/[\\/:*?"<>|\s]/g, "").slice(0, 40);
  return `年度对比-${who}-${c.previous.year ?? "上年"}-${c.current.year ?? "本年"}.docx`;
}

/** Sends the comparison's summary and its DOCX (a reply to the summary). */
export async function sendComparison(
  api: Api,
  chatId: number,
  c: Comparison,
  replyTo: number | undefined,
): Promise<void> {
  const message = await sendHtml(api, chatId, comparisonHtml(c), { replyTo });
  await api.sendChatAction(chatId, "upload_document").catch(() => {});
  await api.sendDocument(chatId, new InputFile(Buffer.from(await comparisonDocx(c)), comparisonFileName(c)), {
    caption: "年度对比（全部单元格、正文逐部分修改标记、上年问题整改、跨年度核验）",
    reply_parameters: { message_id: message.message_id, allow_sending_without_reply: true },
  });
}

export function compareFeature(
  deps: FeatureDeps,
  thresholds: CompareThresholds = thresholdsFromEnv(process.env),
): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("compare", async (ctx) => {
    const report = await reportFor(ctx, deps);
    if (!report) {
      await ctx.reply(NO_REPORT);
      return;
    }
    const pair = await pairFor(deps.store, report);
    if (!pair.ok) {
      await ctx.reply(pair.message);
      return;
    }
    await sendComparison(
      ctx.api,
      ctx.chat.id,
      compareReports(pair.previous, pair.current, thresholds),
      ctx.msg.message_id,
    );
    ctx.log.info({ chat: ctx.chat.id, report: report.id }, "comparison sent");
  });
  feature.callbackQuery(COMPARE_DATA, async (ctx) => {
    const id = Number(COMPARE_DATA.exec(ctx.callbackQuery.data)?.[1] ?? 0);
    const chatId = ctx.chat?.id ?? 0;
    const report = await deps.store.getReport(chatId, id);
    if (!report) {
      await ctx.answerCallbackQuery({ text: REPORT_GONE });
      return;
    }
    const pair = await pairFor(deps.store, report);
    if (!pair.ok) {
      await ctx.answerCallbackQuery({ text: pair.message.slice(0, 190) });
      return;
    }
    await ctx.answerCallbackQuery({ text: "正在对比…" });
    await sendComparison(
      ctx.api,
      chatId,
      compareReports(pair.previous, pair.current, thresholds),
      ctx.callbackQuery.message?.message_id,
    );
  });
  return feature;
}
