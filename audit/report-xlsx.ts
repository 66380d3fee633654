/**
 * XLSX exports (exceljs): one report (every canonical figure and every finding) and a batch (a row
 * per report, all findings, a summary, the files that could not be audited). Sheet names and headers
 * are Chinese; canonical keys stay as in the JSON contract.
 */
import ExcelJS from "exceljs";
import { cellLabel } from "../extract/template/layout.ts";
import type { BatchResult } from "./batch.ts";
import { correctionsFor } from "./corrections.ts";
import { buildOverview, type Overview } from "./overview/overview.ts";
import { addOverviewSheets } from "./overview/xlsx.ts";
import { KEY_FIGURES, LEVELS, publicationDateText, SEVERITY_TITLES, STATUS_TITLES } from "./render-text.ts";
import type { AuditResult, ResultFinding } from "./result.ts";
import { severityCounts, verdictOf } from "./verdict.ts";

type Column = { header: string; key: string; width: number };

function sheet(wb: ExcelJS.Workbook, name: string, columns: Column[]): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name, { views: [{ state: "frozen", ySplit: 1 }] });
  ws.columns = columns;
  ws.getRow(1).font = { bold: true };
  ws.getRow(1).fill = { type: "pattern", pattern: "solid", fgColor: { argb: "FFE8EEF7" } };
  ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } };
  return ws;
}

function wrap(ws: ExcelJS.Worksheet, keys: readonly string[]): void {
  for (const key of keys) ws.getColumn(key).alignment = { wrapText: true, vertical: "top" };
}

function templateName(v: AuditResult["meta"]["templateVersion"]): string {
  if (v === null) return "未识别";
  return v === "mixed" ? "新旧混用" : `${v}版`;
}

/** Where a figure was read: "表三 第44行（按表内关系推算）". */
function sourceOf(result: AuditResult, key: string): string {
  const p = result.provenance[key];
  if (!p) return "";
  const where = [
    p.table,
    p.page && (result.pageCount ?? 0) > 1 ? `第${p.page}页` : "",
    p.line ? `第${p.line}行` : "",
  ]
    .filter(Boolean)
    .join(" ");
  const mode = p.mode === "decoded" ? `（按${(p.decodedBy ?? []).join("、") || "表内关系"}推算）` : "";
  const by = p.source === "llm" ? "（模型读取）" : p.source === "both" ? "（程序与模型一致）" : "";
  return `${where}${mode}${by}`;
}

const FINDING_COLUMNS: Column[] = [
  { header: "序号", key: "no", width: 6 },
  { header: "严重程度", key: "severity", width: 9 },
  { header: "规则", key: "rule", width: 22 },
  { header: "审核发现", key: "message", width: 70 },
  { header: "填报", key: "reported", width: 9 },
  { header: "计算", key: "computed", width: 9 },
  { header: "差", key: "difference", width: 8 },
  { header: "单元格", key: "cells", width: 40 },
  { header: "提示", key: "hint", width: 30 },
  { header: "依据", key: "basis", width: 40 },
];

function findingRow(f: ResultFinding, no: number): Record<string, string | number> {
  return {
    no,
    severity: SEVERITY_TITLES[f.severity],
    rule: f.rule,
    message: f.message,
    reported: f.reported ?? "",
    computed: f.computed ?? "",
    difference: f.difference ?? "",
    cells: f.cells.map(cellLabel).join("；"),
    hint: f.hint ?? "",
    basis: f.basis,
  };
}

async function bytesOf(wb: ExcelJS.Workbook): Promise<Uint8Array> {
  wb.creator = "年报审核助手";
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** One report: 概况, 全部数字 (every canonical figure with label, value and source), 审核发现, 更正建议. */
export async function reportXlsx(result: AuditResult): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const m = result.meta;
  const c = severityCounts(result);
  const info = sheet(wb, "概况", [
    { header: "项目", key: "item", width: 14 },
    { header: "内容", key: "value", width: 80 },
  ]);
  info.addRows([
    { item: "文件", value: result.file },
    { item: "发布机关", value: m.issuer ?? "未识别" },
    { item: "机关层级", value: m.issuerLevel ? (LEVELS[m.issuerLevel] ?? m.issuerLevel) : "未识别" },
    { item: "报告年度", value: m.reportYear ?? "未识别" },
    { item: "模板", value: templateName(m.templateVersion) },
    { item: "落款日期", value: publicationDateText(m) },
    ...(m.portalDate === null ? [] : [{ item: "网页发布日期", value: m.portalDate }]),
    { item: "审核状态", value: `${STATUS_TITLES[result.status]}：${result.statusMessage}` },
    { item: "审核结论", value: verdictOf(result) },
    { item: "错误", value: c.error },
    { item: "警告", value: c.warning },
    { item: "提示", value: c.notice },
  ]);
  wrap(info, ["value"]);

  const figures = sheet(wb, "全部数字", [
    { header: "键", key: "key", width: 44 },
    { header: "名称", key: "label", width: 60 },
    { header: "数值", key: "value", width: 10 },
    { header: "出处", key: "source", width: 30 },
    { header: "原文", key: "raw", width: 16 },
  ]);
  for (const [key, value] of Object.entries(result.figures)) {
    figures.addRow({
      key,
      label: cellLabel(key),
      value: value ?? "空白",
      source: sourceOf(result, key),
      raw: result.provenance[key]?.raw ?? "",
    });
  }

  const findings = sheet(wb, "审核发现", FINDING_COLUMNS);
  result.findings.forEach((f, i) => {
    findings.addRow(findingRow(f, i + 1));
  });
  wrap(findings, ["message", "cells", "hint", "basis"]);

  const fixes = sheet(wb, "更正建议", [
    { header: "序号", key: "no", width: 6 },
    { header: "规则", key: "rule", width: 22 },
    { header: "建议", key: "text", width: 100 },
  ]);
  correctionsFor(result.findings).forEach((x, i) => {
    fixes.addRow({ no: i + 1, rule: x.rule, text: x.text });
  });
  wrap(fixes, ["text"]);
  return bytesOf(wb);
}

/** How many of the most frequent rules the summary lists. */
const TOP_RULES = 10;

/**
 * A batch: 汇总, 报告 (a row per report), 审核发现 (all findings), 问题文件, then the regional overview
 * (audit/overview/: 单位排名, 问题热力图 with the chart, 地区合计); pass `overview` to reuse a chart
 * already drawn.
 */
export async function batchXlsx(
  batch: BatchResult,
  overview?: { readonly overview: Overview; readonly png: Uint8Array },
): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  const results = batch.entries.map((e) => e.result);
  const audited = results.filter((r) => verdictOf(r) !== "未能审核");

  const summary = sheet(wb, "汇总", [
    { header: "项目", key: "item", width: 28 },
    { header: "数量", key: "value", width: 12 },
    { header: "说明", key: "note", width: 50 },
  ]);
  const byVerdict = (v: string) => results.filter((r) => verdictOf(r) === v).length;
  summary.addRows([
    {
      item: "文件数",
      value: results.length + batch.problems.filter((p) => !results.some((r) => r.file === p.name)).length,
    },
    { item: "已审核报告数", value: audited.length },
    { item: "有错误的报告数（需更正）", value: byVerdict("需更正") },
    { item: "只有警告的报告数（需核对）", value: byVerdict("需核对") },
    { item: "无问题的报告数", value: byVerdict("无问题") },
    {
      item: "问题文件数",
      value: batch.problems.length,
      note: "未能审核、已跳过或被拒绝的文件，见「问题文件」表",
    },
    {
      item: "与上年报告关联的报告数",
      value: batch.entries.filter((e) => e.previousFile !== null).length,
      note: "同一发布机关上一年度的报告在本批中，已做跨年度核验",
    },
    { item: "用时（秒）", value: Math.round(batch.elapsedMs / 100) / 10 },
  ]);
  summary.addRow({});
  const head = summary.addRow({ item: "最常见的规则", value: "次数", note: "涉及报告数 / 示例" });
  head.font = { bold: true };
  const counts = new Map<string, { n: number; files: Set<string>; example: string }>();
  for (const r of results)
    for (const f of r.findings) {
      const c = counts.get(f.rule) ?? { n: 0, files: new Set<string>(), example: f.message };
      c.n += 1;
      c.files.add(r.file);
      counts.set(f.rule, c);
    }
  [...counts.entries()]
    .sort((a, b) => b[1].n - a[1].n || (a[0] < b[0] ? -1 : 1))
    .slice(0, TOP_RULES)
    .forEach(([rule, c]) => {
      summary.addRow({ item: rule, value: c.n, note: `${c.files.size} 份报告；例：${c.example}` });
    });
  wrap(summary, ["note"]);

  const reports = sheet(wb, "报告", [
    { header: "文件", key: "file", width: 36 },
    { header: "发布机关", key: "issuer", width: 36 },
    { header: "年度", key: "year", width: 7 },
    { header: "模板", key: "template", width: 9 },
    { header: "状态", key: "status", width: 11 },
    { header: "结论", key: "verdict", width: 9 },
    { header: "错误", key: "errors", width: 6 },
    { header: "警告", key: "warnings", width: 6 },
    { header: "提示", key: "notices", width: 6 },
    ...KEY_FIGURES.map(([key, label]) => ({ header: label.replace(/^表[三四] /, ""), key, width: 12 })),
    { header: "上年报告", key: "previous", width: 30 },
  ]);
  for (const e of batch.entries) {
    const r = e.result;
    const c = severityCounts(r);
    const row: Record<string, string | number> = {
      file: r.file,
      issuer: r.meta.issuer ?? "未识别",
      year: r.meta.reportYear ?? "",
      template: templateName(r.meta.templateVersion),
      status: STATUS_TITLES[r.status],
      verdict: verdictOf(r),
      errors: c.error,
      warnings: c.warning,
      notices: c.notice,
      previous: e.previousFile ?? "",
    };
    for (const [key] of KEY_FIGURES) {
      const v = r.figures[key];
      row[key] = v === undefined ? "" : v === null ? "空白" : v;
    }
    reports.addRow(row);
  }

  const findings = sheet(wb, "审核发现", [
    { header: "文件", key: "file", width: 36 },
    { header: "发布机关", key: "issuer", width: 30 },
    { header: "年度", key: "year", width: 7 },
    ...FINDING_COLUMNS,
  ]);
  for (const r of results) {
    r.findings.forEach((f, i) => {
      findings.addRow({
        file: r.file,
        issuer: r.meta.issuer ?? "",
        year: r.meta.reportYear ?? "",
        ...findingRow(f, i + 1),
      });
    });
  }
  wrap(findings, ["message", "basis"]);

  const problems = sheet(wb, "问题文件", [
    { header: "文件", key: "name", width: 50 },
    { header: "问题", key: "message", width: 90 },
  ]);
  for (const p of batch.problems) problems.addRow({ name: p.name, message: p.message });
  wrap(problems, ["message"]);
  const data = overview?.overview ?? buildOverview(batch.entries);
  // The chart libraries are loaded only when a chart is drawn (the single-report paths never do).
  const png = overview?.png ?? (await (await import("./overview/heatmap.ts")).heatmapPng(data)).png;
  addOverviewSheets(wb, data, png);
  return bytesOf(wb);
}
