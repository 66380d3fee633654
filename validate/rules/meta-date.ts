import type { Rule } from "../finding.ts";

export const metaDate: Rule = {
  meta: {
    id: "META-DATE",
    severity: "warning",
    basis: "条例第四十九条（公布期限）；年度报告应载明落款日期",
    description: "A 落款/publication date is printed (a lone final number is a page number, not a date).",
    messages: {
      missing: "未找到落款日期，无法核验是否按期公布",
    },
  },
  check({ report }) {
    if (report.meta.publicationDate !== null) return [{ outcome: "pass", scope: "meta.publicationDate" }];
    return [
      { outcome: "fail", scope: "meta.publicationDate", hit: { messageId: "missing", data: {}, cells: [] } },
    ];
  },
};
