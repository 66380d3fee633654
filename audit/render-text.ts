/**
 * Human-readable Chinese rendering of an audit result (terminal; the bot reuses the parts).
 */
import { cellLabel } from "../extract/template/layout.ts";
import type { Finding } from "../validate/finding.ts";
import type { AuditResult } from "./result.ts";

export const LEVELS: Record<string, string> = {
  county_plus_government: "县级以上人民政府",
  department: "政府部门",
  township_government: "乡镇人民政府",
  subdistrict: "街道办事处",
};

/**
 * The 落款 date as shown to people: the printed date; where none is printed, what DEADLINE judged
 * instead (the date the user gave, or the file's creation date), named as such.
 */
export function publicationDateText(m: AuditResult["meta"]): string {
  if (m.publicationDate !== null) return m.publicationDate;
  if (m.givenDate !== null) return `未印（按您提供的公布日期 ${m.givenDate} 核验）`;
  if (m.fileCreated !== null) return `未印（文件元数据创建日期 ${m.fileCreated}）`;
  return "未找到";
}

export const SEVERITY_TITLES: Record<Finding["severity"], string> = {
  error: "错误",
  warning: "警告",
  notice: "提示",
};

export const STATUS_TITLES: Record<AuditResult["status"], string> = {
  ok: "已审核",
  not_a_report: "不是年度报告",
  no_text_layer: "无文字层",
  unreadable: "无法读取",
  too_large: "文件过大",
  tables_incomplete: "表格不完整",
};

/** "56 件（第 44 行）" — a figure with where it was read. */
export function figureWithSource(result: AuditResult, key: string): string {
  const value = result.figures[key];
  if (value === undefined) return "（模板无此项）";
  if (value === null) return "（空白或无法读取）";
  const p = result.provenance[key];
  const where = p
    ? [
        p.page && result.pageCount && result.pageCount > 1 ? `第${p.page}页` : "",
        p.line ? `第${p.line}行` : "",
      ]
        .filter(Boolean)
        .join("")
    : "";
  const decoded = p?.mode === "decoded" ? "，按表内关系推算" : "";
  return `${value}${where || decoded ? `（${where}${decoded}）` : ""}`;
}

export const KEY_FIGURES: readonly (readonly [string, string])[] = [
  ["t3.new.total", "表三 本年新收申请"],
  ["t3.carried_over.total", "表三 上年结转"],
  ["t3.granted.total", "表三 予以公开"],
  ["t3.total_processed.total", "表三 办理结果总计"],
  ["t3.carried_forward.total", "表三 结转下年度"],
  ["t4.review.total", "表四 行政复议总计"],
  ["t4.litigation_direct.total", "表四 未经复议直接起诉总计"],
  ["t4.litigation_after_review.total", "表四 复议后起诉总计"],
];

export function renderFinding(f: Finding, index: number): string {
  const lines = [`  ${index}. [${f.rule}] ${f.message}`];
  if (f.hint) lines.push(`     提示：${f.hint}`);
  if (f.cells.length > 0 && f.cells.length <= 6)
    lines.push(`     单元格：${f.cells.map(cellLabel).join("；")}`);
  lines.push(`     依据：${f.basis}`);
  return lines.join("\n");
}

export function renderText(result: AuditResult): string {
  const out: string[] = [];
  out.push(`━━ ${result.file} ━━`);
  out.push(
    `状态：${STATUS_TITLES[result.status]}（${result.status}）${result.status === "ok" ? "" : `：${result.statusMessage}`}`,
  );
  if (result.status === "unreadable" || result.status === "no_text_layer" || result.status === "too_large") {
    return out.join("\n");
  }
  const m = result.meta;
  out.push(`发布机关：${m.issuer ?? "未识别"}${m.issuerLevel ? `（${LEVELS[m.issuerLevel]}）` : ""}`);
  out.push(
    `报告年度：${m.reportYear ?? "未识别"}　模板：${m.templateVersion ? `${m.templateVersion}${m.templateVersion === "mixed" ? "（新旧混用）" : "版"}` : "未识别"}　落款日期：${publicationDateText(m)}` +
      (m.portalDate === null ? "" : `　网页发布日期：${m.portalDate}`),
  );
  if (result.status === "not_a_report") return out.join("\n");
  if (result.ocr)
    out.push(
      `读取方式：文字识别（OCR，${result.ocr.engine}，约 ${Math.round(result.ocr.dpi)} dpi），数字请核对原件；未能确认的数字留空，不做核验`,
    );
  out.push("主要数字（括号内为出处）：");
  for (const [key, label] of KEY_FIGURES) out.push(`  ${label}：${figureWithSource(result, key)}`);
  const count = (s: Finding["severity"]) => result.findings.filter((f) => f.severity === s).length;
  out.push(`审核发现：错误 ${count("error")} 项，警告 ${count("warning")} 项，提示 ${count("notice")} 项`);
  let n = 0;
  for (const severity of ["error", "warning", "notice"] as const) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    out.push(`【${SEVERITY_TITLES[severity]}】`);
    for (const f of group) out.push(renderFinding(f, ++n));
  }
  if (result.findings.length === 0) out.push("未发现问题。");
  return out.join("\n");
}

/** All figures with their sources, one per line (`--figures`). */
export function renderFigures(result: AuditResult): string {
  return Object.keys(result.figures)
    .map((key) => `  ${key}\t${cellLabel(key)}\t${figureWithSource(result, key)}`)
    .join("\n");
}
