/**
 * Everyday follow-up questions over the seed reports (tests/fixtures/seeds/*.txt), worded the way
 * officials ask them, each with what a right answer must contain: the figure(s) (a rate as "91.5%"),
 * the cells it must cite, phrases it must show, or `cannot` for a question the report cannot answer
 * (the answer then says what is missing and shows no number of the report). Values were read off the
 * seed texts by hand, not from the answerer. Scored by eval/qa/score.ts.
 */

import type { QuestionCase, Seed } from "./expect.ts";

export const SEED_FILES: Readonly<Record<Seed, string>> = {
  "000": "000_5ed72146557905c8.txt", // 流花街道 2023, 2021 template, 落款 2024-01-08, 表四 复议 blank
  "001": "001_77c3b53386b2261e.txt", // 花地街道 2020, 2019 template, 落款 2021-01-14
  "002": "002_a01f0cf12a106081.txt", // 洛浦街道 2024, 2021 template, no 落款
  "003": "003_1c640710511402cf.txt", // 花乡街道 2023, 2021 template, no 落款
  "004": "004_e2933871b57d250b.txt", // 南关街道 2023, 2021 template, all zeros
};

export const SEED_QUESTIONS: readonly QuestionCase[] = [
  // ── single figures
  { seed: "002", q: "今年一共收到多少申请？", values: [56], cites: ["t3.new.total"] },
  { seed: "002", q: "上年结转过来几件", values: [3], cites: ["t3.carried_over.total"] },
  { seed: "002", q: "予以公开的有多少", values: [23], cites: ["t3.granted.total"] },
  { seed: "002", q: "部分公开多少件", values: [4], cites: ["t3.partially_granted.total"] },
  { seed: "002", q: "不掌握相关政府信息的有几件", values: [22], cites: ["t3.unable.no_such_info.total"] },
  { seed: "002", q: "结转到下一年的还有几件", values: [5], cites: ["t3.carried_forward.total"] },
  { seed: "002", q: "复议被纠正了几件", values: [2], cites: ["t4.review.corrected"] },
  { seed: "002", q: "行政许可决定有多少", values: [4489], cites: ["t2.licensing.decisions"] },
  { seed: "002", q: "行政强制多少件", values: [51], cites: ["t2.coercion.decisions"] },
  { seed: "002", q: "重复申请有几件", values: [2], cites: ["t3.not_processed.duplicate.total"] },
  { seed: "003", q: "花乡街道收到几件申请", values: [6], cites: ["t3.new.total"] },
  { seed: "003", q: "行政处罚决定数", values: [871], cites: ["t2.punishment.decisions"] },
  { seed: "001", q: "政府集中采购项目多少个", values: [41], cites: ["t2.procurement.items"] },
  { seed: "001", q: "采购总金额是多少", values: [567.27], cites: ["t2.procurement.total_amount"] },
  { seed: "000", q: "行政复议总计多少", contains: ["空白"], cites: ["t4.review.total"] },
  // ── sums and differences of named figures
  { seed: "002", q: "本年新收和上年结转加起来是多少", values: [56, 3, 59] },
  { seed: "002", q: "予以公开和部分公开加起来多少件", values: [23, 4, 27] },
  { seed: "002", q: "予以公开比部分公开多几件", values: [23, 4, 19] },
  { seed: "002", q: "新收申请比办理结果总计多几件", values: [56, 54, 2] },
  { seed: "002", q: "行政处罚和行政强制一共多少", values: [432, 51, 483] },
  { seed: "002", q: "行政许可比行政处罚多多少", values: [4489, 432, 4057] },
  { seed: "002", q: "复议维持和纠正合计几件", values: [2, 2, 4] },
  { seed: "002", q: "不予公开和无法提供加起来", values: [3, 22, 25] },
  { seed: "003", q: "新收加上年结转一共多少", values: [6, 0, 6] },
  { seed: "002", q: "上年结转和结转下年度相差几件", values: [3, 5, 2] },
  // ── rates, with the formula
  { seed: "002", q: "办结率是多少", values: [54, 59, "91.5%"], contains: ["办理结果总计"] },
  { seed: "002", q: "公开率多少", values: [27, 54, "50%"], contains: ["部分公开"] },
  { seed: "002", q: "复议纠错率", values: [2, 4, "50%"], contains: ["尚未审结"] },
  { seed: "003", q: "办结率", values: [6, "100%"] },
  { seed: "003", q: "公开率是多少？", values: [1, 6, "16.7%"] },
  { seed: "002", q: "予以公开占办理结果的比例", values: [23, 54, "42.6%"] },
  { seed: "002", q: "自然人申请占比多少", values: [56, "100%"] },
  { seed: "000", q: "行政复议纠错率是多少", cannot: true, contains: ["空白"] },
  { seed: "002", q: "诉讼纠错率", cannot: true, contains: ["分母为 0"] },
  // ── relations, findings, corrections
  { seed: "002", q: "勾稽关系对不对", values: [56, 3, 54, 5, 59], contains: ["一+二", "成立"] },
  { seed: "003", q: "表三平衡吗", values: [6], contains: ["成立"] },
  { seed: "002", q: "表四的总计对得上吗", values: [2, 2, 4], contains: ["行政复议", "成立"] },
  { seed: "002", q: "为什么说收到申请数不一致", values: [59, 56, 3], cites: ["finding:TEXT-T3-NEW"] },
  { seed: "002", q: "落款日期是什么问题", cites: ["finding:META-DATE"], contains: ["依据", "建议"] },
  { seed: "002", q: "怎么改", contains: ["落款"] },
  { seed: "000", q: "哪些要改", contains: ["表四空白单元格"] },
  { seed: "000", q: "表四空白是什么问题", cites: ["finding:T4-BLANK"], contains: ["依据", "填 0"] },
  { seed: "004", q: "为什么提示缺少工作考核", cites: ["finding:CONTENT-ART50"], contains: ["第五十条"] },
  // ── metadata
  { seed: "002", q: "用的是哪个版本的模板，为什么", values: [2021], contains: ["本年制发件数"] },
  { seed: "001", q: "这份报告用的哪版格式", values: [2019] },
  { seed: "002", q: "这是哪一级的机关", contains: ["街道办事处"] },
  { seed: "000", q: "按时公布了吗", contains: ["2024-01-08", "2024-01-31", "按期"] },
  { seed: "002", q: "公布期限是什么时候", contains: ["2025-01-31", "未找到落款"] },
  { seed: "001", q: "是否逾期", contains: ["2021-01-14", "2021-01-31"] },
  { seed: "003", q: "报告是哪一年的", values: [2023] },
  { seed: "004", q: "发布机关是谁", contains: ["南关街道办事处"] },
  // ── sections
  { seed: "002", q: "第五部分写了什么", contains: ["信息公开的意识", "强化人员队伍建设"] },
  { seed: "000", q: "第六部分写了什么", contains: ["收取信息处理费0元"] },
  { seed: "003", q: "总体情况写了什么", contains: ["丰台区2023年政务公开工作要点"] },
  { seed: "004", q: "其他需要报告的事项写的啥", contains: ["未收取信息公开处理费"] },
  // ── narrative figures and the fee statement
  { seed: "002", q: "主动公开信息多少条", values: [800] },
  { seed: "000", q: "主动公开了多少条信息", values: [58] },
  { seed: "001", q: "主动公开政府信息多少条", values: [215] },
  { seed: "002", q: "发出了几份收费通知", values: [0], cites: ["fee.notice_count"] },
  { seed: "002", q: "信息处理费实际收了多少钱", values: [0], cites: ["fee.collected_yuan"] },
  { seed: "000", q: "收费通知多少件", cannot: true, contains: ["未写明"] },
  { seed: "003", q: "收费通知涉及金额多少", values: [0], cites: ["fee.notice_amount_yuan"] },
  // ── the problems and improvements the report lists
  { seed: "002", q: "存在的主要问题有哪些", contains: ["超期处理"] },
  { seed: "002", q: "改进措施是什么", contains: ["强化人员队伍建设"] },
  { seed: "004", q: "报告里说存在什么不足", contains: ["主动性有待加强"] },
  // ── conversation
  { seed: "002", history: ["表二行政处罚决定多少？"], q: "行政强制呢", values: [51] },
  { seed: "002", history: ["予以公开多少件"], q: "那部分公开呢", values: [4] },
  { seed: "002", q: "新收多少？上年结转多少？", values: [56, 3] },
  // ── not in the report
  { seed: "002", q: "财政预算多少钱", cannot: true },
  { seed: "002", q: "今天天气怎么样", cannot: true },
  { seed: "002", q: "政务公开工作人员有几个", cannot: true },
  { seed: "002", q: "和去年比新收申请多了多少", cannot: true, contains: ["2023"] },
  // ── written after the answerer was built, in other words, to check that it generalises
  { seed: "002", q: "收到的申请里自然人占多少比例", values: [56, "100%"] },
  { seed: "002", q: "总共办结了多少件，办结率多少", values: [54, "91.5%"] },
  { seed: "002", q: "申请公开的和上年结转的一共多少件", values: [56, 3, 59] },
  {
    seed: "002",
    q: "复议维持了几件，纠正了几件",
    values: [2],
    cites: ["t4.review.upheld", "t4.review.corrected"],
  },
  { seed: "002", q: "予以公开的比不予公开的多多少", values: [23, 3, 20] },
  { seed: "002", q: "行政复议的纠错率怎么算的", values: ["50%"], contains: ["尚未审结"] },
  { seed: "002", q: "表三的勾稽关系平吗", contains: ["一+二", "成立"] },
  { seed: "002", q: "这个报告有什么需要修改的地方", contains: ["落款"] },
  { seed: "002", q: "报告是什么时候发布的，有没有超期", contains: ["2025-01-31", "未找到落款"] },
  { seed: "002", q: "这份年报属于哪一年度", values: [2024] },
  { seed: "002", q: "第三部分说了啥", contains: ["表三"] },
  { seed: "002", q: "2024年发出收费通知了吗", values: [0], cites: ["fee.notice_count"] },
  { seed: "002", q: "本年度的上年结转数是不是和去年报告一致", cannot: true, contains: ["2023"] },
  { seed: "002", q: "行政处罚占行政许可的百分之几", values: [432, 4489, "9.6%"] },
  { seed: "002", q: "不予处理的有几件", values: [2] },
  { seed: "002", q: "复议和诉讼一共多少件", values: [4, 0, 4] },
  { seed: "003", q: "办理结果里面部分公开占比", values: [1, 6, "16.7%"] },
  { seed: "003", q: "网上受理办结多少件", values: [746] },
  { seed: "003", q: "微信公众平台发布了多少条文章", values: [897] },
  { seed: "001", q: "2020年政府采购花了多少钱", values: [567.27], cites: ["t2.procurement.total_amount"] },
  { seed: "004", q: "今年有没有人申请信息公开", values: [0], cites: ["t3.new.total"] },
  { seed: "004", q: "有没有被复议或者起诉", values: [0], cites: ["t4.review.total"] },
  { seed: "000", q: "流花街道的公开率", cannot: true, contains: ["分母为 0"] },
  // ── traditional characters, typos, English (answered in Chinese)
  { seed: "002", q: "行政覆議總數", values: [4], cites: ["t4.review.total"] },
  { seed: "002", q: "辦結率是多少", values: ["91.5%"] },
  { seed: "002", q: "勾机关系对不对", contains: ["一+二", "成立"] },
  { seed: "002", q: "What is the completion rate?", values: [54, 59, "91.5%"] },
  { seed: "002", q: "how many new applications", values: [56], cites: ["t3.new.total"] },
  { seed: "002", q: "How many fee notices were issued?", values: [0], cites: ["fee.notice_count"] },
  { seed: "002", q: "正文和表格一致吗", values: [59, 56, 3], cites: ["finding:TEXT-T3-NEW"] },
  { seed: "003", q: "正文数字和表格对得上吗", contains: ["未发现正文所述数字与统一格式表格不一致"] },
];
