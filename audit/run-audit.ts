/**
 * The audit pipeline shared by the CLI and the bot: bytes → document → report model → findings.
 * It never throws for bad input: every failure becomes a status with a Chinese message.
 */
import { createHash } from "node:crypto";
import { analyse } from "../extract/analyse.ts";
import type { Document } from "../extract/document.ts";
import type { LlmExtractor } from "../extract/llm/extractor.ts";
import { type LlmStepResult, runLlmStep } from "../extract/llm/llm-step.ts";
import { readDocument } from "../extract/readers/index.ts";
import type { AuditStatus, ParsedReport } from "../extract/schema.ts";
import { compareFindings, runRules } from "../validate/engine.ts";
import type { AuditResult } from "./result.ts";
import { EMPTY_META, SCHEMA_VERSION } from "./result-constants.ts";

export interface AuditOptions {
  /** Refuse files larger than this (default 20 MB, the Telegram bot download limit). */
  readonly maxBytes?: number;
  /** Upper bound for reading one file. */
  readonly timeoutMs?: number;
  /** Also read the tables with this model and reconcile both readings before the rules run (`--llm`). */
  readonly llm?: LlmExtractor;
  /** Publication date the user gives (ISO), for DEADLINE where the report prints none. */
  readonly givenDate?: string;
}

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const STATUS_MESSAGES: Record<AuditStatus, string> = {
  ok: "已完成审核。",
  not_a_report: "该文件不像政府信息公开工作年度报告：未找到报告标题、六个部分或统一格式的表格，未做审核。",
  no_text_layer: "文件没有可提取的文字层（可能是扫描件），请提供带文字层的 PDF 或 Word 文件。",
  unreadable: "文件无法读取。",
  too_large: "文件过大，无法审核。",
  tables_incomplete: "报告中的统一格式表格缺失或不完整，已审核现有内容；缺失部分未做计算核验。",
};

export function statusMessage(status: AuditStatus): string {
  return STATUS_MESSAGES[status];
}

/** The JSON result for a parsed report (pure: used by the CLI, the bot and the eval). */
export function resultFromReport(
  file: string,
  sha256: string,
  report: ParsedReport,
  status: AuditStatus,
  elapsedMs: number,
  llm?: Pick<LlmStepResult, "findings" | "llm">,
): AuditResult {
  const rules = runRules({ report });
  const summary = rules.summary;
  const findings = llm ? [...rules.findings, ...llm.findings].sort(compareFindings) : rules.findings;
  const result: AuditResult = {
    schemaVersion: SCHEMA_VERSION,
    file,
    status,
    statusMessage: statusMessage(status),
    format: report.format,
    pageCount: report.pageCount,
    sha256,
    meta: {
      issuer: report.meta.issuer,
      reportYear: report.meta.reportYear,
      templateVersion: report.meta.templateVersion,
      publicationDate: report.meta.publicationDate,
      issuerLevel: report.meta.issuerLevel,
      templateEvidence: report.meta.templateEvidence,
      title: report.meta.title,
      fileCreated: report.meta.fileCreated,
      givenDate: report.meta.givenDate,
      portalDate: report.meta.portalDate,
      portalDateQuote: report.meta.portalDateQuote,
    },
    figures: status === "not_a_report" ? {} : report.figures,
    provenance: status === "not_a_report" ? {} : report.provenance,
    findings: status === "not_a_report" ? [] : findings,
    narrative: report.narrative.map((n) => ({
      quote: n.quote,
      value: n.value,
      key: n.key,
      unit: n.unit,
      measure: n.measure,
      section: n.section,
      line: n.line,
    })),
    sections: report.sections.map((s) => ({ no: s.no, heading: s.heading, line: s.line })),
    checks: status === "not_a_report" ? [] : summary,
    elapsedMs,
  };
  if (llm) result.llm = llm.llm;
  if (report.ocr) result.ocr = report.ocr;
  return result;
}

/** The result of a file that was not audited: no figures, no findings, only the status and why. */
export function failedResult(
  file: string,
  sha256: string,
  status: AuditStatus,
  message: string,
  format: string | null,
  elapsedMs: number,
): AuditResult {
  return {
    schemaVersion: SCHEMA_VERSION,
    file,
    status,
    statusMessage: message,
    format: format === "pdf" || format === "docx" || format === "html" || format === "text" ? format : null,
    pageCount: null,
    sha256,
    meta: EMPTY_META,
    figures: {},
    provenance: {},
    findings: [],
    narrative: [],
    sections: [],
    checks: [],
    elapsedMs,
  };
}

/** The report with the user's publication date recorded (the rules read it; the parser never sets it). */
export function withGivenDate(report: ParsedReport, givenDate: string | null): ParsedReport {
  return givenDate === report.meta.givenDate ? report : { ...report, meta: { ...report.meta, givenDate } };
}

/** Stages reported while a file is audited, in order (the bot shows them as progress). */
export type AuditStage = "read" | "tables" | "checked";

export interface DetailedOptions extends AuditOptions {
  readonly onStage?: (stage: AuditStage) => void;
  /**
   * Also return the document read (when the report was parsed), for an LLM step run elsewhere: the
   * CLI's `--llm` reads the file in the capped worker and has the model read it on its own thread.
   */
  readonly keepDocument?: boolean;
  /** OCR is starting page `page` of `pages` (scans and photos only). */
  readonly onOcrPage?: (page: number, pages: number) => void;
}

/** The audit's result together with the parsed report it was computed from (null when unread). */
export interface DetailedAudit {
  readonly result: AuditResult;
  readonly report: ParsedReport | null;
  /** The document the report was parsed from (only with `keepDocument`, and when it was parsed). */
  readonly document?: Document;
}

/**
 * The one audit pipeline (CLI, bot worker, batch): read → analyse → (LLM) → rules. It keeps the
 * parsed report, which batch cross-year linking needs, and reports each stage as it finishes.
 */
export async function auditDetailed(
  bytes: Uint8Array,
  file: string,
  options: DetailedOptions = {},
): Promise<DetailedAudit> {
  const started = performance.now();
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const elapsed = () => Math.round((performance.now() - started) * 10) / 10;
  const read = await readDocument(bytes, {
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    ...(options.onOcrPage ? { onOcrPage: options.onOcrPage } : {}),
  });
  options.onStage?.("read");
  if (!read.ok)
    return {
      result: failedResult(file, sha256, read.status, read.message, read.format, elapsed()),
      report: null,
    };
  try {
    const analysis = analyse(read.document);
    const status = analysis.status;
    const report = withGivenDate(analysis.report, options.givenDate ?? null);
    options.onStage?.("tables");
    let detailed: DetailedAudit;
    if (options.llm === undefined) {
      detailed = {
        result: resultFromReport(file, sha256, report, status, elapsed()),
        report,
        ...(options.keepDocument ? { document: read.document } : {}),
      };
    } else {
      // The LLM step never throws; the rules run on the reconciled reading.
      const step = await runLlmStep(options.llm, { report, document: read.document, status });
      detailed = {
        result: resultFromReport(file, sha256, step.report, status, elapsed(), step),
        report: step.report,
      };
    }
    options.onStage?.("checked");
    return detailed;
  } catch (error) {
    // A bug in the parser must not lose the file: say so plainly, keep the details for the log.
    const reason = error instanceof Error ? error.message : String(error);
    const message = `审核程序内部错误，未能完成审核（${reason}）。`;
    return {
      result: failedResult(file, sha256, "unreadable", message, read.document.format, elapsed()),
      report: null,
    };
  }
}

/**
 * The LLM step over an audit already read and parsed (elsewhere: in the capped worker, with
 * `keepDocument`): the model reads the document's tables, both readings are reconciled and the rules
 * run again on the result, exactly as `auditDetailed` does with `llm`. A file that was not parsed
 * (no report or no document) is returned as it is, as `auditDetailed` never asks the model about it.
 */
export async function withLlmReading(parsed: DetailedAudit, llm: LlmExtractor): Promise<DetailedAudit> {
  const { result, report, document } = parsed;
  if (report === null || document === undefined) return { result, report };
  const started = performance.now();
  const step = await runLlmStep(llm, { report, document, status: result.status });
  const elapsedMs = Math.round((result.elapsedMs + performance.now() - started) * 10) / 10;
  return {
    result: resultFromReport(result.file, result.sha256, step.report, result.status, elapsedMs, step),
    report: step.report,
  };
}

/** Audit one file's bytes. `file` is the name to report (as given on the command line). */
export async function auditBytes(
  bytes: Uint8Array,
  file: string,
  options: AuditOptions = {},
): Promise<AuditResult> {
  return (await auditDetailed(bytes, file, options)).result;
}
