/**
 * The Q&A agent's tools, built per question over one AnswerContext only (the report and the other
 * reports of the same chat): get a figure by key or Chinese label, list findings, explain a rule with
 * its basis, compare a figure across reports. Each call records the numbers it returned (the answer may
 * state only those) and the cells it cited. Report text inside outputs is data, never instructions.
 */
import { type StructuredToolInterface, tool } from "@langchain/core/tools";
import { z } from "zod";
import type { AuditResult, ResultFinding } from "../audit/result.ts";
import { EXTRACT_DISAGREE, LLM_INVALID, LLM_UNAVAILABLE } from "../extract/llm/notices.ts";
import { allKeys, cellDef, cellLabel } from "../extract/template/layout.ts";
import { rules } from "../validate/rules/index.ts";
import type { AnswerContext, Citation } from "./answerer.ts";
import { numberKey, numbersIn } from "./llm-numbers.ts";

export interface Toolkit {
  readonly tools: StructuredToolInterface[];
  /** Numbers the tools returned so far (numberKey strings). */
  readonly allowed: Set<string>;
  /** Cells and findings the tools returned, by key. */
  readonly cited: Map<string, Citation>;
}

const MAX_MATCHES = 8;
const MAX_FINDINGS = 15;

const squash = (t: string) => t.normalize("NFKC").replace(/[\s·「」]/g, "");

/** "表三「一、本年新收政府信息公开申请数量」总计，第43行" */
export function cellSource(result: AuditResult, key: string): string {
  const p = result.provenance[key];
  const page = p?.page && result.pageCount && result.pageCount > 1 ? `第${p.page}页` : "";
  const line = p?.line ? `第${p.line}行` : "";
  const where = page || line ? `，${page}${line}` : "";
  const how =
    p?.source === "llm"
      ? "（模型读数，已按表内关系核验）"
      : p?.mode === "decoded"
        ? "（按表内关系推算）"
        : "";
  return `${cellLabel(key)}${where}${how}`;
}

const SYNONYMS: readonly [RegExp, string][] = [
  [/合计|总数|总和|共计/g, "总计"],
  [/新收|收到/g, "本年新收"],
  [/结转下年|结转至下年/g, "结转下年度"],
];

/**
 * Keys whose printed row/column labels contain every term of `label` (terms split on spaces and
 * 和/及/的/、); 总计 column first. When no cell has every term verbatim, terms match character by character.
 */
export function keysByLabel(result: AuditResult, label: string): string[] {
  const terms = label
    .normalize("NFKC")
    .split(/[\s,，、和及的·]+/)
    .map((t) => SYNONYMS.reduce((acc, [re, to]) => acc.replace(re, to), squash(t)))
    .filter((t) => t.length > 0);
  if (terms.length === 0) return [];
  const cells = allKeys()
    .filter((k) => Object.hasOwn(result.figures, k))
    .map((key) => {
      const def = cellDef(key);
      return {
        key,
        hay: squash(
          `${def?.row.parent ?? ""}${def?.row.label ?? ""}${def?.column.label ?? ""}${cellLabel(key)}`,
        ),
      };
    });
  const pick = (match: (hay: string, term: string) => boolean) =>
    cells
      .filter((c) => terms.every((t) => match(c.hay, t)))
      .sort((a, b) => Number(b.key.endsWith(".total")) - Number(a.key.endsWith(".total")))
      .slice(0, MAX_MATCHES)
      .map((c) => c.key);
  const exact = pick((hay, t) => hay.includes(t));
  return exact.length > 0 ? exact : pick((hay, t) => [...t].every((ch) => hay.includes(ch)));
}

function allow(set: Set<string>, ...values: (number | string | null | undefined)[]) {
  for (const v of values)
    if (v !== null && v !== undefined && v !== "" && Number.isFinite(Number(v))) set.add(numberKey(v));
}

function allowText(set: Set<string>, text: string) {
  for (const n of numbersIn(text)) set.add(n);
}

function figureOut(result: AuditResult, key: string, toolkit: Pick<Toolkit, "allowed" | "cited">) {
  const value = result.figures[key] ?? null;
  const source = cellSource(result, key);
  const p = result.provenance[key];
  allow(toolkit.allowed, value, p?.line, p?.page);
  allowText(toolkit.allowed, cellLabel(key)); // printed labels carry ordinals (（三）3.…): trusted layout text
  toolkit.cited.set(key, { key, value, source });
  return { key, value, cell: source, read: p?.source ?? null };
}

function reportHeader(result: AuditResult, allowed: Set<string>) {
  allow(allowed, result.meta.reportYear);
  return {
    file: result.file,
    issuer: result.meta.issuer,
    reportYear: result.meta.reportYear,
    status: result.status,
  };
}

function findingOut(f: ResultFinding, allowed: Set<string>, cited: Map<string, Citation>) {
  allow(allowed, f.reported, f.computed, f.difference, f.parser, f.llm);
  for (const v of Object.values(f.data)) if (typeof v === "number") allow(allowed, v);
  // Numbers of the message count, except those inside the report's own quoted sentence (untrusted text).
  allowText(allowed, f.quote ? f.message.split(f.quote).join("") : f.message);
  cited.set(`finding:${f.rule}`, {
    key: `finding:${f.rule}`,
    value: f.difference ?? f.reported ?? null,
    source: f.message,
  });
  return {
    rule: f.rule,
    severity: f.severity,
    message: f.message,
    cells: f.cells,
    ...(f.reported !== undefined ? { reported: f.reported } : {}),
    ...(f.computed !== undefined ? { computed: f.computed } : {}),
    ...(f.difference !== undefined ? { difference: f.difference } : {}),
  };
}

const NOTICES = [EXTRACT_DISAGREE, LLM_UNAVAILABLE, LLM_INVALID];

export function buildToolkit(ctx: AnswerContext): Toolkit {
  const { report } = ctx;
  const others = ctx.others ?? [];
  const allowed = new Set<string>();
  const cited = new Map<string, Citation>();
  const kit = { allowed, cited };

  const resolve = (input: { key?: string | undefined; label?: string | undefined }): string[] => {
    if (input.key && Object.hasOwn(report.figures, input.key)) return [input.key];
    const label = input.label ?? input.key ?? "";
    return label ? keysByLabel(report, label) : [];
  };

  const getFigure = tool(
    async (input) => {
      const keys = resolve(input);
      return JSON.stringify({
        report: reportHeader(report, allowed),
        matches: keys.map((k) => figureOut(report, k, kit)),
        ...(keys.length === 0
          ? { note: "no such cell; try a canonical key like t3.new.total or a label like 本年新收 总计" }
          : {}),
      });
    },
    {
      name: "get_figure",
      description:
        "Look up figures of the current report by canonical key (t3.new.total, t4.review.total, t2.licensing.decisions…) or by Chinese label words (e.g. '本年新收 总计', '予以公开 自然人', '行政复议 总计'). Returns value, cited cell and line.",
      schema: z.object({
        key: z.string().optional().describe("canonical key, e.g. t3.granted.total"),
        label: z
          .string()
          .optional()
          .describe("Chinese label words of the row and column, e.g. 本年新收 总计"),
      }),
    },
  );

  const listFindings = tool(
    async (input) => {
      const list = report.findings
        .filter((f) => !input.severity || f.severity === input.severity)
        .filter((f) => !input.rule || f.rule === input.rule)
        .slice(0, MAX_FINDINGS);
      const counts = { error: 0, warning: 0, notice: 0 };
      for (const f of report.findings) counts[f.severity] += 1;
      allow(allowed, counts.error, counts.warning, counts.notice, report.findings.length);
      return JSON.stringify({
        report: reportHeader(report, allowed),
        counts,
        findings: list.map((f) => findingOut(f, allowed, cited)),
      });
    },
    {
      name: "list_findings",
      description:
        "List the audit findings of the current report (rule id, severity, message with its arithmetic, cells).",
      schema: z.object({
        severity: z.enum(["error", "warning", "notice"]).optional(),
        rule: z.string().optional().describe("a rule id such as T3-BAL"),
      }),
    },
  );

  const explainRule = tool(
    async (input) => {
      const id = input.rule.trim().toUpperCase();
      const rule = rules.find((r) => r.meta.id === id)?.meta ?? NOTICES.find((n) => n.id === id);
      if (!rule)
        return JSON.stringify({ rule: id, note: "unknown rule id", known: rules.map((r) => r.meta.id) });
      allowText(allowed, rule.basis);
      for (const m of Object.values(rule.messages)) allowText(allowed, m);
      const own = report.findings.filter((f) => f.rule === id).slice(0, MAX_FINDINGS);
      return JSON.stringify({
        rule: rule.id,
        severity: rule.severity,
        basis: rule.basis,
        ...("description" in rule ? { checks: rule.description } : {}),
        messages: rule.messages,
        findingsInThisReport: own.map((f) => findingOut(f, allowed, cited)),
      });
    },
    {
      name: "explain_rule",
      description:
        "Explain an audit rule: what it checks, its legal or format basis (Chinese), and its findings in this report.",
      schema: z.object({ rule: z.string().describe("rule id, e.g. T3-BAL, TEXT-T3-NEW, EXTRACT-DISAGREE") }),
    },
  );

  const compareReports = tool(
    async (input) => {
      const keys = resolve(input).slice(0, 3);
      if (others.length === 0) return JSON.stringify({ note: "no other report in this chat" });
      const rows = keys.map((key) => {
        const current = figureOut(report, key, kit);
        return {
          key,
          current: { report: reportHeader(report, allowed), ...current },
          others: others.map((o) => {
            const value = o.figures[key] ?? null;
            const p = o.provenance[key];
            allow(allowed, value, p?.line, p?.page);
            const difference =
              value !== null && current.value !== null
                ? Math.round((current.value - value) * 1e6) / 1e6
                : null;
            allow(allowed, difference, difference === null ? null : Math.abs(difference));
            return {
              report: reportHeader(o, allowed),
              value,
              cell: cellSource(o, key),
              differenceCurrentMinusThis: difference,
            };
          }),
        };
      });
      return JSON.stringify({ comparisons: rows });
    },
    {
      name: "compare_reports",
      description:
        "Compare one figure of the current report with the same cell of the other reports of this chat (values, cited cells, differences).",
      schema: z.object({
        key: z.string().optional().describe("canonical key, e.g. t3.new.total"),
        label: z.string().optional().describe("Chinese label words, e.g. 本年新收 总计"),
      }),
    },
  );

  return { tools: [getFigure, listFindings, explainRule, compareReports], allowed, cited };
}
