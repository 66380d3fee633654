/** Shared guard of the cross-year rules: last year's report, when it is year Y−1 and has the table. */
import type { ParsedReport } from "../../../extract/schema.ts";
import type { TemplateVersion } from "../../../extract/template/layout.ts";
import type { RuleContext } from "../../finding.ts";
import { t2Version } from "./t2.ts";

/**
 * `ctx.previous` when it reports on year Y−1 and both reports have `table` (and, for 表二, both use
 * `version`); else null, and the rule cannot check.
 */
export function lastYear(
  { report, previous }: RuleContext,
  table: "t2" | "t3",
  version?: TemplateVersion,
): ParsedReport | null {
  const year = report.meta.reportYear;
  if (previous === undefined || year === null || previous.meta.reportYear !== year - 1) return null;
  if (!report.tables[table].found || !previous.tables[table].found) return null;
  if (version !== undefined && (t2Version(report) !== version || t2Version(previous) !== version))
    return null;
  return previous;
}
