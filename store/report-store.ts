/**
 * Storage of the bot: users, chats, audited reports, Q&A turns, audit jobs and daily usage.
 * SQLite (store/sqlite.ts, the default) and Postgres (store/postgres.ts, NIANBAO_DATABASE_URL) implement
 * it; store/open.ts picks one. Every report query is scoped by chat: no chat ever sees another's reports.
 */
import type { AuditResult } from "../audit/result.ts";
import type { ParsedReport } from "../extract/schema.ts";
import type { QaTurn } from "../qa/answerer.ts";

export interface UserRef {
  readonly id: number;
  readonly firstName?: string | undefined;
  readonly username?: string | undefined;
}

export interface ChatRef {
  readonly id: number;
  readonly type: string;
  readonly title?: string | undefined;
}

/** One line of /history. */
export interface ReportRow {
  readonly id: number;
  readonly chatId: number;
  readonly userId: number;
  readonly sha256: string;
  readonly fileName: string;
  readonly issuer: string | null;
  readonly reportYear: number | null;
  readonly status: AuditResult["status"];
  readonly errors: number;
  readonly warnings: number;
  readonly notices: number;
  /** ISO time of the audit. */
  readonly createdAt: string;
}

export interface StoredReport extends ReportRow {
  readonly result: AuditResult;
  /** The chat message that carries this report's summary (a reply to it selects the report). */
  readonly summaryMessageId: number | null;
}

export interface NewReport {
  readonly chatId: number;
  readonly userId: number;
  readonly fileName: string;
  readonly result: AuditResult;
  /** The parsed report the result was computed from (kept to run the rules again); null if none. */
  readonly parsed?: ParsedReport | null;
}

export interface StoredTurn extends QaTurn {
  readonly answerer: string;
}

export type JobState = "pending" | "done" | "failed";

/** A file accepted for audit; pending jobs survive a restart and are resumed. */
export interface AuditJob {
  readonly id: number;
  readonly chatId: number;
  readonly userId: number;
  /** Telegram file_id: enough to download the file again after a restart. */
  readonly fileId: string;
  readonly fileName: string;
  readonly fileSize: number | null;
  /** The user's message with the document (replies quote it). */
  readonly sourceMessageId: number;
  /** The "正在审核…" message that is edited as stages finish. */
  readonly progressMessageId: number | null;
  readonly state: JobState;
  readonly createdAt: string;
  /** What of the answer has gone out; null until the summary is about to be shown. */
  readonly delivery: JobDelivery | null;
}

/**
 * A job as accepted: the progress message is already sent, so its id is written with the row (a process
 * that dies right after the insert leaves a job whose takeover edits that message, not a second one).
 */
export type NewJob = Omit<AuditJob, "id" | "state" | "createdAt" | "delivery" | "progressMessageId"> & {
  readonly progressMessageId?: number | null;
};

/** A message sent after the summary (each at most once): the full result as a document, or a text. */
export type DeliveryStep =
  | { readonly kind: "detail" }
  | {
      readonly kind: "text";
      readonly html: string;
      readonly reply: boolean;
      readonly compareReportId: number | null;
    };

/**
 * The answer of a job, recorded before it goes out (bot/audit/audit-service.ts). The summary is an
 * edit of the job's progress message (repeating it is harmless: Telegram answers "message is not
 * modified"), so it is shown exactly once however often it is repeated; each later step is recorded
 * as started before it is sent, so a restart or a takeover never sends it twice (at most once).
 */
export type JobDelivery = ReportDelivery | ArchiveDelivery;

/** A single report's answer: the summary with its buttons, then the later messages. */
export interface ReportDelivery {
  readonly kind?: "report";
  readonly reportId: number;
  /** The summary the progress message is edited to. */
  readonly html: string;
  /** Its keyboard offers 与上年报告对比. */
  readonly compare: boolean;
  readonly steps: readonly DeliveryStep[];
  /** How many of `steps` were started. */
  readonly started: number;
}

/**
 * A ZIP's answer: the batch summary the progress message is edited to (exactly once), recorded before
 * the batch XLSX goes out (at most once: a process that finds this record never sends the XLSX again).
 */
export interface ArchiveDelivery {
  readonly kind: "archive";
  readonly html: string;
}

export interface ForgetResult {
  readonly reports: number;
  readonly turns: number;
}

/** A file whose audit a cap cut off (bot/audit/audit-service.ts answers it from here when sent again). */
export interface CutOffFile {
  readonly sha256: string;
  readonly kind: "timeout" | "memory";
  /** How long the audit ran before it was cut off. */
  readonly ms: number;
  readonly fileName: string;
  /** ISO time it was cut off. */
  readonly createdAt: string;
}

export interface ReportStore {
  /** Record (or refresh) the user and the chat of an update. */
  touch(user: UserRef, chat: ChatRef): Promise<void>;

  /** Save an audit; the same file (hash) in the same chat replaces the earlier row. Selects it. */
  saveReport(report: NewReport): Promise<StoredReport>;
  findByHash(chatId: number, sha256: string): Promise<StoredReport | null>;
  getReport(chatId: number, reportId: number): Promise<StoredReport | null>;
  reportBySummaryMessage(chatId: number, messageId: number): Promise<StoredReport | null>;
  setSummaryMessage(chatId: number, reportId: number, messageId: number): Promise<void>;
  /**
   * The parsed report kept with a report; null when none was kept (reports stored before it was)
   * or it no longer matches the schema.
   */
  parsedReport(chatId: number, reportId: number): Promise<ParsedReport | null>;
  /** Replace a stored report's result (and parsed report) after the rules ran again. */
  updateResult(chatId: number, reportId: number, result: AuditResult, parsed: ParsedReport): Promise<void>;
  /** Newest first. */
  listReports(chatId: number, limit: number): Promise<ReportRow[]>;
  countReports(chatId: number): Promise<number>;
  /** The chosen report of the chat, else its newest. */
  currentReport(chatId: number): Promise<StoredReport | null>;
  selectReport(chatId: number, reportId: number): Promise<boolean>;
  deleteReport(chatId: number, reportId: number): Promise<boolean>;
  /** Delete everything stored about the chat: reports, turns, jobs, the chat row. */
  forgetChat(chatId: number): Promise<ForgetResult>;

  addTurn(chatId: number, reportId: number, userId: number, turn: StoredTurn): Promise<void>;
  /** The last `limit` turns about a report, oldest first. */
  turns(chatId: number, reportId: number, limit: number): Promise<StoredTurn[]>;

  createJob(job: NewJob): Promise<AuditJob>;
  /** Record what of the job's answer has gone out (before it goes out). */
  setJobDelivery(jobId: number, delivery: JobDelivery): Promise<void>;
  finishJob(jobId: number, state: Exclude<JobState, "pending">): Promise<void>;
  pendingJobs(): Promise<AuditJob[]>;

  /** Count one audit for the user on `day` (YYYY-MM-DD). */
  recordAudit(userId: number, day: string): Promise<void>;
  auditsOn(day: string, userId?: number): Promise<number>;

  /** Add LLM tokens (input + output) used for the user on `day`. */
  recordTokens(userId: number, day: string, tokens: number): Promise<void>;
  /** LLM tokens used on `day`, by the user or by everyone. */
  tokensOn(day: string, userId?: number): Promise<number>;

  /** Remember a file (by hash, across chats) whose audit hit the time or memory cap. */
  recordCutOff(file: Omit<CutOffFile, "createdAt">): Promise<void>;
  findCutOff(sha256: string): Promise<CutOffFile | null>;

  /**
   * Claim a Telegram update by its update_id: true for the first caller, false for every later one
   * (another webhook instance, or Telegram delivering it again). Atomic in the database.
   */
  claimUpdate(updateId: number): Promise<boolean>;
  /**
   * Drop the claims made before `iso` (an ISO time); returns how many. Only for claims older than
   * Telegram's redelivery window (it stops retrying an update after 24 h): a dropped id could be
   * claimed again.
   */
  forgetUpdatesBefore(iso: string): Promise<number>;

  close(): Promise<void>;
}
