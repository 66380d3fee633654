/**
 * What the report states besides its tables, for the deterministic answerer: the template version
 * and why, the issuer's level, the publication deadline and whether it was met, a section quoted
 * (「第五部分写了什么」), the figures of the prose (主动公开信息条数), the fee statement of section 六
 * (收费通知件数, 金额, 实际收取) and the problems and improvements of section 五. Section texts come
 * from the parsed report (AnswerContext.parsed); without it the answer says so.
 */
import { LEVELS } from "../audit/render-text.ts";
import type { AuditResult } from "../audit/result.ts";
import type { ParsedReport } from "../extract/schema.ts";
import { expectedVersion } from "../validate/rules/xy-format.ts";
import type { Answer, Citation } from "./answerer.ts";
import { normalizeQuestion } from "./deterministic-lexicon.ts";

type Narrative = AuditResult["narrative"][number];

const SECTION_TITLES = [
  "总体情况",
  "主动公开政府信息情况",
  "收到和处理政府信息公开申请情况",
  "政府信息公开行政复议、行政诉讼情况",
  "存在的主要问题及改进情况",
  "其他需要报告的事项",
] as const;
const NUMERALS = "一二三四五六";
const MAX_QUOTE = 900;

const TEMPLATE_DOCS: Record<"2019" | "2021", string> = {
  "2019": "国办公开办函〔2019〕60号，用于 2019、2020 年度报告",
  "2021": "国办公开办函〔2021〕30号，用于 2021 年度起的报告",
};

// ───────────────────────────────────────────── template, level, deadline

const TEMPLATE = /模板|版本|哪版|哪一版|什么版|新版|旧版|(用|采用|使用|按)(的)?(哪|什么)(个|种)?格式|格式是/;
const LEVEL = /级别|哪一级|哪级|什么级|层级|行政级|属于什么(机关|单位)|机关类型|什么性质/;
const DEADLINE = /期限|截止|按时|按期|逾期|及时公布|超期|晚了|迟了|准时|过期|最晚|什么时候之前|几号之前|延迟/;

function templateAnswer(result: AuditResult): Answer {
  const m = result.meta;
  const lines: string[] = [];
  if (m.templateVersion === null) lines.push("未能识别模板版本：表二的列名既不像 2019 版也不像 2021 版。");
  else if (m.templateVersion === "mixed")
    lines.push("模板版本：新旧模板混用（表二同时出现 2019 版和 2021 版的列名）。");
  else lines.push(`模板版本：${m.templateVersion} 版（${TEMPLATE_DOCS[m.templateVersion]}）。`);
  if (m.templateEvidence.length > 0) lines.push(`  识别依据：${m.templateEvidence.join("；")}`);
  const expected = m.reportYear === null ? null : expectedVersion(m.reportYear);
  if (expected !== null && m.reportYear !== null) {
    const verdict = m.templateVersion === expected ? "相符" : "不相符，见审核发现 XY-FORMAT";
    lines.push(`  ${m.reportYear} 年度报告应使用 ${expected} 版（${TEMPLATE_DOCS[expected]}）：${verdict}。`);
  }
  const citations: Citation[] =
    m.templateEvidence.length > 0
      ? [{ key: "meta.templateVersion", value: null, source: `表二列名：${m.templateEvidence.join("；")}` }]
      : [];
  return { text: lines.join("\n"), citations, handled: true };
}

/** Where the issuer and its level were read. */
function titleCitation(m: AuditResult["meta"]): Citation[] {
  return m.title ? [{ key: "meta.issuerLevel", value: null, source: `报告标题「${m.title}」` }] : [];
}

function dateCitation(m: AuditResult["meta"]): Citation[] {
  if (m.portalDate)
    return [{ key: "meta.portalDate", value: null, source: m.portalDateQuote ?? "网页发布日期" }];
  if (m.publicationDate)
    return [{ key: "meta.publicationDate", value: null, source: `落款日期 ${m.publicationDate}` }];
  return [];
}

interface Deadline {
  readonly iso: string;
  readonly rule: string;
}

function deadlineOf(m: AuditResult["meta"]): Deadline | null {
  if (m.reportYear === null || m.issuerLevel === null) return null;
  const y = m.reportYear + 1;
  if (m.issuerLevel === "county_plus_government")
    return {
      iso: `${y}-03-31`,
      rule: "县级以上地方人民政府的年度报告于次年 3 月 31 日前公布（条例第四十九条）",
    };
  if (m.issuerLevel === "department")
    return { iso: `${y}-01-31`, rule: "县级以上人民政府部门于次年 1 月 31 日前公布（条例第四十九条）" };
  return { iso: `${y}-01-31`, rule: "乡镇、街道条例未单列，实践中按次年 1 月 31 日" };
}

function levelAnswer(result: AuditResult): Answer {
  const m = result.meta;
  if (m.issuerLevel === null)
    return { text: "未能从报告标题或落款识别发布机关的层级。", citations: [], handled: true };
  const d = deadlineOf(m);
  const lines = [
    `发布机关：${m.issuer ?? "未识别"}`,
    `层级：${LEVELS[m.issuerLevel] ?? m.issuerLevel}（按报告标题中发布机关名称的最后一级识别）`,
  ];
  if (d) lines.push(`公布期限：${d.iso}（${d.rule}）`);
  if (m.issuerLevel === "county_plus_government" || m.issuerLevel === "township_government")
    lines.push("各级人民政府的报告还应包括工作考核、社会评议和责任追究结果情况（条例第五十条）。");
  return { text: lines.join("\n"), citations: titleCitation(m), handled: true };
}

function deadlineAnswer(result: AuditResult): Answer {
  const m = result.meta;
  const d = deadlineOf(m);
  if (d === null) {
    const missing = [m.reportYear === null ? "报告年度" : "", m.issuerLevel === null ? "发布机关层级" : ""]
      .filter(Boolean)
      .join("、");
    return { text: `未能识别${missing}，无法确定公布期限。`, citations: [], handled: true };
  }
  const lines = [`公布期限：${d.iso}（${LEVELS[m.issuerLevel ?? ""] ?? ""}；${d.rule}）`];
  const judged: [string, string] | null = m.portalDate
    ? [m.portalDate, `网页标注的发布日期${m.portalDateQuote ? `（「${m.portalDateQuote}」）` : ""}`]
    : m.publicationDate
      ? [m.publicationDate, "落款日期"]
      : m.givenDate
        ? [m.givenDate, "您提供的公布日期"]
        : null;
  if (judged === null) {
    lines.push(
      "报告中未找到落款日期，无法判断是否按期公布。可以用 /date 告诉我公布日期（例如 /date 2025-01-20）再核验。",
    );
    if (m.fileCreated) lines.push(`文件元数据记载的创建日期为 ${m.fileCreated}（不等于公布日期）。`);
    return { text: lines.join("\n"), citations: [], handled: true };
  }
  const [date, what] = judged;
  const days = Math.round((Date.parse(date) - Date.parse(d.iso)) / 86_400_000);
  lines.push(
    days <= 0
      ? `${what}：${date}，在期限之前，按期公布。`
      : `${what}：${date}，晚于期限 ${days} 天，未按期公布。`,
  );
  if (m.portalDate && m.publicationDate) lines.push(`报告落款日期：${m.publicationDate}。`);
  return { text: lines.join("\n"), citations: [...titleCitation(m), ...dateCitation(m)], handled: true };
}

// ───────────────────────────────────────────── sections

const CONTENT =
  /写了什么|写了啥|写的什么|写的啥|写了哪些|讲了什么|讲的什么|说了什么|说的什么|什么内容|哪些内容|内容是|内容有|原文|全文|具体内容|具体情况|怎么写的|如何写的|写的是/;

/** The section a question asks to quote (1–6), or null. */
function sectionAsked(q: string): number | null {
  const numbered = /第([一二三四五六1-6])(?:部分|节|项|章|大项)/.exec(q) ?? /^([一二三四五六])、/.exec(q);
  if (numbered?.[1]) {
    const n = NUMERALS.indexOf(numbered[1]) + 1 || Number(numbered[1]);
    if (n >= 1 && n <= 6) return n;
  }
  if (/其他需要报告|其他需报告|其他事项/.test(q)) return 6;
  if (!CONTENT.test(q)) return null;
  if (/总体情况/.test(q)) return 1;
  if (/主动公开(政府信息)?情况/.test(q)) return 2;
  if (/(收到和处理|依申请公开)(政府信息公开申请)?情况/.test(q)) return 3;
  if (/(复议|诉讼)情况/.test(q)) return 4;
  if (/问题及改进|改进情况/.test(q)) return 5;
  return null;
}

function clip(text: string): string {
  const t = text.trim();
  return t.length <= MAX_QUOTE
    ? t
    : `${t.slice(0, MAX_QUOTE)}……（共 ${t.length} 字，已截取前 ${MAX_QUOTE} 字）`;
}

const TABLE_OF_SECTION: Record<number, string> = { 2: "表二", 3: "表三", 4: "表四" };

function sectionAnswer(result: AuditResult, parsed: ParsedReport | null | undefined, no: number): Answer {
  const title = `第${NUMERALS[no - 1]}部分「${SECTION_TITLES[no - 1]}」`;
  const found = result.sections.find((s) => s.no === no);
  if (!found)
    return {
      text: `报告中没有找到${title}（审核发现 STRUCTURE-SECTIONS 会列出缺少的部分）。`,
      citations: [],
      handled: true,
    };
  const citation: Citation = {
    key: `section:${no}`,
    value: null,
    source: `${found.heading}，第${found.line}行`,
  };
  const section = parsed?.sections.find((s) => s.no === no);
  if (!section)
    return {
      text: `${title}在第 ${found.line} 行（标题「${found.heading}」）。这份报告保存时没有保留正文，无法引用；请重新发送报告文件后再问。`,
      citations: [citation],
      handled: true,
    };
  if (section.text.trim() === "") {
    const table = TABLE_OF_SECTION[no];
    return {
      text: `${title}（第 ${found.line} 行）没有文字，只有${table ?? "表格"}。${table ? `可以直接问${table}中的数字，例如「${table === "表二" ? "行政处罚决定多少" : table === "表三" ? "予以公开多少件" : "行政复议总数"}」。` : ""}`,
      citations: [citation],
      handled: true,
    };
  }
  return {
    text: `${title}（第 ${found.line} 行起）原文：\n${clip(section.text)}`,
    citations: [citation],
    handled: true,
  };
}

// ───────────────────────────────────────────── problems and improvements of 五

const PROBLEMS =
  /存在(的)?(主要)?问题|存在(什么|哪些)(问题|不足)|不足|短板|薄弱|(报告|自己|自身)(里|中)?(写|列|提|说|找)[^审]*问题|问题(是什么|有哪些)$/;
const IMPROVEMENTS = /改进|措施|下一步|下阶段|打算|计划|努力方向|整改情况|怎么提高|如何提高|怎么加强/;
const TURN =
  /下一步|下阶段|下一阶段|下一年|下步|改进情况|改进措施|整改措施|针对上述问题|针对以上问题|针对存在的问题|将从|今后|\(二\)|二、改进/;

function problemsAnswer(
  result: AuditResult,
  parsed: ParsedReport | null | undefined,
  want: "problems" | "improvements",
): Answer {
  const five = sectionAnswer(result, parsed, 5);
  const section = parsed?.sections.find((s) => s.no === 5);
  if (!section || section.text.trim() === "") return five;
  const text = section.text.trim();
  const turn = text.slice(10).search(TURN);
  const at = turn < 0 ? -1 : turn + 10;
  const part = at < 0 ? text : want === "problems" ? text.slice(0, at) : text.slice(at);
  const what = want === "problems" ? "存在的主要问题" : "改进情况";
  const note = at < 0 ? "（该部分未把问题与改进分开写，以下为全文）" : "";
  return {
    text: `第五部分「存在的主要问题及改进情况」中的${what}${note}：\n${clip(part)}`,
    citations: five.citations,
    handled: true,
  };
}

// ───────────────────────────────────────────── prose figures and the fee statement

/** 「收了多少」 is a fee question only when it is not about applications (「收了多少个申请」). */
const FEE =
  /收费通知|信息处理费|处理费|实际收取|实收|收取了?多少(?![个件份]?申请)|收了多少(?![个件份]?申请)|收费情况/;

const FEE_ITEMS = [
  {
    key: "fee.notice_count",
    name: "收费通知件数",
    unit: "件",
    ask: /几份|几件|多少件|多少份|件数|份数|数量|几个/,
  },
  { key: "fee.notice_amount_yuan", name: "收费通知总金额", unit: "元", ask: /金额|多少钱|应收/ },
  {
    key: "fee.collected_yuan",
    name: "实际收取总金额",
    unit: "元",
    ask: /实际收取|实收|收了|收取了|收取多少/,
  },
] as const;

function narrativeSource(n: Narrative): string {
  const where = n.section ? `第${NUMERALS[n.section - 1]}部分` : "正文";
  return `${where}${n.line ? `第${n.line}行` : ""}「${n.quote}」`;
}

function feeAnswer(result: AuditResult, q: string): Answer {
  const noticeAsked = /收费通知/.test(q);
  let wanted = FEE_ITEMS.filter((item) => item.ask.test(q));
  // 「收费通知多少件」 is the count; 「收费通知涉及金额」 the amount; 「实际收了多少钱」 the collected sum.
  if (wanted.some((w) => w.key === "fee.collected_yuan"))
    wanted = wanted.filter((w) => w.key !== "fee.notice_amount_yuan");
  if (!noticeAsked) wanted = wanted.filter((w) => w.key !== "fee.notice_count");
  if (wanted.length === 0) wanted = noticeAsked ? [FEE_ITEMS[0]] : [...FEE_ITEMS];
  const lines: string[] = [];
  const citations: Citation[] = [];
  const stated = FEE_ITEMS.filter((item) => result.narrative.some((n) => n.key === item.key));
  for (const item of wanted) {
    const n = result.narrative.find((x) => x.key === item.key);
    if (!n) {
      lines.push(`${item.name}：报告第六部分未写明。`);
      continue;
    }
    lines.push(`${item.name}：${n.value} ${item.unit}`, `  出处：${narrativeSource(n)}`);
    citations.push({ key: item.key, value: n.value, source: narrativeSource(n) });
  }
  if (citations.length === 0 && stated.length > 0)
    lines.push(`第六部分只写了：${stated.map((s) => s.name).join("、")}。`);
  if (result.meta.reportYear !== null && result.meta.reportYear < 2021)
    lines.push("（信息处理费自 2021 年起收取，2021 年度起的报告才需要在第六部分说明。）");
  lines.push("注：这是依申请公开的信息处理费（第六部分），不是表二的「行政事业性收费」（万元）。");
  return { text: lines.join("\n"), citations, handled: true };
}

const ACTIVE = /主动公开/;
const COUNT = /多少|几条|几个|条数|数量|总数|多少条/;

function activeAnswer(result: AuditResult): Answer {
  const n = result.narrative.find((x) => x.key === null && ACTIVE.test(x.measure) && x.unit === "条");
  if (!n)
    return {
      text: "报告正文中没有找到主动公开信息的条数（表二也没有这一项）。可以问「第一部分写了什么」看原文。",
      citations: [],
      handled: true,
    };
  return {
    text: [
      `主动公开信息：${n.value} 条`,
      `  出处：${narrativeSource(n)}`,
      "  （这是正文所写的数字，统一格式表格没有对应的格。）",
    ].join("\n"),
    citations: [{ key: "narrative:主动公开", value: n.value, source: narrativeSource(n) }],
    handled: true,
  };
}

/** Words too common in these reports to tie a question to one sentence. */
const GENERIC =
  /主动公开政府信息|公开政府信息|政府信息公开|政府信息|信息公开|政务公开|政务信息|主动公开|多少|几条|几个|几件|本年度?|今年|全年|\d{4}年度?/g;

function longestCommon(a: string, b: string): number {
  let best = 0;
  for (let i = 0; i < a.length; i++)
    for (let j = 0; j < b.length; j++) {
      let k = 0;
      while (i + k < a.length && j + k < b.length && a[i + k] === b[j + k]) k++;
      if (k > best) best = k;
    }
  return best;
}

/** A prose figure (not restating a table cell) whose wording the question shares (≥ 5 characters). */
export function narrativeAnswer(question: string, result: AuditResult): Answer | null {
  const q = normalizeQuestion(question).replace(GENERIC, "|");
  const scored = result.narrative
    .filter((n) => n.key === null)
    .map((n) => ({
      n,
      score: longestCommon(
        q,
        normalizeQuestion(n.measure)
          .replace(/[“”"「」]/g, "")
          .replace(GENERIC, "|"),
      ),
    }));
  const best = Math.max(0, ...scored.map((x) => x.score));
  if (best < 5) return null;
  const chosen = scored.filter((x) => x.score === best).slice(0, 3);
  const lines: string[] = [];
  const citations: Citation[] = [];
  for (const { n } of chosen) {
    lines.push(
      `正文所写：${n.measure.replace(/^[\d\s]*年?/, "")} ${n.value} ${n.unit}`,
      `  出处：${narrativeSource(n)}`,
    );
    citations.push({ key: `narrative:${n.measure}`, value: n.value, source: narrativeSource(n) });
  }
  lines.push("  （这是正文所写的数字，统一格式表格没有对应的格。）");
  return { text: lines.join("\n"), citations, handled: true };
}

/** Answers a question about what the report states outside its tables, or null. */
export function statementAnswer(
  question: string,
  result: AuditResult,
  parsed: ParsedReport | null | undefined,
): Answer | null {
  const q = normalizeQuestion(question);
  const section = sectionAsked(q);
  if (section === 5 && !CONTENT.test(q) && PROBLEMS.test(q))
    return problemsAnswer(result, parsed, "problems");
  if (section !== null) return sectionAnswer(result, parsed, section);
  if (FEE.test(q)) return feeAnswer(result, q);
  if (ACTIVE.test(q) && COUNT.test(q) && !/申请/.test(q)) return activeAnswer(result);
  if (PROBLEMS.test(q) && !/审核/.test(q)) return problemsAnswer(result, parsed, "problems");
  if (IMPROVEMENTS.test(q) && !/审核/.test(q)) return problemsAnswer(result, parsed, "improvements");
  if (DEADLINE.test(q)) return deadlineAnswer(result);
  if (TEMPLATE.test(q)) return templateAnswer(result);
  if (LEVEL.test(q)) return levelAnswer(result);
  return narrativeAnswer(question, result);
}
