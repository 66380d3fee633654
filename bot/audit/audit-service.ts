/**
 * One file from upload to summary, independent of the update that brought it (so that jobs left
 * pending by a shutdown can be resumed after a restart): progress message, download, hash lookup,
 * sniff, the worker pool, storage, the reply. Tracks in-flight audits for /status and shutdown.
 */
import { createHash } from "node:crypto";
import type { Api } from "grammy";
import { sniffFormat } from "../../extract/readers/index.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { Logger } from "../../logger.ts";
import type { AuditJob, JobDelivery, NewJob, ReportStore } from "../../store/report-store.ts";
import { chinaDay } from "../day.ts";
import type { BotLlm } from "../llm.ts";
import type { SharedTurns } from "../queue/user-turns.ts";
import { escapeHtml } from "../render/html.ts";
import { cachedNote, lastYearNote, nextYearHtml } from "../render/summary.ts";
import * as T from "../render/texts.ts";
import { DownloadError, downloadFile } from "../telegram/download.ts";
import { ProgressMessage } from "../telegram/progress-message.ts";
import { sendHtml } from "../telegram/send.ts";
import { type AuditPool, OCR_BUDGET, PoolClosedError } from "../worker/audit-pool.ts";
import type { AuditStage } from "../worker/staged-audit.ts";
import { auditArchive, type DailyQuota } from "./archive-audit.ts";
import { carryOutDelivery, type FollowUp, planDelivery } from "./deliver-report.ts";
import { saveWithYears } from "./years.ts";

export interface AuditServiceDeps {
  readonly api: Api;
  readonly apiRoot: string;
  readonly token: string;
  readonly store: ReportStore;
  readonly pool: Pick<AuditPool, "run" | "stats">;
  readonly log: Logger;
  /** The pool's time cap, for the timeout message. */
  readonly timeoutMs: number;
  /** The daily quota, applied to ZIP members (single files are checked before the download). */
  readonly quota?: DailyQuota | undefined;
  /** With an LLM, single files are also read by the model while the user's daily tokens last. */
  readonly llm?: Pick<BotLlm, "dailyTokens"> | undefined;
  readonly now?: () => Date;
  /** A user's turn shared by every instance (queue mode); absent: the turn is this process's alone. */
  readonly turns?: SharedTurns | undefined;
}

/** Statuses that are an answer about the file, not a report to keep. */
const NOT_KEPT = new Set(["unreadable", "no_text_layer", "too_large", "not_a_report"]);

const STAGE_DONE: Record<AuditStage, number> = { read: 1, tables: 2, checked: 3 };

const TABLE_NAMES = { t2: "表二", t3: "表三", t4: "表四" } as const;

/**
 * A photo or image holds a page or two of a report: the note that says which of the unified tables
 * it showed and which are missing (none when all three were read).
 */
export function partialPage(format: string | null, report: ParsedReport | null): string[] {
  if (format !== "image" || !report) return [];
  const tables = (["t2", "t3", "t4"] as const).filter(
    (t) => report.tables[t].found && !report.issues.some((i) => i.table === t && i.kind === "missing_table"),
  );
  const missing = (["t2", "t3", "t4"] as const).filter((t) => !tables.includes(t));
  if (missing.length === 0) return [];
  return [
    T.PARTIAL_PAGE(
      tables.map((t) => TABLE_NAMES[t]),
      missing.map((t) => TABLE_NAMES[t]),
    ),
  ];
}

/**
 * Below this resolution (estimated for an A4 page across the photo's width) a photo's digits are read
 * poorly even enlarged: at 110 dpi, 11–52 % of three real reports' figures (docs/ocr.md). A chat photo of
 * a whole page is about that size (Telegram keeps 1280 pixels on the long side).
 */
const LOW_DPI = 150;

/** A photo or image read at a low resolution: the note that says so and how to send a sharper one. */
export function lowResolution(format: string | null, report: ParsedReport | null): string[] {
  if (format !== "image" || !report?.ocr || report.ocr.dpi >= LOW_DPI) return [];
  return [T.LOW_RESOLUTION(Math.round(report.ocr.dpi))];
}

export type JobOutcome = "done" | "failed" | "requeued";

const RESUME_WITHIN_MS = 24 * 60 * 60 * 1000;

export class AuditService {
  private readonly inFlight = new Set<Promise<JobOutcome>>();
  /** Per user, the end of their last audit: a user's files run one at a time (a stalling file holds up only its sender). */
  private readonly userTurns = new Map<number, Promise<unknown>>();
  private closing = false;
  private readonly started = Date.now();

  constructor(private readonly deps: AuditServiceDeps) {}

  /** Accept a document: the progress message, a job row, then the audit. */
  async accept(job: NewJob): Promise<JobOutcome> {
    const { api, store } = this.deps;
    const message = await sendHtml(api, job.chatId, T.progressText(0, job.fileName), {
      replyTo: job.sourceMessageId,
    });
    const created = await store.createJob({ ...job, progressMessageId: message.message_id });
    return this.track(this.inTurn(job.userId, () => this.inSharedTurn(created)));
  }

  /** Run `task` once the user's earlier audits are done (one file at a time per user). */
  private inTurn<T>(userId: number, task: () => Promise<T>): Promise<T> {
    const before = this.userTurns.get(userId) ?? Promise.resolve();
    const mine = before.catch(() => undefined).then(task);
    const end = mine.catch(() => undefined);
    this.userTurns.set(userId, end);
    void end.then(() => {
      if (this.userTurns.get(userId) === end) this.userTurns.delete(userId);
    });
    return mine;
  }

  /** Process `job` once the user's shared turn (every instance's) is free; waiting ends at shutdown. */
  private async inSharedTurn(job: AuditJob): Promise<JobOutcome> {
    const turns = this.deps.turns;
    if (!turns) return this.process(job);
    const release = await turns.acquire(job.userId, job.id, () => this.closing);
    // Shutting down while it waited: the job stays pending for a restart or another instance.
    if (!release) return "requeued";
    try {
      return await this.process(job);
    } finally {
      await release();
    }
  }

  /** Resume the jobs a previous process left pending; resolves when they are all answered. */
  async resumePending(): Promise<number> {
    const all = await this.deps.store.pendingJobs();
    const now = (this.deps.now?.() ?? new Date()).getTime();
    // A day-old job is not worth resuming: the sender has moved on (and the file id may be stale).
    const stale = all.filter((job) => now - Date.parse(job.createdAt) > RESUME_WITHIN_MS);
    for (const job of stale) await this.deps.store.finishJob(job.id, "failed");
    const jobs = all.filter((job) => !stale.includes(job));
    await Promise.all(
      jobs.map(async (job) => {
        // "Restarted, auditing again" only where the audit is run again, not where only its answer is finished.
        if (job.progressMessageId && !job.delivery)
          await sendHtml(this.deps.api, job.chatId, T.RESUMED, { replyTo: job.sourceMessageId }).catch(
            () => {},
          );
        return this.track(this.inTurn(job.userId, () => this.inSharedTurn(job)));
      }),
    );
    return jobs.length;
  }

  /** Audits running or waiting. */
  get active(): number {
    return this.inFlight.size;
  }

  get uptimeMs(): number {
    return Date.now() - this.started;
  }

  /**
   * Stop taking new work and wait up to `graceMs` for in-flight audits; the caller then closes the
   * pool, which re-queues the rest (their jobs stay pending for the next start).
   */
  async drain(graceMs: number): Promise<{ finished: number; waiting: number }> {
    this.closing = true;
    const all = [...this.inFlight];
    let timer: NodeJS.Timeout | undefined;
    const deadline = new Promise<"timeout">((r) => {
      timer = setTimeout(() => r("timeout"), graceMs);
    });
    await Promise.race([Promise.allSettled(all), deadline]);
    clearTimeout(timer);
    return { finished: all.length - this.inFlight.size, waiting: this.inFlight.size };
  }

  /** Wait for the in-flight audits to settle (after the pool was closed). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  get isClosing(): boolean {
    return this.closing;
  }

  private track(p: Promise<JobOutcome>): Promise<JobOutcome> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p)).catch(() => {});
    return p;
  }

  /** Record the answer on the job, then show it (exactly once: see carryOutDelivery). */
  private async deliver(
    job: AuditJob,
    progress: ProgressMessage | null,
    delivery: JobDelivery,
  ): Promise<void> {
    progress?.stopTyping();
    await this.deps.store.setJobDelivery(job.id, delivery);
    await carryOutDelivery(this.deps.api, this.deps.store, job, delivery, progress);
    await this.deps.store.finishJob(job.id, "done");
  }

  private async process(job: AuditJob): Promise<JobOutcome> {
    const { api, store, log } = this.deps;
    const jobLog = log.child({ job: job.id, chat: job.chatId });
    const progress = job.progressMessageId
      ? new ProgressMessage(api, job.chatId, job.progressMessageId, job.fileName, jobLog)
      : null;
    const fail = async (html: string, state: "done" | "failed" = "failed"): Promise<JobOutcome> => {
      if (progress) await progress.replace(html);
      else await sendHtml(api, job.chatId, html, { replyTo: job.sourceMessageId });
      await store.finishJob(job.id, state);
      return state;
    };
    const t0 = performance.now();
    try {
      // Its answer was going out when the process that had it stopped: finish that, audit nothing.
      if (job.delivery) {
        await carryOutDelivery(api, store, job, job.delivery, progress);
        await store.finishJob(job.id, "done");
        return "done";
      }
      progress?.startTyping();
      let bytes: Uint8Array;
      try {
        bytes = await downloadFile(this.deps, job.fileId, T.TELEGRAM_DOWNLOAD_LIMIT);
      } catch (error) {
        if (!(error instanceof DownloadError)) throw error;
        jobLog.warn({ err: error }, "download failed");
        return await fail(
          error.tooBig ? T.TOO_BIG(job.fileSize ?? T.TELEGRAM_DOWNLOAD_LIMIT + 1) : T.DOWNLOAD_FAILED,
        );
      }
      const sha256 = createHash("sha256").update(bytes).digest("hex");
      const cached = await store.findByHash(job.chatId, sha256);
      if (cached) {
        await this.deliver(job, progress, planDelivery(cached, { note: cachedNote(cached.createdAt) }));
        return "done";
      }
      const cutOff = await store.findCutOff(sha256);
      if (cutOff) {
        jobLog.info({ file: job.fileName, kind: cutOff.kind }, "file cut off before: answered from storage");
        return await fail(
          T.CUT_OFF_BEFORE(
            cutOff.kind,
            Math.round(this.deps.timeoutMs / 1000),
            cutOff.createdAt.slice(0, 10),
          ),
          "done",
        );
      }
      const sniff = sniffFormat(bytes);
      if (sniff.format === "zip" && !sniff.detail) {
        progress?.stopTyping();
        await progress?.settle();
        await auditArchive(
          {
            api,
            store,
            pool: this.deps.pool,
            log: jobLog,
            timeoutMs: this.deps.timeoutMs,
            now: this.deps.now,
            quota: this.deps.quota,
          },
          job,
          bytes,
          job.progressMessageId,
        );
        await store.finishJob(job.id, "done");
        return "done";
      }
      const day = chinaDay(this.deps.now?.());
      await store.recordAudit(job.userId, day);
      const llm = this.deps.llm;
      const useLlm = llm !== undefined && (await store.tokensOn(day, job.userId)) < llm.dailyTokens;
      const outcome = await this.deps.pool.run(
        bytes,
        job.fileName,
        (stage) => progress?.stage(STAGE_DONE[stage]),
        { useLlm, onOcrPage: (page) => progress?.ocrPage(page) },
      );
      if (outcome.kind === "result" && outcome.result.llm)
        await store.recordTokens(
          job.userId,
          day,
          outcome.result.llm.inputTokens + outcome.result.llm.outputTokens,
        );
      jobLog.info(
        {
          file: job.fileName,
          kind: outcome.kind,
          llm:
            outcome.kind === "result"
              ? (outcome.result.llm?.status ?? (useLlm ? "unused" : "off"))
              : undefined,
          workerMs: outcome.ms,
          totalMs: Math.round(performance.now() - t0),
        },
        "audit finished",
      );
      if (outcome.kind === "timeout" || (outcome.kind === "crashed" && outcome.reason === "memory"))
        await store.recordCutOff({
          sha256,
          kind: outcome.kind === "timeout" ? "timeout" : "memory",
          ms: outcome.ms,
          fileName: job.fileName,
        });
      if (outcome.kind === "timeout")
        return await fail(
          outcome.ocr
            ? T.OCR_TIMEOUT(
                outcome.ocr,
                Math.round((outcome.capMs ?? this.deps.timeoutMs) / 1000),
                Math.round(OCR_BUDGET.pageMs / 1000),
              )
            : T.TIMEOUT(Math.round(this.deps.timeoutMs / 1000)),
        );
      if (outcome.kind === "crashed")
        return await fail(outcome.reason === "memory" ? T.OUT_OF_MEMORY : T.CRASHED);
      const result = outcome.result;
      if (NOT_KEPT.has(result.status))
        return await fail(
          `<b>无法审核</b>　<code>${escapeHtml(job.fileName)}</code>\n${escapeHtml(result.statusMessage)}`,
          "done",
        );
      const links = await saveWithYears(store, {
        chatId: job.chatId,
        userId: job.userId,
        fileName: job.fileName,
        result,
        parsed: outcome.report,
      });
      const followUps: FollowUp[] = [];
      if (links.next)
        followUps.push({ html: nextYearHtml(links.next), reply: true, compareReportId: links.next.row.id });
      if ((await store.countReports(job.chatId)) === 2)
        followUps.push({ html: T.SUMMARY_HINT, reply: false, compareReportId: null });
      await this.deliver(
        job,
        progress,
        planDelivery(links.stored, {
          compare: links.previous !== null,
          note:
            [
              ...partialPage(result.format, outcome.report),
              ...lowResolution(result.format, outcome.report),
              ...(llm !== undefined && !useLlm ? [T.LLM_BUDGET_SPENT(llm.dailyTokens)] : []),
              ...(links.previous ? [lastYearNote(links.previous)] : []),
            ].join("\n") || undefined,
          followUps,
        }),
      );
      return "done";
    } catch (error) {
      if (error instanceof PoolClosedError) {
        await progress?.replace(T.REQUEUED);
        jobLog.info("audit re-queued for the next start");
        return "requeued";
      }
      jobLog.error({ err: error }, "audit job failed");
      await fail(T.APOLOGY).catch(() => {});
      return "failed";
    } finally {
      progress?.stopTyping();
    }
  }
}
