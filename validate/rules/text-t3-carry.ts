import { aboutReportYear, compareNarrative } from "../../extract/narrative.ts";
import type { Rule, RuleCheck } from "../finding.ts";

const KEYS: Readonly<Record<string, string>> = {
  "t3.carried_forward.total": "结转下年度",
  "t3.carried_over.total": "上年结转",
};

export const textT3Carry: Rule = {
  meta: {
    id: "TEXT-T3-CARRY",
    severity: "warning",
    basis: "条例第五十条第（二）项：年度报告正文所述结转数应与表三「上年结转」「结转下年度继续办理」一致",
    description:
      "Prose counts of applications carried forward (结转下年度 N) or carried over (上年结转 N) equal 表三.",
    messages: {
      mismatch: "正文称{row} {text} 件（“{quote}”），表三为 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return report.narrative
      .filter((f) => f.key !== null && f.key in KEYS && aboutReportYear(f, report.meta.reportYear))
      .map((f): RuleCheck => {
        const key = f.key as string;
        const scope = `${key}@${f.line ?? "?"}`;
        const c = compareNarrative(f, report.figures);
        if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
        if (c.holds) return { outcome: "pass", scope };
        const notice = f.scope.length > 0;
        return {
          outcome: "fail",
          scope,
          hit: {
            messageId: "mismatch",
            data: {
              row: KEYS[key] ?? f.measure,
              text: f.value,
              quote: f.quote,
              table: c.table,
              diff: c.difference,
            },
            cells: c.cells,
            reported: f.value,
            computed: c.table,
            quote: f.quote,
            ...(notice
              ? {
                  severity: "notice" as const,
                  hint: `正文带有口径限定（${f.scope.join("、")}），可能与表三统计口径不同`,
                }
              : {}),
          },
        };
      });
  },
};
