/**
 * Report metadata from the prose (rules.md §6.6, audit-json.md): title, issuer and its level, the
 * statistical year, and the 落款 (publication) date. Pure: no I/O, no clock.
 */

import { chineseNumber, parseYear } from "./cn-numerals.ts";
import { type Document, type Line, lineText } from "./document.ts";
import { nfkc } from "./readers/normalize-text.ts";
import type { IssuerLevel, Section } from "./schema.ts";
import { cleanProseLine } from "./sections.ts";

export interface ReportMetaText {
  issuer: string | null;
  issuerLevel: IssuerLevel | null;
  reportYear: number | null;
  /** ISO date of the 落款, or null. */
  publicationDate: string | null;
  title: string | null;
  /** The line the date was read from. */
  dateQuote: string | null;
  /** China-time date of the file's creation (its metadata), or null. */
  fileCreated: string | null;
  /** ISO date a portal page gives as its publication date (发布时间/发布日期), or null. */
  portalDate: string | null;
  /** The line that date was read from. */
  portalDateQuote: string | null;
}

const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** "2024-01-30": the China-time (UTC+8) date of an ISO time, or null when it does not parse. */
export function chinaDate(iso: string | undefined): string | null {
  if (iso === undefined) return null;
  const t = Date.parse(iso);
  return Number.isNaN(t) ? null : new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

// ------------------------------------------------------------------ issuer level

const LEVEL_SUFFIXES: ReadonlyArray<readonly [RegExp, IssuerLevel]> = [
  [/街道办事处|街道办|街道|办事处/g, "subdistrict"],
  [/[乡镇](?:人民)?政府/g, "township_government"],
  [/(?:省|市|州|县|区|旗|盟)(?:人民)?政府/g, "county_plus_government"],
  [/管理委员会|管委会|委员会|办公厅|办公室|中心|局|委|厅/g, "department"],
];

/**
 * Level of an issuer by the last administrative suffix of its name (rules.md §6.6):
 * "…区人民政府…街道办事处" is a subdistrict, "…市人民政府办公室" a department.
 */
export function issuerLevel(name: string | null): IssuerLevel | null {
  if (!name) return null;
  const text = nfkc(name).replace(/\s+/g, "");
  if (isZoneArea(text)) return "county_plus_government";
  let best: { end: number; length: number; level: IssuerLevel } | null = null;
  for (const [re, level] of LEVEL_SUFFIXES) {
    for (const m of text.matchAll(re)) {
      const end = (m.index ?? 0) + m[0].length;
      if (!best || end > best.end || (end === best.end && m[0].length > best.length)) {
        best = { end, length: m[0].length, level };
      }
    }
  }
  return best?.level ?? null;
}

/**
 * An economic or administrative zone named as an area (平潭综合实验区, 某某新区, 某某高新技术产业开发区), not as
 * its 管委会 or one of its offices. A report under such a title covers the whole area (rules.md §6.6,
 * area-wide reports of zones): it is reported like a 人民政府's own report.
 */
const ZONE_AREA =
  /(?:综合实验区|实验区|新区|开发区|高新区|示范区|合作区|试验区|保税区|自贸区|自由贸易试验区|产业园区|园区)$/;

export function isZoneArea(name: string): boolean {
  return ZONE_AREA.test(nfkc(name).replace(/\s+/g, ""));
}

/** The name ends in an administrative suffix (not a short form like "荔湾区花地街"). */
function hasSuffix(name: string): boolean {
  return /(?:办事处|人民政府|政府|委员会|管委会|办公室|办公厅|中心|局|委|厅|街道)$/.test(name);
}

// ------------------------------------------------------------------ years and dates

/** A year in Chinese numerals; its 〇 is often typed as the letter O or the digit 0 (「二O二四」, 「二0二四」). */
const CN_YEAR = "(?=[^年]*[一二三四五六七八九])[〇○零一二三四五六七八九Oo0]{4}";
const CN_SMALL = "[一二三四五六七八九十]{1,3}";

function smallNumber(text: string): number {
  return /^\d+$/.test(text) ? Number(text) : chineseNumber(text);
}

function isoDate(y: number, m: number, d: number): string | null {
  if (!(y >= 2000 && y <= 2100 && m >= 1 && m <= 12 && d >= 1 && d <= 31)) return null;
  const date = new Date(Date.UTC(y, m - 1, d));
  if (date.getUTCMonth() !== m - 1) return null;
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

const DATE_FORMS: readonly RegExp[] = [
  /(\d{4})年(\d{1,2})月(\d{1,2})日$/,
  new RegExp(`(${CN_YEAR})年(${CN_SMALL})月(${CN_SMALL})日$`),
  /(\d{4})[-./](\d{1,2})[-./](\d{1,2})$/,
];

/**
 * A 落款 date as OCR reads it, mended where the misreading is of one known kind: specks before or after it
 * (「、2020年1月17日」, 「,|2022-04-13」), 年 read as 午 and the numeral 一 as a dash (「二〇二〇午-月十日」).
 * Nothing else is guessed: a digit misread stays misread, and a line that is still no date stays none.
 */
function ocrDateText(t: string): string {
  return t
    .replace(/^[、,，.。·'‘’"“”|:：;；_~`-]+/u, "")
    .replace(/[、,，.。·'‘’"“”|_~`]+$/u, "")
    .replace(/午(?=[\d一二三四五六七八九十-]{1,3}月)/u, "年")
    .replace(/(?<=[年月])[-—–_](?=[月日])/gu, "一");
}

/**
 * A line that is a date and nothing else (possibly after the issuer's name or "日期："), as in a
 * 落款: "2024年1月20日", "2024-01-20", "2024.1.20", "二〇二四年一月二十日". Prose that mentions a date, a
 * date followed by a time ("2023年11月20日 晚上19:04") and a lone page number are not.
 */
export function dateLine(text: string, ocr = false): string | null {
  let t = nfkc(text)
    .replace(/\s+/g, "")
    .replace(/^[#>*]+/, "")
    .replace(/^[(（[【]|[)）\]】]$/g, "");
  if (ocr) t = ocrDateText(t);
  if (t.length > 40 || /[,，。;；]/.test(t)) return null;
  for (const re of DATE_FORMS) {
    const m = re.exec(t);
    if (!m?.[1] || !m[2] || !m[3]) continue;
    const prefix = t.slice(0, m.index);
    if (
      prefix !== "" &&
      !/^(?:.*(?:办事处|政府|委员会|管委会|办公室|办公厅|中心|局|厅|街道))?(?:(?:发布|印发|成文|公开)?(?:日期|时间)[:：]?)?$/.test(
        prefix,
      )
    ) {
      continue;
    }
    const year = /^\d{4}$/.test(m[1]) ? m[1] : m[1].replace(/[Oo0]/g, "〇");
    return isoDate(parseYear(year), smallNumber(m[2]), smallNumber(m[3]));
  }
  return null;
}

// ------------------------------------------------------------------ portal publication date

/**
 * A portal's own publication date, as government sites print it with an article: "发布时间：2025-01-20
 * 10:32", "发布日期：2025年1月20日", "公开日期 2025/01/20", "发稿时间：…". 成文日期 (the date the document
 * was signed) and an undated "发布机构" are not; nor is prose ("本报告于2025年1月20日发布").
 */
const PORTAL_DATE =
  /(?:发布|公开|发稿|上网)\s*(?:时间|日期)\s*[:：]?\s*(\d{4})\s*(?:[-./]|年)\s*(\d{1,2})\s*(?:[-./]|月)\s*(\d{1,2})(?!\d)/;

/** Lines searched for a portal date: its header (around the title) and its footer. */
const PORTAL_HEAD_LINES = 40;
const PORTAL_TAIL_LINES = 15;

/** The ISO date of a portal publication-date label in `text`, or null. */
export function portalDateIn(text: string): string | null {
  const t = nfkc(text);
  if (t.length > 160) return null;
  const m = PORTAL_DATE.exec(t);
  if (!m?.[1] || !m[2] || !m[3]) return null;
  return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** The first portal date in the head of `lines`, else the last in their tail, with its line's index. */
function findPortalDate(lines: readonly Line[], bodyStart = 0): { date: string; index: number } | null {
  // The head reaches past a portal's menus to the lines around the report's title.
  const head = Math.min(lines.length, Math.max(PORTAL_HEAD_LINES, bodyStart + 15));
  for (let i = 0; i < head; i++) {
    const date = portalDateIn(lineText(lines[i] as Line));
    if (date) return { date, index: i };
  }
  for (let i = lines.length - 1; i >= Math.max(head, lines.length - PORTAL_TAIL_LINES); i--) {
    const date = portalDateIn(lineText(lines[i] as Line));
    if (date) return { date, index: i };
  }
  return null;
}

// ------------------------------------------------------------------ title

const TITLE = new RegExp(
  `^(.*?)((?:\\d{4}|${CN_YEAR}))年(?:度)?(?:的)?(?:政府信息公开|政务公开|信息公开)[^。,，]{0,8}?(?:年度?)?报告$`,
);

function compactLine(text: string): string {
  return nfkc(text)
    .replace(/[\s\u00a0\u3000]+/g, "")
    .replace(/[#*>`|]+/g, "");
}

export interface TitleMatch {
  title: string;
  issuer: string;
  year: number;
  /** Index of the title's first line (the issuer's line when it is printed above) and of its last. */
  firstIndex: number;
  lastIndex: number;
}

/** A portal info box's label before a title ("标题：…", "信息名称：…"). */
const TITLE_LABEL = /^(?:标题|题名|名称|文件名称|信息名称|文章标题)[:：]?/;

/** The year first: "2021年某某路街道政府信息公开工作年度报告". */
const TITLE_YEAR_FIRST = new RegExp(
  `^((?:\\d{4}|${CN_YEAR}))年(?:度)?(?!度|政府|政务|信息)([\\u4e00-\\u9fff（）()]{1,40}?(?:办事处|街道|人民政府|政府|委员会|管委会|办公室|办公厅|中心|局|委|厅|区|县|市|镇|乡|旗))(?:的)?(?:政府信息公开|政务公开|信息公开)[^。,，]{0,8}?(?:年度?)?报告$`,
);

/**
 * The issuer part of a title ends before 「关于」 (「某局关于报送2020年度…年度报告的函」: the report sent
 * under a covering letter) or a trailing 「的」.
 */
const trimIssuer = (name: string) => name.replace(/关于.*$|的$/, "");

function matchTitle(text: string): { issuer: string; year: number } | null {
  // Both patterns end in 「报告」: most lines fail here, before either runs (a cold audit tries every line).
  if (!text.endsWith("报告")) return null;
  const first = TITLE_YEAR_FIRST.exec(text);
  if (first?.[1] !== undefined && first[2] !== undefined) {
    const year = parseYear(first[1]);
    if (!Number.isNaN(year)) return { issuer: trimIssuer(first[2]), year };
  }
  const m = TITLE.exec(text);
  if (!m || m[2] === undefined) return null;
  const year = parseYear(m[2]);
  if (Number.isNaN(year)) return null;
  // A portal info box's label run into the title ("名称:某某街道…年度报告") is not part of the name.
  const issuer = trimIssuer((m[1] ?? "").replace(TITLE_LABEL, ""));
  // A "label: value" line or a path ("本地目录:zwgk/…/80576_某某…年度报告") is no title.
  if (/[:/\\]/.test(issuer)) return null;
  // Nor is a sentence that names a report ("我厅编写了2019年政府信息公开工作年度报告").
  if (issuer.length > 40 || /[《》,，。;；、]/.test(issuer)) return null;
  // (「现向社会公开2022年度政府信息公开年度报告」: a verb before the name of the report, no issuer.)
  if (/我|编写|编制|印发|发布|公布|现将|现向|形成|公开$/.test(issuer)) return null;
  return { issuer, year };
}

/** The first pieces of a line cut at its wide gaps (a title and its issuer run into the text after them). */
function linePieces(line: Line): string[] {
  return lineText(line)
    .trim()
    .split(/\s{2,}|\u3000+|[,，]/)
    .slice(0, 3)
    .map((p) => compactLine(p).replace(TITLE_LABEL, ""))
    .filter((p) => p !== "");
}

/**
 * The report's title as the page prints it around the body (「标题：某某2023年政府信息公开工作年度报告」 in the
 * info box, or the last item of the breadcrumb), for a body whose own title line was not found. Only a
 * full report title counts, so its issuer is the report's own name for itself (rules.md §6.6), never
 * an office named by a 来源/发布机构 field.
 */
function pageTitle(lines: readonly Line[]): TitleMatch | null {
  for (const line of lines.slice(0, 400)) {
    const raw = lineText(line).trim();
    const text = compactLine(raw);
    const labelled = TITLE_LABEL.test(text) ? text.replace(TITLE_LABEL, "") : null;
    const crumb = /^(?:当前位置|您的位置|您当前的位置|所在位置|当前的位置)/.test(text)
      ? compactLine(raw.split(/\s+|[>»›]/).at(-1) ?? "")
      : null;
    for (const title of [labelled, crumb]) {
      if (!title) continue;
      const m = matchTitle(title);
      if (m) return { title, issuer: m.issuer, year: m.year, firstIndex: -1, lastIndex: -1 };
    }
  }
  return null;
}

/**
 * The report's title among the first `within` lines: one line, two lines, the issuer on the line above
 * or below, or the first pieces of a line the title runs into.
 */
export function findTitle(lines: readonly Line[], within = 40): TitleMatch | null {
  const texts = lines.map((l) => compactLine(lineText(l)).replace(TITLE_LABEL, ""));
  const limit = Math.min(lines.length, within);
  for (let i = 0; i < limit; i++) {
    const text = texts[i] ?? "";
    if (text === "") continue;
    let single = matchTitle(text);
    if (!single) {
      // A title that runs into the text: the line's first pieces, the issuer possibly in the piece before.
      const pieces = linePieces(lines[i] as Line);
      for (const [k, piece] of pieces.entries()) {
        if (piece === text) break;
        const m = matchTitle(piece);
        if (!m) continue;
        const before = k > 0 ? (pieces[k - 1] ?? "") : "";
        if (m.issuer === "" && before.length <= 40 && hasSuffix(before)) {
          return { title: before + piece, issuer: before, year: m.year, firstIndex: i, lastIndex: i };
        }
        if (m.issuer !== "")
          return { title: piece, issuer: m.issuer, year: m.year, firstIndex: i, lastIndex: i };
        single = m;
        break;
      }
    }
    if (single) {
      // Issuer on the line above the title ("北京市…街道办事处" ⏎ "2023年政府信息公开工作年度报告").
      const above = i > 0 ? (texts[i - 1] ?? "") : "";
      if (single.issuer === "" && above !== "" && above.length <= 40 && hasSuffix(above)) {
        return { title: above + text, issuer: above, year: single.year, firstIndex: i - 1, lastIndex: i };
      }
      // Or on the line below it ("2021年政府信息公开工作年度报告" ⏎ "某某路街道办事处").
      const below = texts[i + 1] ?? "";
      if (
        single.issuer === "" &&
        below !== "" &&
        below.length <= 40 &&
        hasSuffix(below) &&
        !/\d/.test(below)
      ) {
        return { title: text + below, issuer: below, year: single.year, firstIndex: i, lastIndex: i + 1 };
      }
      return { title: text, issuer: single.issuer, year: single.year, firstIndex: i, lastIndex: i };
    }
    // A title split over two lines.
    const next = texts[i + 1] ?? "";
    // (Not when the next line is a title on its own: this line is then a breadcrumb or a header.)
    if (next !== "" && text.length <= 60 && next.length <= 30 && !matchTitle(next)) {
      const joined = matchTitle(text + next);
      if (joined)
        return {
          title: text + next,
          issuer: joined.issuer,
          year: joined.year,
          firstIndex: i,
          lastIndex: i + 1,
        };
    }
  }
  return null;
}

/** The provinces (省) by name: a 「省…厅」 issuer is completed with the one the report names. */
const PROVINCES =
  /(河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾)省/g;

/**
 * 「省工业和信息化厅」 (the report's own short form): the province is the only one its text names
 * (「《河北省实施〈…条例〉办法》」); with none or several named, the short form stays.
 */
function withProvince(name: string, fullText: string): string {
  if (!/^省[\u4e00-\u9fff]{2,}(?:厅|局|委员会|办公室)$/.test(name)) return name;
  const named = new Set([...withoutChrome(fullText).matchAll(PROVINCES)].map((m) => m[1]));
  return named.size === 1 ? `${[...named][0]}${name}` : name;
}

/** The full name in the text when the title has only a short form ("荔湾区花地街" → "荔湾区花地街道办事处"). */
function expandIssuer(short: string, fullText: string): string {
  if (short.startsWith("省")) return withProvince(short, fullText);
  if (short === "" || hasSuffix(short) || isZoneArea(short)) return short;
  const escaped = short.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(
    `${escaped}[\\u4e00-\\u9fff]{0,6}?(?:办事处|人民政府|委员会|管委会|办公室|办公厅|中心|局|厅)`,
    "g",
  );
  const counts = new Map<string, number>();
  for (const m of withoutChrome(fullText).matchAll(re)) counts.set(m[0], (counts.get(m[0]) ?? 0) + 1);
  let best = short;
  let bestCount = 0;
  for (const [name, count] of counts) {
    if (count > bestCount) {
      best = name;
      bestCount = count;
    }
  }
  return best;
}

/**
 * Portal chrome that names an office (来源：…, 发布机构：…, 名称：…, 信息来源、发文机关、所属机构、索引号) is the
 * page's, never the report's issuer (rules.md §6.6): a label with the office it names is cut out of the
 * text an issuer is looked up in.
 */
const CHROME_FIELD =
  /(?:信息来源|来源|发布机构|发文机关|发文单位|所属机构|所属单位|名称|发布单位|责任单位)\s*[:：]\s*[\u4e00-\u9fff（）()]{0,40}?(?:办事处|人民政府|政府|委员会|管委会|办公室|办公厅|中心|局|委|厅)/g;

function withoutChrome(text: string): string {
  return text.replace(CHROME_FIELD, " ");
}

/** Page or crawler text after a 落款 that ends a run-on line: share bars, links, CSV fields. */
const AFTER_SIGN_OFF =
  /\s*(?:更多信息|扫一扫|分享到|【?打印|【?关闭|相关链接|附件[:：]|[,，]\s*(?:https?:|政府信息公开)|https?:).*$/;

/**
 * The end of a line whose breaks were lost, where its 落款 would be: the text after the last 。, with
 * page or crawler text after the date cut off ("…。某省某厅2023年1月28日更多信息请关注…").
 */
function signOffTail(text: string): string {
  // A 公文's 版记 after the 落款 (「…管理局 2023年1月9日 抄送：驻…纪检监察组。」) is no part of it.
  const body = text.replace(/\s*(?:抄送|抄报)[:：].*$/, "");
  const tail = body.slice(body.lastIndexOf("。") + 1);
  return tail.replace(AFTER_SIGN_OFF, "").replace(/^.*?(?:报告下载|下载)[:：]/, "");
}

/** A line that is a portal info box's field (名称、来源、发布机构…), never an issuer. */
function isChromeLine(text: string): boolean {
  return /^(?:信息来源|来源|发布机构|发文机关|发文单位|所属机构|所属单位|名称|发布单位|责任单位|索引号)[:：]?/.test(
    text,
  );
}

/** The report's own name quoted in its text (《某省某厅2019年度政府信息公开工作报告》), early on. */
function reportNamedInText(fullText: string): { issuer: string; year: number } | null {
  for (const m of fullText.slice(0, 3000).matchAll(/《([^《》]{6,60})》/g)) {
    const title = matchTitle(m[1] ?? "");
    if (title && title.issuer !== "") return title;
  }
  return null;
}

/** The issuer in the name of the report attached to its page (「附件：1、某省某厅2023年政府信息公开工作年度报告.doc」). */
function attachedReportIssuer(fullText: string): string | null {
  for (const m of fullText.matchAll(
    /附件(?:下载)?[:：]\s*(?:\d+\s*[、.．]\s*)?([^\s。，；,;:：]{6,60}?工作(?:年度)?报告)/g,
  )) {
    const title = matchTitle(m[1] ?? "");
    if (title && title.issuer !== "" && hasSuffix(title.issuer)) return title.issuer;
  }
  return null;
}

/** Who the first sentence of 一、总体情况 is about, where it names an office and what it did. */
const OVERVIEW_SUBJECT = new RegExp(
  "一\\s*[、.．]\\s*总体情况\\s*(?:\\d{4}年度?(?:以来)?\\s*[,，]?\\s*)?" +
    "([\\u4e00-\\u9fff]{3,30}?(?:人民政府办公厅|人民政府办公室|人民政府|街道办事处|办事处|委员会|管委会|办公厅|办公室|局|厅))" +
    "(?:坚持|认真|深入|始终|严格|全面|紧紧|积极|持续|按照|围绕|以|高度|着力|聚焦|立足|扎实)",
);

function overviewSubject(fullText: string): string | null {
  const m = OVERVIEW_SUBJECT.exec(fullText.replace(/\n/g, ""));
  const name = m?.[1] ?? "";
  return name !== "" && hasSuffix(name) && !isChromeLine(name) ? name : null;
}

/** The statistical period (统计期限为2022年1月1日至12月31日) gives the report year when no title does. */
function periodYear(fullText: string): number | null {
  const m =
    /统计(?:期限|时限|期间|时段)[^。\d]{0,6}(\d{4})年1月1日(?:起)?(?:至|到|—|-)(?:(\d{4})年)?12月31日/.exec(
      fullText.slice(0, 5000),
    );
  if (!m?.[1]) return null;
  if (m[2] !== undefined && m[2] !== m[1]) return null;
  return Number(m[1]);
}

// ------------------------------------------------------------------ read

/**
 * Metadata of the report in `doc` (its body: the lines from its title to its end). The portal's own
 * publication date is read from `page`, the whole page with its chrome, when the body was cut from one.
 */
export function readMeta(doc: Document, sections: readonly Section[], page: Document = doc): ReportMetaText {
  const lines = doc.lines;
  const found = findTitle(lines) ?? (page === doc ? null : pageTitle(page.lines));
  const fullText = lines.map((l) => compactLine(lineText(l))).join("\n");
  /** Read by OCR: a 落款 date's specks and known misreadings are mended (ocrDateText). */
  const ocr = doc.info.ocr !== undefined;

  // 落款 date: the last date-only line after the heading of 六, else among the last lines.
  const six = sections.find((s) => s.no === 6);
  let dateIndex = -1;
  /** The text the date was read from: the line, or the end of a line whose breaks were lost. */
  let dateText = "";
  let publicationDate: string | null = null;
  const from = six ? lines.findIndex((l) => l.line > six.line) : Math.max(0, lines.length - 12);
  if (from >= 0) {
    for (let i = lines.length - 1; i >= from; i--) {
      const text = lineText(lines[i] as Line);
      // A portal's "发布日期：…" is the page's, not the report's 落款.
      if (portalDateIn(text) !== null) continue;
      // In text whose line breaks were lost the 落款 ends a sentence's line, page or crawler text
      // possibly after it ("…六、其他需要报告的事项无。某省教育厅2022年1月20日更多信息请关注…").
      const tail = signOffTail(text);
      const d = dateLine(text, ocr) ?? (tail !== "" ? dateLine(tail, ocr) : null);
      if (d) {
        publicationDate = d;
        dateIndex = i;
        dateText = dateLine(text, ocr) ? text : tail;
        break;
      }
    }
  }
  // Fallback: a date printed right under the title.
  if (publicationDate === null && found && found.lastIndex >= 0) {
    for (let i = found.lastIndex + 1; i < Math.min(lines.length, found.lastIndex + 4); i++) {
      const text = lineText(lines[i] as Line);
      const d = portalDateIn(text) === null ? dateLine(text, ocr) : null;
      if (d) {
        publicationDate = d;
        dateIndex = i;
        dateText = text;
        break;
      }
    }
  }
  const dateQuote = dateIndex >= 0 ? cleanProseLine(dateText) : null;
  // The date the page shows, else the one its <meta> tags carry.
  const first = lines[0];
  const shown = findPortalDate(page.lines, first ? page.lines.indexOf(first) : 0);
  const portal = shown
    ? { date: shown.date, quote: cleanProseLine(lineText(page.lines[shown.index] as Line)) }
    : doc.info.published
      ? { date: doc.info.published.date, quote: doc.info.published.source }
      : null;

  // Issuer: as named in the title; else the 落款 (the name before the date, or the line above it);
  // else the report's own name in its preamble (「…编写了《某省某厅2019年度政府信息公开工作报告》」).
  const named = found ?? reportNamedInText(fullText);
  let issuer = named?.issuer ?? "";
  if (issuer === "" && dateIndex >= 0) {
    // "无" (六 has nothing to report) run into the 落款; not the 无 of 无锡/无为/无极/无棣.
    const before = compactLine(dateText.replace(/^\s*(?:暂无|没有|无)(?:[。.\s]+|(?![锡为极棣]))/, ""))
      .replace(/(?:\d{4}|[〇○零一二三四五六七八九]{4})年.*$/, "")
      .replace(/^.*其他需(?:要)?报告的事项[:：]?(?:无|暂无|没有)?/, "");
    const above = dateIndex > 0 ? compactLine(lineText(lines[dateIndex - 1] as Line)) : "";
    if (before.length >= 3 && before.length <= 40 && hasSuffix(before) && !isChromeLine(before))
      issuer = before;
    else if (above.length <= 40 && hasSuffix(above) && !isChromeLine(above)) issuer = above;
  }
  // Else the report attached under its own name (「附件：河北省教育厅2022年政府信息公开工作年度报告」), else the
  // subject of the first sentence of 一、总体情况 (「2021年，河北省科学技术厅坚持以…」).
  if (issuer === "") issuer = attachedReportIssuer(fullText) ?? overviewSubject(fullText) ?? "";
  issuer = expandIssuer(issuer, fullText);
  const name = issuer === "" ? null : issuer;

  return {
    issuer: name,
    issuerLevel: issuerLevel(name),
    reportYear: named?.year ?? periodYear(fullText),
    publicationDate,
    title: found?.title ?? null,
    dateQuote,
    fileCreated: chinaDate(doc.info.created),
    portalDate: portal?.date ?? null,
    portalDateQuote: portal?.quote ?? null,
  };
}
