import type { IssuerLevel, ParsedReport } from "../../extract/schema.ts";
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

/** Where the date DEADLINE judges came from. */
type DateSource = "portal" | "printed" | "given" | "file";

/**
 * The date to judge: the publication date a portal page prints with the report (rules.md: preferred; it
 * is when the report was made public, the 落款 when it was signed); else the printed 落款; where none is
 * printed, the date the user gave; else the file's
 * creation date — which only bounds publication from below (a file is not published before it is
 * made), so it can show lateness but never timeliness, and a creation date after Y+1 is taken for a
 * later copy (re-export, re-save) and not used.
 */
function dateToJudge(
  meta: ParsedReport["meta"],
  limit: number,
  reportYear: number,
): { date: number; source: DateSource } | null {
  const portal = meta.portalDate === null ? null : utc(meta.portalDate);
  if (portal !== null) return { date: portal, source: "portal" };
  const printed = meta.publicationDate === null ? null : utc(meta.publicationDate);
  if (printed !== null) return { date: printed, source: "printed" };
  const given = meta.givenDate === null ? null : utc(meta.givenDate);
  if (given !== null) return { date: given, source: "given" };
  const created = meta.fileCreated === null ? null : utc(meta.fileCreated);
  if (created !== null && created > limit && new Date(created).getUTCFullYear() <= reportYear + 1)
    return { date: created, source: "file" };
  return null;
}

/** The message of a late date, by where it came from. */
const LATE_MESSAGES: Readonly<Record<DateSource | "portalSigned", string>> = {
  portal: "lateWeb",
  portalSigned: "lateWebSigned",
  printed: "late",
  given: "lateGiven",
  file: "lateFile",
};

export const deadline: Rule = {
  meta: {
    id: "DEADLINE",
    severity: "warning",
    basis:
      "条例第四十九条：县级以上人民政府部门于每年1月31日前、县级以上地方人民政府于3月31日前公布；乡镇、街道按1月31日（实践）",
    description:
      "The publication date (a portal page's 发布日期, else the 落款) is on or before the deadline of the issuer's level (31 Mar Y+1 for county+ governments, else 31 Jan); before Y-12-31 is a notice. With neither: the date the user gave, judged the same way; else a file creation date after the deadline (in Y+1) is a notice.",
    messages: {
      late: "落款日期 {date} 晚于{level}公布期限 {deadline}（条例第四十九条），逾期 {days} 天",
      early: "落款日期 {date} 早于统计年度 {year} 年结束（{yearEnd}），请核实年度或日期",
      lateWeb: "网页标注的发布日期 {date} 晚于{level}公布期限 {deadline}（条例第四十九条），逾期 {days} 天",
      lateWebSigned:
        "网页标注的发布日期 {date} 晚于{level}公布期限 {deadline}（条例第四十九条），逾期 {days} 天；报告落款日期为 {signed}",
      earlyWeb: "网页标注的发布日期 {date} 早于统计年度 {year} 年结束（{yearEnd}），请核实年度或日期",
      lateGiven:
        "报告未印落款日期；按您提供的公布日期 {date} 计，晚于{level}公布期限 {deadline}（条例第四十九条），逾期 {days} 天",
      earlyGiven: "报告未印落款日期；您提供的公布日期 {date} 早于统计年度 {year} 年结束（{yearEnd}），请核实",
      lateFile:
        "报告未印落款日期；文件元数据记载的创建日期为 {date}，已晚于{level}公布期限 {deadline}（逾期 {days} 天），报告不可能早于该日公布。如文件系事后转换或另存，该日期不代表公布日期，请核实",
    },
  },
  check({ report }) {
    const { issuerLevel, reportYear } = report.meta;
    const scope = "meta.publicationDate";
    const hasDate =
      report.meta.portalDate !== null ||
      report.meta.publicationDate !== null ||
      report.meta.givenDate !== null ||
      report.meta.fileCreated !== null;
    const missing = [
      ...(hasDate ? [] : ["meta.publicationDate"]),
      ...(issuerLevel === null ? ["meta.issuerLevel"] : []),
      ...(reportYear === null ? ["meta.reportYear"] : []),
    ];
    if (missing.length > 0 || issuerLevel === null || reportYear === null) {
      return [{ outcome: "cannot_check", scope, missing }];
    }
    const [month, day] = DEADLINES[issuerLevel];
    const limit = Date.UTC(reportYear + 1, month - 1, day);
    const yearEnd = Date.UTC(reportYear, 11, 31);
    const judged = dateToJudge(report.meta, limit, reportYear);
    if (judged === null) return [{ outcome: "cannot_check", scope, missing: ["meta.publicationDate"] }];
    const { date, source } = judged;
    const quoted =
      source === "printed" ? report.meta.dateQuote : source === "portal" ? report.meta.portalDateQuote : null;
    const quote = quoted !== null ? { quote: quoted } : {};
    const signed = report.meta.publicationDate === null ? null : utc(report.meta.publicationDate);
    if (date > limit) {
      return [
        {
          outcome: "fail",
          scope,
          hit: {
            messageId: LATE_MESSAGES[source === "portal" && signed !== null ? "portalSigned" : source],
            data: {
              date: chineseDate(date),
              level: LEVEL_NAMES[issuerLevel],
              deadline: chineseDate(limit),
              days: Math.round((date - limit) / DAY_MS),
              ...(source === "portal" && signed !== null ? { signed: chineseDate(signed) } : {}),
            },
            cells: [],
            ...(source === "file" ? { severity: "notice" as const } : {}),
            ...quote,
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
            messageId: source === "portal" ? "earlyWeb" : source === "printed" ? "early" : "earlyGiven",
            data: { date: chineseDate(date), year: reportYear, yearEnd: chineseDate(yearEnd) },
            cells: [],
            severity: "notice",
            ...quote,
          },
        },
      ];
    }
    return [{ outcome: "pass", scope }];
  },
};
