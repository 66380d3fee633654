import { aboutReportYear, compareNarrative } from "../../extract/narrative.ts";
import type { NarrativeFigure, ParsedReport } from "../../extract/schema.ts";
import { cellDef } from "../../extract/template/layout.ts";
import type { Rule, RuleCheck } from "../finding.ts";
import { formatNumber, round } from "./utils/format.ts";

/** 2021 column keys of the narrative → the 2019 template's columns (本年新制作数量, 对外公开总数量). */
const COLUMNS_2019: Readonly<Record<string, string>> = { made: "new_made", in_force: "total_published" };

/** The prose states 元; the table 万元 to two decimals: agree within half a cent of a 万元 (50 元). */
const YUAN_TOLERANCE_WAN = 0.005;

function is2019(report: ParsedReport): boolean {
  return report.meta.templateVersion === "2019" || Object.hasOwn(report.figures, "t2.regulations.new_made");
}

/** The cell of this report's version the figure restates; its value in the cell's unit (元 → 万元). */
function target(report: ParsedReport, f: NarrativeFigure): { key: string; value: number } {
  const key = f.key as string;
  let cell = key;
  if (is2019(report)) {
    const [, row, col] = key.split(".");
    cell = `t2.${row}.${COLUMNS_2019[col ?? ""] ?? col}`;
  }
  const value = key === "t2.fees.amount_wan_yuan" && f.unit === "元" ? f.value / 10_000 : f.value;
  return { key: cell, value };
}

export const textT2: Rule = {
  meta: {
    id: "TEXT-T2",
    severity: "warning",
    readsProse: true,
    basis: "条例第五十条第（一）项：年度报告正文所述主动公开数据应与表二一致",
    description:
      "Prose figures for 表二 measures (规章/规范性文件 制发/废止/现行有效; 许可/处罚/强制 决定; 行政事业性收费 amount) equal 表二.",
    messages: {
      mismatch: "正文称{item}{measure} {text}（“{quote}”），表二为 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return report.narrative
      .filter((f) => (f.key ?? "").startsWith("t2.") && aboutReportYear(f, report.meta.reportYear))
      .map((f): RuleCheck => {
        const { key, value } = target(report, f);
        const scope = `${key}@${f.line ?? "?"}`;
        const def = cellDef(key);
        if (!def || !Object.hasOwn(report.figures, key))
          return { outcome: "cannot_check", scope, missing: [key] };
        const money = key === "t2.fees.amount_wan_yuan";
        const c = compareNarrative(
          { ...f, key, value },
          report.figures,
          money && f.unit === "元" ? YUAN_TOLERANCE_WAN : 0,
        );
        if (c.status === "missing") return { outcome: "cannot_check", scope, missing: c.missing };
        if (c.holds) return { outcome: "pass", scope };
        const text = money
          ? f.unit === "元"
            ? `${formatNumber(f.value)}元（${formatNumber(round(value))}万元）`
            : `${formatNumber(f.value)}万元`
          : formatNumber(f.value);
        const notice = f.scope.length > 0;
        return {
          outcome: "fail",
          scope,
          hit: {
            messageId: "mismatch",
            data: {
              item: def.row.label,
              measure: def.column.label.replace(/（单位：万元）$/, ""),
              text,
              quote: f.quote,
              table: money ? `${formatNumber(c.table)}万元` : c.table,
              diff: money ? `${formatNumber(c.difference)}万元` : c.difference,
            },
            cells: c.cells,
            reported: round(value),
            computed: c.table,
            quote: f.quote,
            ...(notice
              ? {
                  severity: "notice" as const,
                  hint: `正文带有口径限定（${f.scope.join("、")}），可能与表二统计口径不同`,
                }
              : {}),
          },
        };
      });
  },
};
