/**
 * A report's summary: sent as a new message (deliverReport: /date's re-audit), or, for an audit job,
 * shown exactly once by editing the job's progress message (planDelivery, carryOutDelivery).
 *
 * Sends a stored report's summary (with its buttons) to its chat, and the full result as a document
 * when the summary had to leave findings out. Remembers the summary message (a reply to it selects
 * the report for questions).
 */
import type { Api } from "grammy";
import type {
  AuditJob,
  JobDelivery,
  ReportDelivery,
  ReportStore,
  StoredReport,
} from "../../store/report-store.ts";
import { compareKeyboard, reportKeyboard } from "../render/keyboards.ts";
import { derivedName, detailText, summaryHtml } from "../render/summary.ts";
import type { ProgressMessage } from "../telegram/progress-message.ts";
import { editHtml, sendHtml, sendTextDocument } from "../telegram/send.ts";

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

/** What follows a job's summary besides the full result: the next-year message, the /summary hint. */
export interface FollowUp {
  readonly html: string;
  /** Quote the upload. */
  readonly reply: boolean;
  /** Attach the 与上年报告对比 button of this report. */
  readonly compareReportId: number | null;
}

/** A job's answer, planned (and then recorded on the job) before any of it goes out. */
export function planDelivery(
  report: StoredReport,
  options: {
    note?: string | undefined;
    compare?: boolean | undefined;
    followUps?: readonly FollowUp[];
  } = {},
): ReportDelivery {
  const summary = summaryHtml(report.result, report.fileName, options.note);
  return {
    reportId: report.id,
    html: summary.html,
    compare: options.compare === true,
    steps: [
      ...(summary.omitted > 0 ? [{ kind: "detail" } as const] : []),
      ...(options.followUps ?? []).map((f) => ({ kind: "text" as const, ...f })),
    ],
    started: 0,
  };
}

/**
 * Carry out a job's recorded delivery, or finish one a crashed process began. The progress message
 * (a reply to the upload) is edited into the summary with its buttons: repeated, the edit changes
 * nothing, so the summary is shown once however often this runs. Each later message is marked
 * started on the job before it is sent and skipped when it was: at most once (a Telegram send cannot
 * join a database transaction; a crash between the mark and the send loses that message, and 详细结果
 * under the summary gives the full result again). Only when the edit is refused (the progress message
 * was deleted, or the job has none) is the summary sent as a new message.
 */
export async function carryOutDelivery(
  api: Api,
  store: ReportStore,
  job: AuditJob,
  delivery: JobDelivery,
  progress: Pick<ProgressMessage, "finish"> | null,
): Promise<void> {
  if (delivery.kind === "archive") {
    await showArchiveSummary(api, job, delivery.html);
    return;
  }
  const report = await store.getReport(job.chatId, delivery.reportId);
  // Deleted meanwhile (删除此报告, /forget): nothing is left to show.
  if (!report) return;
  const keyboard = reportKeyboard(report.id, { compare: delivery.compare });
  let summaryId = job.progressMessageId;
  if (summaryId === null || !(await progress?.finish(delivery.html, keyboard)))
    summaryId = (await sendHtml(api, job.chatId, delivery.html, { replyTo: job.sourceMessageId, keyboard }))
      .message_id;
  await store.setSummaryMessage(job.chatId, report.id, summaryId);
  for (let i = delivery.started; i < delivery.steps.length; i++) {
    const step = delivery.steps[i];
    if (!step) continue;
    await store.setJobDelivery(job.id, { ...delivery, started: i + 1 });
    if (step.kind === "detail")
      await sendTextDocument(
        api,
        job.chatId,
        derivedName(report.fileName, "-审核结果.txt"),
        detailText(report.result, report.fileName),
        { replyTo: summaryId, caption: "完整审核结果" },
      );
    else
      await sendHtml(api, job.chatId, step.html, {
        replyTo: step.reply ? job.sourceMessageId : undefined,
        keyboard: step.compareReportId !== null ? compareKeyboard(step.compareReportId) : undefined,
      });
  }
}

/**
 * A ZIP's batch summary: the job's progress message edited to it (repeated, the edit changes nothing),
 * or a new message where there is none or the edit is refused. Returns the summary's message id.
 */
export async function showArchiveSummary(api: Api, job: AuditJob, html: string): Promise<number> {
  if (job.progressMessageId !== null) {
    try {
      await editHtml(api, job.chatId, job.progressMessageId, html);
      return job.progressMessageId;
    } catch {
      // The progress message is gone (deleted by the user): the summary goes out as a new message.
    }
  }
  return (await sendHtml(api, job.chatId, html, { replyTo: job.sourceMessageId })).message_id;
}
