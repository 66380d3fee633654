/**
 * The deterministic answerer: answers in Chinese from the report's own numbers, findings, metadata
 * and text, each with its source, and never guesses. A question goes, in order, to: the comparison
 * with last year (qa/deterministic-compare.ts); one finding explained or the corrections, and the
 * 勾稽关系 (qa/deterministic-explain.ts); what the report states outside its tables
 * (qa/deterministic-statements.ts); sums, differences and rates (qa/deterministic-compute.ts); and
 * last the cells, findings and metadata it names (lexicon: qa/deterministic-lexicon.ts, cells:
 * qa/deterministic-figures.ts). Traditional characters, typos and English are mapped first
 * (qa/deterministic-variants.ts). A question it cannot map gets a list of what it can answer
 * (handled: false).
 */
import { LEVELS, SEVERITY_TITLES } from "../audit/render-text.ts";
import type { AuditResult } from "../audit/result.ts";
import { cellLabel, TABLE_NAMES, type TableId } from "../extract/template/layout.ts";
import type { Finding } from "../validate/finding.ts";
import type { Answer, AnswerContext, Answerer, Citation } from "./answerer.ts";
import { compareWithPreviousYear } from "./deterministic-compare.ts";
import { computeAnswer } from "./deterministic-compute.ts";
import {
  balanceAnswer,
  correctionsAnswer,
  explainAnswer,
  isBalanceQuestion,
  isFixQuestion,
  proseAnswer,
} from "./deterministic-explain.ts";
import { asks, decideTable, figureLines } from "./deterministic-figures.ts";
import { type ParsedQuestion, parseQuestion, type Topic } from "./deterministic-lexicon.ts";
import { statementAnswer } from "./deterministic-statements.ts";
import { canonicalQuestion } from "./deterministic-variants.ts";

export { sourceOf } from "./deterministic-figures.ts";

/** At most this many figures in one answer; more means the question was too broad. */
const MAX_FIGURES = 9;

export const EXAMPLE_QUESTIONS: readonly string[] = [
  "表三予以公开多少件？",
  "行政复议总数？",
  "有哪些错误？",
  "上年结转多少？",
  "自然人申请多少？",
  "表二行政处罚决定多少？",
  "办结率是多少？",
  "勾稽关系对不对？",
  "怎么改？",
  "第五部分写了什么？",
];

export const CAPABILITIES = [
  "我可以回答这份报告中的：",
  "• 表二、表三、表四任一格的数字及其出处，例如「表三予以公开多少件？」「自然人申请多少？」「行政复议总数？」「表二行政处罚决定多少？」「上年结转多少？」",
  "• 由表中数字计算：「新收和上年结转加起来多少？」「予以公开比部分公开多几件？」「办结率」「公开率」「复议纠错率」「自然人申请占比」（写明算式和口径）",
  "• 审核发现：「有哪些错误？」「有哪些警告？」「表三有什么问题？」「勾稽关系对不对？」「落款日期是什么问题？」「怎么改？」",
  "• 报告信息：发布机关、层级、报告年度、模板版本及依据、落款日期、公布期限是否按期",
  "• 报告正文：「第五部分写了什么？」「存在的主要问题」「改进措施」「主动公开信息多少条」「收费通知几件、实际收取多少」",
  "• 与上年比较（本聊天中有同一机关上一年度的报告时）：「和去年比新收申请多了多少？」",
].join("\n");

function findingLines(f: Finding, n: number): string[] {
  const lines = [`${n}. 【${SEVERITY_TITLES[f.severity]}】[${f.rule}] ${f.message}`];
  if (f.reported !== undefined && f.computed !== undefined)
    lines.push(
      `   填报 ${f.reported}，计算 ${f.computed}${f.difference !== undefined ? `，相差 ${f.difference}` : ""}`,
    );
  if (f.hint) lines.push(`   提示：${f.hint}`);
  if (f.cells.length > 0 && f.cells.length <= 6)
    lines.push(`   单元格：${f.cells.map(cellLabel).join("；")}`);
  return lines;
}

function findingsAnswer(
  result: AuditResult,
  severity: Finding["severity"] | null,
  scope: { table: TableId | null; keys: readonly string[] },
  citations: Citation[],
): string[] {
  const inScope = result.findings.filter((f) => {
    if (scope.keys.length > 0) return f.cells.some((c) => scope.keys.includes(c));
    if (scope.table)
      return (
        f.cells.some((c) => c.startsWith(`${scope.table}.`)) || f.rule.startsWith(scope.table.toUpperCase())
      );
    return true;
  });
  const chosen = severity ? inScope.filter((f) => f.severity === severity) : inScope;
  const what = severity ? SEVERITY_TITLES[severity] : "问题";
  const where = scope.keys.length > 0 ? "涉及这些数字的" : scope.table ? `${TABLE_NAMES[scope.table]}的` : "";
  for (const f of chosen)
    citations.push({
      key: `finding:${f.rule}`,
      value: f.difference ?? f.reported ?? null,
      source: f.cells.map(cellLabel).join("；") || f.basis,
    });
  if (chosen.length === 0) {
    const count = (s: Finding["severity"]) => inScope.filter((f) => f.severity === s).length;
    const rest = severity
      ? `（${where}错误 ${count("error")} 项，警告 ${count("warning")} 项，提示 ${count("notice")} 项）`
      : "";
    return [`审核未发现${where}${what}${rest}。`];
  }
  const lines = [`审核发现${where}${what} ${chosen.length} 项：`];
  chosen.forEach((f, i) => {
    lines.push(...findingLines(f, i + 1));
  });
  return lines;
}

function metaLine(result: AuditResult, field: Extract<Topic, { kind: "meta" }>["field"]): string {
  const m = result.meta;
  switch (field) {
    case "issuer":
      return m.issuer
        ? `发布机关：${m.issuer}${m.issuerLevel ? `（${LEVELS[m.issuerLevel]}）` : ""}`
        : "报告中未识别出发布机关。";
    case "reportYear":
      return m.reportYear ? `报告年度：${m.reportYear} 年` : "报告中未识别出报告年度。";
    case "templateVersion":
      return m.templateVersion
        ? `模板版本：${m.templateVersion === "mixed" ? "新旧模板混用" : `${m.templateVersion} 版`}${m.templateEvidence.length > 0 ? `（依据：${m.templateEvidence.slice(0, 3).join("；")}）` : ""}`
        : "未能识别模板版本。";
    case "publicationDate":
      if (m.portalDate) {
        const source = m.portalDateQuote ? `（出处：「${m.portalDateQuote}」）` : "";
        const signed = m.publicationDate ? `；落款日期：${m.publicationDate}` : "；报告中未找到落款日期";
        return `网页标注的发布日期：${m.portalDate}${source}${signed}。是否按期公布按网页发布日期核验。`;
      }
      if (m.publicationDate) return `落款日期：${m.publicationDate}`;
      if (m.givenDate) return `报告中未找到落款日期；按您提供的公布日期 ${m.givenDate} 核验公布期限。`;
      if (m.fileCreated)
        return `报告中未找到落款日期；文件元数据记载的创建日期为 ${m.fileCreated}（不等于公布日期）。`;
      return "报告中未找到落款日期。";
  }
}

/** Where a metadata field was read (for the citation), or null when it was not found. */
function metaSource(result: AuditResult, field: Extract<Topic, { kind: "meta" }>["field"]): string | null {
  const m = result.meta;
  switch (field) {
    case "issuer":
    case "reportYear":
      return m.title ? `报告标题「${m.title}」` : null;
    case "templateVersion":
      return m.templateEvidence.length > 0 ? `表二列名：${m.templateEvidence.join("；")}` : null;
    case "publicationDate":
      return m.portalDateQuote ?? (m.publicationDate ? `落款日期 ${m.publicationDate}` : null);
  }
}

/**
 * The earlier question an elliptical one leans on (「那商业企业呢」): the latest of the last three
 * turns that names a row, else the last turn.
 */
function antecedent(history: AnswerContext["history"]): ParsedQuestion | null {
  const recent = history.slice(-3).map((t) => parseQuestion(canonicalQuestion(t.question)));
  return recent.reverse().find((p) => p.rows.some((r) => !r.weak)) ?? recent[0] ?? null;
}

/** 「诉讼呢」 after 「行政复议维持多少」: an elliptical question naming a row keeps the column asked before. */
const ELLIPTICAL = /^(?:那|那么)?.{1,8}呢$/;

function withEarlierColumns(
  p: ParsedQuestion,
  question: string,
  previous: ParsedQuestion | null,
): ParsedQuestion {
  if (!previous || !ELLIPTICAL.test(question.replace(/[\s?？。]+$/g, ""))) return p;
  if (p.rows.length === 0 || p.columns.length > 0) return p;
  const tables = new Set(p.rows.map((r) => r.table));
  const carried = previous.columns.filter((c) => tables.has(c.table) && c.columns[0] !== "total");
  return carried.length > 0 ? { ...p, columns: carried } : p;
}

/** A clause that asks something by itself (「复议几件」「超期了没」), not a clause of context. */
const ASKS =
  /多少|几[件个条份次宗项起]?|吗|呢|哪|什么|啥|怎么|怎样|如何|是否|有没有|没有?$|对不对|平不平|对得上|多大|比例|占比|率$/;

/**
 * 「办结率多少？第五部分写了什么？」 → two questions; so is 「复议几件，纠正了几件」 when every
 * comma-separated clause asks something; one question stays whole.
 */
export function splitQuestions(text: string): string[] {
  const parts = text
    .split(/[？?；;\n]+/)
    .map((p) => p.trim())
    .filter((p) => p.length >= 2)
    .flatMap((p) => {
      const clauses = p
        .split(/[，,、]\s*/)
        .map((c) => c.trim())
        .filter((c) => c.length > 0);
      return clauses.length > 1 && clauses.every((c) => c.length >= 2 && ASKS.test(c)) ? clauses : [p];
    });
  return parts.length > 1 && parts.length <= 5 ? parts : [text];
}

/** A clause that sums or subtracts without naming what: 「加起来多少」「一共多少」「相差多少」. */
const BARE_SUM =
  /^(?:那|那么)?(?:加起来|加在一起|加一起|合起来|一共|总共|合计|共计|总和)(?:是|有|为)?(?:多少|几)/;
const BARE_DIFF = /^(?:那|那么)?(?:相差|差了?|差距)(?:是|有|为)?(?:多少|几)|^(?:两者|二者)?差多少/;
/** 「占办理结果多少」 after 「不掌握的有几件」: the share of the figure the clause before asked for. */
const BARE_SHARE = /^(?:那|那么)?(?:占|是)(.+?)(?:的)?(?:多少|几成|百分之几|比例|比重|多大比例)/;
const QUESTION_WORDS = /(?:是|有|为)?(?:多少|几)(?:件|个|份|宗|项|条|起|次)?(?:呢|啊|呀|吗)?$/;

/**
 * 「新收多少，上年结转多少，加起来多少」: the last clause sums (or subtracts) the figures the earlier
 * clauses asked for; it is rewritten as 「新收和上年结转加起来多少」 for the computation.
 */
function withOperands(part: string, earlier: readonly string[]): string {
  const names = earlier.map((e) => e.replace(QUESTION_WORDS, "")).filter((e) => e.length > 0);
  if (names.length >= 2 && BARE_SUM.test(part)) return `${names.join("和")}加起来多少`;
  if (names.length === 2 && BARE_DIFF.test(part)) return `${names[0]}和${names[1]}相差多少`;
  const share = BARE_SHARE.exec(part);
  const last = names.at(-1);
  if (share?.[1] && last) return `${last}占${share[1]}的比例`;
  return part;
}

/**
 * The figures the answerer states: a 总计 the report leaves blank that the reading filled from the
 * row's other cells (raw 「（由…推算）」) is not a figure of the report — the report did not total the
 * row — so it is answered as blank, and the printed cells can be asked for. (A part the reading placed
 * in a run of printed numbers, e.g. a 0 between others, is kept, with its 「按表内关系推算」 source.)
 */
function statedFigures(result: AuditResult): AuditResult {
  const imputed = Object.entries(result.provenance).filter(
    ([key, p]) =>
      key.endsWith(".total") &&
      p.mode === "decoded" &&
      p.raw.startsWith("（由") &&
      result.figures[key] != null,
  );
  if (imputed.length === 0) return result;
  return {
    ...result,
    figures: { ...result.figures, ...Object.fromEntries(imputed.map(([k]) => [k, null])) },
  };
}

export class DeterministicAnswerer implements Answerer {
  readonly name = "deterministic";

  async answer(asked: string, given: AnswerContext): Promise<Answer> {
    const question = canonicalQuestion(asked);
    const ctx = { ...given, report: statedFigures(given.report) };
    // Several questions in one message: each answered in turn (a later one may lean on an earlier one).
    const parts = splitQuestions(question);
    if (parts.length > 1) {
      const answers: Answer[] = [];
      const history = [...ctx.history];
      for (const [i, part] of parts.entries()) {
        const a = this.answerOne(withOperands(part, parts.slice(0, i)), { ...ctx, history });
        answers.push(a);
        history.push({ question: part, answer: a.text, at: new Date(0).toISOString() });
      }
      if (answers.every((a) => a.handled))
        return {
          text: answers.map((a, i) => `${i + 1}.「${parts[i]}」\n${a.text}`).join("\n\n"),
          citations: answers.flatMap((a) => a.citations),
          handled: true,
        };
    }
    return this.answerOne(question, ctx);
  }

  private answerOne(question: string, ctx: AnswerContext): Answer {
    const result = ctx.report;
    const compared = compareWithPreviousYear(question, result, ctx.others ?? []);
    if (compared) return compared;
    const explained = proseAnswer(question, result) ?? explainAnswer(question, result);
    if (explained) return explained;
    if (isFixQuestion(question)) return correctionsAnswer(result);
    const hasFigures = Object.keys(result.figures).length > 0;
    if (hasFigures && isBalanceQuestion(question)) return balanceAnswer(question, result);
    const stated = statementAnswer(question, result, ctx.parsed);
    if (stated) return stated;
    const computed = hasFigures ? computeAnswer(question, result) : null;
    if (computed) return computed;
    const previous = antecedent(ctx.history);
    const p = withEarlierColumns(parseQuestion(question), question, previous);
    const citations: Citation[] = [];
    const lines: string[] = [];
    const figures = asks(result, p, previous);
    const findingTopics = p.topics.filter((t) => t.kind === "findings");
    const specific = findingTopics.filter((t) => t.severity !== null);

    if (Object.keys(result.figures).length === 0 && (figures.length > 0 || findingTopics.length > 0))
      return {
        text: `这个文件没有可用的表格数字（${result.statusMessage}），无法回答数字问题。`,
        citations: [],
        handled: true,
      };

    for (const t of p.topics)
      if (t.kind === "meta") {
        lines.push(metaLine(result, t.field));
        const source = metaSource(result, t.field);
        if (source) citations.push({ key: `meta.${t.field}`, value: null, source });
      }

    // "表三有哪些错误" and "予以公开的数字有错误吗" are about findings; a bare "问题" next to a figure is not.
    if (specific.length > 0 || (findingTopics.length > 0 && figures.length === 0)) {
      const keys =
        figures.length > 0 && (p.rows.some((r) => !r.weak) || p.columns.length > 0)
          ? figures.flatMap((a) => a.keys)
          : [];
      const severities = specific.length > 0 ? specific.map((t) => t.severity) : [null];
      for (const s of severities)
        lines.push(...findingsAnswer(result, s, { table: decideTable(p), keys }, citations));
    } else if (figures.length > MAX_FIGURES) {
      lines.push(
        `这个问题涉及 ${figures.length} 个数字，请问得具体一些，例如指明行（如「予以公开」）或列（如「自然人」）。`,
      );
    } else {
      for (const ask of figures) lines.push(...figureLines(result, ask, citations));
    }

    if (lines.length === 0 && p.topics.some((t) => t.kind === "help"))
      return { text: CAPABILITIES, citations: [], handled: true };
    if (lines.length === 0)
      return {
        text: `这份报告的表格、正文和审核发现中没有找到与这个问题对应的内容（不给出相近的数字，以免误用）。\n${CAPABILITIES}`,
        citations: [],
        handled: false,
      };
    return { text: lines.join("\n"), citations, handled: true };
  }
}
