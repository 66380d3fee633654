/**
 * Rows as both stores read them (snake_case columns) and their mapping to the ReportStore types: one
 * definition for SQLite and Postgres, which differ only in how the result JSON comes back (text or jsonb).
 */
import type { AuditResult } from "../audit/result.ts";
import type { AuditJob, JobDelivery, JobState, ReportRow } from "./report-store.ts";

/** A `reports` row; `Json` is how the driver returns result_json (SQLite: text, Postgres: parsed jsonb). */
export interface ReportRecord<Json> {
  id: number;
  chat_id: number;
  user_id: number;
  sha256: string;
  file_name: string;
  issuer: string | null;
  report_year: number | null;
  status: string;
  errors: number;
  warnings: number;
  notices: number;
  created_at: string;
  result_json?: Json;
  summary_message_id?: number | null;
}

export interface JobRecord {
  id: number;
  chat_id: number;
  user_id: number;
  file_id: string;
  file_name: string;
  file_size: number | null;
  source_message_id: number;
  progress_message_id: number | null;
  state: string;
  created_at: string;
  /** SQLite: text; Postgres: parsed jsonb. */
  delivery_json?: string | JobDelivery | null;
}

/** The columns of a /history line. */
export const ROW_COLUMNS =
  "id, chat_id, user_id, sha256, file_name, issuer, report_year, status, errors, warnings, notices, created_at";

export function toRow(r: ReportRecord<unknown>): ReportRow {
  return {
    id: r.id,
    chatId: r.chat_id,
    userId: r.user_id,
    sha256: r.sha256,
    fileName: r.file_name,
    issuer: r.issuer,
    reportYear: r.report_year,
    status: r.status as ReportRow["status"],
    errors: r.errors,
    warnings: r.warnings,
    notices: r.notices,
    createdAt: r.created_at,
  };
}

export function toJob(r: JobRecord): AuditJob {
  return {
    id: r.id,
    chatId: r.chat_id,
    userId: r.user_id,
    fileId: r.file_id,
    fileName: r.file_name,
    fileSize: r.file_size,
    sourceMessageId: r.source_message_id,
    progressMessageId: r.progress_message_id,
    state: r.state as JobState,
    createdAt: r.created_at,
    delivery:
      typeof r.delivery_json === "string"
        ? (JSON.parse(r.delivery_json) as JobDelivery)
        : (r.delivery_json ?? null),
  };
}

/** The finding counts kept as columns (for /history without parsing the results): errors, warnings, notices. */
export function findingCounts(r: AuditResult): [number, number, number] {
  const count = (s: string) => r.findings.filter((f) => f.severity === s).length;
  return [count("error"), count("warning"), count("notice")];
}
