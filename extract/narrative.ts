/**
 * Figures stated in the prose of sections 一 and 六 (rules.md §6.4): each number with its unit, the
 * sentence it was read from, the canonical key (or sum expression) it restates, scope markers and the
 * year the sentence attributes it to; and prose totals with their parts (TEXT-SELF). Pure: no I/O.
 *
 * Key expressions: canonical keys joined by "+"; a term "t3.denied.*" (also unable, not_processed,
 * other_processing) sums the group's rows in the 总计 column. Fee statements use the extra keys
 * fee.notice_count, fee.notice_amount_yuan and fee.collected_yuan (rules.md §5).
 */

import { chineseNumber, parseYear } from "./cn-numerals.ts";
import type { Figures, NarrativeFigure, NarrativeTotal, ParsedReport, Section } from "./schema.ts";
import { T3_GROUPS } from "./template/layout.ts";

export interface NarrativeResult {
  figures: NarrativeFigure[];
  totals: NarrativeTotal[];
}

/** Sections as findSections returns them; lineNumbers (one per text line) gives each figure its line. */
type InputSection = Section & { readonly lineNumbers?: readonly number[] };

/** Sections whose prose restates the tables (rules.md §6.4). */
const NARRATIVE_SECTIONS: ReadonlySet<number> = new Set([1, 6]);

export const FEE_KEYS = {
  noticeCount: "fee.notice_count",
  noticeAmount: "fee.notice_amount_yuan",
  collected: "fee.collected_yuan",
} as const;

// ------------------------------------------------------------------ sentences

interface Sentence {
  readonly text: string;
  readonly section: number;
  /** Source line of each character (null when unknown). */
  readonly lineAt: (offset: number) => number | null;
}

/** A line that stops a sentence running on: ends in terminal punctuation, or is short (a heading). */
function endsSentence(line: string): boolean {
  return /[。!?！？:：;；]$/.test(line) || line.length < 25;
}

function sentencesOf(section: InputSection): Sentence[] {
  const lines = section.text.split("\n");
  const numbers = section.lineNumbers;
  let buf = "";
  const starts: Array<{ offset: number; line: number | null }> = [];
  lines.forEach((line, i) => {
    if (buf !== "") {
      const previous = lines[i - 1] ?? "";
      buf += endsSentence(previous) ? "\n" : "";
    }
    starts.push({ offset: buf.length, line: numbers?.[i] ?? null });
    buf += line;
  });
  const lineOf = (offset: number): number | null => {
    let found: number | null = null;
    for (const s of starts) if (s.offset <= offset) found = s.line;
    return found;
  };
  const out: Sentence[] = [];
  let start = 0;
  const push = (end: number) => {
    const raw = buf.slice(start, end);
    const lead = raw.length - raw.trimStart().length;
    const text = raw.trim();
    const base = start + lead;
    if (text !== "") out.push({ text, section: section.no, lineAt: (o) => lineOf(base + o) });
  };
  for (let i = 0; i < buf.length; i++) {
    if (/[。!?！？\n]/.test(buf[i] ?? "")) {
      push(i);
      start = i + 1;
    }
  }
  push(buf.length);
  return out;
}

// ------------------------------------------------------------------ numbers

const NUMBER =
  /(?<![\d.第])(\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?|[零〇两一二三四五六七八九十百]+)\s*(万元|件|宗|次|个(?!工作日|月|百分点|人)|条(?!例|款|目)|起|元)(?!项)/g;

interface NumberMatch {
  readonly value: number;
  readonly unit: string;
  readonly start: number;
  readonly end: number;
  readonly chinese: boolean;
}

function numbersIn(s: string): NumberMatch[] {
  const out: NumberMatch[] = [];
  for (const m of s.matchAll(NUMBER)) {
    const digits = m[1] ?? "";
    const chinese = !/^\d/.test(digits);
    const value = chinese ? chineseNumber(digits) : Number(digits.replace(/,/g, ""));
    if (Number.isNaN(value)) continue;
    const start = m.index ?? 0;
    // "人次": the unit is 人次, not 次 (the regex already requires the unit right after the number).
    out.push({ value, unit: m[2] ?? "", start, end: start + m[0].length, chinese });
  }
  return out;
}

const BOUNDARY = /[,，;；:：、()（）]/;

function clauseStart(s: string, at: number): number {
  let i = at - 1;
  while (i >= 0 && !BOUNDARY.test(s[i] ?? "")) i--;
  let start = i + 1;
  const head = s.slice(start, at);
  const qi = Math.max(head.lastIndexOf("其中"), head.lastIndexOf("分别为"), head.lastIndexOf("包括"));
  if (qi >= 0) {
    const word = ["其中", "分别为", "包括"].find((w) => head.startsWith(w, qi)) ?? "";
    start += qi + word.length;
  }
  return start;
}

function clauseEnd(s: string, at: number): number {
  let i = at;
  while (i < s.length && !BOUNDARY.test(s[i] ?? "")) i++;
  return i;
}

// ------------------------------------------------------------------ keys

interface KeyHit {
  readonly key: string;
  readonly measure: string;
  /** Position of the trigger's end in the clause (the closest to the number wins). */
  readonly at: number;
}

interface Trigger {
  readonly re: RegExp;
  readonly key: string;
  readonly measure: string;
  readonly group: "t3" | "t4" | "fee";
  readonly money?: boolean;
  /** The clause itself must match too (not only the sentence). */
  readonly clause?: RegExp;
}

const t3 = (re: RegExp, key: string, measure: string): Trigger => ({ re, key, measure, group: "t3" });

/** Longer phrases first: on a tie in position, the earlier trigger wins. */
const TRIGGERS: readonly Trigger[] = [
  t3(
    /结转(?:至|到|入)?下一?年度?|转入下一?年度?|下年度继续办理|(?:顺延|延期|延续|推迟)(?:至|到)?下一?年度?/g,
    "t3.carried_forward.total",
    "结转下年度",
  ),
  t3(/上一?年度?结转|上年度?转入|结转上一?年度?/g, "t3.carried_over.total", "上年结转"),
  t3(/予以公开(?:及|和|与|或)部分公开/g, "t3.granted.total+t3.partially_granted.total", "予以公开及部分公开"),
  t3(/部分公开/g, "t3.partially_granted.total", "部分公开"),
  t3(/(?<!不)予以公开|同意公开|全部公开/g, "t3.granted.total", "予以公开"),
  t3(/不予以?公开/g, "t3.denied.*", "不予公开"),
  t3(/不掌握|(?:信息)?不存在/g, "t3.unable.no_such_info.total", "不掌握相关政府信息"),
  t3(/无法提供/g, "t3.unable.*", "无法提供"),
  t3(/不予处理/g, "t3.not_processed.*", "不予处理"),
  t3(/其他处理/g, "t3.other_processing.*", "其他处理"),
  t3(/国家秘密/g, "t3.denied.state_secret.total", "属于国家秘密"),
  t3(/法律行政法规禁止/g, "t3.denied.law_prohibited.total", "其他法律行政法规禁止公开"),
  t3(/三安全一稳定/g, "t3.denied.three_safety_one_stability.total", "危及“三安全一稳定”"),
  t3(/第三方合法权益/g, "t3.denied.third_party_rights.total", "保护第三方合法权益"),
  t3(/内部事务/g, "t3.denied.internal_affairs.total", "属于三类内部事务信息"),
  t3(/过程性信息/g, "t3.denied.process_info.total", "属于四类过程性信息"),
  t3(/行政执法案卷/g, "t3.denied.enforcement_file.total", "属于行政执法案卷"),
  t3(/行政查询事项/g, "t3.denied.administrative_query.total", "属于行政查询事项"),
  t3(/另行制作/g, "t3.unable.need_creation.total", "没有现成信息需要另行制作"),
  t3(/补正后[^,，;；]*不明确/g, "t3.unable.unclear_after_correction.total", "补正后申请内容仍不明确"),
  t3(/信访|举报|投诉/g, "t3.not_processed.petition_complaint.total", "信访举报投诉类申请"),
  t3(/重复申请/g, "t3.not_processed.duplicate.total", "重复申请"),
  t3(/公开出版物/g, "t3.not_processed.publication.total", "要求提供公开出版物"),
  t3(/大量反复/g, "t3.not_processed.massive_repeated.total", "无正当理由大量反复申请"),
  t3(/确认或重新出具/g, "t3.not_processed.confirm_reissue.total", "要求行政机关确认或重新出具已获取信息"),
  t3(/逾期不补正/g, "t3.other_processing.overdue_correction.total", "逾期不补正"),
  t3(/逾期未[^,，;；]{0,8}?缴/g, "t3.other_processing.overdue_fee.total", "逾期未缴费"),
  t3(/办结|答复|办理完毕|处理完毕|已办理/g, "t3.total_processed.total", "办结"),
  { ...t3(/收到|受理|新收|接到|接收/g, "t3.new.total", "收到申请"), clause: /申请/ },
  {
    re: /纠正|纠错/g,
    key: "t4.review.corrected+t4.litigation_direct.corrected+t4.litigation_after_review.corrected",
    measure: "纠正",
    group: "t4",
  },
  {
    re: /(?:行政)?复议(?:和|及|与|、|以及)(?:行政)?诉讼/g,
    key: "t4.review.total+t4.litigation_direct.total+t4.litigation_after_review.total",
    measure: "行政复议和行政诉讼",
    group: "t4",
  },
  { re: /行政复议|复议/g, key: "t4.review.total", measure: "行政复议", group: "t4" },
  {
    re: /行政诉讼|诉讼/g,
    key: "t4.litigation_direct.total+t4.litigation_after_review.total",
    measure: "行政诉讼",
    group: "t4",
  },
  { re: /收费通知/g, key: FEE_KEYS.noticeCount, measure: "收费通知件数", group: "fee" },
  {
    re: /(?:收费|通知|涉及)(?:总)?金额|应收/g,
    key: FEE_KEYS.noticeAmount,
    measure: "收费通知总金额",
    group: "fee",
    money: true,
  },
  {
    re: /实际收取|实收|收取/g,
    key: FEE_KEYS.collected,
    measure: "实际收取总金额",
    group: "fee",
    money: true,
  },
];

const DOC_TYPES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/规范性文件/, "normative_documents", "行政规范性文件"],
  [/规章/, "regulations", "规章"],
];
const DOC_MEASURES: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/废止/g, "repealed", "废止件数"],
  [/现行有效/g, "in_force", "现行有效件数"],
  [/制发|印发|出台|制定|新制作/g, "made", "制发件数"],
];
const DECISIONS: ReadonlyArray<readonly [RegExp, string, string]> = [
  [/许可/, "licensing", "行政许可"],
  [/处罚/, "punishment", "行政处罚"],
  [/强制/, "coercion", "行政强制"],
];

function lastEnd(re: RegExp, text: string): number {
  let end = -1;
  for (const m of text.matchAll(new RegExp(re.source, "g")))
    end = Math.max(end, (m.index ?? 0) + m[0].length);
  return end;
}

/** 表二 measures (rules.md §6.4 TEXT-T2): the document type or item and the measure in one clause. */
function t2Hit(clause: string, money: boolean): KeyHit | null {
  if (money) {
    const at = lastEnd(/行政事业性收费/, clause);
    return at >= 0 ? { key: "t2.fees.amount_wan_yuan", measure: "行政事业性收费收费金额", at } : null;
  }
  const doc = DOC_TYPES.find(([re]) => re.test(clause));
  if (doc) {
    for (const [re, col, measure] of DOC_MEASURES) {
      const at = lastEnd(re, clause);
      if (at >= 0) return { key: `t2.${doc[1]}.${col}`, measure: `${doc[2]}${measure}`, at };
    }
    return null;
  }
  const at = lastEnd(/决定/, clause);
  if (at < 0) return null;
  const item = DECISIONS.find(([re]) => re.test(clause));
  return item ? { key: `t2.${item[1]}.decisions`, measure: `${item[2]}处理决定数量`, at } : null;
}

function bestTrigger(
  clause: string,
  sentence: string,
  money: boolean,
  nearest: "last" | "first",
): KeyHit | null {
  let best: KeyHit | null = null;
  const hasApplication = /申请/.test(sentence);
  const hasReview = /复议|诉讼/.test(sentence);
  const better = (at: number) => best === null || (nearest === "last" ? at > best.at : at < best.at);
  for (const trigger of TRIGGERS) {
    // Amounts (元) restate only fee parts; counts restate 表三/表四 cells or the number of 收费通知.
    if (money !== (trigger.money ?? false)) continue;
    if (trigger.group === "t3" && !hasApplication) continue;
    if (trigger.group === "t4" && !hasReview) continue;
    if (trigger.group === "fee" && /行政事业性/.test(clause)) continue;
    if (trigger.clause && !trigger.clause.test(clause)) continue;
    for (const m of clause.matchAll(trigger.re)) {
      const at = nearest === "last" ? (m.index ?? 0) + m[0].length : (m.index ?? 0);
      if (better(at)) best = { key: trigger.key, measure: trigger.measure, at };
    }
  }
  const t2 = t2Hit(clause, money);
  if (t2 && (best === null || (nearest === "last" ? t2.at >= best.at : t2.at <= best.at))) best = t2;
  return best;
}

const ALL_CORRECTED =
  "t4.review.corrected+t4.litigation_direct.corrected+t4.litigation_after_review.corrected";
/** The 表四 group a sentence last named before a figure: 复议后起诉 and 起诉 are litigation. */
const T4_GROUP_WORD =
  /(?:行政)?复议(?:和|及|与|、|以及)(?:行政)?诉讼|复议后起诉|行政诉讼|诉讼|起诉|应诉|行政复议|复议/g;

/**
 * 纠正/纠错 N belongs to the group the sentence is talking about at that point (「行政复议120件，其中…结果
 * 纠正18件…；行政诉讼30件，其中…结果纠正4件」: 18 is 行政复议's, 4 the two 诉讼 groups'); without a group
 * named before it, to all three.
 */
function correctedGroup(sentence: string, at: number): string {
  let last: string | null = null;
  for (const m of sentence.slice(0, at).matchAll(T4_GROUP_WORD)) last = m[0];
  if (last === null || /复议.+诉讼/.test(last)) return ALL_CORRECTED;
  return /诉|起诉/.test(last)
    ? "t4.litigation_direct.corrected+t4.litigation_after_review.corrected"
    : "t4.review.corrected";
}

function keyFor(before: string, after: string, sentence: string, unit: string, at: number): KeyHit | null {
  const money = unit === "元" || unit === "万元";
  const hit = bestTrigger(before, sentence, money, "last") ?? bestTrigger(after, sentence, money, "first");
  return hit?.key === ALL_CORRECTED ? { ...hit, key: correctedGroup(sentence, at) } : hit;
}

// ------------------------------------------------------------------ scope and year

/** Scope markers of a sentence (rules.md §6.4): a text/table mismatch is then only a notice. */
export function scopeMarkers(sentence: string): string[] {
  const out: string[] = [];
  if (/(?<!人大|党|政协)代表(?!建议|提案|大会)/.test(sentence)) out.push("代表");
  if (/本级/.test(sentence)) out.push("本级");
  for (const m of sentence.matchAll(/全(?:区|市|县|省|州|旗)/g)) if (!out.includes(m[0])) out.push(m[0]);
  for (const m of sentence.matchAll(/各(?:部门|单位)/g)) if (!out.includes(m[0])) out.push(m[0]);
  if (/截至|截止/.test(sentence)) out.push("截至");
  const month =
    /(\d{1,2}|[一二三四五六七八九十]{1,3})月(?:份)?\s*(?:至|到|—|-|~|－|–)\s*(\d{1,2}|[一二三四五六七八九十]{1,3})月/.exec(
      sentence,
    );
  if (month) out.push(month[0]);
  const channel =
    /通过([^,，;；。]{1,30}?)(?=主动公开|公开(?!专栏|栏目|平台|网|目录|指南)|发布|收到|受理|报送|推送|接收|共|累计|向)/.exec(
      sentence,
    );
  if (channel) out.push(`通过${channel[1]}`);
  if (/(?:含|包含|包括)(?:上年|上一年度?)?结转/.test(sentence)) out.push("含上年结转");
  return out;
}

const YEAR = /(\d{4}|[〇○零一二三四五六七八九]{4})\s*年/g;
/** A year that names a document or a budget, not the period of the figures. */
const NOT_PERIOD =
  /^度?\s*(?:部门)?(?:预算|决算)|^度?\s*(?:法治政府|政务公开工作要点|工作要点|政府信息公开工作年度报告)/;

/** The year a sentence attributes to the figure at `at`: the last period year before it. */
export function yearBefore(sentence: string, at: number): number | null {
  let year: number | null = null;
  let depth = 0;
  const inBook: boolean[] = [];
  for (const ch of sentence) {
    if (ch === "《") depth++;
    inBook.push(depth > 0);
    if (ch === "》") depth = Math.max(0, depth - 1);
  }
  for (const m of sentence.matchAll(YEAR)) {
    const index = m.index ?? 0;
    if (index >= at) break;
    if (inBook[index]) continue;
    if (NOT_PERIOD.test(sentence.slice(index + m[0].length))) continue;
    const y = parseYear(m[1] ?? "");
    if (y >= 1990 && y <= 2100) year = y;
  }
  return year;
}

// ------------------------------------------------------------------ nil statements

interface ZeroHit {
  readonly key: string;
  readonly measure: string;
  readonly unit: string;
  readonly at: number;
}

/** "Nothing happened" wording before 复议 / 诉讼 (zeroStatements). */
const NIL =
  "(?:未发生|没有发生|未出现|没有出现|未有|没有|未被|无(?=因|被|涉及|政府信息公开|行政))(?:被|因)?[^。;；,，]{0,30}?";
const NIL_REVIEW = new RegExp(`${NIL}复议(?!机关)`);
const NIL_LITIGATION = new RegExp(`${NIL}诉讼`);

function zeroStatements(s: string): ZeroHit[] {
  const out: ZeroHit[] = [];
  const add = (re: RegExp, key: string, measure: string, unit = "件") => {
    const m = re.exec(s);
    if (m) out.push({ key, measure, unit, at: m.index });
  };
  add(/(?:没有|未曾|未|无)(?:收到|接到|受理)(?:过)?[^。;；,，]{0,30}?申请/, "t3.new.total", "收到申请");
  // "未发生…被行政复议纠错" says nothing was corrected, not that there was no 复议.
  const corrected = (re: RegExp) => {
    const m = re.exec(s);
    return (
      m !== null &&
      /^(?:的)?(?:案件)?(?:被)?(?:纠错|纠正|撤销|确认违法|败诉)/.test(s.slice(m.index + m[0].length))
    );
  };
  if (!/复议\s*\d/.test(s)) {
    if (corrected(NIL_REVIEW)) add(NIL_REVIEW, "t4.review.corrected", "行政复议纠错");
    else add(NIL_REVIEW, "t4.review.total", "行政复议");
  }
  if (!/诉讼\s*\d/.test(s)) {
    if (corrected(NIL_LITIGATION))
      add(
        NIL_LITIGATION,
        "t4.litigation_direct.corrected+t4.litigation_after_review.corrected",
        "行政诉讼纠错",
      );
    else add(NIL_LITIGATION, "t4.litigation_direct.total+t4.litigation_after_review.total", "行政诉讼");
  }
  // Fees: "未收取信息公开处理费", "未发出收费通知", "…件数和总金额以及实际收取的总金额均为0".
  const fee = /收费通知|处理费/.test(s);
  if (fee && /(?:均|都)(?:为|是)\s*(?:0|零)(?!\.\d)/.test(s)) {
    const collectedAt = s.search(/实际收取|实收/);
    const head = collectedAt >= 0 ? s.slice(0, collectedAt) : s;
    if (/件数|份数/.test(head) || (/收费通知/.test(head) && /件|份/.test(head))) {
      out.push({
        key: FEE_KEYS.noticeCount,
        measure: "收费通知件数",
        unit: "件",
        at: Math.max(0, s.search(/收费通知/)),
      });
    }
    if (/金额/.test(head)) {
      out.push({
        key: FEE_KEYS.noticeAmount,
        measure: "收费通知总金额",
        unit: "元",
        at: Math.max(0, head.search(/金额/)),
      });
    }
    if (collectedAt >= 0)
      out.push({ key: FEE_KEYS.collected, measure: "实际收取总金额", unit: "元", at: collectedAt });
  } else {
    add(/(?:未|没有|无)(?:发出|开具|出具)(?:过)?(?:任何)?收费通知/, FEE_KEYS.noticeCount, "收费通知件数");
    add(
      /(?:未|没有|不曾|无|不)(?:向[^,，;；。]{1,8}?)?(?:收取|收缴|产生)(?:过)?(?:任何)?[^,，;；。]{0,12}?(?:处理费|费用)|(?:未|没有|无)(?:发生|产生|出现)(?:过)?[^,，;；。]{0,14}?收费(?:情况|事项|行为)?/,
      FEE_KEYS.collected,
      "实际收取总金额",
      "元",
    );
  }
  return out;
}

// ------------------------------------------------------------------ totals

const INTRODUCER = /^\s*[,，:：]?\s*(其中|包括|分别为|分别是|具体为|具体包括)/;

/** A clause that opens with a preposition or holds an action verb states something new. */
const NEW_STATEMENT =
  /^(?:向|对|通过|经由|围绕|针对)|推送|发布|受理|办理|开展|举办|印发|转办|接通|制定|召开|答复/;

function partLabel(s: string, m: NumberMatch): string {
  return s
    .slice(clauseStart(s, m.start), m.start)
    .replace(/^\s*(?:其中|包括|分别为|分别是|具体为)\s*[,，:：]?\s*/, "")
    .trim();
}

function totalsIn(
  s: string,
  numbers: readonly NumberMatch[],
  section: number,
  line: number | null,
): NarrativeTotal[] {
  const out: NarrativeTotal[] = [];
  for (let i = 0; i < numbers.length; i++) {
    const total = numbers[i] as NumberMatch;
    if (total.chinese) continue;
    const intro = INTRODUCER.exec(s.slice(total.end));
    if (!intro) continue;
    const parts: Array<{ label: string; value: number }> = [];
    let nested: { value: number; sum: number } | null = null;
    // A total that is itself a part of an earlier list ends where its parts add up.
    const inner = /其中|包括|分别为/.test(s.slice(0, total.start));
    for (let j = i + 1; j < numbers.length; j++) {
      const part = numbers[j] as NumberMatch;
      if (part.unit !== total.unit) continue;
      const previous = numbers[j - 1] as NumberMatch;
      const gap = s.slice(previous.end, part.start);
      // After a "；" a list that already adds up is over, and a new 共/合计/累计 starts a new total.
      const running = parts.reduce((a, p) => a + p.value, 0);
      if (/[;；]/.test(gap) && parts.length > 0 && running >= total.value) break;
      // After a "；" a clause with its own predicate (「向…推送…66件」「受理…工单…」) is a new statement, not
      // the next item of the list: items name a category (「法人或其他组织10件」).
      if (/[;；]/.test(gap) && parts.length > 0 && NEW_STATEMENT.test(partLabel(s, part))) break;
      if (inner && parts.length > 0 && running === total.value) break;
      // (The 共 of 公共/共享/共同/共建 names a category: 「突发公共事件应急预案类信息47条」 is an item.)
      if (/(?<!公)共(?![享同建治])|合计|累计|总计/.test(s.slice(clauseStart(s, part.start), part.start)))
        break;
      // A nested 其中 belongs to the part before it: skip its figures until they add up to that part.
      if (j > i + 1 && /其中/.test(gap) && parts.length > 0 && nested === null) {
        nested = { value: (parts.at(-1) as { value: number }).value, sum: 0 };
      }
      if (nested) {
        nested.sum += part.value;
        if (nested.sum >= nested.value || /[;；]/.test(s.slice(part.end, numbers[j + 1]?.start ?? s.length)))
          nested = null;
        continue;
      }
      parts.push({ label: partLabel(s, part), value: part.value });
    }
    if (parts.length === 0) continue;
    const last = parts.at(-1)?.label ?? "";
    const exhaustive = /分别/.test(intro[1] ?? "") || /其他|其它|其余/.test(last);
    out.push({ quote: s, total: total.value, unit: total.unit, parts, exhaustive, section, line });
    // Parts of this total are not totals of their own (unless they introduce a nested list).
  }
  return out;
}

// ------------------------------------------------------------------ extraction

export function extractNarrative(sections: readonly InputSection[]): NarrativeResult {
  const figures: NarrativeFigure[] = [];
  const totals: NarrativeTotal[] = [];
  for (const section of sections) {
    if (!NARRATIVE_SECTIONS.has(section.no)) continue;
    for (const sentence of sentencesOf(section)) {
      const s = sentence.text;
      const scope = scopeMarkers(s);
      const numbers = numbersIn(s);
      const seen = new Set<string>();
      for (const m of numbers) {
        const before = s.slice(clauseStart(s, m.start), m.start);
        const after = s.slice(m.end, clauseEnd(s, m.end));
        const hit = keyFor(before, after, s, m.unit, m.start);
        if (m.chinese && !hit) continue;
        const label = before.replace(/^\s*(?:其中|共|合计|累计)\s*/, "").trim();
        figures.push({
          quote: s,
          value: m.value,
          unit: m.unit,
          key: hit?.key ?? null,
          measure: hit?.measure ?? (label.length > 20 ? label.slice(-20) : label),
          section: section.no,
          line: sentence.lineAt(m.start),
          scope,
          year: yearBefore(s, m.start),
        });
        if (hit) seen.add(hit.key);
      }
      for (const z of zeroStatements(s)) {
        if (seen.has(z.key)) continue;
        seen.add(z.key);
        figures.push({
          quote: s,
          value: 0,
          unit: z.unit,
          key: z.key,
          measure: z.measure,
          section: section.no,
          line: sentence.lineAt(z.at),
          scope,
          year: yearBefore(s, z.at),
        });
      }
      totals.push(...totalsIn(s, numbers, section.no, sentence.lineAt(0)));
    }
  }
  return { figures, totals };
}

// ------------------------------------------------------------------ restated table values

export interface Restated {
  /** Σ of the cells, or null when a cell is null or absent. */
  readonly value: number | null;
  readonly cells: string[];
  /** Cells that are null or absent (the check is then cannot_check). */
  readonly missing: string[];
}

const GROUP_ROWS: Readonly<Record<string, readonly string[]>> = {
  denied: T3_GROUPS.denied,
  unable: T3_GROUPS.unable,
  not_processed: T3_GROUPS.not_processed,
};

/** Cells of a key expression, given which keys the report has (（六） split or one row). */
export function expandKey(expr: string, figures: Figures): string[] {
  const cells: string[] = [];
  for (const term of expr.split("+")) {
    const group = /^t3\.([a-z_]+)\.\*$/.exec(term)?.[1];
    if (group === undefined) cells.push(term);
    else if (group === "other_processing") {
      const split = T3_GROUPS.other_split.map((r) => `t3.${r}.total`);
      cells.push(...(split.some((k) => Object.hasOwn(figures, k)) ? split : ["t3.other_processing.total"]));
    } else cells.push(...(GROUP_ROWS[group] ?? []).map((r) => `t3.${r}.total`));
  }
  return cells;
}

/** The table value a narrative key expression restates. Null and absent cells are never 0. */
export function restatedValue(expr: string, figures: Figures): Restated {
  const cells = expandKey(expr, figures);
  const missing = cells.filter((k) => figures[k] === null || figures[k] === undefined);
  if (missing.length > 0) return { value: null, cells, missing };
  const sum = cells.reduce((acc, k) => acc + (figures[k] ?? 0), 0);
  return { value: Math.round(sum * 1e6) / 1e6, cells, missing };
}

/** Fee statement of a text (section 六): the three parts of the triple and their values, as stated. */
export interface FeeStatement {
  /** Some fee vocabulary appears (信息处理费, 收费通知, 收取…费). */
  readonly mentioned: boolean;
  readonly noticeCount: NarrativeFigure | null;
  readonly noticeAmount: NarrativeFigure | null;
  readonly collected: NarrativeFigure | null;
}

/** The fee parts among narrative figures (the largest stated value of each part). */
export function feeStatement(figures: readonly NarrativeFigure[], text: string): FeeStatement {
  const pick = (key: string) =>
    figures
      .filter((f) => f.key === key)
      .reduce<NarrativeFigure | null>((a, f) => (a && a.value >= f.value ? a : f), null);
  return {
    mentioned:
      /信息处理费|信息公开处理费|处理费|收费通知|收取[^。]{0,12}费|(?:未|没有|无)(?:发生|产生|出现)[^。]{0,14}收费/.test(
        text,
      ),
    noticeCount: pick(FEE_KEYS.noticeCount),
    noticeAmount: pick(FEE_KEYS.noticeAmount),
    collected: pick(FEE_KEYS.collected),
  };
}

/** A narrative figure against the table cells it restates. */
export type NarrativeComparison =
  | { readonly status: "missing"; readonly cells: string[]; readonly missing: string[] }
  | {
      readonly status: "ok";
      readonly text: number;
      readonly table: number;
      /** text − table. */
      readonly difference: number;
      readonly holds: boolean;
      readonly cells: string[];
    };

export function compareNarrative(
  figure: NarrativeFigure,
  figures: Figures,
  tolerance = 0,
): NarrativeComparison {
  const r = restatedValue(figure.key ?? "", figures);
  if (figure.key === null || r.value === null) {
    return { status: "missing", cells: r.cells, missing: r.missing.length > 0 ? r.missing : r.cells };
  }
  const difference = Math.round((figure.value - r.value) * 1e6) / 1e6;
  return {
    status: "ok",
    text: figure.value,
    table: r.value,
    difference: difference === 0 ? 0 : difference,
    holds: Math.abs(difference) <= tolerance + 1e-9,
    cells: r.cells,
  };
}

/**
 * The figure is about the report's own year: no year printed, or the report year. A sentence about
 * another year (a comparison with last year) restates no cell of this year's tables.
 */
export function aboutReportYear(figure: NarrativeFigure, reportYear: number | null): boolean {
  return figure.year === null || reportYear === null || figure.year === reportYear;
}

/** First report year whose 六 must report 信息处理费 (国办函〔2020〕109号, effective 2021-01-01). */
export const FEE_FROM_YEAR = 2021;

/**
 * The fee statement of section 六, read from its text (so that it does not depend on how the
 * narrative was filled); from the narrative and the whole text when 六 was not found.
 */
export function reportFeeStatement(report: ParsedReport): FeeStatement {
  const six = report.sections.find((s) => s.no === 6);
  const inSix = six
    ? feeStatement(extractNarrative([six]).figures, six.text)
    : feeStatement(report.narrative, report.fullText);
  if (hasFeePart(inSix)) return inSix;
  // A statement printed under another heading (a renumbered or merged 六) is still a statement: the
  // prose of every section, read as 六 would be (tables are not prose, so their labels never count).
  const prose = report.sections.filter((s) => s !== six).map((s) => ({ ...s, no: 6 as const }));
  const elsewhere = feeStatement(extractNarrative(prose).figures, prose.map((s) => s.text).join("\n"));
  return hasFeePart(elsewhere) ? elsewhere : inSix;
}

const hasFeePart = (f: FeeStatement) =>
  f.noticeCount !== null || f.noticeAmount !== null || f.collected !== null;
