/**
 * An audit result as chat messages (HTML): the compact summary with the findings and their arithmetic,
 * and the long forms sent as documents. Reuses the terminal renderer's parts (audit/render-text.ts).
 */
import {
  figureWithSource,
  KEY_FIGURES,
  LEVELS,
  publicationDateText,
  renderFigures,
  renderText,
  SEVERITY_TITLES,
  STATUS_TITLES,
} from "../../audit/render-text.ts";
import type { AuditResult } from "../../audit/result.ts";
import { cellLabel } from "../../extract/template/layout.ts";
import type { ReportRow } from "../../store/report-store.ts";
import type { Finding } from "../../validate/finding.ts";
import { chinaTime } from "../day.ts";
import { escapeHtml } from "./html.ts";

/** Telegram allows 4096 characters; stay clear of it (entities count after parsing). */
export const MESSAGE_BUDGET = 3500;

const SEVERITIES = ["error", "warning", "notice"] as const;

export function countBySeverity(result: AuditResult): Record<Finding["severity"], number> {
  const out = { error: 0, warning: 0, notice: 0 };
  for (const f of result.findings) out[f.severity]++;
  return out;
}

/** One finding for the chat: message, then its arithmetic (填报/计算/相差), hint and cells. */
export function findingHtml(f: Finding, n: number): string {
  const lines = [`${n}. [${escapeHtml(f.rule)}] ${escapeHtml(f.message)}`];
  if (f.reported !== undefined && f.computed !== undefined)
    lines.push(
      `　算式：填报 ${f.reported}，计算 ${f.computed}${f.difference !== undefined ? `，相差 ${f.difference}` : ""}`,
    );
  if (f.hint) lines.push(`　提示：${escapeHtml(f.hint)}`);
  if (f.cells.length > 0 && f.cells.length <= 4)
    lines.push(`　单元格：${escapeHtml(f.cells.map(cellLabel).join("；"))}`);
  return lines.join("\n");
}

function headHtml(result: AuditResult, fileName: string): string[] {
  const m = result.meta;
  const version = m.templateVersion
    ? m.templateVersion === "mixed"
      ? "新旧混用"
      : `${m.templateVersion}版`
    : "未识别";
  const lines = [
    `<b>${result.status === "ok" ? "审核完成" : escapeHtml(STATUS_TITLES[result.status])}</b>　<code>${escapeHtml(fileName)}</code>`,
  ];
  if (result.status !== "ok") lines.push(escapeHtml(result.statusMessage));
  lines.push(
    `发布机关：${escapeHtml(m.issuer ?? "未识别")}${m.issuerLevel ? `（${escapeHtml(LEVELS[m.issuerLevel] ?? "")}）` : ""}`,
    `年度：${m.reportYear ?? "未识别"}　模板：${version}　落款：${escapeHtml(publicationDateText(m))}` +
      (m.portalDate === null ? "" : `　网页发布：${escapeHtml(m.portalDate)}`),
  );
  if (
    m.publicationDate === null &&
    m.givenDate === null &&
    m.portalDate === null &&
    result.status !== "not_a_report"
  )
    lines.push("（如知道公布日期，发送 /date 2025-01-20 即可核验是否按期公布）");
  return lines;
}

function figuresHtml(result: AuditResult): string[] {
  const lines = ["<b>主要数字</b>（括号内为出处）"];
  for (const [key, label] of KEY_FIGURES)
    lines.push(`${escapeHtml(label)}：${escapeHtml(figureWithSource(result, key))}`);
  return lines;
}

export interface SummaryMessage {
  readonly html: string;
  /** Findings left out for length (they are in the detail document). */
  readonly omitted: number;
}

/** The reply to an audited file. `note` goes first (e.g. "此文件此前已审核"). */
export function summaryHtml(result: AuditResult, fileName: string, note?: string): SummaryMessage {
  const c = countBySeverity(result);
  const head = [
    ...(note ? [escapeHtml(note), ""] : []),
    ...headHtml(result, fileName),
    "",
    ...figuresHtml(result),
    "",
    `<b>审核发现</b>：错误 ${c.error} 项，警告 ${c.warning} 项，提示 ${c.notice} 项`,
  ].join("\n");
  const blocks: string[] = [];
  let n = 0;
  for (const severity of SEVERITIES) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    blocks.push(`<b>【${SEVERITY_TITLES[severity]}】</b>`);
    for (const f of group) blocks.push(findingHtml(f, ++n));
  }
  if (result.findings.length === 0) blocks.push("未发现问题。");
  let html = head;
  let shown = 0;
  for (const block of blocks) {
    if (html.length + block.length + 40 > MESSAGE_BUDGET) break;
    html += `\n${block}`;
    if (!block.startsWith("<b>【")) shown++;
  }
  const omitted = result.findings.length - shown;
  if (omitted > 0) html += `\n……另有 ${omitted} 项发现，见附件「审核结果」。`;
  return { html, omitted: Math.max(0, omitted) };
}

/** The full result as a text document (详细结果): the terminal rendering plus every figure. */
export function detailText(result: AuditResult, fileName: string): string {
  const figures =
    Object.keys(result.figures).length > 0 ? `\n\n全部数字（括号内为出处）：\n${renderFigures(result)}` : "";
  return `${renderText({ ...result, file: fileName })}${figures}\n`;
}

/** "某报告-审核结果.txt" from the uploaded name. */
export function derivedName(fileName: string, suffix: string): string {
  const base = fileName.replace(/\.[A-Za-z0-9]{1,5}$/, "").slice(0, 80) || "report";
  return `${base}${suffix}`;
}

/** A note for a report whose cross-year rules ran against the chat's Y−1 report. */
export function lastYearNote(previous: Pick<ReportRow, "reportYear" | "fileName">): string {
  return `已与本聊天中的 ${previous.reportYear ?? "上"} 年报告「${previous.fileName}」关联，已核对跨年度衔接（上年结转、规范性文件存续、上年问题整改）。`;
}

/** The message about a stored Y+1 report checked again now that its Y−1 report came. */
export function nextYearHtml(next: {
  readonly row: Pick<ReportRow, "reportYear" | "fileName">;
  readonly findings: readonly Finding[];
}): string {
  const head = `本报告是本聊天中 ${next.row.reportYear ?? "下一"} 年报告「${escapeHtml(next.row.fileName)}」的上一年度报告，已据此重新核验该报告的跨年度规则：`;
  if (next.findings.length === 0) return `${head}\n未发现跨年度问题。`;
  return [head, ...next.findings.map((f, i) => findingHtml(f, i + 1))].join("\n");
}

/** A note for a file answered from storage. */
export function cachedNote(createdAt: string): string {
  return `此文件（内容相同）已于 ${chinaTime(createdAt)} 审核过，以下为保存的结果。`;
}
