/**
 * Questions as people type them, brought to the wording the lexicon knows: traditional characters
 * (覆議、公開), common typos and homophones (复义、勾机、办结律), and English questions (answered in
 * Chinese). Data only, applied once before a question is parsed.
 */

/** Traditional → simplified, for the characters of these questions (not a general converter). */
const TRADITIONAL =
  "開开議议訴诉訟讼請请數数處处罰罚結结轉转總总計计與与費费為为麼么幾几個个報报關关係系對对錯错誤误審审問问題题辦办條条務务應应發发這这來来沒没還还說说寫写該该規规範范許许強强採采購购額额萬万糾纠維维決决實实際际較较據据現现況况進进會会評评責责級级區区縣县鄉乡鎮镇單单機机構构訪访舉举複复補补內内過过執执詢询項项繳缴納纳經经營营業业組组織织權权險险穩稳護护統统顯显門门書书們们覆复違违準准時时標标識识號号預预決决專专欄栏佈布眾众體体勵励嗎吗裡里麼么";

const SIMPLIFIED = new Map<string, string>();
for (let i = 0; i + 1 < TRADITIONAL.length; i += 2)
  SIMPLIFIED.set(TRADITIONAL[i] as string, TRADITIONAL[i + 1] as string);

/** Typos and homophones seen in chat → the intended word. */
const TYPOS: readonly (readonly [RegExp, string])[] = [
  [/复义|复意|付议|覆议/g, "复议"],
  [/勾机|勾级|沟稽|钩稽|勾籍/g, "勾稽"],
  [/办结律|办[接节洁截]率/g, "办结率"],
  [/甚么|神马/g, "什么"],
  [/公开律/g, "公开率"],
  [/纠错律/g, "纠错率"],
  [/予已公开|于以公开|予以公布/g, "予以公开"],
  [/上年节转|上年结专/g, "上年结转"],
  [/落款日起/g, "落款日期"],
  [/收费通之/g, "收费通知"],
];

/** English phrases → Chinese ones (longest first, case-insensitive). */
const ENGLISH: readonly (readonly [RegExp, string])[] = [
  [/\bcompletion rate\b|\bclosure rate\b/gi, "办结率"],
  [/\bdisclosure rate\b/gi, "公开率"],
  [/\bcorrection rate\b/gi, "纠错率"],
  [
    /\bnew (?:applications|requests)\b|\b(?:applications|requests) (?:were |was |have been )?(?:received|filed|submitted)\b/gi,
    "本年新收申请",
  ],
  [/\bcarried over from last year\b|\bcarried over\b/gi, "上年结转"],
  [/\bcarried forward\b|\bcarried to next year\b/gi, "结转下年度"],
  [/\bpartially (?:disclosed|granted)\b/gi, "部分公开"],
  [/\b(?:fully )?(?:disclosed|granted)\b/gi, "予以公开"],
  [/\b(?:administrative )?reviews?\b/gi, "行政复议"],
  [/\b(?:lawsuits?|litigation)\b/gi, "行政诉讼"],
  [/\b(?:administrative )?penalt(?:y|ies)\b/gi, "行政处罚"],
  [/\blicen[cs]ing\b|\blicen[cs]es\b/gi, "行政许可"],
  [/\bfee notices?\b/gi, "收费通知"],
  [/\bbalance\b|\breconcile\b|\bcross-?checks?\b/gi, "勾稽关系对不对"],
  [/\bhow (?:do i|to|should i) fix\b|\bcorrections?\b|\bwhat (?:should|must) (?:i|we) change\b/gi, "怎么改"],
  [/\berrors?\b/gi, "错误"],
  [/\bwarnings?\b/gi, "警告"],
  [/\btemplate\b/gi, "模板"],
  [/\bdeadline\b|\bon time\b|\blate\b/gi, "公布期限"],
  [/\bsection (\d)\b/gi, "第$1部分写了什么"],
  [/\bproblems\b/gi, "存在的主要问题"],
  [/\bimprovements?\b/gi, "改进措施"],
  [/\bplus\b|\band\b/gi, "和"],
  [/\bsum\b|\btotal of\b|\bin total\b|\baltogether\b/gi, "加起来"],
  [/\bhow many\b|\bhow much\b|\bwhat is\b|\bwhat's\b/gi, "多少"],
];

/** The question with traditional characters, typos and English phrases mapped. */
export function canonicalQuestion(text: string): string {
  let q = [...text].map((ch) => SIMPLIFIED.get(ch) ?? ch).join("");
  for (const [re, to] of TYPOS) q = q.replace(re, to);
  if (/[a-z]{3}/i.test(q)) for (const [re, to] of ENGLISH) q = q.replace(re, to);
  return q;
}
