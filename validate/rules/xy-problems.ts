import type { Rule } from "../finding.ts";

const ID = "XY-PROBLEMS";

/** Words that say last year's problems were followed up. */
const FOLLOW_UP = /整改|改进|落实|解决|完善|纠正|改正/;

function lastYearPattern(year: number): RegExp {
  return new RegExp(`上年|上一年|去年|${year - 1}\\s*年`);
}

export const xyProblems: Rule = {
  meta: {
    id: ID,
    severity: "notice",
    basis:
      "评估实践：第五部分「存在的主要问题及改进情况」应说明上年度报告所列问题的整改情况（格式未明文规定）",
    description:
      "Section 五 has a sentence that names last year (上年/去年/Y−1年) together with its follow-up (整改/改进/落实…).",
    crossYear: true,
    messages: {
      missing: "第五部分未说明上年度所列问题的整改情况",
    },
  },
  check({ report, previous }) {
    const year = report.meta.reportYear;
    const section = report.sections.find((s) => s.no === 5);
    const scope = "section.5";
    if (previous === undefined || year === null || previous.meta.reportYear !== year - 1 || !section) {
      return [{ outcome: "cannot_check", scope, missing: [] }];
    }
    const lastYear = lastYearPattern(year);
    const sentences = section.text.split(/[。；;！!\n]/);
    const followedUp = sentences.some((s) => lastYear.test(s) && FOLLOW_UP.test(s));
    if (followedUp) return [{ outcome: "pass", scope }];
    return [{ outcome: "fail", scope, hit: { messageId: "missing", data: {}, cells: [] } }];
  },
};
