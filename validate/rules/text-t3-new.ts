import { aboutReportYear, compareNarrative } from "../../extract/narrative.ts";
import type { Rule, RuleCheck } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { same } from "./utils/format.ts";

const KEY = "t3.new.total";

export const textT3New: Rule = {
  meta: {
    id: "TEXT-T3-NEW",
    severity: "warning",
    basis: "条例第五十条第（二）项：年度报告正文所述收到申请数应与表三「本年新收」一致",
    description: "A prose count of applications received (收到/受理/新收/接到…申请 N) equals 表三 new.total.",
    messages: {
      mismatch: "正文称收到申请 {text} 件（“{quote}”），表三「本年新收」总计 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return report.narrative
      .filter((f) => f.key === KEY && aboutReportYear(f, report.meta.reportYear))
      .map((f): RuleCheck => {
        const scope = `${KEY}@${f.line ?? "?"}`;
        const c = compareNarrative(f, report.figures);
        if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
        if (c.holds) return { outcome: "pass", scope };
        // The prose often counts this year's and last year's applications together.
        const carried = figure(report, "t3.carried_over.total");
        const withCarried = carried !== null && carried > 0 && same(f.value, c.table + carried);
        const notice = f.scope.length > 0 || withCarried;
        const hint = withCarried
          ? `正文数字等于「本年新收」${c.table}与「上年结转」${carried}之和，可能包含上年结转的申请`
          : f.scope.length > 0
            ? `正文带有口径限定（${f.scope.join("、")}），可能与表三统计口径不同`
            : undefined;
        return {
          outcome: "fail",
          scope,
          hit: {
            messageId: "mismatch",
            data: { text: f.value, quote: f.quote, table: c.table, diff: c.difference },
            cells: withCarried ? [...c.cells, "t3.carried_over.total"] : c.cells,
            reported: f.value,
            computed: c.table,
            quote: f.quote,
            ...(notice ? { severity: "notice" as const } : {}),
            ...(hint === undefined ? {} : { hint }),
          },
        };
      });
  },
};
