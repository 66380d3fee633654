/**
 * The rules run again on a reading kept from an earlier audit: with last year's report once it is
 * there (the cross-year rules), or after the user gave the publication date (DEADLINE). Used by the
 * batch, by the bot when a chat's reports of one issuer meet, and by the bot's /date. Pure.
 */
import type { ParsedReport } from "../extract/schema.ts";
import { compareFindings, runRules } from "../validate/engine.ts";
import type { AuditResult } from "./result.ts";

/**
 * `result` with its findings and checks recomputed from `report` (and `previous`, the same issuer's
 * Y−1 report). Findings that are no rule's (the LLM step's EXTRACT-DISAGREE, LLM-*) are kept; the
 * meta follows the report's dates. A non-report stays as it is.
 */
export function rerunRules(result: AuditResult, report: ParsedReport, previous?: ParsedReport): AuditResult {
  if (result.status === "not_a_report") return result;
  const rules = runRules(previous === undefined ? { report } : { report, previous });
  const ruleIds = new Set(rules.summary.map((s) => s.rule));
  const kept = result.findings.filter((f) => !ruleIds.has(f.rule));
  return {
    ...result,
    meta: { ...result.meta, givenDate: report.meta.givenDate, fileCreated: report.meta.fileCreated },
    findings: [...rules.findings, ...kept].sort(compareFindings),
    checks: rules.summary,
  };
}
