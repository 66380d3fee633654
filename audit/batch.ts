/**
 * Batch audit: many files (or ZIP archives of them) → one result per report, the members that could
 * not be audited, and cross-year links. Reports of the same issuer (audit/issuer-key.ts) for years Y−1
 * and Y are linked, and the rules are run again for Y with Y−1's ParsedReport as `previous`, so that
 * the cross-year rules (XY-CARRY, T2-VALID-XY, T2-2019-ITEMS, XY-PROBLEMS) run. A bad member never
 * aborts the batch. The single-file path (auditBytes) is untouched; this module mirrors it without
 * the LLM step.
 */
import { listZipEntries } from "../extract/readers/zip.ts";
import type { ParsedReport } from "../extract/schema.ts";
import { type ArchiveLimits, DEFAULT_ARCHIVE_LIMITS, readArchive } from "./archive.ts";
import { type Auditor, inProcessAuditor } from "./auditor.ts";
import { issuerKey } from "./issuer-key.ts";
import { rerunRules } from "./rerun.ts";
import type { AuditResult } from "./result.ts";

export type BatchSource =
  | {
      /** Name to report (path as given, or "archive.zip/member"). */
      readonly name: string;
      readonly bytes: Uint8Array;
    }
  | {
      readonly name: string;
      /** Read when its turn comes, so that a batch holds one file (or one archive) at a time. */
      readonly load: () => Promise<Uint8Array>;
    };

export interface BatchOptions {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
  readonly archiveLimits?: ArchiveLimits;
  /** Runs each file (default: in this thread; the CLI isolates each in a worker with time and heap caps). */
  readonly auditor?: Auditor;
  /** Called after each file (progress on stderr). */
  readonly onResult?: (entry: BatchEntry, done: number) => void;
}

export interface BatchEntry {
  readonly result: AuditResult;
  /** File name of the same issuer's Y−1 report the cross-year rules were run against, if any. */
  readonly previousFile: string | null;
}

/** A file or archive member that was not audited, or an archive refused as a whole. */
export interface BatchProblem {
  readonly name: string;
  /** Chinese, for people. */
  readonly message: string;
  /** The whole archive was refused (zip bomb, path traversal…). */
  readonly archiveRefused?: boolean;
}

export interface BatchResult {
  /** One per audited file, in input order (archive members in archive order). */
  readonly entries: BatchEntry[];
  readonly problems: BatchProblem[];
  readonly elapsedMs: number;
}

const NOT_AUDITED: ReadonlySet<AuditResult["status"]> = new Set([
  "unreadable",
  "no_text_layer",
  "too_large",
  "not_a_report",
]);

function isArchive(bytes: Uint8Array): boolean {
  if (!(bytes[0] === 0x50 && bytes[1] === 0x4b)) return false;
  const entries = listZipEntries(bytes);
  // A DOCX (or a cut-off ZIP the reader will explain) goes to the reader as a single file.
  return entries !== null && !entries.some((e) => e.name === "word/document.xml");
}

interface Audited {
  readonly result: AuditResult;
  readonly report: ParsedReport | null;
}

/**
 * Cross-year links among reports audited together (a batch, or several files on one command line):
 * reports of one issuer (audit/issuer-key.ts) for Y−1 and Y are linked and Y's rules run again with
 * Y−1 as `previous`. The first report of a year (input order) stands for that issuer and year.
 * Returns one entry per input, in input order.
 */
export function linkYears(audited: readonly Audited[]): BatchEntry[] {
  const byIssuer = new Map<string, Map<number, Audited>>();
  for (const a of audited) {
    const key = issuerKey(a.result.meta.issuer);
    const year = a.result.meta.reportYear;
    if (a.report === null || key === null || year === null || NOT_AUDITED.has(a.result.status)) continue;
    const years = byIssuer.get(key) ?? new Map<number, Audited>();
    if (!years.has(year)) years.set(year, a);
    byIssuer.set(key, years);
  }
  return audited.map((a) => {
    const key = issuerKey(a.result.meta.issuer);
    const year = a.result.meta.reportYear;
    const prev = key === null || year === null ? undefined : byIssuer.get(key)?.get(year - 1);
    return prev !== undefined &&
      a.report !== null &&
      prev.report !== null &&
      !NOT_AUDITED.has(a.result.status)
      ? { result: rerunRules(a.result, a.report, prev.report), previousFile: prev.result.file }
      : { result: a.result, previousFile: null };
  });
}

/** auditBytes without the LLM step, keeping the ParsedReport for cross-year linking. */
async function auditOne(
  source: { readonly name: string; readonly bytes: Uint8Array },
  options: BatchOptions,
): Promise<Audited> {
  return (options.auditor ?? inProcessAuditor)(source.bytes, source.name, {
    ...(options.maxBytes !== undefined ? { maxBytes: options.maxBytes } : {}),
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
  });
}

/** A source's files: an archive's members, or the source itself. Loaded only now. */
async function expandSource(
  source: BatchSource,
  limits: ArchiveLimits,
): Promise<{
  files: Array<{ readonly name: string; readonly bytes: Uint8Array }>;
  problems: BatchProblem[];
}> {
  const bytes = "bytes" in source ? source.bytes : await source.load();
  if (!isArchive(bytes)) return { files: [{ name: source.name, bytes }], problems: [] };
  const archive = await readArchive(bytes, source.name, limits);
  if (!archive.ok)
    return { files: [], problems: [{ name: source.name, message: archive.message, archiveRefused: true }] };
  return { files: archive.members, problems: archive.skipped };
}

export async function auditBatch(
  sources: readonly BatchSource[],
  options: BatchOptions = {},
): Promise<BatchResult> {
  const started = performance.now();
  const problems: BatchProblem[] = [];
  const audited: Audited[] = [];
  const bySha = new Map<string, string>();
  // One source at a time: its bytes (or an archive's members) are dropped before the next is read.
  for (const source of sources) {
    let expanded: Awaited<ReturnType<typeof expandSource>>;
    try {
      expanded = await expandSource(source, options.archiveLimits ?? DEFAULT_ARCHIVE_LIMITS);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      problems.push({ name: source.name, message: `文件无法读取（${reason}）。` });
      continue;
    }
    problems.push(...expanded.problems);
    for (const file of expanded.files) {
      const one = await auditOne(file, options);
      const twin = bySha.get(one.result.sha256);
      if (twin !== undefined) {
        problems.push({ name: file.name, message: `与「${twin}」内容完全相同，已跳过。` });
        continue;
      }
      bySha.set(one.result.sha256, file.name);
      audited.push(one);
      if (NOT_AUDITED.has(one.result.status))
        problems.push({ name: file.name, message: one.result.statusMessage });
    }
  }

  const entries = linkYears(audited);
  for (const [i, entry] of entries.entries()) options.onResult?.(entry, i + 1);
  return { entries, problems, elapsedMs: Math.round(performance.now() - started) };
}
