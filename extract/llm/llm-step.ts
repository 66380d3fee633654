/**
 * The optional LLM step of the audit pipeline, between parsing and the rules: read the report with the
 * model, reconcile the two readings, and describe what happened (the `llm` object and notices).
 * Never throws: a failed call leaves the parser's reading untouched, with an LLM-* notice.
 */
import type { Document } from "../document.ts";
import type { AuditStatus, ParsedReport } from "../schema.ts";
import { LlmOutputError } from "./errors/llm-output-error.ts";
import { LlmUnavailableError } from "./errors/llm-unavailable-error.ts";
import type { LlmExtractor } from "./extractor.ts";
import { disagreementFinding, invalidFinding, type LlmFinding, unavailableFinding } from "./notices.ts";
import { reconcile } from "./reconcile.ts";
import type { LlmStatus } from "./status.ts";
import { type LlmUsage, NO_USAGE } from "./usage.ts";

export interface LlmStepResult {
  /** The reconciled report (the parser's, unchanged, unless status is ok). */
  readonly report: ParsedReport;
  readonly findings: readonly LlmFinding[];
  readonly llm: LlmStatus;
}

function status(
  extractor: LlmExtractor,
  status: LlmStatus["status"],
  usage: LlmUsage,
  rest: Partial<LlmStatus> = {},
): LlmStatus {
  return {
    status,
    model: extractor.model,
    mode: extractor.mode,
    requests: usage.requests,
    inputTokens: usage.inputTokens,
    outputTokens: usage.outputTokens,
    error: null,
    repaired: false,
    promptVersion: null,
    reportTokens: null,
    agreed: 0,
    filled: 0,
    disagreements: 0,
    rejected: 0,
    ...rest,
  };
}

/** Statuses whose tables are worth a second reading. */
const READ: ReadonlySet<AuditStatus> = new Set(["ok", "tables_incomplete"]);

export async function runLlmStep(
  extractor: LlmExtractor,
  input: { readonly report: ParsedReport; readonly document?: Document; readonly status: AuditStatus },
  options: { readonly signal?: AbortSignal } = {},
): Promise<LlmStepResult> {
  const { report } = input;
  if (!READ.has(input.status)) return { report, findings: [], llm: status(extractor, "off", NO_USAGE) };
  try {
    const reading = await extractor.extract(
      input.document ? { report, document: input.document } : { report },
      options,
    );
    const r = reconcile(report, reading.figures);
    return {
      report: r.report,
      findings: r.disagreements.map(disagreementFinding),
      llm: status(extractor, "ok", reading.usage, {
        repaired: reading.repaired,
        promptVersion: reading.promptVersion,
        reportTokens: reading.reportTokens,
        agreed: r.agreed.length,
        filled: r.filled.length,
        disagreements: r.disagreements.length,
        rejected: r.rejected.length,
      }),
    };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (LlmOutputError.isInstance(error)) {
      return {
        report,
        findings: [invalidFinding(error.issues.length)],
        llm: status(extractor, "failed", error.usage, { error: message, repaired: true }),
      };
    }
    if (LlmUnavailableError.isInstance(error)) {
      return {
        report,
        findings: [unavailableFinding(error.reason, error.status)],
        llm: status(extractor, "failed", error.usage, { error: message }),
      };
    }
    return {
      report,
      findings: [unavailableFinding("internal", null)],
      llm: status(extractor, "failed", NO_USAGE, { error: message }),
    };
  }
}
