import { CN_NUMERALS } from "../../extract/sections.ts";
import type { Rule, RuleCheck } from "../finding.ts";

/** Sentences that compare with another year or plan the next one may name other years. */
const COMPARISON_OR_PLAN =
  /同比|较上年|比上年|上年同期|去年|上一年|较\d{4}年|比\d{4}年|相比|增长|下降|减少|增加|计划|预计|拟|将/;

/** "统计期限为2023年1月1日至2023年12月31日". */
const PERIOD =
  /(?:统计|期限|时限|时间|期间|数据)[^。]{0,12}?(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*(?:起)?\s*(?:至|到|—|-|－|~)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日/g;

/** "…2020 年政府信息公开工作年度报告" named in the prose (outside 《》). */
const REPORT_NAME = /(\d{4})\s*年度?\s*(?:政府信息公开|政务公开)(?:工作)?年度报告/g;

function outsideBooks(text: string): string {
  return text.replace(/《[^》]*》/g, (m) => " ".repeat(m.length));
}

function sentenceAround(text: string, index: number): string {
  const start = Math.max(text.lastIndexOf("。", index), text.lastIndexOf("\n", index)) + 1;
  const ends = [text.indexOf("。", index), text.indexOf("\n", index)].filter((i) => i >= 0);
  const end = ends.length > 0 ? Math.min(...ends) : text.length;
  return text.slice(start, end).trim();
}

export const metaYear: Rule = {
  meta: {
    id: "META-YEAR",
    severity: "warning",
    basis: "条例第四十九条（上一年度）；DB51/T 2660—2019：统计期限为公历年度",
    description:
      "The title year equals the stated statistical period (the full year Y) and the year the prose gives this report's figures for.",
    messages: {
      mismatch: "标题年度 {Y} 与{where}所写 {yyyy} 不一致（“{quote}”）",
    },
  },
  check({ report }) {
    const Y = report.meta.reportYear;
    if (Y === null)
      return [{ outcome: "cannot_check", scope: "meta.reportYear", missing: ["meta.reportYear"] }];
    const out: RuleCheck[] = [];
    const fail = (scope: string, where: string, yyyy: number, quote: string): RuleCheck => ({
      outcome: "fail",
      scope,
      hit: { messageId: "mismatch", data: { Y, where, yyyy, quote }, cells: [], quote },
    });

    // The year the prose attributes its figures to, one instance per sentence.
    const seen = new Set<string>();
    for (const f of report.narrative) {
      if (f.year === null || seen.has(f.quote)) continue;
      seen.add(f.quote);
      const scope = `narrative@${f.line ?? "?"}`;
      if (f.year === Y || COMPARISON_OR_PLAN.test(f.quote)) out.push({ outcome: "pass", scope });
      else
        out.push(
          fail(scope, f.section === null ? "正文" : `第${CN_NUMERALS[f.section]}部分`, f.year, f.quote),
        );
    }

    const text = outsideBooks(report.fullText);
    // A stated statistical period must be the calendar year Y.
    for (const m of text.matchAll(PERIOD)) {
      const [y1, m1, d1, y2, m2, d2] = m.slice(1, 7).map(Number);
      const scope = `period@${m.index ?? 0}`;
      const full = y1 === Y && m1 === 1 && d1 === 1 && y2 === Y && m2 === 12 && d2 === 31;
      if (full) out.push({ outcome: "pass", scope });
      else {
        const yyyy = (y1 !== Y ? y1 : y2) ?? Y;
        out.push(fail(scope, "统计期限", yyyy, sentenceAround(report.fullText, m.index ?? 0)));
      }
    }
    // The report naming itself in the prose ("现公布…2020 年政府信息公开工作年度报告").
    const titleLine = (report.meta.title ?? "").replace(/\s+/g, "");
    for (const m of text.matchAll(REPORT_NAME)) {
      const quote = sentenceAround(report.fullText, m.index ?? 0);
      if (titleLine !== "" && quote.replace(/\s+/g, "") === titleLine) continue;
      const scope = `name@${m.index ?? 0}`;
      const yyyy = Number(m[1]);
      if (yyyy === Y || COMPARISON_OR_PLAN.test(quote)) out.push({ outcome: "pass", scope });
      else out.push(fail(scope, "正文", yyyy, quote));
    }
    return out;
  },
};
