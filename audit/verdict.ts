/**
 * The one-line conclusion of an audit for reports that are forwarded (审核意见书, XLSX): errors →
 * 需更正, warnings only → 需核对, else 无问题; a file that could not be audited → 未能审核.
 */
import type { AuditResult } from "./result.ts";

export type Verdict = "需更正" | "需核对" | "无问题" | "未能审核";

export interface SeverityCounts {
  readonly error: number;
  readonly warning: number;
  readonly notice: number;
}

const NOT_AUDITED: ReadonlySet<AuditResult["status"]> = new Set([
  "unreadable",
  "no_text_layer",
  "too_large",
  "not_a_report",
]);

export function severityCounts(result: AuditResult): SeverityCounts {
  const count = (s: string) => result.findings.filter((f) => f.severity === s).length;
  return { error: count("error"), warning: count("warning"), notice: count("notice") };
}

export function verdictOf(result: AuditResult): Verdict {
  if (NOT_AUDITED.has(result.status)) return "未能审核";
  const c = severityCounts(result);
  if (c.error > 0) return "需更正";
  if (c.warning > 0) return "需核对";
  return "无问题";
}

/** The verdict with what it means, for the top of a document. */
export function verdictLine(result: AuditResult): string {
  const v = verdictOf(result);
  const c = severityCounts(result);
  switch (v) {
    case "需更正":
      return `审核结论：需更正（发现错误 ${c.error} 项、警告 ${c.warning} 项、提示 ${c.notice} 项；错误须更正后重新公布）`;
    case "需核对":
      return `审核结论：需核对（未发现错误；警告 ${c.warning} 项、提示 ${c.notice} 项，请逐项核实）`;
    case "无问题":
      return `审核结论：无问题（未发现错误和警告${c.notice > 0 ? `；提示 ${c.notice} 项供参考` : ""}）`;
    case "未能审核":
      return `审核结论：未能审核（${result.statusMessage}）`;
    default: {
      const never: never = v;
      return never;
    }
  }
}
