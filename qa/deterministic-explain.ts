/**
 * Explanations for the deterministic answerer: 「勾稽关系对不对」 shows each relation of the rulebook
 * (T3-BAL per column, T3-RESULTS per column, T3-COLSUM per row, the three 表四 groups) with its numbers
 * and whether it holds; 「为什么…」「…是什么问题」 about one finding gives its arithmetic, cells, basis
 * and suggested correction (audit/corrections.ts); 「怎么改」「哪些要改」 lists the corrections.
 */
import { arithmeticLine, correctionsFor } from "../audit/corrections.ts";
import { SEVERITY_TITLES } from "../audit/render-text.ts";
import type { AuditResult, ResultFinding } from "../audit/result.ts";
import { cellLabel, T3_COLUMNS, T3_GROUPS, type TableId, t3Rows } from "../extract/template/layout.ts";
import type { Answer, Citation } from "./answerer.ts";
import { asks, sourceOf } from "./deterministic-figures.ts";
import { normalizeQuestion, parseQuestion } from "./deterministic-lexicon.ts";

// ───────────────────────────────────────────── 勾稽关系

const BALANCE =
  /勾稽|钩稽|平衡|平不平|平吗|平么|平没平|平了吗|是否平|配平|对得上|对不上|对不对|对吗|表内关系|算得对|算对了|加得对|加对|相符吗|是否相符|是否一致|一致吗|核对/;

type Outcome = "holds" | "fails" | "blank" | "absent";

interface Relation {
  readonly name: string;
  readonly text: string;
  readonly outcome: Outcome;
  readonly keys: readonly string[];
}

const OUTCOME_TEXT: Record<Outcome, string> = {
  holds: "✓ 成立",
  fails: "✗ 不成立",
  blank: "无法核验",
  absent: "无法核验",
};

function sumOf(result: AuditResult, keys: readonly string[]): { value: number; blank: string[] } {
  const blank = keys.filter((k) => result.figures[k] === null || result.figures[k] === undefined);
  const value = keys.reduce((s, k) => s + (result.figures[k] ?? 0), 0);
  return { value: Math.round(value * 100) / 100, blank };
}

/** A relation left = right over cells; `decodedBy` marks one the parser used to fill a cell. */
function relation(
  result: AuditResult,
  rule: string,
  name: string,
  left: readonly string[],
  right: readonly string[],
  show: (v: (k: string) => string, l: string, r: string) => string,
  /** The side that is the printed total (差 = 填报 − 计算); for T3-BAL 三（七）+四. */
  reportedSide: "left" | "right" = "left",
): Relation {
  const keys = [...left, ...right];
  if (keys.every((k) => !(k in result.figures)))
    return { name, text: `${name}：报告中没有这些单元格`, outcome: "absent", keys };
  const l = sumOf(result, left);
  const r = sumOf(result, right);
  const v = (k: string) => {
    const x = result.figures[k];
    return x === null || x === undefined ? "空白" : String(x);
  };
  const shownSum = (x: { value: number; blank: string[] }) => (x.blank.length > 0 ? "？" : String(x.value));
  const body = show(v, shownSum(l), shownSum(r));
  const blank = [...l.blank, ...r.blank];
  if (blank.length > 0)
    return {
      name,
      text: `${name}：${body}　无法核验（${blank.length} 个单元格空白，不按 0 计）`,
      outcome: "blank",
      keys,
    };
  const decoded = keys.some((k) => result.provenance[k]?.decodedBy?.includes(rule));
  const [reported, computed] = reportedSide === "left" ? [l.value, r.value] : [r.value, l.value];
  const diff = Math.round((reported - computed) * 100) / 100;
  const outcome: Outcome = diff === 0 ? "holds" : "fails";
  const note = decoded ? "（含按此关系推算补全的数字，不是独立核验）" : "";
  const tail =
    outcome === "holds" ? OUTCOME_TEXT.holds : `${OUTCOME_TEXT.fails}，相差 ${diff > 0 ? "+" : ""}${diff}`;
  return { name, text: `${name}：${body}　${tail}${note}`, outcome, keys };
}

const COLUMN_NAMES = T3_COLUMNS.map((c) => [c.key, c.key === "total" ? "总计" : c.label] as const);
const APPLICANTS = T3_COLUMNS.filter((c) => c.key !== "total").map((c) => c.key);

function t3Relations(result: AuditResult): { title: string; relations: Relation[] }[] {
  const has = (row: string) => `t3.${row}.total` in result.figures;
  const split = T3_GROUPS.other_split.some(has);
  const sixth = split ? [...T3_GROUPS.other_split] : ["other_processing"];
  const partRows = [
    "granted",
    "partially_granted",
    ...T3_GROUPS.denied,
    ...T3_GROUPS.unable,
    ...T3_GROUPS.not_processed,
    ...sixth,
  ];
  const groups: [string, readonly string[]][] = [
    ["（一）", ["granted"]],
    ["（二）", ["partially_granted"]],
    ["（三）", T3_GROUPS.denied],
    ["（四）", T3_GROUPS.unable],
    ["（五）", T3_GROUPS.not_processed],
    ["（六）", sixth],
  ];
  const bal = COLUMN_NAMES.map(([col, name]) =>
    relation(
      result,
      "T3-BAL",
      `${name}列`,
      [`t3.new.${col}`, `t3.carried_over.${col}`],
      [`t3.total_processed.${col}`, `t3.carried_forward.${col}`],
      (v, l, r) =>
        `一+二 = ${v(`t3.new.${col}`)}+${v(`t3.carried_over.${col}`)} = ${l}；三（七）+四 = ${v(`t3.total_processed.${col}`)}+${v(`t3.carried_forward.${col}`)} = ${r}`,
      "right",
    ),
  );
  const results = COLUMN_NAMES.map(([col, name]) =>
    relation(
      result,
      "T3-RESULTS",
      `${name}列`,
      [`t3.total_processed.${col}`],
      partRows.map((r) => `t3.${r}.${col}`),
      (_v, l, r) => {
        const parts = groups.map(([label, rows]) => {
          const s = sumOf(
            result,
            rows.map((row) => `t3.${row}.${col}`),
          );
          return `${label}${s.blank.length > 0 ? "空白" : s.value}`;
        });
        return `${parts.join("+")} = ${r}；（七）总计 ${l}`;
      },
    ),
  );
  const rows = t3Rows(split).filter((r) => has(r.key));
  const colsum = rows.map((row) =>
    relation(
      result,
      "T3-COLSUM",
      `「${row.label}」`,
      [`t3.${row.key}.total`],
      APPLICANTS.map((c) => `t3.${row.key}.${c}`),
      (v, l, r) => `六类申请人 ${APPLICANTS.map((c) => v(`t3.${row.key}.${c}`)).join("+")} = ${r}；总计 ${l}`,
    ),
  );
  return [
    {
      title: "T3-BAL 表三各列：一（本年新收）+ 二（上年结转）= 三（七）总计 + 四（结转下年度）",
      relations: bal,
    },
    { title: "T3-RESULTS 表三各列：（一）至（六）之和 =（七）总计", relations: results },
    { title: "T3-COLSUM 表三各行：六类申请人之和 = 总计栏", relations: colsum },
  ];
}

function t4Relations(result: AuditResult): { title: string; relations: Relation[] }[] {
  const groups = [
    ["review", "行政复议"],
    ["litigation_direct", "未经复议直接起诉"],
    ["litigation_after_review", "复议后起诉"],
  ] as const;
  const parts = ["upheld", "corrected", "other", "pending"];
  const relations = groups.map(([g, name]) =>
    relation(
      result,
      g === "review"
        ? "T4-REVIEW"
        : g === "litigation_direct"
          ? "T4-LITIGATION_DIRECT"
          : "T4-LITIGATION_AFTER_REVIEW",
      name,
      [`t4.${g}.total`],
      parts.map((p) => `t4.${g}.${p}`),
      (v, l, r) =>
        `维持 ${v(`t4.${g}.upheld`)} + 纠正 ${v(`t4.${g}.corrected`)} + 其他 ${v(`t4.${g}.other`)} + 尚未审结 ${v(`t4.${g}.pending`)} = ${r}；总计 ${l}`,
    ),
  );
  return [{ title: "T4 表四各组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计", relations }];
}

/** Prose against tables (「正文和表格一致吗」) is the TEXT-* findings, not the 勾稽关系. */
const PROSE = /正文|文字|文中|文章里/;

export function isBalanceQuestion(question: string): boolean {
  const q = normalizeQuestion(question);
  return BALANCE.test(q) && !PROSE.test(q);
}

/** 「正文和表格一致吗」: the TEXT-* findings, each explained, or that there are none. */
export function proseAnswer(question: string, result: AuditResult): Answer | null {
  const q = normalizeQuestion(question);
  if (!PROSE.test(q) || !/一致|对得上|对不上|相符|矛盾|吻合/.test(q)) return null;
  const text = result.findings.filter((f) => f.rule.startsWith("TEXT-"));
  if (text.length === 0)
    return { text: "审核未发现正文所述数字与统一格式表格不一致的地方。", citations: [], handled: true };
  const lines = [`正文与表格不一致 ${text.length} 处：`];
  text.slice(0, 5).forEach((f, i) => {
    lines.push(...explainLines(result, f, i + 1));
  });
  if (text.length > 5) lines.push(`另有 ${text.length - 5} 处，可问「有哪些警告」「有哪些提示」查看。`);
  return { text: lines.join("\n"), citations: findingCitations(result, text.slice(0, 5)), handled: true };
}

export function balanceAnswer(question: string, result: AuditResult): Answer {
  const table: TableId | null = parseQuestion(question).table;
  const blocks = [
    ...(table !== "t4" ? t3Relations(result) : []),
    ...(table !== "t3" ? t4Relations(result) : []),
  ];
  const all = blocks.flatMap((b) => b.relations);
  const count = (o: Outcome) => all.filter((r) => r.outcome === o).length;
  const lines = [
    `勾稽关系共 ${all.length} 项：成立 ${count("holds")} 项，不成立 ${count("fails")} 项，无法核验 ${count("blank") + count("absent")} 项。`,
  ];
  const citations: Citation[] = [];
  for (const block of blocks) {
    lines.push(`【${block.title}】`);
    // Relations whose cells are all 0 hold trivially: one line for them.
    const zero = (r: Relation) =>
      r.outcome === "holds" && !r.text.includes("推算补全") && r.keys.every((k) => result.figures[k] === 0);
    const zeros = block.relations.filter(zero);
    for (const r of block.relations) {
      if (zeros.length > 1 && zero(r)) {
        if (r === zeros[0]) lines.push(`  ${zeros.map((z) => z.name).join("、")}：各项均为 0　✓ 成立`);
        continue;
      }
      lines.push(`  ${r.text}`);
      // Every cell of a failing relation; of the others, the totals.
      for (const key of r.keys)
        if (r.outcome === "fails" || key.endsWith(".total"))
          if (!citations.some((c) => c.key === key))
            citations.push({ key, value: result.figures[key] ?? null, source: sourceOf(result, key) });
    }
  }
  const lines2 = table === "t2" ? ["表二没有表内勾稽关系（只有跨年度的推算，需要上一年度报告）。"] : [];
  const findings = result.findings.filter((f) =>
    /^T[34]-(BAL|RESULTS|COLSUM|REVIEW|LITIGATION)/.test(f.rule),
  );
  if (findings.length === 0 && count("fails") === 0)
    lines.push("审核未发现勾稽关系错误。数字出处可单独问，例如「本年新收多少」。");
  // The audit's findings on these relations are cited with the relations (「为什么」 explains each).
  const inScope = findings.filter((f) => table === null || f.rule.startsWith(`${table.toUpperCase()}-`));
  for (const c of findingCitations(result, inScope))
    if (!citations.some((x) => x.key === c.key)) citations.push(c);
  return { text: [...lines2, ...lines].join("\n"), citations, handled: true };
}

// ───────────────────────────────────────────── one finding, and the corrections

const WHY =
  /为什么|为何|为啥|什么问题|啥问题|问题是什么|问题是啥|问题在哪|怎么回事|什么意思|啥意思|原因|哪里错|错在哪|依据是什么|依据|凭什么|怎么算的|如何算的/;
const FIX =
  /(?:哪些|哪里|什么|哪个|哪几个)(?:地方|内容|部分)?(?:要|需要|得|该|应该|应当)(?:修改|改|更正)|需要修改|要修改|需修改|需要更正|要更正|修改的地方|改的地方|哪里要改|哪里需要改|怎么改|如何改|怎样改|哪些要改|哪些需要改|要改什么|改什么|需要改|改哪些|怎么修改|如何修改|修改意见|更正建议|如何更正|怎么更正|改正|整改建议|怎么处理|如何处理|怎么弄|修改建议/;

/** Words by which people name what a rule is about. */
const RULE_WORDS: Readonly<Record<string, readonly string[]>> = {
  "META-DATE": ["落款", "日期"],
  DEADLINE: ["期限", "逾期", "按时", "按期", "晚了", "超期"],
  "META-YEAR": ["年度", "年份"],
  "STRUCTURE-TABLES": ["数字个数", "行数", "表格", "格式不符", "补全", "推算", "少了数字"],
  "STRUCTURE-SECTIONS": ["标题", "编号", "部分", "顺序", "阿拉伯"],
  "CONTENT-ART50": ["考核", "评议", "追究", "五十条", "内容不全"],
  "FEE-PRESENT": ["收费", "处理费"],
  "FEE-NOTICE": ["收费通知", "逾期未缴费", "收费"],
  "TEXT-SELF": ["分项", "其中"],
  "TEXT-T3-NEW": ["正文", "收到申请", "申请数", "不一致"],
  "TEXT-T3-DONE": ["正文", "办结", "不一致"],
  "TEXT-T3-CARRY": ["正文", "结转", "不一致"],
  "TEXT-T3-SPLIT": ["正文", "不一致"],
  "TEXT-T4": ["正文", "复议", "诉讼", "不一致"],
  "TEXT-T2": ["正文", "不一致"],
  "T2-BLANK": ["空白", "未填", "没填", "空着"],
  "T3-BLANK": ["空白", "未填", "没填", "空着"],
  "T4-BLANK": ["空白", "未填", "没填", "空着"],
  "T3-BAL": ["平衡", "勾稽", "一+二"],
  "T3-COLSUM": ["申请人", "总计栏", "合计"],
  "T3-RESULTS": ["办理结果", "(七)"],
  "XY-FORMAT": ["模板", "格式", "版本"],
  "FORMAT-OTHER-SPLIT": ["其他处理", "分列"],
  "XY-CARRY": ["上年结转", "去年"],
  "XY-PROBLEMS": ["整改", "上年度问题", "去年的问题"],
  "T2-UNIT": ["单位", "万元"],
  "PARSE-AMBIGUOUS": ["拆分", "歧义"],
};

const TABLE_OF_RULE = (rule: string): string | null =>
  /^(?:TEXT-)?(T[234])/.exec(rule)?.[1]?.toLowerCase() ?? null;

/** The findings a question is about (best score; ties all kept), or [] when it names none. */
function matchFindings(question: string, result: AuditResult): ResultFinding[] {
  const q = normalizeQuestion(question);
  const p = parseQuestion(question);
  const cells = new Set(asks(result, p, null).flatMap((a) => a.keys));
  const scored = result.findings.map((f) => {
    let score = 0;
    if (q.includes(f.rule.toLowerCase())) score += 10;
    for (const w of RULE_WORDS[f.rule] ?? []) if (q.includes(normalizeQuestion(w))) score += 2;
    if (p.table && (TABLE_OF_RULE(f.rule) === p.table || f.cells.some((c) => c.startsWith(`${p.table}.`))))
      score += 1;
    if (f.cells.some((c) => cells.has(c))) score += 3;
    const severity = f.severity === "error" ? /错误/ : f.severity === "warning" ? /警告/ : /提示/;
    if (severity.test(q)) score += 1;
    return { f, score };
  });
  const best = Math.max(0, ...scored.map((s) => s.score));
  // A table or a severity alone does not name a finding.
  if (best < 2) return [];
  return scored.filter((s) => s.score === best).map((s) => s.f);
}

function explainLines(result: AuditResult, f: ResultFinding, n: number | null): string[] {
  const lines = [`${n === null ? "" : `${n}. `}【${SEVERITY_TITLES[f.severity]}】[${f.rule}] ${f.message}`];
  const arithmetic = arithmeticLine(f);
  if (arithmetic) lines.push(`  算式：${arithmetic}（差 = 填报 − 计算）`);
  if (f.cells.length > 0 && f.cells.length <= 8)
    lines.push(
      `  单元格：${f.cells
        .map((k) => {
          const v = result.figures[k];
          return `${sourceOf(result, k)} ${v === null || v === undefined ? "空白" : v}`;
        })
        .join("；")}`,
    );
  if (f.quote) lines.push(`  原文：“${f.quote}”`);
  if (f.hint) lines.push(`  提示：${f.hint}`);
  lines.push(`  依据：${f.basis}`);
  const fix = correctionsFor([f])[0];
  lines.push(`  建议：${fix ? fix.text : "此项没有固定的更正写法，请按上面的说明核对原报告。"}`);
  return lines;
}

function findingCitations(result: AuditResult, findings: readonly ResultFinding[]): Citation[] {
  const out: Citation[] = [];
  for (const f of findings) {
    out.push({
      key: `finding:${f.rule}`,
      value: f.difference ?? f.reported ?? null,
      source: f.cells.map(cellLabel).join("；") || f.basis,
    });
    for (const key of f.cells.slice(0, 8))
      if (!out.some((c) => c.key === key))
        out.push({ key, value: result.figures[key] ?? null, source: sourceOf(result, key) });
  }
  return out;
}

export function isFixQuestion(question: string): boolean {
  return FIX.test(normalizeQuestion(question));
}

/** 「为什么…」「…是什么问题」 about findings; null when the question names none. */
export function explainAnswer(question: string, result: AuditResult): Answer | null {
  const q = normalizeQuestion(question);
  if (!WHY.test(q) && !FIX.test(q)) return null;
  const matched = matchFindings(question, result).slice(0, 3);
  if (matched.length === 0) return null;
  const lines = matched.flatMap((f, i) => explainLines(result, f, matched.length > 1 ? i + 1 : null));
  return { text: lines.join("\n"), citations: findingCitations(result, matched), handled: true };
}

/** 「怎么改」「哪些要改」: every suggested correction, with the finding it answers. */
export function correctionsAnswer(result: AuditResult): Answer {
  const fixes = correctionsFor(result.findings);
  const withFinding = fixes.map((c) => ({ c, f: result.findings.find((f) => f.rule === c.rule) }));
  if (result.findings.length === 0)
    return { text: "审核未发现问题，没有需要更正的地方。", citations: [], handled: true };
  const lines = [`更正建议 ${fixes.length} 条（审核发现共 ${result.findings.length} 项）：`];
  withFinding.forEach(({ c, f }, i) => {
    lines.push(`${i + 1}. [${c.rule}]${f ? `（${SEVERITY_TITLES[f.severity]}）` : ""} ${c.text}`);
  });
  const without = result.findings.filter((f) => !fixes.some((c) => c.rule === f.rule));
  if (without.length > 0)
    lines.push(
      `另有 ${without.length} 项没有固定的更正写法（${without.map((f) => f.rule).join("、")}），可问「${without[0]?.rule} 是什么问题」看说明。`,
    );
  const findings = withFinding.flatMap(({ f }) => (f ? [f] : []));
  return { text: lines.join("\n"), citations: findingCitations(result, findings), handled: true };
}
