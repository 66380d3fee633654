import { FEE_FROM_YEAR, reportFeeStatement } from "../../extract/narrative.ts";
import type { Rule } from "../finding.ts";

export const feePresent: Rule = {
  meta: {
    id: "FEE-PRESENT",
    severity: "warning",
    basis:
      "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）；年度报告格式第六部分注：收取信息处理费情况在此处报告",
    description:
      "From 2021 on, section 六 reports 信息处理费 as the triple 收费通知件数 / 总金额 / 实际收取总金额; absent → warning, partial → notice.",
    messages: {
      absent: "第六部分未报告信息处理费情况（应写明收费通知件数、总金额、实际收取总金额）",
      partial: "仅报告{present}，建议补充{missing}",
    },
  },
  check({ report }) {
    const year = report.meta.reportYear;
    if (year === null) return [{ outcome: "cannot_check", scope: "fee", missing: [] }];
    if (year < FEE_FROM_YEAR) return [];
    const fee = reportFeeStatement(report);
    const parts = [
      ["收费通知件数", fee.noticeCount],
      ["总金额", fee.noticeAmount],
      ["实际收取总金额", fee.collected],
    ] as const;
    const present = parts.filter(([, f]) => f !== null);
    if (present.length === parts.length) return [{ outcome: "pass", scope: "fee" }];
    if (present.length === 0) {
      return [{ outcome: "fail", scope: "fee", hit: { messageId: "absent", data: {}, cells: [] } }];
    }
    const quote = present[0]?.[1]?.quote;
    return [
      {
        outcome: "fail",
        scope: "fee",
        hit: {
          messageId: "partial",
          data: {
            present: present.map(([label]) => label).join("、"),
            missing: parts
              .filter(([, f]) => f === null)
              .map(([label]) => label)
              .join("、"),
          },
          cells: [],
          severity: "notice",
          ...(quote === undefined ? {} : { quote }),
        },
      },
    ];
  },
};
