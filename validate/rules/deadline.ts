import type { IssuerLevel } from "../../extract/schema.ts";
import type { Rule } from "../finding.ts";

/** Issuer levels as named in messages. */
const LEVEL_NAMES: Readonly<Record<IssuerLevel, string>> = {
  county_plus_government: "县级以上地方人民政府",
  department: "县级以上人民政府部门",
  township_government: "乡镇人民政府",
  subdistrict: "街道办事处",
};

/** Deadline (month, day) of Y+1 by level (条例第四十九条; 乡镇/街道: practice). */
const DEADLINES: Readonly<Record<IssuerLevel, readonly [number, number]>> = {
  county_plus_government: [3, 31],
  department: [1, 31],
  township_government: [1, 31],
  subdistrict: [1, 31],
};

const DAY_MS = 86_400_000;

function utc(iso: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** "2024年1月31日". */
function chineseDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}年${d.getUTCMonth() + 1}月${d.getUTCDate()}日`;
}

export const deadline: Rule = {
  meta: {
    id: "DEADLINE",
    severity: "warning",
    basis:
      "条例第四十九条：县级以上人民政府部门于每年1月31日前、县级以上地方人民政府于3月31日前公布；乡镇、街道按1月31日（实践）",
    description:
      "The 落款 date is on or before the deadline of the issuer's level (31 Mar Y+1 for county+ governments, else 31 Jan); before Y-12-31 is a notice.",
    messages: {
      late: "落款日期 {date} 晚于{level}公布期限 {deadline}（条例第四十九条），逾期 {days} 天",
      early: "落款日期 {date} 早于统计年度 {year} 年结束（{yearEnd}），请核实年度或日期",
    },
  },
  check({ report }) {
    const { publicationDate, issuerLevel, reportYear } = report.meta;
    const scope = "meta.publicationDate";
    const missing = [
      ...(publicationDate === null ? ["meta.publicationDate"] : []),
      ...(issuerLevel === null ? ["meta.issuerLevel"] : []),
      ...(reportYear === null ? ["meta.reportYear"] : []),
    ];
    const date = publicationDate === null ? null : utc(publicationDate);
    if (missing.length > 0 || date === null || issuerLevel === null || reportYear === null) {
      return [
        { outcome: "cannot_check", scope, missing: missing.length > 0 ? missing : ["meta.publicationDate"] },
      ];
    }
    const [month, day] = DEADLINES[issuerLevel];
    const limit = Date.UTC(reportYear + 1, month - 1, day);
    const yearEnd = Date.UTC(reportYear, 11, 31);
    if (date > limit) {
      return [
        {
          outcome: "fail",
          scope,
          hit: {
            messageId: "late",
            data: {
              date: chineseDate(date),
              level: LEVEL_NAMES[issuerLevel],
              deadline: chineseDate(limit),
              days: Math.round((date - limit) / DAY_MS),
            },
            cells: [],
            ...(report.meta.dateQuote === null ? {} : { quote: report.meta.dateQuote }),
          },
        },
      ];
    }
    if (date < yearEnd) {
      return [
        {
          outcome: "fail",
          scope,
          hit: {
            messageId: "early",
            data: { date: chineseDate(date), year: reportYear, yearEnd: chineseDate(yearEnd) },
            cells: [],
            severity: "notice",
            ...(report.meta.dateQuote === null ? {} : { quote: report.meta.dateQuote }),
          },
        },
      ];
    }
    return [{ outcome: "pass", scope }];
  },
};
