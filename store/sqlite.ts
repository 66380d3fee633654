/**
 * The SQLite implementation of ReportStore (better-sqlite3: synchronous, one file in the data dir, WAL).
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import Database from "better-sqlite3";
import { AuditResult } from "../audit/result.ts";
import { ParsedReport } from "../extract/schema.ts";
import { MIGRATIONS } from "./migrations.ts";
import {
  findingCounts,
  type JobRecord,
  type ReportRecord as RecordOf,
  ROW_COLUMNS,
  toJob,
  toRow,
} from "./records.ts";

import type {
  AuditJob,
  ChatRef,
  CutOffFile,
  ForgetResult,
  JobDelivery,
  JobState,
  NewJob,
  NewReport,
  ReportRow,
  ReportStore,
  StoredReport,
  StoredTurn,
  UserRef,
} from "./report-store.ts";

type ReportRecord = RecordOf<string>;

/** The finding counts as the named parameters @e, @w, @n of the statements below. */
function namedCounts(r: AuditResult): { e: number; w: number; n: number } {
  const [e, w, n] = findingCounts(r);
  return { e, w, n };
}

export const DATABASE_FILE = "nianbao.sqlite";

function toReport(r: ReportRecord): StoredReport {
  return {
    ...toRow(r),
    result: AuditResult.parse(JSON.parse(r.result_json ?? "null")),
    summaryMessageId: r.summary_message_id ?? null,
  };
}

/** Apply the migrations the database has not seen yet; returns the schema version. */
export function migrate(db: Database.Database): number {
  const current = db.pragma("user_version", { simple: true }) as number;
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return db.pragma("user_version", { simple: true }) as number;
}

export class SqliteReportStore implements ReportStore {
  private readonly db: Database.Database;
  private readonly now: () => Date;

  /** `path` is a database file, or ":memory:". */
  constructor(path: string, options: { now?: () => Date } = {}) {
    this.db = new Database(path);
    this.db.pragma("journal_mode = WAL");
    this.db.pragma("foreign_keys = ON");
    this.db.pragma("busy_timeout = 5000");
    this.now = options.now ?? (() => new Date());
    migrate(this.db);
  }

  /** The store in `dir` (created if missing). */
  static inDir(dir: string): SqliteReportStore {
    mkdirSync(dir, { recursive: true });
    return new SqliteReportStore(join(dir, DATABASE_FILE));
  }

  private iso(): string {
    return this.now().toISOString();
  }

  async touch(user: UserRef, chat: ChatRef): Promise<void> {
    const at = this.iso();
    this.db
      .prepare(
        `INSERT INTO users (id, first_name, username, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, username = excluded.username,
         last_seen = excluded.last_seen`,
      )
      .run(user.id, user.firstName ?? null, user.username ?? null, at, at);
    this.db
      .prepare(
        `INSERT INTO chats (id, type, title, first_seen, last_seen) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (id) DO UPDATE SET type = excluded.type, title = excluded.title, last_seen = excluded.last_seen`,
      )
      .run(chat.id, chat.type, chat.title ?? null, at, at);
  }

  async saveReport(report: NewReport): Promise<StoredReport> {
    const r = report.result;
    const id = this.db.transaction(() => {
      this.db
        .prepare(
          `INSERT INTO chats (id, type, first_seen, last_seen) VALUES (?, 'unknown', ?, ?) ON CONFLICT (id) DO NOTHING`,
        )
        .run(report.chatId, this.iso(), this.iso());
      const row = this.db
        .prepare(
          `INSERT INTO reports (chat_id, user_id, sha256, file_name, issuer, report_year, template_version, status,
             errors, warnings, notices, result_json, parsed_json, created_at)
           VALUES (@chat, @user, @sha, @file, @issuer, @year, @version, @status, @e, @w, @n, @json, @parsed, @at)
           ON CONFLICT (chat_id, sha256) DO UPDATE SET user_id = excluded.user_id, file_name = excluded.file_name,
             issuer = excluded.issuer, report_year = excluded.report_year,
             template_version = excluded.template_version, status = excluded.status, errors = excluded.errors,
             warnings = excluded.warnings, notices = excluded.notices, result_json = excluded.result_json,
             parsed_json = excluded.parsed_json, created_at = excluded.created_at
           RETURNING id`,
        )
        .get({
          chat: report.chatId,
          user: report.userId,
          sha: r.sha256,
          file: report.fileName,
          issuer: r.meta.issuer,
          year: r.meta.reportYear,
          version: r.meta.templateVersion,
          status: r.status,
          ...namedCounts(r),
          json: JSON.stringify(r),
          parsed: report.parsed ? JSON.stringify(report.parsed) : null,
          at: this.iso(),
        }) as { id: number };
      this.db.prepare("UPDATE chats SET current_report_id = ? WHERE id = ?").run(row.id, report.chatId);
      return row.id;
    })();
    const saved = await this.getReport(report.chatId, id);
    if (!saved) throw new Error(`report ${id} vanished after insert`);
    return saved;
  }

  private one(where: string, ...params: unknown[]): StoredReport | null {
    const r = this.db
      .prepare(`SELECT ${ROW_COLUMNS}, result_json, summary_message_id FROM reports WHERE ${where}`)
      .get(...params) as ReportRecord | undefined;
    return r ? toReport(r) : null;
  }

  async parsedReport(chatId: number, reportId: number): Promise<ParsedReport | null> {
    const row = this.db
      .prepare("SELECT parsed_json FROM reports WHERE chat_id = ? AND id = ?")
      .get(chatId, reportId) as { parsed_json: string | null } | undefined;
    if (!row?.parsed_json) return null;
    const parsed = ParsedReport.safeParse(JSON.parse(row.parsed_json));
    return parsed.success ? parsed.data : null;
  }

  async updateResult(
    chatId: number,
    reportId: number,
    result: AuditResult,
    parsed: ParsedReport,
  ): Promise<void> {
    this.db
      .prepare(
        `UPDATE reports SET errors = @e, warnings = @w, notices = @n, result_json = @json, parsed_json = @parsed
         WHERE chat_id = @chat AND id = @id`,
      )
      .run({
        ...namedCounts(result),
        json: JSON.stringify(result),
        parsed: JSON.stringify(parsed),
        chat: chatId,
        id: reportId,
      });
  }

  async findByHash(chatId: number, sha256: string): Promise<StoredReport | null> {
    return this.one("chat_id = ? AND sha256 = ?", chatId, sha256);
  }

  async getReport(chatId: number, reportId: number): Promise<StoredReport | null> {
    return this.one("chat_id = ? AND id = ?", chatId, reportId);
  }

  async reportBySummaryMessage(chatId: number, messageId: number): Promise<StoredReport | null> {
    return this.one("chat_id = ? AND summary_message_id = ?", chatId, messageId);
  }

  async setSummaryMessage(chatId: number, reportId: number, messageId: number): Promise<void> {
    this.db
      .prepare("UPDATE reports SET summary_message_id = ? WHERE chat_id = ? AND id = ?")
      .run(messageId, chatId, reportId);
  }

  async listReports(chatId: number, limit: number): Promise<ReportRow[]> {
    const rows = this.db
      .prepare(
        `SELECT ${ROW_COLUMNS} FROM reports WHERE chat_id = ? ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      .all(chatId, limit) as ReportRecord[];
    return rows.map(toRow);
  }

  async countReports(chatId: number): Promise<number> {
    return (
      this.db.prepare("SELECT count(*) AS n FROM reports WHERE chat_id = ?").get(chatId) as { n: number }
    ).n;
  }

  async currentReport(chatId: number): Promise<StoredReport | null> {
    const chosen = this.db.prepare("SELECT current_report_id AS id FROM chats WHERE id = ?").get(chatId) as
      | { id: number | null }
      | undefined;
    const report = chosen?.id ? await this.getReport(chatId, chosen.id) : null;
    return report ?? this.one("chat_id = ? ORDER BY created_at DESC, id DESC LIMIT 1", chatId);
  }

  async selectReport(chatId: number, reportId: number): Promise<boolean> {
    if (!(await this.getReport(chatId, reportId))) return false;
    this.db.prepare("UPDATE chats SET current_report_id = ? WHERE id = ?").run(reportId, chatId);
    return true;
  }

  async deleteReport(chatId: number, reportId: number): Promise<boolean> {
    return this.db.transaction(() => {
      const { changes } = this.db
        .prepare("DELETE FROM reports WHERE chat_id = ? AND id = ?")
        .run(chatId, reportId);
      this.db
        .prepare("UPDATE chats SET current_report_id = NULL WHERE id = ? AND current_report_id = ?")
        .run(chatId, reportId);
      return changes > 0;
    })();
  }

  async forgetChat(chatId: number): Promise<ForgetResult> {
    return this.db.transaction(() => {
      const turns = this.db.prepare("DELETE FROM qa_turns WHERE chat_id = ?").run(chatId).changes;
      const reports = this.db.prepare("DELETE FROM reports WHERE chat_id = ?").run(chatId).changes;
      this.db.prepare("DELETE FROM audit_jobs WHERE chat_id = ?").run(chatId);
      this.db.prepare("DELETE FROM chats WHERE id = ?").run(chatId);
      return { reports, turns };
    })();
  }

  async addTurn(chatId: number, reportId: number, userId: number, turn: StoredTurn): Promise<void> {
    this.db
      .prepare(
        "INSERT INTO qa_turns (chat_id, report_id, user_id, question, answer, answerer, at) VALUES (?, ?, ?, ?, ?, ?, ?)",
      )
      .run(chatId, reportId, userId, turn.question, turn.answer, turn.answerer, turn.at);
  }

  async turns(chatId: number, reportId: number, limit: number): Promise<StoredTurn[]> {
    const rows = this.db
      .prepare(
        `SELECT question, answer, answerer, at FROM qa_turns WHERE chat_id = ? AND report_id = ?
         ORDER BY id DESC LIMIT ?`,
      )
      .all(chatId, reportId, limit) as StoredTurn[];
    return rows.reverse();
  }

  async createJob(job: NewJob): Promise<AuditJob> {
    const row = this.db
      .prepare(
        `INSERT INTO audit_jobs (chat_id, user_id, file_id, file_name, file_size, source_message_id,
           progress_message_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      )
      .get(
        job.chatId,
        job.userId,
        job.fileId,
        job.fileName,
        job.fileSize,
        job.sourceMessageId,
        job.progressMessageId ?? null,
        this.iso(),
      ) as JobRecord;
    return toJob(row);
  }

  async setJobDelivery(jobId: number, delivery: JobDelivery): Promise<void> {
    this.db
      .prepare("UPDATE audit_jobs SET delivery_json = ? WHERE id = ?")
      .run(JSON.stringify(delivery), jobId);
  }

  async finishJob(jobId: number, state: Exclude<JobState, "pending">): Promise<void> {
    this.db
      .prepare("UPDATE audit_jobs SET state = ?, finished_at = ? WHERE id = ?")
      .run(state, this.iso(), jobId);
  }

  async pendingJobs(): Promise<AuditJob[]> {
    const rows = this.db
      .prepare("SELECT * FROM audit_jobs WHERE state = 'pending' ORDER BY id")
      .all() as JobRecord[];
    return rows.map(toJob);
  }

  async recordAudit(userId: number, day: string): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO usage_daily (user_id, day, audits) VALUES (?, ?, 1)
         ON CONFLICT (user_id, day) DO UPDATE SET audits = audits + 1`,
      )
      .run(userId, day);
  }

  async auditsOn(day: string, userId?: number): Promise<number> {
    const row =
      userId === undefined
        ? this.db.prepare("SELECT coalesce(sum(audits), 0) AS n FROM usage_daily WHERE day = ?").get(day)
        : this.db
            .prepare("SELECT coalesce(sum(audits), 0) AS n FROM usage_daily WHERE day = ? AND user_id = ?")
            .get(day, userId);
    return (row as { n: number }).n;
  }

  async recordTokens(userId: number, day: string, tokens: number): Promise<void> {
    if (!(tokens > 0)) return;
    this.db
      .prepare(
        `INSERT INTO llm_usage (user_id, day, tokens) VALUES (?, ?, ?)
         ON CONFLICT (user_id, day) DO UPDATE SET tokens = tokens + excluded.tokens`,
      )
      .run(userId, day, Math.round(tokens));
  }

  async tokensOn(day: string, userId?: number): Promise<number> {
    const row =
      userId === undefined
        ? this.db.prepare("SELECT coalesce(sum(tokens), 0) AS n FROM llm_usage WHERE day = ?").get(day)
        : this.db
            .prepare("SELECT coalesce(sum(tokens), 0) AS n FROM llm_usage WHERE day = ? AND user_id = ?")
            .get(day, userId);
    return (row as { n: number }).n;
  }

  async recordCutOff(file: Omit<CutOffFile, "createdAt">): Promise<void> {
    this.db
      .prepare(
        `INSERT INTO cut_off_files (sha256, kind, ms, file_name, created_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (sha256) DO UPDATE SET kind = excluded.kind, ms = excluded.ms`,
      )
      .run(file.sha256, file.kind, Math.round(file.ms), file.fileName, new Date().toISOString());
  }

  async findCutOff(sha256: string): Promise<CutOffFile | null> {
    const row = this.db
      .prepare("SELECT sha256, kind, ms, file_name, created_at FROM cut_off_files WHERE sha256 = ?")
      .get(sha256) as
      | { sha256: string; kind: string; ms: number; file_name: string; created_at: string }
      | undefined;
    if (!row) return null;
    return {
      sha256: row.sha256,
      kind: row.kind === "memory" ? "memory" : "timeout",
      ms: row.ms,
      fileName: row.file_name,
      createdAt: row.created_at,
    };
  }

  async claimUpdate(updateId: number): Promise<boolean> {
    const { changes } = this.db
      .prepare(
        "INSERT INTO processed_updates (update_id, claimed_at) VALUES (?, ?) ON CONFLICT (update_id) DO NOTHING",
      )
      .run(updateId, this.iso());
    return changes > 0;
  }

  async forgetUpdatesBefore(iso: string): Promise<number> {
    return this.db.prepare("DELETE FROM processed_updates WHERE claimed_at < ?").run(iso).changes;
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** Row counts per table (tests, /status). */
  tableCounts(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const t of ["users", "chats", "reports", "qa_turns", "audit_jobs", "usage_daily", "llm_usage"])
      out[t] = (this.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n;
    return out;
  }
}
