/**
 * Runs rules over one report and turns their checks into findings: fills message templates from the
 * hit data, attaches severity, basis and 差 = 填报 − 计算, sorts, and summarises outcomes per rule.
 * Pure: no I/O, no clock, no logger. A rule that throws becomes an internal-error notice.
 */
import type { Finding, Rule, RuleCheck, RuleContext, RuleSummary, Severity } from "./finding.ts";
import { rules as registry } from "./rules/index.ts";
import { compareCellKeys } from "./rules/utils/cells.ts";
import { formatNumber, round } from "./rules/utils/format.ts";

/** A message template names a placeholder the hit did not provide, or a hit names an unknown message. */
export class MessageTemplateError extends Error {
  constructor(
    readonly rule: string,
    readonly messageId: string,
    readonly placeholder: string | null,
  ) {
    super(
      placeholder === null
        ? `rule ${rule}: unknown message id "${messageId}"`
        : `rule ${rule}, message "${messageId}": no data for placeholder {${placeholder}}`,
    );
    this.name = "MessageTemplateError";
  }
}

/** A rule returned a malformed check (a fail without hit, a hit on a non-fail). */
export class RuleContractError extends Error {
  constructor(
    readonly rule: string,
    detail: string,
  ) {
    super(`rule ${rule}: ${detail}`);
    this.name = "RuleContractError";
  }
}

/** Placeholders of a template, in order of appearance ("{col}", "{Y−1}" …). */
export function placeholders(template: string): string[] {
  return [...template.matchAll(/\{([^{}]+)\}/g)].map((m) => m[1] as string);
}

/** Fills `{name}` from data (numbers formatted: 12, 64.01, -3); throws MessageTemplateError on a missing name. */
export function fillMessage(
  template: string,
  data: Readonly<Record<string, string | number>>,
  where: { rule: string; messageId: string } = { rule: "?", messageId: "?" },
): string {
  return template.replace(/\{([^{}]+)\}/g, (_m, name: string) => {
    if (!Object.hasOwn(data, name)) throw new MessageTemplateError(where.rule, where.messageId, name);
    const value = data[name] as string | number;
    return typeof value === "number" ? formatNumber(value) : value;
  });
}

const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, notice: 2 };

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Severity (error, warning, notice), then rule id, then cells (in template reading order), then message. */
export function compareFindings(a: Finding, b: Finding): number {
  const bySeverity = SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity];
  if (bySeverity !== 0) return bySeverity;
  const byRule = compareStrings(a.rule, b.rule);
  if (byRule !== 0) return byRule;
  const n = Math.min(a.cells.length, b.cells.length);
  for (let i = 0; i < n; i++) {
    const byCell = compareCellKeys(a.cells[i] as string, b.cells[i] as string);
    if (byCell !== 0) return byCell;
  }
  if (a.cells.length !== b.cells.length) return a.cells.length - b.cells.length;
  return compareStrings(a.message, b.message);
}

/** The message id and template of the engine's own notice for a rule that threw. */
export const INTERNAL_ERROR_MESSAGE_ID = "internal_error";
export const INTERNAL_ERROR_TEMPLATE = "规则 {rule} 运行出错，未能完成核验：{error}";

/** Said at the end of a finding whose cells were read by OCR: the user checks them against the paper. */
export const OCR_FINDING_NOTE = "（数字经文字识别读取，请核对原件）";
/** Said at the end of a finding on numbers of an OCR'd report's prose. */
export const OCR_PROSE_NOTE = "（正文经文字识别读取，请核对原件）";

/**
 * Whether any of `cells` was read by OCR, this year's report or last: its provenance says source "ocr", or
 * it is a printed cell that is no valid number (no provenance: `rawCells`) in a report whose figures were
 * read by OCR.
 */
function readByOcr(ctx: RuleContext, cells: readonly string[]): boolean {
  const byOcr = (report: RuleContext["report"] | undefined, key: string) => {
    if (!report) return false;
    const p = report.provenance[key];
    if (p) return p.source === "ocr";
    // A cell with no figure in a report read by OCR (a row it could not read, a cell it saw empty): what
    // the finding says of it rests on the recognition as much as a figure does.
    return (
      report.ocr !== undefined ||
      (key in report.rawCells && Object.values(report.provenance).some((q) => q.source === "ocr"))
    );
  };
  return cells.some((key) => byOcr(ctx.report, key) || byOcr(ctx.previous, key));
}

function findingOf(rule: Rule, check: RuleCheck, ctx: RuleContext): Finding {
  const { meta } = rule;
  const hit = check.hit;
  if (hit === undefined) throw new RuleContractError(meta.id, "a failed check carries no hit");
  const template = meta.messages[hit.messageId];
  if (template === undefined) throw new MessageTemplateError(meta.id, hit.messageId, null);
  const filled = fillMessage(template, hit.data, { rule: meta.id, messageId: hit.messageId });
  // Rendered here, not in each rule: every finding on OCR'd figures says so (unless it already does).
  // A finding on numbers read from an OCR'd report's prose: no second reading checked them (RuleMeta).
  const ocrProse = meta.readsProse === true && ctx.report.ocr !== undefined;
  const message =
    (readByOcr(ctx, hit.cells) || ocrProse) && !filled.includes("文字识别")
      ? `${filled}${ocrProse ? OCR_PROSE_NOTE : OCR_FINDING_NOTE}`
      : filled;
  const severity = hit.severity ?? meta.severity;
  const finding: Finding = {
    rule: meta.id,
    severity: ocrProse && severity !== "notice" ? "notice" : severity,
    message,
    messageId: hit.messageId,
    cells: [...hit.cells],
    basis: meta.basis,
    data: { ...hit.data },
  };
  if (hit.reported !== undefined) finding.reported = hit.reported;
  if (hit.computed !== undefined) finding.computed = hit.computed;
  if (hit.reported !== undefined && hit.computed !== undefined) {
    finding.difference = round(hit.reported - hit.computed);
  }
  if (hit.hint !== undefined) finding.hint = hit.hint;
  if (hit.quote !== undefined) finding.quote = hit.quote;
  if (check.scope !== undefined) finding.scope = check.scope;
  return finding;
}

function internalError(rule: Rule, error: unknown): Finding {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  const data = { rule: rule.meta.id, error: text };
  return {
    rule: rule.meta.id,
    severity: "notice",
    message: fillMessage(INTERNAL_ERROR_TEMPLATE, data),
    messageId: INTERNAL_ERROR_MESSAGE_ID,
    cells: [],
    basis: rule.meta.basis,
    data,
  };
}

export interface RunOptions {
  /** Rethrow a rule's exception instead of turning it into an internal-error notice (tests). */
  readonly strict?: boolean;
}

export interface AuditResult {
  readonly findings: Finding[];
  /** One entry per rule run, in the order of `rules`. */
  readonly summary: RuleSummary[];
}

/**
 * Runs `rules` (default: the registry) on `ctx`. Cross-year rules without `ctx.previous` are not run
 * and count as one cannot_check. Findings come sorted (see compareFindings).
 */
export function runRules(
  ctx: RuleContext,
  rules: readonly Rule[] = registry,
  options: RunOptions = {},
): AuditResult {
  const findings: Finding[] = [];
  const summary: RuleSummary[] = [];
  for (const rule of rules) {
    const counts: RuleSummary = { rule: rule.meta.id, pass: 0, fail: 0, cannot_check: 0, assumed: 0 };
    if (rule.meta.crossYear && ctx.previous === undefined) {
      counts.cannot_check = 1;
      summary.push(counts);
      continue;
    }
    try {
      const own: Finding[] = [];
      for (const check of rule.check(ctx)) {
        if (check.outcome !== "fail" && check.hit !== undefined) {
          throw new RuleContractError(rule.meta.id, `a ${check.outcome} check carries a hit`);
        }
        counts[check.outcome] += 1;
        if (check.outcome === "fail") own.push(findingOf(rule, check, ctx));
      }
      findings.push(...own);
    } catch (error) {
      if (options.strict) throw error;
      findings.push(internalError(rule, error));
      summary.push({
        rule: rule.meta.id,
        pass: 0,
        fail: 0,
        cannot_check: 0,
        assumed: 0,
        error: error instanceof Error ? error.message : String(error),
      });
      continue;
    }
    summary.push(counts);
  }
  findings.sort(compareFindings);
  return { findings, summary };
}
