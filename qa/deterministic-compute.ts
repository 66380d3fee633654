/**
 * Computed answers for the deterministic answerer: sums and differences of named figures
 * (「A和B加起来」「A比B多几件」) and rates (办结率, 公开率, 纠错率, 「A占B的比例」), each from the
 * report's own cells with the arithmetic written out and every cell cited. The rates have no official
 * definition: the answer states the one it uses. A blank cell or a zero denominator gives no number.
 */
import type { AuditResult } from "../audit/result.ts";
import { cellLabel } from "../extract/template/layout.ts";
import type { Answer, Citation } from "./answerer.ts";
import { type Ask, asks, sourceOf, unitOf } from "./deterministic-figures.ts";
import { normalizeQuestion, type ParsedQuestion, parseQuestion } from "./deterministic-lexicon.ts";

/** A figure or the sum of several cells (a group heading such as 不予公开). */
export interface Operand {
  readonly label: string;
  readonly keys: readonly string[];
}

type Value =
  | { readonly kind: "value"; readonly value: number }
  | { readonly kind: "blank"; readonly keys: readonly string[] }
  | { readonly kind: "absent" };

function figureValue(result: AuditResult, keys: readonly string[]): Value {
  const values = keys.map((k) => result.figures[k]);
  if (values.every((v) => v === undefined)) return { kind: "absent" };
  const blank = keys.filter((k) => result.figures[k] === null || result.figures[k] === undefined);
  if (blank.length > 0) return { kind: "blank", keys: blank };
  return { kind: "value", value: round((values as number[]).reduce((a, b) => a + b, 0)) };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** 0.91525… → "91.5%". */
export function percent(ratio: number): string {
  return `${Math.round(ratio * 1000) / 10}%`;
}

function cite(result: AuditResult, keys: readonly string[], citations: Citation[]): void {
  for (const key of keys)
    if (!citations.some((c) => c.key === key))
      citations.push({ key, value: result.figures[key] ?? null, source: sourceOf(result, key) });
}

/** The source lines of an answer: one per cell (at most 8, then a count). */
function sourceLines(result: AuditResult, keys: readonly string[]): string[] {
  const unique = [...new Set(keys)];
  const shown = unique.slice(0, 8).map((k) => `  出处：${sourceOf(result, k)}`);
  if (unique.length > 8) shown.push(`  （另有 ${unique.length - 8} 个单元格，见上）`);
  return shown;
}

/** Why a value cannot be used, in Chinese. */
function missingText(result: AuditResult, op: Operand, v: Value): string {
  if (v.kind === "absent")
    return `${op.label}：该报告所用模板（${result.meta.templateVersion ?? "未识别"}版）没有此项`;
  if (v.kind === "blank")
    return `${op.label}：${v.keys.map(cellLabel).join("、")}为空白或无法读取（不按 0 计）`;
  return "";
}

function shown(op: Operand, value: number): string {
  return `${op.label} ${value}${unitOf(op.keys[0] ?? "").trimEnd()}`;
}

// ───────────────────────────────────────────── operands

const SUM_WORDS =
  /加起来|加在一起|加到一起|加一起|合在一起|合起来|加总|一共|总共|合计|共计|之和|相加|总和|总数|\+/g;
const FILLER = /(是|有|为)?(多少件?|几件|几个|多少个|多少|几)(件|个|宗|项)?(呢|啊|吗|呀)?$/;
/** 「新收加上年结转」 is 新收 + 上年结转, not 新收 + 年结转. */
const CONNECTORS = /以及|加上(?!年)|和|与|跟|及|、|\+|加/;

function operandsOf(result: AuditResult, parts: readonly string[], whole: ParsedQuestion): Operand[] | null {
  const out: Operand[] = [];
  for (const part of parts) {
    const p = parseQuestion(part);
    const found = asks(result, p, whole);
    // Each part names one figure (a group heading counts as one); an ambiguous part is no operand.
    if (found.length !== 1) return null;
    out.push(...found.map(asOperand));
  }
  return out;
}

const asOperand = (a: Ask): Operand => ({ label: plainLabel(a.label), keys: a.keys });

/** "表三「（二）部分公开（区分处理的…）」总计" → "部分公开"; "表三「一、本年新收…」自然人" → "本年新收…·自然人". */
export function plainLabel(label: string): string {
  const m = /^表[二三四]「(.+?)」(.*)$/.exec(label);
  if (!m) return label;
  const row = (m[1] ?? "")
    .replace(/^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）|\d+\.)/, "")
    .replace(/（.*?）|\(.*?\)/g, "")
    .replace(/政府信息公开申请数量$/, "");
  const col = m[2] ?? "";
  const name = row === "总计" ? "办理结果总计" : row;
  return col === "" || col === "总计" ? name : `${name}·${col.replace(/（单位：万元）/, "")}`;
}

/** 「A和B加起来」: the operands, or null when the question is not a sum of two or more figures. */
function sumOperands(result: AuditResult, q: string): Operand[] | null {
  SUM_WORDS.lastIndex = 0;
  if (!SUM_WORDS.test(q)) return null;
  const core = q.replace(SUM_WORDS, "").replace(FILLER, "");
  const parts = core.split(CONNECTORS).filter((s) => s.length > 0);
  if (parts.length < 2) return null;
  const ops = operandsOf(result, parts, parseQuestion(q));
  return ops && ops.length >= 2 ? ops : null;
}

/** 「A比B多几件」「A和B相差多少」「A减B」: [A, B], or null. */
function differenceOperands(result: AuditResult, q: string): { a: Operand; b: Operand; abs: boolean } | null {
  const whole = parseQuestion(q);
  const pair = (x: string, y: string): [Operand, Operand] | null => {
    const ops = operandsOf(result, [x, y.replace(FILLER, "")], whole);
    return ops && ops.length === 2 && ops[0] && ops[1] ? [ops[0], ops[1]] : null;
  };
  const than =
    /^(.+?)比(.+?)(?:多了?|少了?|高了?|低了?|大了?|小了?)(?:几|多少|多)?(?:件|个|宗|项)?(?:呢|啊)?$/.exec(q);
  if (than?.[1] && than[2]) {
    const ops = pair(than[1], than[2]);
    if (ops) return { a: ops[0], b: ops[1], abs: false };
  }
  const gap = /^(.+?)(?:和|与|跟)(.+?)(?:相差|差了|差距|差额|差多少|差几|之差|差)/.exec(q);
  if (gap?.[1] && gap[2]) {
    const ops = pair(gap[1], gap[2]);
    if (ops) return { a: ops[0], b: ops[1], abs: true };
  }
  const minus = /^(.+?)减去?(.+)$/.exec(q);
  if (minus?.[1] && minus[2]) {
    const ops = pair(minus[1], minus[2]);
    if (ops) return { a: ops[0], b: ops[1], abs: false };
  }
  return null;
}

function sumAnswer(result: AuditResult, ops: readonly Operand[]): Answer {
  const citations: Citation[] = [];
  for (const op of ops) cite(result, op.keys, citations);
  const values = ops.map((op) => figureValue(result, op.keys));
  const missing = ops.map((op, i) => missingText(result, op, values[i] as Value)).filter(Boolean);
  if (missing.length > 0)
    return { text: [`无法相加：${missing.join("；")}。`].join("\n"), citations, handled: true };
  const nums = values.map((v) => (v.kind === "value" ? v.value : 0));
  const total = round(nums.reduce((a, b) => a + b, 0));
  const unit = unitOf(ops[0]?.keys[0] ?? "").trimEnd();
  const lines = [
    `${ops.map((op) => op.label).join(" + ")} = ${total}${unit}`,
    `  算式：${ops.map((op, i) => shown(op, nums[i] ?? 0)).join(" + ")} = ${total}${unit}`,
    ...sourceLines(
      result,
      ops.flatMap((op) => op.keys),
    ),
  ];
  return { text: lines.join("\n"), citations, handled: true };
}

function differenceAnswer(result: AuditResult, a: Operand, b: Operand, abs: boolean): Answer {
  const citations: Citation[] = [];
  cite(result, a.keys, citations);
  cite(result, b.keys, citations);
  const va = figureValue(result, a.keys);
  const vb = figureValue(result, b.keys);
  if (va.kind !== "value" || vb.kind !== "value") {
    const missing = [missingText(result, a, va), missingText(result, b, vb)].filter(Boolean);
    return { text: `无法计算差额：${missing.join("；")}。`, citations, handled: true };
  }
  const unit = unitOf(a.keys[0] ?? "").trimEnd();
  const diff = round(va.value - vb.value);
  const big = diff >= 0 ? a : b;
  const verdict =
    diff === 0
      ? `${a.label}与${b.label}相等`
      : abs
        ? `两者相差 ${Math.abs(diff)}${unit}（${big.label}多）`
        : `${a.label}比${b.label}${diff > 0 ? "多" : "少"} ${Math.abs(diff)}${unit}`;
  const lines = [
    `${verdict}。`,
    `  算式：${shown(a, va.value)} − ${shown(b, vb.value)} = ${diff}${unit}`,
    ...sourceLines(result, [...a.keys, ...b.keys]),
  ];
  return { text: lines.join("\n"), citations, handled: true };
}

// ───────────────────────────────────────────── rates

interface RateDef {
  readonly name: string;
  /** Operands added up above and below the fraction bar; `minus` is subtracted below. */
  readonly numerator: readonly Operand[];
  readonly denominator: readonly Operand[];
  readonly minus?: readonly Operand[];
  readonly definition: string;
}

const op = (key: string, label?: string): Operand => ({ label: label ?? shortLabel(key), keys: [key] });

function shortLabel(key: string): string {
  return plainLabel(cellLabel(key));
}

const T4_GROUPS = [
  ["review", "行政复议"],
  ["litigation_direct", "未经复议直接起诉"],
  ["litigation_after_review", "复议后起诉"],
] as const;

function correctionRate(groups: readonly (readonly [string, string])[], name: string): RateDef {
  const many = groups.length > 1;
  return {
    name,
    numerator: groups.map(([g, label]) => op(`t4.${g}.corrected`, many ? `${label}结果纠正` : "结果纠正")),
    denominator: groups.map(([g, label]) => op(`t4.${g}.total`, many ? `${label}总计` : "总计")),
    minus: groups.map(([g, label]) => op(`t4.${g}.pending`, many ? `${label}尚未审结` : "尚未审结")),
    definition: `${name} = 结果纠正 ÷（总计 − 尚未审结），即已审结案件中被纠正的比例（表四）`,
  };
}

const NO_OFFICIAL = "年报格式没有规定这一比率的官方口径，以上是本助手采用的定义。";

function rateDefs(q: string): RateDef[] {
  const out: RateDef[] = [];
  if (/办结率|办理率|完成率|结案率/.test(q))
    out.push({
      name: "办结率",
      numerator: [op("t3.total_processed.total", "办理结果总计")],
      denominator: [op("t3.new.total", "本年新收"), op("t3.carried_over.total", "上年结转")],
      definition: "办结率 = 办理结果总计 ÷（本年新收 + 上年结转）（表三总计列）",
    });
  if (/(?<!不予|不|未)公开率/.test(q))
    out.push({
      name: "公开率",
      numerator: [op("t3.granted.total", "予以公开"), op("t3.partially_granted.total", "部分公开")],
      denominator: [op("t3.total_processed.total", "办理结果总计")],
      definition: "公开率 = （予以公开 + 部分公开）÷ 办理结果总计（表三总计列）",
    });
  if (/纠错率|纠正率|被纠错率|被纠正率/.test(q)) {
    const review = /复议/.test(q.replace(/复议后/g, ""));
    const litigation = /诉讼|起诉|复议后/.test(q);
    if (review || !litigation) out.push(correctionRate([T4_GROUPS[0]], "行政复议纠错率"));
    if (litigation || !review) out.push(correctionRate([T4_GROUPS[1], T4_GROUPS[2]], "行政诉讼纠错率"));
  }
  if (/维持率/.test(q)) {
    const name = /诉讼|起诉/.test(q) ? "行政诉讼维持率" : "行政复议维持率";
    const groups = /诉讼|起诉/.test(q) ? [T4_GROUPS[1], T4_GROUPS[2]] : [T4_GROUPS[0]];
    const many = groups.length > 1;
    out.push({
      name,
      numerator: groups.map(([g, label]) => op(`t4.${g}.upheld`, many ? `${label}结果维持` : "结果维持")),
      denominator: groups.map(([g, label]) => op(`t4.${g}.total`, many ? `${label}总计` : "总计")),
      minus: groups.map(([g, label]) => op(`t4.${g}.pending`, many ? `${label}尚未审结` : "尚未审结")),
      definition: `${name} = 结果维持 ÷（总计 − 尚未审结）（表四）`,
    });
  }
  return out;
}

const SHARE = /占比|所占比例|比例|比重|百分之几|百分比|占多少|占几成|几成|率是多少/;

/** 「A占B的比例」; B defaults to the row's total (an applicant column) or 办理结果总计 (a result row). */
function shareDef(result: AuditResult, q: string): RateDef | null {
  if (!SHARE.test(q)) return null;
  const stripped = q.replace(SHARE, "").replace(/的$|是$/, "");
  const at = stripped.indexOf("占");
  const whole = parseQuestion(q);
  const numText = at >= 0 ? stripped.slice(0, at) : stripped;
  const num = asks(result, parseQuestion(numText), whole);
  let b: Operand | null = null;
  if (num.length !== 1 && at < 0) {
    // 「办理结果里面部分公开占比」: the base, then the part.
    const within = /^(.+?)(?:里面|里头|当中|之中|中的|里的|中|里)(.+)$/.exec(stripped);
    const base = within?.[1] ? asks(result, parseQuestion(within[1]), null) : [];
    const part = within?.[2] ? asks(result, parseQuestion(within[2]), whole) : [];
    if (base.length === 1 && part.length === 1 && base[0] && part[0]) {
      num.splice(0, num.length, part[0]);
      b = asOperand(base[0]);
    }
  }
  if (num.length !== 1 || !num[0]) return null;
  const a = asOperand(num[0]);
  if (at >= 0) {
    const denText = stripped.slice(at + 1).replace(/的$/, "");
    const den = denText ? asks(result, parseQuestion(denText), null) : [];
    if (den.length === 1 && den[0]) b = asOperand(den[0]);
  }
  if (!b) b = defaultBase(a);
  if (!b || b.keys.join() === a.keys.join()) return null;
  return {
    name: `${a.label}占${b.label}的比例`,
    numerator: [a],
    denominator: [b],
    definition: `比例 = ${a.label} ÷ ${b.label}`,
  };
}

function defaultBase(a: Operand): Operand | null {
  const key = a.keys[0] ?? "";
  const [table, ...rest] = key.split(".");
  const col = rest.at(-1) ?? "";
  const row = rest.slice(0, -1).join(".");
  if (table === "t3" && col !== "total" && a.keys.every((k) => k.startsWith(`t3.${row}.`)))
    return { label: `${shortLabel(`t3.${row}.total`)}总计`, keys: [`t3.${row}.total`] };
  if (
    table === "t3" &&
    !["new", "carried_over", "total_processed", "carried_forward"].includes(row.split(".")[0] ?? "")
  )
    return op("t3.total_processed.total", "办理结果总计");
  if (table === "t4" && col !== "total") return op(`t4.${row}.total`, `${shortLabel(`t4.${row}.total`)}总计`);
  return null;
}

/** A rate computed on one report: the ratio, or why there is none. */
export interface RateResult {
  readonly name: string;
  readonly definition: string;
  /** null when a cell is blank or absent, or the denominator is 0. */
  readonly ratio: number | null;
  readonly top: number | null;
  readonly bottom: number | null;
  readonly keys: readonly string[];
  /** The answer's lines for this rate (formula, definition, sources, or what is missing). */
  readonly lines: readonly string[];
}

/** The rates a question asks for (办结率, 公开率, 纠错率, 维持率, 「A占B的比例」), computed on `result`. */
export function rateResults(question: string, result: AuditResult): RateResult[] {
  const q = normalizeQuestion(question);
  const defs = rateDefs(q);
  if (defs.length === 0) {
    const share = shareDef(result, q);
    if (share) defs.push(share);
  }
  return defs.map((def) => rateOf(result, def));
}

function rateLines(result: AuditResult, def: RateDef, citations: Citation[]): string[] {
  const rate = rateOf(result, def);
  for (const key of rate.keys) cite(result, [key], citations);
  return [...rate.lines];
}

function rateOf(result: AuditResult, def: RateDef): RateResult {
  const all = [...def.numerator, ...def.denominator, ...(def.minus ?? [])];
  const keys = [...new Set(all.flatMap((o) => o.keys))];
  const base = { name: def.name, definition: def.definition, keys };
  const none = { ratio: null, top: null, bottom: null };
  const values = new Map(all.map((o) => [o, figureValue(result, o.keys)] as const));
  const missing = all.map((o) => missingText(result, o, values.get(o) as Value)).filter(Boolean);
  if (missing.length > 0)
    return {
      ...base,
      ...none,
      lines: [`${def.name}：无法计算，${[...new Set(missing)].join("；")}。`, `  口径：${def.definition}`],
    };
  const n = (o: Operand) => {
    const v = values.get(o);
    return v?.kind === "value" ? v.value : 0;
  };
  const sum = (ops: readonly Operand[]) => round(ops.reduce((s, o) => s + n(o), 0));
  const top = sum(def.numerator);
  const bottom = round(sum(def.denominator) - sum(def.minus ?? []));
  const expr = (ops: readonly Operand[]) => ops.map((o) => `${o.label} ${n(o)}`).join(" + ");
  const bracket = (ops: readonly Operand[]) => (ops.length > 1 ? `（${expr(ops)}）` : expr(ops));
  const below =
    def.minus && def.minus.length > 0
      ? `（${expr(def.denominator)} − ${def.minus.map((o) => `${o.label} ${n(o)}`).join(" − ")}）`
      : bracket(def.denominator);
  const formula = `${bracket(def.numerator)} ÷ ${below}`;
  if (bottom === 0)
    return {
      ...base,
      ...none,
      lines: [
        `${def.name}：无法计算，分母为 0（${formula.replace(/ ÷ .*/, "")} ÷ 0）。`,
        `  口径：${def.definition}`,
      ],
    };
  const ratio = top / bottom;
  return {
    ...base,
    ratio,
    top,
    bottom,
    lines: [
      `${def.name}：${percent(ratio)}`,
      `  算式：${formula} = ${top} ÷ ${bottom} = ${percent(ratio)}`,
      `  口径：${def.definition}。${NO_OFFICIAL}`,
      ...(ratio > 1 && def.name === "办结率"
        ? ["  注意：超过 100%，表三「一+二 = 三（七）+四」可能不成立，可问「勾稽关系对不对」。"]
        : []),
      ...sourceLines(result, keys),
    ],
  };
}

/** Answers a sum, difference or rate question, or null when `question` is none of these. */
export function computeAnswer(question: string, result: AuditResult): Answer | null {
  const q = normalizeQuestion(question);
  const rates = rateDefs(q);
  if (rates.length > 0) {
    const citations: Citation[] = [];
    const lines = rates.flatMap((def) => rateLines(result, def, citations));
    return { text: lines.join("\n"), citations, handled: true };
  }
  const share = shareDef(result, q);
  if (share) {
    const citations: Citation[] = [];
    return { text: rateLines(result, share, citations).join("\n"), citations, handled: true };
  }
  const diff = differenceOperands(result, q);
  if (diff) return differenceAnswer(result, diff.a, diff.b, diff.abs);
  const sum = sumOperands(result, q);
  if (sum) return sumAnswer(result, sum);
  return null;
}
