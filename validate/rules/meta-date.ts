import type { Rule, RuleHit } from "../finding.ts";

/** "2025-01-20" → "2025年1月20日". */
function chineseIsoDate(iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${y}年${m}月${d}日`;
}

export const metaDate: Rule = {
  meta: {
    id: "META-DATE",
    severity: "warning",
    basis: "条例第四十九条（公布期限）；年度报告应载明落款日期",
    description: "A 落款/publication date is printed (a lone final number is a page number, not a date).",
    messages: {
      missing: "未找到落款日期，无法核验是否按期公布",
      missingWithPortal: "未找到落款日期；是否按期公布已按网页标注的发布日期 {portalDate} 核验",
      missingOcr: "文字识别未能读出落款日期（常被公章覆盖或字迹模糊），无法核验是否按期公布，请核对原件",
    },
  },
  check({ report }) {
    if (report.meta.publicationDate !== null) return [{ outcome: "pass", scope: "meta.publicationDate" }];
    const portalDate = report.meta.portalDate;
    // In a scan or photo the date is most often printed but not read (under the red seal): a notice that
    // says so, not a warning that the report lacks one.
    const hit: RuleHit =
      portalDate !== null
        ? { messageId: "missingWithPortal", data: { portalDate: chineseIsoDate(portalDate) }, cells: [] }
        : report.ocr
          ? { messageId: "missingOcr", data: {}, cells: [], severity: "notice" }
          : { messageId: "missing", data: {}, cells: [] };
    return [{ outcome: "fail", scope: "meta.publicationDate", hit }];
  },
};
