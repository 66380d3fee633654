/**
 * A ZIP sent in chat: its members (audit/archive.ts, with its bomb and traversal limits) go through
 * the audit worker pool a few at a time, one progress message is edited with the counts
 * ("已审核 12/50 份…"), each audited member is stored like a single upload (so /history and
 * questions see it), and the reply is the batch XLSX (audit/report-xlsx.ts) plus a short summary.
 * Members are stored in year order through bot/audit/years.ts, so that one issuer's consecutive
 * years — inside the archive or already in the chat — are linked for the cross-year rules.
 */
import { createHash } from "node:crypto";
import { type Api, InputFile } from "grammy";
import { readArchive } from "../../audit/archive.ts";
import type { BatchEntry, BatchProblem, BatchResult } from "../../audit/batch.ts";
import type { AuditResult } from "../../audit/result.ts";
import { verdictOf } from "../../audit/verdict.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { Logger } from "../../logger.ts";
import type { AuditJob, ReportStore } from "../../store/report-store.ts";
import { chinaDay } from "../day.ts";
import { escapeHtml } from "../render/html.ts";
import * as T from "../render/texts.ts";
import { editHtml, sendHtml } from "../telegram/send.ts";
import type { AuditPool } from "../worker/audit-pool.ts";
import { showArchiveSummary } from "./deliver-report.ts";
import { saveWithYears } from "./years.ts";

// exceljs is loaded when the first table is written.
const batchXlsx: typeof import("../../audit/report-xlsx.ts").batchXlsx = async (...args) =>
  (await import("../../audit/report-xlsx.ts")).batchXlsx(...args);

/** Statuses that are an answer about the file, not a report to keep (as for single uploads). */
const NOT_KEPT = new Set<AuditResult["status"]>(["unreadable", "no_text_layer", "too_large", "not_a_report"]);

interface Audited {
  readonly result: AuditResult;
  readonly parsed: ParsedReport | null;
}

/** Members audited at once: leaves the rest of the pool to other chats. */
const MEMBERS_IN_PARALLEL = 2;
const TOP_RULES = 5;
const LISTED_PROBLEMS = 10;

export interface ArchiveAuditDeps {
  readonly api: Api;
  readonly store: ReportStore;
  readonly pool: Pick<AuditPool, "run">;
  readonly log: Logger;
  readonly timeoutMs: number;
  readonly now?: (() => Date) | undefined;
  /** The daily quota: each member counts as one audit; members past it are listed, not audited. */
  readonly quota?: DailyQuota | undefined;
}

export interface DailyQuota {
  readonly perDay: number;
  /** Users without a quota (admins). */
  readonly exempt: ReadonlySet<number>;
}

/** Edits one message to the latest text; while an edit is on its way only the newest text waits. */
class CoalescedEdit {
  private wanted: string | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly messageId: number | null,
    private readonly log: Logger,
  ) {}

  set(html: string): void {
    this.wanted = html;
    this.pump();
  }

  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private pump(): void {
    if (this.inFlight || this.wanted === null || this.messageId === null) return;
    const html = this.wanted;
    this.wanted = null;
    this.inFlight = editHtml(this.api, this.chatId, this.messageId, html)
      .catch((error) => this.log.warn({ err: error }, "archive progress edit failed"))
      .finally(() => {
        this.inFlight = null;
        this.pump();
      });
  }
}

export function archiveProgressText(archive: string, done: number, total: number): string {
  return `正在批量审核压缩包 <code>${escapeHtml(archive)}</code>\n已审核 ${done}/${total} 份…`;
}

/** The short Chinese summary that goes with the XLSX. */
export function archiveSummaryHtml(
  archive: string,
  batch: BatchResult,
  heading = `<b>批量审核完成</b>　<code>${escapeHtml(archive)}</code>`,
): string {
  const results = batch.entries.map((e) => e.result);
  const audited = results.filter((r) => verdictOf(r) !== "未能审核");
  const withErrors = audited.filter((r) => verdictOf(r) === "需更正").length;
  const warningsOnly = audited.filter((r) => verdictOf(r) === "需核对").length;
  const counts = new Map<string, { n: number; files: Set<string> }>();
  for (const r of audited)
    for (const f of r.findings) {
      const c = counts.get(f.rule) ?? { n: 0, files: new Set<string>() };
      c.n += 1;
      c.files.add(r.file);
      counts.set(f.rule, c);
    }
  const top = [...counts.entries()]
    .sort((a, b) => b[1].files.size - a[1].files.size || b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_RULES);
  const lines = [
    heading,
    `已审核报告 ${audited.length} 份，其中有错误（需更正）${withErrors} 份，只有警告（需核对）${warningsOnly} 份，无问题 ${audited.length - withErrors - warningsOnly} 份。`,
  ];
  if (top.length > 0) {
    lines.push("", "<b>最常见的问题</b>");
    for (const [rule, c] of top) lines.push(`• [${escapeHtml(rule)}] ${c.files.size} 份报告，共 ${c.n} 处`);
  }
  if (batch.problems.length > 0) {
    lines.push("", `<b>问题文件 ${batch.problems.length} 个</b>`);
    for (const p of batch.problems.slice(0, LISTED_PROBLEMS))
      lines.push(`• <code>${escapeHtml(p.name)}</code>：${escapeHtml(p.message)}`);
    if (batch.problems.length > LISTED_PROBLEMS)
      lines.push(`……另有 ${batch.problems.length - LISTED_PROBLEMS} 个，见表格「问题文件」。`);
  }
  lines.push("", "逐份结果见附件表格；每份报告已保存，可在 /history 中选定后提问。");
  return lines.join("\n");
}

function xlsxName(archive: string): string {
  const base = archive.replace(/\.[^.]*$/, "") || "批量";
  return `${base}-批量审核结果.xlsx`;
}

/** Audits the archive `bytes` of `job`; the progress message `progressId` is edited throughout. */
export async function auditArchive(
  deps: ArchiveAuditDeps,
  job: AuditJob,
  bytes: Uint8Array,
  progressId: number | null,
): Promise<void> {
  const { api, store, log } = deps;
  const started = performance.now();
  const progress = new CoalescedEdit(api, job.chatId, progressId, log);
  const finalText = async (html: string) => {
    await progress.settle();
    if (progressId !== null)
      await editHtml(api, job.chatId, progressId, html).catch((error) =>
        log.warn({ err: error }, "archive progress edit failed"),
      );
    else await sendHtml(api, job.chatId, html, { replyTo: job.sourceMessageId });
  };

  const archive = await readArchive(bytes, job.fileName);
  if (!archive.ok) {
    log.info({ file: job.fileName, reason: archive.reason }, "archive refused");
    await finalText(`<b>无法审核</b>\n${escapeHtml(archive.message)}`);
    return;
  }
  const members = archive.members;
  const problems: BatchProblem[] = [...archive.skipped];
  if (members.length === 0) {
    const listed = problems
      .slice(0, LISTED_PROBLEMS)
      .map((p) => `\n• <code>${escapeHtml(p.name)}</code>：${escapeHtml(p.message)}`)
      .join("");
    await finalText(
      `<b>无法审核</b>\n压缩包「${escapeHtml(job.fileName)}」中没有可审核的报告文件（支持 PDF、DOCX、HTML、TXT）。${listed}`,
    );
    return;
  }

  const day = chinaDay(deps.now?.());
  const quota = deps.quota;
  if (quota && !quota.exempt.has(job.userId)) {
    const left = Math.max(0, quota.perDay - (await store.auditsOn(day, job.userId)));
    for (const over of members.splice(left))
      problems.push({ name: over.name, message: T.OVER_QUOTA(quota.perDay) });
    if (members.length === 0) {
      await finalText(T.DAILY_QUOTA(quota.perDay));
      return;
    }
  }
  const outcomes: (Audited | BatchProblem)[] = new Array(members.length);
  let done = 0;
  progress.set(archiveProgressText(job.fileName, 0, members.length));
  let next = 0;
  const lane = async () => {
    for (let i = next++; i < members.length; i = next++) {
      const member = members[i];
      if (!member) continue;
      // A member that hit the time or memory cap before (alone or in an archive) is answered from
      // storage, as a single upload is: it does not stall a worker again.
      const sha256 = createHash("sha256").update(member.bytes).digest("hex");
      const cutBefore = await store.findCutOff(sha256);
      if (cutBefore) {
        log.info({ file: member.name, kind: cutBefore.kind }, "member cut off before: answered from storage");
        outcomes[i] = {
          name: member.name,
          message: T.CUT_OFF_BEFORE(
            cutBefore.kind,
            Math.round(deps.timeoutMs / 1000),
            cutBefore.createdAt.slice(0, 10),
          ),
        };
        done += 1;
        progress.set(archiveProgressText(job.fileName, done, members.length));
        continue;
      }
      await store.recordAudit(job.userId, day);
      const outcome = await deps.pool.run(member.bytes, member.name);
      if (outcome.kind === "timeout" || (outcome.kind === "crashed" && outcome.reason === "memory"))
        await store.recordCutOff({
          sha256,
          kind: outcome.kind === "timeout" ? "timeout" : "memory",
          ms: outcome.ms,
          fileName: member.name,
        });
      if (outcome.kind === "result") outcomes[i] = { result: outcome.result, parsed: outcome.report };
      else
        outcomes[i] = {
          name: member.name,
          message:
            outcome.kind === "timeout"
              ? T.TIMEOUT(Math.round(deps.timeoutMs / 1000))
              : outcome.reason === "memory"
                ? T.OUT_OF_MEMORY
                : T.CRASHED,
        };
      done += 1;
      progress.set(archiveProgressText(job.fileName, done, members.length));
    }
  };
  await Promise.all(Array.from({ length: Math.min(MEMBERS_IN_PARALLEL, members.length) }, lane));

  const kept: Audited[] = [];
  const seen = new Map<string, string>();
  for (const outcome of outcomes) {
    if (!("result" in outcome)) {
      problems.push(outcome);
      continue;
    }
    const { result } = outcome;
    const twin = seen.get(result.sha256);
    if (twin !== undefined) {
      problems.push({ name: result.file, message: `与「${twin}」内容完全相同，已跳过。` });
      continue;
    }
    seen.set(result.sha256, result.file);
    kept.push(outcome);
    if (NOT_KEPT.has(result.status)) problems.push({ name: result.file, message: result.statusMessage });
  }
  // Oldest year first, so that each member finds its Y−1 already stored; a Y+1 report the chat had
  // before the archive is checked again by years.ts.
  const stored = new Map<Audited, BatchEntry>();
  const byYear = kept
    .filter((a) => !NOT_KEPT.has(a.result.status))
    .sort((a, b) => (a.result.meta.reportYear ?? 0) - (b.result.meta.reportYear ?? 0));
  for (const a of byYear) {
    const links = await saveWithYears(store, {
      chatId: job.chatId,
      userId: job.userId,
      fileName: a.result.file,
      result: a.result,
      parsed: a.parsed,
    });
    stored.set(a, { result: links.stored.result, previousFile: links.previous?.fileName ?? null });
  }
  const entries = kept.map((a) => stored.get(a) ?? { result: a.result, previousFile: null });
  const batch: BatchResult = { entries, problems, elapsedMs: Math.round(performance.now() - started) };
  log.info(
    { file: job.fileName, members: members.length, audited: entries.length, problems: problems.length },
    "archive audited",
  );
  const xlsx = await batchXlsx(batch);
  const html = archiveSummaryHtml(
    job.fileName,
    batch,
    `<b>批量审核完成：已审核 ${done}/${members.length} 份</b>\n<code>${escapeHtml(job.fileName)}</code>`,
  );
  // Recorded before anything goes out: a process that finds the job pending from here on (a restart, an
  // instance taking it over) shows the summary again — an edit of the progress message, so once — and
  // never sends the XLSX a second time (at most once; the reports are stored and /summary gives a table).
  await store.setJobDelivery(job.id, { kind: "archive", html });
  await progress.settle();
  const summaryId = await showArchiveSummary(api, { ...job, progressMessageId: progressId }, html);
  await api.sendChatAction(job.chatId, "upload_document").catch(() => {});
  await api.sendDocument(job.chatId, new InputFile(Buffer.from(xlsx), xlsxName(job.fileName)), {
    caption: "批量审核结果（XLSX）",
    reply_parameters: { message_id: summaryId, allow_sending_without_reply: true },
  });
}
