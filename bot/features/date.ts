/**
 * /date 2025-01-20: the user gives the publication date of a report that prints no 落款 date (the
 * chat's current report, or the one whose summary the command replies to). The rules run again on
 * the kept reading (DEADLINE judges the given date and says so), and the summary is sent anew.
 * A printed date always stands: the given date is recorded but does not replace it.
 */
import { Composer } from "grammy";
import { withGivenDate } from "../../audit/run-audit.ts";
import { dateLine } from "../../extract/meta.ts";
import { deliverReport } from "../audit/deliver-report.ts";
import { recheckStored } from "../audit/years.ts";
import type { BotContext } from "../context.ts";
import type { FeatureDeps } from "../deps.ts";
import { lastYearNote } from "../render/summary.ts";
import { NO_REPORT } from "../render/texts.ts";
import { reportFor } from "./report-for.ts";

export const DATE_USAGE =
  "用法：/date 2025-01-20（或 /date 2025年1月20日）——补充报告的公布日期，用于核验是否按期公布。回复某份报告的摘要可指定该报告。";

export function dateFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("date", async (ctx) => {
    const text = ctx.match.trim();
    const date = text === "" ? null : dateLine(text);
    if (date === null) {
      await ctx.reply(text === "" ? DATE_USAGE : `「${text}」不是有效日期。\n${DATE_USAGE}`);
      return;
    }
    const report = await reportFor(ctx, deps);
    if (!report) {
      await ctx.reply(NO_REPORT);
      return;
    }
    if (report.result.meta.publicationDate !== null) {
      await ctx.reply(
        `报告「${report.fileName}」已印落款日期 ${report.result.meta.publicationDate}，公布期限按落款日期核验，未采用您提供的日期。`,
      );
      return;
    }
    const links = await recheckStored(deps.store, ctx.chat.id, report.id, (parsed) =>
      withGivenDate(parsed, date),
    );
    if (!links) {
      await ctx.reply(
        `报告「${report.fileName}」是早先版本保存的，无法重新核验，请重新发送该文件后再使用 /date。`,
      );
      return;
    }
    ctx.log.info({ report: report.id, date }, "publication date given");
    await deliverReport(ctx.api, deps.store, links.stored, {
      replyTo: ctx.message?.message_id,
      note: [
        `已按您提供的公布日期 ${date} 重新核验。`,
        ...(links.previous ? [lastYearNote(links.previous)] : []),
      ].join("\n"),
    });
  });
  return feature;
}
