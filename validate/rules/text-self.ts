import type { Rule, RuleCheck } from "../finding.ts";
import { round } from "./utils/format.ts";

export const textSelf: Rule = {
  meta: {
    id: "TEXT-SELF",
    severity: "warning",
    readsProse: true,
    basis: "正文内部一致：总数与其分项（其中/包括/分别为）应相符",
    description:
      "A prose total with parts: the parts never exceed the total, and add up to it when the list is exhaustive (ends in 其他/其余, or 分别为).",
    messages: {
      mismatch: "正文“{quote}”：总数 {total}{unit}，分项合计 {sum}{unit}，相差 {diff}",
    },
  },
  check({ report }) {
    return report.narrativeTotals.map((t): RuleCheck => {
      const scope = `${t.total}${t.unit}@${t.line ?? "?"}`;
      const sum = round(t.parts.reduce((a, p) => a + p.value, 0));
      const over = sum > t.total;
      const short = t.exhaustive && sum < t.total;
      if (!over && !short) return { outcome: "pass", scope };
      return {
        outcome: "fail",
        scope,
        hit: {
          messageId: "mismatch",
          data: { quote: t.quote, total: t.total, unit: t.unit, sum, diff: round(t.total - sum) },
          cells: [],
          reported: t.total,
          computed: sum,
          quote: t.quote,
          hint: over
            ? "分项之和超过总数"
            : `分项以「${t.parts.at(-1)?.label ?? ""}」结尾，应已列全，但合计小于总数`,
        },
      };
    });
  },
};
