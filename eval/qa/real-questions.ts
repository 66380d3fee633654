/**
 * Questions over the real corpus (eval/real/), worded the way officials write in a chat: colloquial,
 * elliptical, with pronouns, several in one message, typos, traditional characters, English. Written
 * before they were first run. No expected figure is typed here: each is a reference into the report's
 * hand-checked gold (eval/real/gold/<id>.json), resolved when scored (eval/qa/expect.ts) — a cell, a
 * sum or difference of cells, a rate of cells, or a metadata field. A reference to a cell the gold holds
 * as null makes the case a "cannot answer": the answer must say so and give no figure for it.
 */
import type { RealQuestion } from "./expect.ts";

const g = (gold: string) => ({ gold });
const sum = (...keys: string[]) => ({ sum: keys });
const diff = (a: string, b: string) => ({ diff: [a, b] as [string, string] });
const rate = (num: string[], den: string[], minus: string[] = []) => ({
  rate: [num, den, minus] as [string[], string[], string[]],
});
/** 纠错率 = 结果纠正 ÷ (总计 − 尚未审结), the definition issue 15 gives. */
const corrected = (group: string) =>
  rate([`t4.${group}.corrected`], [`t4.${group}.total`], [`t4.${group}.pending`]);
const meta = (
  field: "issuer" | "reportYear" | "templateVersion" | "publicationDate" | "level" | "deadline",
) => ({
  meta: field,
});

const NEW = "t3.new.total";
const OVER = "t3.carried_over.total";
const GRANTED = "t3.granted.total";
const PARTIAL = "t3.partially_granted.total";
const DONE = "t3.total_processed.total";
const FORWARD = "t3.carried_forward.total";

export const REAL_QUESTIONS: readonly RealQuestion[] = [
  // ── 平潭综合实验区 2022 (collapsed text, every cell in the gold)
  { real: "fj-pingtan-2022", q: "平潭22年一共收了多少个申请啊", values: [g(NEW)], cites: [NEW] },
  { real: "fj-pingtan-2022", q: "去年转过来的有几个", values: [g(OVER)], cites: [OVER] },
  { real: "fj-pingtan-2022", q: "办结率多少？", values: [g(DONE), rate([DONE], [NEW, OVER])] },
  {
    real: "fj-pingtan-2022",
    q: "公开率呢",
    history: ["办结率多少？"],
    values: [rate([GRANTED, PARTIAL], [DONE])],
  },
  {
    real: "fj-pingtan-2022",
    q: "行政许可和行政处罚加一起多少",
    values: [
      g("t2.licensing.decisions"),
      g("t2.punishment.decisions"),
      sum("t2.licensing.decisions", "t2.punishment.decisions"),
    ],
  },
  {
    real: "fj-pingtan-2022",
    q: "复议几件，纠正了几件",
    values: [g("t4.review.total"), g("t4.review.corrected")],
    cites: ["t4.review.total", "t4.review.corrected"],
  },
  { real: "fj-pingtan-2022", q: "正文跟表格对不上是怎么回事", cites: ["finding:TEXT-T3-NEW"] },
  {
    real: "fj-pingtan-2022",
    q: "表三平不平",
    values: [g(NEW), g(OVER), g(DONE), g(FORWARD)],
    contains: ["成立"],
  },
  // ── 平潭 2024
  { real: "fj-pingtan-2024", q: "2024年平潭收到申请多少件，办了多少件", values: [g(NEW), g(DONE)] },
  {
    real: "fj-pingtan-2024",
    q: "不掌握相关信息的多少",
    values: [g("t3.unable.no_such_info.total")],
    cites: ["t3.unable.no_such_info.total"],
  },
  {
    real: "fj-pingtan-2024",
    q: "被起诉的（复议后起诉）有多少",
    values: [g("t4.litigation_after_review.total")],
    cites: ["t4.litigation_after_review.total"],
  },
  {
    real: "fj-pingtan-2024",
    q: "行政强制呢",
    history: ["行政处罚多少件"],
    values: [g("t2.coercion.decisions")],
  },
  { real: "fj-pingtan-2024", q: "予以公开比部分公开多几个", values: [diff(GRANTED, PARTIAL)] },
  // ── 平潭 2025
  { real: "fj-pingtan-2025", q: "结转到明年的有多少", values: [g(FORWARD)], cites: [FORWARD] },
  { real: "fj-pingtan-2025", q: "復議糾錯率是多少", values: [corrected("review")] },
  {
    real: "fj-pingtan-2025",
    q: "how many applications were received this year?",
    values: [g(NEW)],
    cites: [NEW],
  },
  { real: "fj-pingtan-2025", q: "收费的问题是什么，怎么改", cites: ["finding:FEE-NOTICE"] },
  // ── 平潭 2019 / 2021 (table 2 of 2019 partly undecidable in the gold)
  { real: "fj-pingtan-2019", q: "19年行政许可办了多少", cannot: true, values: [g("t2.licensing.decisions")] },
  { real: "fj-pingtan-2019", q: "部分公开几件", values: [g(PARTIAL)], cites: [PARTIAL] },
  {
    real: "fj-pingtan-2021",
    q: "直接起诉的行政诉讼总共多少件",
    values: [g("t4.litigation_direct.total")],
    cites: ["t4.litigation_direct.total"],
  },
  {
    real: "fj-pingtan-2021",
    q: "行政规范性文件制发了几件",
    cannot: true,
    values: [g("t2.normative_documents.made")],
  },
  {
    real: "fj-pingtan-2021",
    q: "这份报告是哪一年的，用的哪个模板",
    values: [meta("reportYear"), meta("templateVersion")],
  },
  // ── 平潭 departments
  {
    real: "fj-pingtan-czj-2022",
    q: "财政金融局什么时候发布的，超期了没",
    contains: [meta("publicationDate"), meta("deadline")],
  },
  { real: "fj-pingtan-czj-2022", q: "这是哪个单位的报告", contains: [meta("issuer")] },
  { real: "fj-pingtan-czj-2023", q: "有没有人来申请公开", values: [g(NEW)], cites: [NEW] },
  { real: "fj-pingtan-gaj-2021", q: "公安局的表三勾稽关系对吗", cites: ["finding:T3-BAL"] },
  {
    real: "fj-pingtan-gaj-2021",
    q: "行政处罚多少起",
    values: [g("t2.punishment.decisions")],
    cites: ["t2.punishment.decisions"],
  },
  { real: "fj-pingtan-gaj-2022", q: "新收加上年结转一共几件", values: [sum(NEW, OVER)] },
  { real: "fj-pingtan-htp-2022", q: "海坛片区表三为啥不平衡", cites: ["finding:T3-BAL"] },
  // ── 河北省工业和信息化厅
  {
    real: "he-gxt-2022",
    q: "工信厅22年自然人申请多少",
    values: [g("t3.new.natural_person")],
    cites: ["t3.new.natural_person"],
  },
  {
    real: "he-gxt-2022",
    q: "那法人或其他组织里商业企业呢",
    history: ["工信厅22年自然人申请多少"],
    values: [g("t3.new.business")],
  },
  {
    real: "he-gxt-2022",
    q: "行政规范性文件现行有效几件",
    cannot: true,
    values: [g("t2.normative_documents.in_force")],
  },
  {
    real: "he-gxt-2022",
    q: "行政事业性收费金额多少万元",
    values: [g("t2.fees.amount_wan_yuan")],
    cites: ["t2.fees.amount_wan_yuan"],
  },
  {
    real: "he-gxt-2023",
    q: "工信厅复议维持多少 纠正多少 尚未审结多少",
    values: [g("t4.review.upheld"), g("t4.review.corrected"), g("t4.review.pending")],
  },
  {
    real: "he-gxt-2023",
    q: "行政许可比行政处罚多多少",
    values: [diff("t2.licensing.decisions", "t2.punishment.decisions")],
  },
  { real: "he-gxt-2021", q: "没有落款日期是什么问题", cites: ["finding:META-DATE"], contains: ["依据"] },
  { real: "he-gxt-2019", q: "工信厅2019年新收申请几件", cannot: true, values: [g(NEW)] },
  // ── 河北省教育厅
  { real: "he-jyt-2021", q: "教育厅上年结转了几件", cannot: true, values: [g(OVER)] },
  { real: "he-jyt-2021", q: "本年新收申请多少", values: [g(NEW)], cites: [NEW] },
  {
    real: "he-jyt-2021",
    q: "行政诉讼直接起诉多少？复议后起诉多少？",
    values: [g("t4.litigation_direct.total"), g("t4.litigation_after_review.total")],
  },
  { real: "he-jyt-2022", q: "予以公开和部分公开一共多少", values: [sum(GRANTED, PARTIAL)] },
  { real: "he-jyt-2022", q: "它的复议纠错率", values: [corrected("review")] },
  {
    real: "he-jyt-2023",
    q: "教育厅2023行政许可多少件",
    values: [g("t2.licensing.decisions")],
    cites: ["t2.licensing.decisions"],
  },
  { real: "he-jyt-2023", q: "報告甚麼時候發布的", contains: [meta("publicationDate")] },
  // ── 河北省科学技术厅
  { real: "he-kjt-2021", q: "科技厅行政强制多少件", cannot: true, values: [g("t2.coercion.decisions")] },
  { real: "he-kjt-2022", q: "办理结果总计多少", cannot: true, values: [g(DONE)] },
  { real: "he-kjt-2022", q: "新收几件，予以公开几件", values: [g(NEW), g(GRANTED)] },
  { real: "he-kjt-2023", q: "今年的办结率", values: [rate([DONE], [NEW, OVER])] },
  // ── 河北省人力资源和社会保障厅 (tables not decidable in the gold)
  { real: "he-rst-2022", q: "人社厅收到多少申请", cannot: true, values: [g(NEW)] },
  { real: "he-rst-2022", q: "人社厅的办结率多少", cannot: true, values: [rate([DONE], [NEW, OVER])] },
  // ── 沭阳县人民政府 2025 (markdown)
  {
    real: "js-suqian-shuyang-2025",
    q: "沭阳县今年新收申请多少，上年结转多少，加起来多少",
    values: [g(NEW), g(OVER), sum(NEW, OVER)],
  },
  {
    real: "js-suqian-shuyang-2025",
    q: "行政处罚决定书有多少份",
    values: [g("t2.punishment.decisions")],
    cites: ["t2.punishment.decisions"],
  },
  { real: "js-suqian-shuyang-2025", q: "办接率多少", values: [rate([DONE], [NEW, OVER])] },
  {
    real: "js-suqian-shuyang-2025",
    q: "What is the disclosure rate?",
    values: [rate([GRANTED, PARTIAL], [DONE])],
  },
  {
    real: "js-suqian-shuyang-2025",
    q: "复议尚未审结的有几件",
    values: [g("t4.review.pending")],
    cites: ["t4.review.pending"],
  },
  { real: "js-suqian-shuyang-2025", q: "这是哪级政府", contains: [meta("level")] },
  // ── 沭阳县发展和改革局 2023 (html; most 法人 columns blank)
  {
    real: "js-suqian-shuyang-fgj-2023",
    q: "发改局的申请里商业企业有几件",
    cannot: true,
    values: [g("t3.new.business")],
  },
  { real: "js-suqian-shuyang-fgj-2023", q: "发改局予以公开多少", values: [g(GRANTED)], cites: [GRANTED] },
  {
    real: "js-suqian-shuyang-fgj-2023",
    q: "被申请复议几次",
    values: [g("t4.review.total")],
    cites: ["t4.review.total"],
  },
  // ── 上海市人民政府办公厅
  {
    real: "sh-shanghai-bangongting-2025",
    q: "市府办公厅25年新收多少申请，结转下年多少",
    values: [g(NEW), g(FORWARD)],
  },
  {
    real: "sh-shanghai-bangongting-2025",
    q: "不掌握相关政府信息占办理结果的比例",
    values: [rate(["t3.unable.no_such_info.total"], [DONE])],
  },
  {
    real: "sh-shanghai-bangongting-2025",
    q: "复议后起诉的呢",
    history: ["直接起诉的行政诉讼多少件"],
    values: [g("t4.litigation_after_review.total")],
  },
  { real: "sh-shanghai-bangongting-2019", q: "予以公开多少件", cannot: true, values: [g(GRANTED)] },
  { real: "sh-shanghai-bangongting-2019", q: "本年新收申请多少件", values: [g(NEW)], cites: [NEW] },
  {
    real: "sh-shanghai-bangongting-2019",
    q: "行政复议结果纠正的有几件",
    cannot: true,
    values: [g("t4.review.corrected")],
  },
  // ── 上海市科委 2024
  { real: "sh-stcsm-kewei-2024", q: "科委结转下年度多少件", cannot: true, values: [g(FORWARD)] },
  {
    real: "sh-stcsm-kewei-2024",
    q: "科委收到几个申请,其中自然人几个",
    values: [g(NEW), g("t3.new.natural_person")],
  },
  // ── seeds in the real corpus, asked another way
  {
    real: "gd-guangzhou-panyu-luopu-2024",
    q: "洛浦行政许可跟行政强制差多少",
    values: [diff("t2.licensing.decisions", "t2.coercion.decisions")],
  },
  {
    real: "gd-guangzhou-yuexiu-liuhua-2023",
    q: "复议维持了几件",
    cannot: true,
    values: [g("t4.review.upheld")],
  },
  {
    real: "bj-fengtai-huaxiang-2023",
    q: "花乡不掌握信息的有几件",
    values: [g("t3.unable.no_such_info.total")],
    cites: ["t3.unable.no_such_info.total"],
  },
  // ── batch 2: written after the pattern fixes of the first run, to see whether they generalise
  { batch: 2, real: "fj-pingtan-2023", q: "平潭23年的申请总数跟上年结转分别多少", values: [g(NEW), g(OVER)] },
  { batch: 2, real: "fj-pingtan-2023", q: "部分公开比予以公开少几件", values: [diff(GRANTED, PARTIAL)] },
  {
    batch: 2,
    real: "fj-pingtan-2023",
    q: "复议后又起诉的多少件？直接起诉的呢？",
    values: [g("t4.litigation_after_review.total"), g("t4.litigation_direct.total")],
  },
  {
    batch: 2,
    real: "fj-pingtan-2023",
    q: "行政处罚一共多少",
    values: [g("t2.punishment.decisions")],
    cites: ["t2.punishment.decisions"],
  },
  {
    batch: 2,
    real: "fj-pingtan-2023",
    q: "规范性文件废止了几件",
    cannot: true,
    values: [g("t2.normative_documents.repealed")],
  },
  { batch: 2, real: "fj-pingtan-2020", q: "2020年平潭的办理结果总计", values: [g(DONE)], cites: [DONE] },
  { batch: 2, real: "fj-pingtan-2020", q: "办结率是多少呀", values: [rate([DONE], [NEW, OVER])] },
  {
    batch: 2,
    real: "fj-pingtan-czj-2021",
    q: "财政金融局21年收到过申请没有",
    values: [g(NEW)],
    cites: [NEW],
  },
  { batch: 2, real: "fj-pingtan-czj-2021", q: "落款是哪天", contains: [meta("publicationDate")] },
  { batch: 2, real: "he-gxt-2023", q: "工信厅23年新收申请几件，办结几件", values: [g(NEW), g(DONE)] },
  { batch: 2, real: "he-gxt-2023", q: "公开率是多少", values: [rate([GRANTED, PARTIAL], [DONE])] },
  {
    batch: 2,
    real: "he-gxt-2023",
    q: "那行政诉讼呢",
    history: ["行政复议多少件"],
    values: [g("t4.litigation_direct.total"), g("t4.litigation_after_review.total")],
  },
  { batch: 2, real: "he-jyt-2019", q: "教育厅19年部分公开几件", cannot: true, values: [g(PARTIAL)] },
  { batch: 2, real: "he-jyt-2019", q: "19年教育厅新收了多少申请", values: [g(NEW)], cites: [NEW] },
  {
    batch: 2,
    real: "he-kjt-2023",
    q: "科技厅2023年行政许可多少",
    values: [g("t2.licensing.decisions")],
    cites: ["t2.licensing.decisions"],
  },
  { batch: 2, real: "he-kjt-2023", q: "予以公开占办理结果总计的比例", values: [rate([GRANTED], [DONE])] },
  { batch: 2, real: "he-rst-2019", q: "人社厅19年予以公开多少", cannot: true, values: [g(GRANTED)] },
  { batch: 2, real: "he-rst-2019", q: "人社厅办结了几件", cannot: true, values: [g(DONE)] },
  {
    batch: 2,
    real: "sh-shanghai-bangongting-2025",
    q: "办公厅一共收到多少申请？结转到明年多少？",
    values: [g(NEW), g(FORWARD)],
  },
  { batch: 2, real: "sh-shanghai-bangongting-2025", q: "复议纠错率", values: [corrected("review")] },
  {
    batch: 2,
    real: "sh-shanghai-bangongting-2025",
    q: "what is the completion rate",
    values: [rate([DONE], [NEW, OVER])],
  },
  {
    batch: 2,
    real: "sh-shanghai-bangongting-2025",
    q: "被複議了幾次",
    values: [g("t4.review.total")],
    cites: ["t4.review.total"],
  },
  {
    batch: 2,
    real: "sh-shanghai-bangongting-2019",
    q: "办公厅19年上年结转多少，结转下年度多少",
    values: [g(OVER), g(FORWARD)],
  },
  {
    batch: 2,
    real: "js-suqian-shuyang-fgj-2023",
    q: "发改局自然人申请几件",
    values: [g("t3.new.natural_person")],
    cites: ["t3.new.natural_person"],
  },
  {
    batch: 2,
    real: "js-suqian-shuyang-fgj-2023",
    q: "发改局是哪个单位，落款日期呢",
    contains: [meta("issuer"), meta("publicationDate")],
  },
  {
    batch: 2,
    real: "ha-anyang-wenfeng-nanguan-2023",
    q: "南关街道今年有没有人申请公开",
    values: [g(NEW)],
    cites: [NEW],
  },
  {
    batch: 2,
    real: "ha-anyang-wenfeng-nanguan-2023",
    q: "南关的办结率",
    cannot: true,
    values: [rate([DONE], [NEW, OVER])],
  },
  {
    batch: 2,
    real: "gd-guangzhou-liwan-huadi-2020",
    q: "花地街道收到了几宗申请",
    values: [g(NEW)],
    cites: [NEW],
  },
  {
    batch: 2,
    real: "he-jyt-2022",
    q: "教育厅22年不掌握相关信息的有几件，占办理结果多少",
    values: [g("t3.unable.no_such_info.total"), rate(["t3.unable.no_such_info.total"], [DONE])],
  },
  {
    batch: 2,
    real: "fj-pingtan-gaj-2022",
    q: "公安局行政处罚多少起，比行政许可多多少",
    values: [g("t2.punishment.decisions"), diff("t2.punishment.decisions", "t2.licensing.decisions")],
  },
  // ── batch 3: pronouns and ellipsis over earlier turns, written after batch 2's fix
  {
    batch: 3,
    real: "he-jyt-2023",
    history: ["教育厅23年予以公开多少件"],
    q: "它的自然人是多少",
    values: [g("t3.granted.natural_person")],
  },
  {
    batch: 3,
    real: "he-jyt-2023",
    history: ["行政复议多少件"],
    q: "其中纠正的呢",
    values: [g("t4.review.corrected")],
  },
  {
    batch: 3,
    real: "fj-pingtan-2024",
    history: ["本年新收多少"],
    q: "这个数里自然人占多少",
    values: [rate(["t3.new.natural_person"], [NEW])],
  },
  {
    batch: 3,
    real: "sh-shanghai-bangongting-2025",
    history: ["部分公开多少"],
    q: "那不予公开呢",
    values: [
      sum(
        ...[
          "state_secret",
          "law_prohibited",
          "three_safety_one_stability",
          "third_party_rights",
          "internal_affairs",
          "process_info",
          "enforcement_file",
          "administrative_query",
        ].map((r) => `t3.denied.${r}.total`),
      ),
    ],
  },
  {
    batch: 3,
    real: "js-suqian-shuyang-2025",
    history: ["行政复议维持多少"],
    q: "诉讼呢",
    values: [g("t4.litigation_direct.upheld"), g("t4.litigation_after_review.upheld")],
  },
  { batch: 3, real: "he-gxt-2022", history: ["上年结转多少"], q: "那结转到下一年的呢", values: [g(FORWARD)] },
];
