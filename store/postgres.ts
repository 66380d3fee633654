/**
 * The Postgres implementation of ReportStore (node-postgres, one Pool per store). Selected by
 * NIANBAO_DATABASE_URL=postgres://… (store/open.ts); SQLite stays the default. Same migrations as SQLite
 * (store/migrations.ts, the `postgres` dialect of each), JSONB for the JSON kept, transactions where
 * the SQLite store uses them. Several processes (bot instances, workers) may share one database.
 */
import pg from "pg";
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

type ReportRecord = RecordOf<unknown>;

/** Any Postgres connection string (postgres:// or postgresql://). */
export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//i.test(url);
}

const INT8 = 20;
const NUMERIC = 1700;
/**
 * BIGINT and NUMERIC come back as JS numbers: Telegram ids, row ids and counts all stay below 2^53
 * (an id above it throws rather than being silently rounded).
 */
const types = {
  getTypeParser(oid: number, format?: "text" | "binary") {
    if (oid === INT8 || oid === NUMERIC)
      return (value: string) => {
        const n = Number(value);
        if (!Number.isSafeInteger(n) && oid === INT8) throw new Error(`integer ${value} is beyond 2^53`);
        return n;
      };
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/**
 * Postgres text and JSONB cannot hold U+0000 (SQLite can); a NUL inside a stored string (a file name,
 * a hostile file's text in the parsed report) becomes U+FFFD instead of failing the insert.
 */
function clean<T>(value: T): T {
  return (typeof value === "string" ? value.replaceAll("\u0000", "\uFFFD") : value) as T;
}

function json(value: unknown): string {
  return JSON.stringify(value, (_k, v) => clean(v));
}

function toReport(r: ReportRecord): StoredReport {
  return {
    ...toRow(r),
    result: AuditResult.parse(r.result_json ?? null),
    summaryMessageId: r.summary_message_id ?? null,
  };
}

/** Key of the advisory lock that serialises migrations between processes starting at once. */
const MIGRATION_LOCK = 0x6e69616e; // "nian"

/**
 * Apply the migrations the database has not seen yet (up to `upTo`, default all), each in its own
 * transaction, under an advisory lock so that instances starting together migrate once. Returns the
 * schema version.
 */
export async function migratePostgres(
  pool: pg.Pool,
  upTo: number = MIGRATIONS.at(-1)?.version ?? 0,
): Promise<number> {
  const client = await pool.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK]);
    try {
      await client.query(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)",
      );
      const done = await client.query<{ v: number }>(
        "SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations",
      );
      const current = done.rows[0]?.v ?? 0;
      for (const m of MIGRATIONS) {
        if (m.version <= current || m.version > upTo) continue;
        await client.query("BEGIN");
        try {
          await client.query(m.postgres);
          await client.query("INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)", [
            m.version,
            new Date().toISOString(),
          ]);
          await client.query("COMMIT");
        } catch (error) {
          await client.query("ROLLBACK");
          throw error;
        }
      }
      const after = await client.query<{ v: number }>(
        "SELECT coalesce(max(version), 0)::int AS v FROM schema_migrations",
      );
      return after.rows[0]?.v ?? 0;
    } finally {
      await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK]);
    }
  } finally {
    client.release();
  }
}

export interface PostgresStoreOptions {
  readonly now?: () => Date;
  /** Pool size per process (default 10). */
  readonly maxConnections?: number;
}

type Queryable = Pick<pg.Pool, "query"> | pg.PoolClient;

export class PostgresReportStore implements ReportStore {
  private closed = false;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly now: () => Date,
  ) {}

  /** Connect to `url`, apply pending migrations, return the store. */
  static async open(url: string, options: PostgresStoreOptions = {}): Promise<PostgresReportStore> {
    const pool = new pg.Pool({ connectionString: url, max: options.maxConnections ?? 10, types });
    // An idle client losing its connection (server restart) must not crash the process; the pool
    // drops it and the next query opens a new one.
    pool.on("error", () => {});
    try {
      await migratePostgres(pool);
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresReportStore(pool, options.now ?? (() => new Date()));
  }

  private iso(): string {
    return this.now().toISOString();
  }

  private async rows<T extends pg.QueryResultRow>(
    sql: string,
    params: unknown[] = [],
    db: Queryable = this.pool,
  ): Promise<T[]> {
    return (await db.query<T>(sql, params.map(clean))).rows;
  }

  private async exec(sql: string, params: unknown[] = [], db: Queryable = this.pool): Promise<number> {
    return (await db.query(sql, params.map(clean))).rowCount ?? 0;
  }

  /** Run `fn` in one transaction on one pooled connection. */
  private async tx<T>(fn: (db: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query("BEGIN");
      const out = await fn(client);
      await client.query("COMMIT");
      return out;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => {});
      throw error;
    } finally {
      client.release();
    }
  }

  async touch(user: UserRef, chat: ChatRef): Promise<void> {
    const at = this.iso();
    await this.exec(
      `INSERT INTO users (id, first_name, username, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (id) DO UPDATE SET first_name = excluded.first_name, username = excluded.username,
       last_seen = excluded.last_seen`,
      [user.id, user.firstName ?? null, user.username ?? null, at],
    );
    await this.exec(
      `INSERT INTO chats (id, type, title, first_seen, last_seen) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (id) DO UPDATE SET type = excluded.type, title = excluded.title, last_seen = excluded.last_seen`,
      [chat.id, chat.type, chat.title ?? null, at],
    );
  }

  async saveReport(report: NewReport): Promise<StoredReport> {
    const r = report.result;
    const id = await this.tx(async (db) => {
      const at = this.iso();
      await this.exec(
        `INSERT INTO chats (id, type, first_seen, last_seen) VALUES ($1, 'unknown', $2, $2) ON CONFLICT (id) DO NOTHING`,
        [report.chatId, at],
        db,
      );
      const [row] = await this.rows<{ id: number }>(
        `INSERT INTO reports (chat_id, user_id, sha256, file_name, issuer, report_year, template_version, status,
           errors, warnings, notices, result_json, parsed_json, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13::jsonb, $14)
         ON CONFLICT (chat_id, sha256) DO UPDATE SET user_id = excluded.user_id, file_name = excluded.file_name,
           issuer = excluded.issuer, report_year = excluded.report_year,
           template_version = excluded.template_version, status = excluded.status, errors = excluded.errors,
           warnings = excluded.warnings, notices = excluded.notices, result_json = excluded.result_json,
           parsed_json = excluded.parsed_json, created_at = excluded.created_at
         RETURNING id`,
        [
          report.chatId,
          report.userId,
          r.sha256,
          report.fileName,
          r.meta.issuer,
          r.meta.reportYear,
          r.meta.templateVersion,
          r.status,
          ...findingCounts(r),
          json(r),
          report.parsed ? json(report.parsed) : null,
          this.iso(),
        ],
        db,
      );
      if (!row) throw new Error("INSERT … RETURNING gave no row");
      await this.exec("UPDATE chats SET current_report_id = $1 WHERE id = $2", [row.id, report.chatId], db);
      return row.id;
    });
    const saved = await this.getReport(report.chatId, id);
    if (!saved) throw new Error(`report ${id} vanished after insert`);
    return saved;
  }

  private async one(where: string, params: unknown[]): Promise<StoredReport | null> {
    const [r] = await this.rows<ReportRecord>(
      `SELECT ${ROW_COLUMNS}, result_json, summary_message_id FROM reports WHERE ${where}`,
      params,
    );
    return r ? toReport(r) : null;
  }

  async parsedReport(chatId: number, reportId: number): Promise<ParsedReport | null> {
    const [row] = await this.rows<{ parsed_json: unknown }>(
      "SELECT parsed_json FROM reports WHERE chat_id = $1 AND id = $2",
      [chatId, reportId],
    );
    if (!row?.parsed_json) return null;
    const parsed = ParsedReport.safeParse(row.parsed_json);
    return parsed.success ? parsed.data : null;
  }

  async updateResult(
    chatId: number,
    reportId: number,
    result: AuditResult,
    parsed: ParsedReport,
  ): Promise<void> {
    await this.exec(
      `UPDATE reports SET errors = $1, warnings = $2, notices = $3, result_json = $4::jsonb, parsed_json = $5::jsonb
       WHERE chat_id = $6 AND id = $7`,
      [...findingCounts(result), json(result), json(parsed), chatId, reportId],
    );
  }

  async findByHash(chatId: number, sha256: string): Promise<StoredReport | null> {
    return this.one("chat_id = $1 AND sha256 = $2", [chatId, sha256]);
  }

  async getReport(chatId: number, reportId: number): Promise<StoredReport | null> {
    return this.one("chat_id = $1 AND id = $2", [chatId, reportId]);
  }

  async reportBySummaryMessage(chatId: number, messageId: number): Promise<StoredReport | null> {
    return this.one("chat_id = $1 AND summary_message_id = $2", [chatId, messageId]);
  }

  async setSummaryMessage(chatId: number, reportId: number, messageId: number): Promise<void> {
    await this.exec("UPDATE reports SET summary_message_id = $1 WHERE chat_id = $2 AND id = $3", [
      messageId,
      chatId,
      reportId,
    ]);
  }

  async listReports(chatId: number, limit: number): Promise<ReportRow[]> {
    const rows = await this.rows<ReportRecord>(
      `SELECT ${ROW_COLUMNS} FROM reports WHERE chat_id = $1 ORDER BY created_at DESC, id DESC LIMIT $2`,
      [chatId, limit],
    );
    return rows.map(toRow);
  }

  async countReports(chatId: number): Promise<number> {
    const [row] = await this.rows<{ n: number }>("SELECT count(*) AS n FROM reports WHERE chat_id = $1", [
      chatId,
    ]);
    return row?.n ?? 0;
  }

  async currentReport(chatId: number): Promise<StoredReport | null> {
    const [chosen] = await this.rows<{ id: number | null }>(
      "SELECT current_report_id AS id FROM chats WHERE id = $1",
      [chatId],
    );
    const report = chosen?.id ? await this.getReport(chatId, chosen.id) : null;
    return report ?? this.one("chat_id = $1 ORDER BY created_at DESC, id DESC LIMIT 1", [chatId]);
  }

  async selectReport(chatId: number, reportId: number): Promise<boolean> {
    // One statement: the report must exist in this chat for the chat's choice to change.
    const changed = await this.exec(
      `UPDATE chats SET current_report_id = $2 WHERE id = $1
       AND EXISTS (SELECT 1 FROM reports WHERE chat_id = $1 AND id = $2)`,
      [chatId, reportId],
    );
    if (changed > 0) return true;
    return (await this.getReport(chatId, reportId)) !== null; // exists, but the chat row does not
  }

  async deleteReport(chatId: number, reportId: number): Promise<boolean> {
    return this.tx(async (db) => {
      const changes = await this.exec(
        "DELETE FROM reports WHERE chat_id = $1 AND id = $2",
        [chatId, reportId],
        db,
      );
      await this.exec(
        "UPDATE chats SET current_report_id = NULL WHERE id = $1 AND current_report_id = $2",
        [chatId, reportId],
        db,
      );
      return changes > 0;
    });
  }

  async forgetChat(chatId: number): Promise<ForgetResult> {
    return this.tx(async (db) => {
      const turns = await this.exec("DELETE FROM qa_turns WHERE chat_id = $1", [chatId], db);
      const reports = await this.exec("DELETE FROM reports WHERE chat_id = $1", [chatId], db);
      await this.exec("DELETE FROM audit_jobs WHERE chat_id = $1", [chatId], db);
      await this.exec("DELETE FROM chats WHERE id = $1", [chatId], db);
      return { reports, turns };
    });
  }

  async addTurn(chatId: number, reportId: number, userId: number, turn: StoredTurn): Promise<void> {
    await this.exec(
      "INSERT INTO qa_turns (chat_id, report_id, user_id, question, answer, answerer, at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      [chatId, reportId, userId, turn.question, turn.answer, turn.answerer, turn.at],
    );
  }

  async turns(chatId: number, reportId: number, limit: number): Promise<StoredTurn[]> {
    const rows = await this.rows<StoredTurn>(
      `SELECT question, answer, answerer, at FROM qa_turns WHERE chat_id = $1 AND report_id = $2
       ORDER BY id DESC LIMIT $3`,
      [chatId, reportId, limit],
    );
    return rows.reverse();
  }

  async createJob(job: NewJob): Promise<AuditJob> {
    const [row] = await this.rows<JobRecord>(
      `INSERT INTO audit_jobs (chat_id, user_id, file_id, file_name, file_size, source_message_id,
         progress_message_id, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
      [
        job.chatId,
        job.userId,
        job.fileId,
        job.fileName,
        job.fileSize,
        job.sourceMessageId,
        job.progressMessageId ?? null,
        this.iso(),
      ],
    );
    if (!row) throw new Error("INSERT … RETURNING gave no row");
    return toJob(row);
  }

  async setJobDelivery(jobId: number, delivery: JobDelivery): Promise<void> {
    await this.exec("UPDATE audit_jobs SET delivery_json = $1 WHERE id = $2", [
      JSON.stringify(delivery),
      jobId,
    ]);
  }

  async finishJob(jobId: number, state: Exclude<JobState, "pending">): Promise<void> {
    await this.exec("UPDATE audit_jobs SET state = $1, finished_at = $2 WHERE id = $3", [
      state,
      this.iso(),
      jobId,
    ]);
  }

  async pendingJobs(): Promise<AuditJob[]> {
    const rows = await this.rows<JobRecord>("SELECT * FROM audit_jobs WHERE state = 'pending' ORDER BY id");
    return rows.map(toJob);
  }

  async recordAudit(userId: number, day: string): Promise<void> {
    await this.exec(
      `INSERT INTO usage_daily (user_id, day, audits) VALUES ($1, $2, 1)
       ON CONFLICT (user_id, day) DO UPDATE SET audits = usage_daily.audits + 1`,
      [userId, day],
    );
  }

  async auditsOn(day: string, userId?: number): Promise<number> {
    const [row] =
      userId === undefined
        ? await this.rows<{ n: number }>(
            "SELECT coalesce(sum(audits), 0) AS n FROM usage_daily WHERE day = $1",
            [day],
          )
        : await this.rows<{ n: number }>(
            "SELECT coalesce(sum(audits), 0) AS n FROM usage_daily WHERE day = $1 AND user_id = $2",
            [day, userId],
          );
    return row?.n ?? 0;
  }

  async recordTokens(userId: number, day: string, tokens: number): Promise<void> {
    if (!(tokens > 0)) return;
    await this.exec(
      `INSERT INTO llm_usage (user_id, day, tokens) VALUES ($1, $2, $3)
       ON CONFLICT (user_id, day) DO UPDATE SET tokens = llm_usage.tokens + excluded.tokens`,
      [userId, day, Math.round(tokens)],
    );
  }

  async tokensOn(day: string, userId?: number): Promise<number> {
    const [row] =
      userId === undefined
        ? await this.rows<{ n: number }>(
            "SELECT coalesce(sum(tokens), 0) AS n FROM llm_usage WHERE day = $1",
            [day],
          )
        : await this.rows<{ n: number }>(
            "SELECT coalesce(sum(tokens), 0) AS n FROM llm_usage WHERE day = $1 AND user_id = $2",
            [day, userId],
          );
    return row?.n ?? 0;
  }

  async recordCutOff(file: Omit<CutOffFile, "createdAt">): Promise<void> {
    await this.exec(
      `INSERT INTO cut_off_files (sha256, kind, ms, file_name, created_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (sha256) DO UPDATE SET kind = excluded.kind, ms = excluded.ms`,
      [file.sha256, file.kind, Math.round(file.ms), file.fileName, new Date().toISOString()],
    );
  }

  async findCutOff(sha256: string): Promise<CutOffFile | null> {
    const [row] = await this.rows<{
      sha256: string;
      kind: string;
      ms: number;
      file_name: string;
      created_at: string;
    }>("SELECT sha256, kind, ms, file_name, created_at FROM cut_off_files WHERE sha256 = $1", [sha256]);
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
    const claimed = await this.exec(
      "INSERT INTO processed_updates (update_id, claimed_at) VALUES ($1, $2) ON CONFLICT (update_id) DO NOTHING",
      [updateId, this.iso()],
    );
    return claimed > 0;
  }

  async forgetUpdatesBefore(iso: string): Promise<number> {
    return this.exec("DELETE FROM processed_updates WHERE claimed_at < $1", [iso]);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** Row counts per table (tests, /status). */
  async tableCounts(): Promise<Record<string, number>> {
    const out: Record<string, number> = {};
    for (const t of ["users", "chats", "reports", "qa_turns", "audit_jobs", "usage_daily", "llm_usage"]) {
      const [row] = await this.rows<{ n: number }>(`SELECT count(*) AS n FROM ${t}`);
      out[t] = row?.n ?? 0;
    }
    return out;
  }
}
