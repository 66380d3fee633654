/**
 * Findings and the rule interface. A rule is data (`meta`) plus one pure function (`check`) that
 * returns one `RuleCheck` per instance it examines (a column, a row, the document). The engine turns
 * failed checks into findings by filling the message template with `data`.
 */
import { z } from "zod";
import type { ParsedReport } from "../extract/schema.ts";

export const Severity = z.enum(["error", "warning", "notice"]);
export type Severity = z.infer<typeof Severity>;

export const Outcome = z.enum(["pass", "fail", "cannot_check", "assumed"]);
export type Outcome = z.infer<typeof Outcome>;

export interface RuleMeta {
  /** Stable id as spelled in rules.md §6, e.g. "T3-BAL". */
  readonly id: string;
  /** Default severity; a hit may lower it (warning → notice) where the rulebook says so. */
  readonly severity: Severity;
  /** Legal or format basis, in Chinese, shown with the finding. */
  readonly basis: string;
  /** One line in English: what the rule checks. */
  readonly description: string;
  /**
   * Its findings rest on numbers read from the report's prose (TEXT-*). In a report read by OCR those
   * numbers had no second reading and no relation to check them: such a finding is at most a notice, and
   * says the text was recognised.
   */
  readonly readsProse?: boolean;
  /** Message templates keyed by message id, with `{placeholder}`s filled from `RuleHit.data`. */
  readonly messages: Readonly<Record<string, string>>;
  /** Needs last year's report (cross-year rules run only when one is supplied). */
  readonly crossYear?: boolean;
}

export interface RuleHit {
  readonly messageId: string;
  readonly data: Readonly<Record<string, string | number>>;
  /** Canonical keys of the cells involved. */
  readonly cells: readonly string[];
  readonly reported?: number;
  readonly computed?: number;
  readonly severity?: Severity;
  /** Likely culprit, in Chinese. */
  readonly hint?: string;
  /** The report's sentence, for text rules. */
  readonly quote?: string;
}

export interface RuleCheck {
  readonly outcome: Outcome;
  /** What this instance covers, e.g. a column label or row key. */
  readonly scope?: string;
  /** Present iff outcome is "fail". */
  readonly hit?: RuleHit;
  /** Cells whose null value made this instance cannot_check. */
  readonly missing?: readonly string[];
}

export interface RuleContext {
  readonly report: ParsedReport;
  /** Last year's report of the same issuer, when known (cross-year rules). */
  readonly previous?: ParsedReport;
}

export interface Rule {
  readonly meta: RuleMeta;
  check(ctx: RuleContext): RuleCheck[];
}

export const Finding = z.object({
  rule: z.string(),
  severity: Severity,
  message: z.string(),
  messageId: z.string(),
  cells: z.array(z.string()),
  reported: z.number().optional(),
  computed: z.number().optional(),
  /** 填报 − 计算. */
  difference: z.number().optional(),
  basis: z.string(),
  hint: z.string().optional(),
  quote: z.string().optional(),
  /** What the failed instance covers (RuleCheck.scope), e.g. "t3.*.total" for a column, "t3.new.*" for a row. */
  scope: z.string().optional(),
  data: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type Finding = z.infer<typeof Finding>;

export const RuleSummary = z.object({
  rule: z.string(),
  pass: z.number().int(),
  fail: z.number().int(),
  cannot_check: z.number().int(),
  assumed: z.number().int(),
  /** The rule threw (its counts are then 0 and an internal-error notice is among the findings). */
  error: z.string().optional(),
});
export type RuleSummary = z.infer<typeof RuleSummary>;
