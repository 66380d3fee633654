/** Running one rule in tests: strict engine (a missing placeholder or malformed check throws). */
import type { ParsedReport } from "../../extract/schema.ts";
import { runRules } from "../../validate/engine.ts";
import type { Finding, Rule, RuleCheck, RuleSummary } from "../../validate/finding.ts";

export function findings(rule: Rule, report: ParsedReport, previous?: ParsedReport): Finding[] {
  return runRules(previous ? { report, previous } : { report }, [rule], { strict: true }).findings;
}

export function summary(rule: Rule, report: ParsedReport): RuleSummary {
  const s = runRules({ report }, [rule], { strict: true }).summary[0];
  if (!s) throw new Error("no summary");
  return s;
}

export function checks(rule: Rule, report: ParsedReport): RuleCheck[] {
  return rule.check({ report });
}

/** The check of one scope. */
export function checkAt(rule: Rule, report: ParsedReport, scope: string): RuleCheck | undefined {
  return checks(rule, report).find((c) => c.scope === scope);
}

/** The only finding; fails the test when there are none or several. */
export function only(list: Finding[]): Finding {
  if (list.length !== 1)
    throw new Error(`expected one finding, got ${list.length}: ${list.map((f) => f.message).join(" | ")}`);
  return list[0] as Finding;
}
