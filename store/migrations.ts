/**
 * Schema migrations of the SQLite store, applied in order; `PRAGMA user_version` records the last one.
 * Append new migrations; never edit one that has shipped.
 */
export interface Migration {
  readonly version: number;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE users (
        id INTEGER PRIMARY KEY,
        first_name TEXT,
        username TEXT,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      CREATE TABLE chats (
        id INTEGER PRIMARY KEY,
        type TEXT NOT NULL,
        title TEXT,
        current_report_id INTEGER,
        first_seen TEXT NOT NULL,
        last_seen TEXT NOT NULL
      );
      CREATE TABLE reports (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        sha256 TEXT NOT NULL,
        file_name TEXT NOT NULL,
        issuer TEXT,
        report_year INTEGER,
        template_version TEXT,
        status TEXT NOT NULL,
        errors INTEGER NOT NULL,
        warnings INTEGER NOT NULL,
        notices INTEGER NOT NULL,
        result_json TEXT NOT NULL,
        summary_message_id INTEGER,
        created_at TEXT NOT NULL,
        UNIQUE (chat_id, sha256)
      );
      CREATE INDEX reports_chat ON reports (chat_id, created_at);
      CREATE TABLE qa_turns (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        report_id INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
        user_id INTEGER NOT NULL,
        question TEXT NOT NULL,
        answer TEXT NOT NULL,
        answerer TEXT NOT NULL,
        at TEXT NOT NULL
      );
      CREATE INDEX qa_turns_report ON qa_turns (report_id, id);
      CREATE TABLE audit_jobs (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        chat_id INTEGER NOT NULL,
        user_id INTEGER NOT NULL,
        file_id TEXT NOT NULL,
        file_name TEXT NOT NULL,
        file_size INTEGER,
        source_message_id INTEGER NOT NULL,
        progress_message_id INTEGER,
        state TEXT NOT NULL DEFAULT 'pending',
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX audit_jobs_state ON audit_jobs (state);
      CREATE TABLE usage_daily (
        user_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        audits INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, day)
      );
    `,
  },
  {
    // The parsed report (figures, sections, text) beside the result, so that the rules can be run
    // again later: the cross-year rules when the other year arrives, DEADLINE when a date is given.
    version: 2,
    sql: "ALTER TABLE reports ADD COLUMN parsed_json TEXT;",
  },
  {
    // LLM tokens per user and China day (extraction and questions), for NIANBAO_LLM_DAILY_TOKENS.
    version: 3,
    sql: `
      CREATE TABLE llm_usage (
        user_id INTEGER NOT NULL,
        day TEXT NOT NULL,
        tokens INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (user_id, day)
      );
    `,
  },
  {
    // Files whose audit was cut off (time or memory cap), by hash: sent again, they are answered from
    // here instead of stalling a worker once more.
    version: 4,
    sql: `
      CREATE TABLE cut_off_files (
        sha256 TEXT PRIMARY KEY,
        kind TEXT NOT NULL,
        ms INTEGER NOT NULL,
        file_name TEXT NOT NULL,
        created_at TEXT NOT NULL
      );
    `,
  },
];
