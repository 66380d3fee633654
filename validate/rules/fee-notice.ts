import { FEE_FROM_YEAR, reportFeeStatement } from "../../extract/narrative.ts";
import type { Rule, RuleCheck } from "../finding.ts";
import { figure } from "./utils/figures.ts";
import { formatNumber } from "./utils/format.ts";

const KEY = "t3.other_processing.overdue_fee.total";

export const feeNotice: Rule = {
  meta: {
    id: "FEE-NOTICE",
    severity: "warning",
    basis: "表三「（六）2.申请人逾期未按收费通知要求缴纳费用」以发出收费通知为前提（国办函〔2020〕109号）",
    description:
      "表三 （六）2 overdue_fee = n > 0 ⇒ section 六 reports at least n 收费通知 and an amount; collected > billed → notice.",
    messages: {
      unnoticed: "表三「（六）2.逾期未缴费」为 {n} 件，应至少发出 {n} 份收费通知，但第六部分{found}",
      overcollected: "第六部分称实际收取信息处理费 {collected} 元，超过收费通知总金额 {billed} 元",
    },
  },
  check({ report }) {
    const year = report.meta.reportYear;
    if (year === null) return [{ outcome: "cannot_check", scope: KEY, missing: [] }];
    if (year < FEE_FROM_YEAR) return [];
    const fee = reportFeeStatement(report);
    const out: RuleCheck[] = [];

    const n = figure(report, KEY);
    if (n === null) out.push({ outcome: "cannot_check", scope: KEY, missing: [KEY] });
    else if (n === 0) out.push({ outcome: "pass", scope: KEY });
    else {
      const count = fee.noticeCount;
      const found =
        count === null
          ? "未提及收费通知"
          : count.value === 0
            ? "称未发出收费通知"
            : count.value < n
              ? `仅称发出收费通知 ${formatNumber(count.value)} 件`
              : fee.noticeAmount === null
                ? "未报告收费通知的总金额"
                : null;
      if (found === null) out.push({ outcome: "pass", scope: KEY });
      else {
        const quote = count?.quote;
        out.push({
          outcome: "fail",
          scope: KEY,
          hit: {
            messageId: "unnoticed",
            data: { n, found },
            cells: [KEY],
            reported: count?.value ?? 0,
            computed: n,
            ...(quote === undefined ? {} : { quote }),
          },
        });
      }
    }

    const billed = fee.noticeAmount;
    const collected = fee.collected;
    if (billed !== null && collected !== null) {
      if (collected.value > billed.value) {
        out.push({
          outcome: "fail",
          scope: "fee.collected_yuan",
          hit: {
            messageId: "overcollected",
            data: { collected: collected.value, billed: billed.value },
            cells: [],
            reported: collected.value,
            computed: billed.value,
            severity: "notice",
            quote: collected.quote,
          },
        });
      } else out.push({ outcome: "pass", scope: "fee.collected_yuan" });
    }
    return out;
  },
};
