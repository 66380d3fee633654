/**
 * Cross-year checks on a chat's stored reports (rules.md §6.2): reports of one issuer (the same
 * normalised name, audit/issuer-key.ts) for years Y−1 and Y meet in a chat, in either order. When Y
 * arrives after Y−1, Y's rules run with Y−1 as `previous` before it is stored; when Y−1 arrives after
 * Y, the stored Y is checked again and updated. Only reports whose parsed reading was kept take part
 * (reports stored by an older version are skipped: re-sending the file brings them in).
 */
import { issuerKey } from "../../audit/issuer-key.ts";
import { rerunRules } from "../../audit/rerun.ts";
import type { AuditResult, ResultFinding } from "../../audit/result.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { NewReport, ReportRow, ReportStore, StoredReport } from "../../store/report-store.ts";
import { rules } from "../../validate/rules/index.ts";

/** How many of the chat's newest reports are looked through for the other years. */
const SCANNED = 200;

/** Ids of the rules that need last year's report. */
export const CROSS_YEAR_RULES: ReadonlySet<string> = new Set(
  rules.filter((r) => r.meta.crossYear).map((r) => r.meta.id),
);

/** A stored report of the same issuer for another year, with its kept reading. */
export interface YearReport {
  readonly row: ReportRow;
  readonly parsed: ParsedReport;
}

/** What storing (or re-checking) a report did across years. */
export interface YearLinks {
  readonly stored: StoredReport;
  /** The Y−1 report its cross-year rules ran against, if the chat has it. */
  readonly previous: ReportRow | null;
  /** The Y+1 report that was checked again with this one as its last year, and its cross-year findings. */
  readonly next: { readonly row: ReportRow; readonly findings: ResultFinding[] } | null;
}

/** The chat's report of the same issuer for `year` (the newest such, other than `exceptId`), with its reading. */
async function reportOfYear(
  store: ReportStore,
  chatId: number,
  issuer: string | null,
  year: number | null,
  exceptSha: string,
): Promise<YearReport | null> {
  const key = issuerKey(issuer);
  if (key === null || year === null) return null;
  const rows = await store.listReports(chatId, SCANNED);
  for (const row of rows) {
    if (row.sha256 === exceptSha || row.reportYear !== year || issuerKey(row.issuer) !== key) continue;
    const parsed = await store.parsedReport(chatId, row.id);
    if (parsed) return { row, parsed };
  }
  return null;
}

/** The result of `parsed` with the rules run against the chat's Y−1 report, when there is one. */
async function withLastYear(
  store: ReportStore,
  chatId: number,
  result: AuditResult,
  parsed: ParsedReport,
): Promise<{ result: AuditResult; previous: ReportRow | null }> {
  const year = result.meta.reportYear;
  const previous = await reportOfYear(
    store,
    chatId,
    result.meta.issuer,
    year === null ? null : year - 1,
    result.sha256,
  );
  if (previous === null) return { result, previous: null };
  return { result: rerunRules(result, parsed, previous.parsed), previous: previous.row };
}

/** Check the chat's Y+1 report again with `parsed` (year Y) as its last year; store the new result. */
async function recheckNextYear(
  store: ReportStore,
  chatId: number,
  result: AuditResult,
  parsed: ParsedReport,
): Promise<YearLinks["next"]> {
  const year = result.meta.reportYear;
  const next = await reportOfYear(
    store,
    chatId,
    result.meta.issuer,
    year === null ? null : year + 1,
    result.sha256,
  );
  if (next === null) return null;
  const stored = await store.getReport(chatId, next.row.id);
  if (stored === null) return null;
  const updated = rerunRules(stored.result, next.parsed, parsed);
  await store.updateResult(chatId, next.row.id, updated, next.parsed);
  return { row: next.row, findings: updated.findings.filter((f) => CROSS_YEAR_RULES.has(f.rule)) };
}

/**
 * Store a fresh audit linked to the chat's other years of the same issuer. Without a reading (a file
 * that was not read) it is stored as it is.
 */
export async function saveWithYears(store: ReportStore, report: NewReport): Promise<YearLinks> {
  const parsed = report.parsed ?? null;
  if (parsed === null) return { stored: await store.saveReport(report), previous: null, next: null };
  const { result, previous } = await withLastYear(store, report.chatId, report.result, parsed);
  const stored = await store.saveReport({ ...report, result, parsed });
  const next = await recheckNextYear(store, report.chatId, result, parsed);
  return { stored, previous, next };
}

/**
 * Run the rules of a stored report again after its reading changed (the user gave a publication
 * date), with the chat's Y−1 report as before; null when no reading was kept for it.
 */
export async function recheckStored(
  store: ReportStore,
  chatId: number,
  reportId: number,
  change: (parsed: ParsedReport) => ParsedReport,
): Promise<YearLinks | null> {
  const stored = await store.getReport(chatId, reportId);
  const kept = stored === null ? null : await store.parsedReport(chatId, reportId);
  if (stored === null || kept === null) return null;
  const parsed = change(kept);
  const { result, previous } = await withLastYear(store, chatId, rerunRules(stored.result, parsed), parsed);
  await store.updateResult(chatId, reportId, result, parsed);
  const updated = await store.getReport(chatId, reportId);
  if (updated === null) return null;
  return { stored: updated, previous, next: null };
}
