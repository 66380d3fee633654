/**
 * 审核意见书: the audit of one report as a Word document for forwarding (the `docx` package).
 * Issuer, year, template; the verdict; the key figures with their source cells; the findings grouped
 * by severity with arithmetic and basis; suggested corrections (audit/corrections.ts).
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { cellLabel } from "../extract/template/layout.ts";
import { arithmeticLine, correctionsFor } from "./corrections.ts";
import {
  figureWithSource,
  KEY_FIGURES,
  LEVELS,
  publicationDateText,
  SEVERITY_TITLES,
  STATUS_TITLES,
} from "./render-text.ts";
import type { AuditResult } from "./result.ts";
import { verdictLine, verdictOf } from "./verdict.ts";

const FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "SimSun" };
const VERDICT_COLORS: Record<string, string> = {
  需更正: "C00000",
  需核对: "B36B00",
  无问题: "2E7D32",
  未能审核: "555555",
};

function p(text: string, options: { bold?: boolean; size?: number; color?: string } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: 80 },
    children: [
      new TextRun({
        text,
        ...(options.bold ? { bold: true } : {}),
        ...(options.size ? { size: options.size } : {}),
        ...(options.color ? { color: options.color } : {}),
      }),
    ],
  });
}

function labelled(label: string, text: string, indent = 360): Paragraph {
  return new Paragraph({
    indent: { left: indent },
    spacing: { after: 40 },
    children: [new TextRun({ text: `${label}：`, bold: true }), new TextRun({ text })],
  });
}

function heading(text: string): Paragraph {
  return new Paragraph({
    heading: HeadingLevel.HEADING_2,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: 28 })],
  });
}

const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "888888" };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function table(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  widths: readonly number[],
): Table {
  const cell = (text: string, i: number, bold: boolean) =>
    new TableCell({
      borders: BORDERS,
      width: { size: widths[i] ?? 20, type: WidthType.PERCENTAGE },
      ...(bold ? { shading: { fill: "E8EEF7" } } : {}),
      children: [new Paragraph({ children: [new TextRun({ text, bold })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((t, i) => cell(t, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.map((t, i) => cell(t, i, false)) })),
    ],
  });
}

function templateName(v: AuditResult["meta"]["templateVersion"]): string {
  if (v === null) return "未识别";
  return v === "mixed" ? "新旧混用" : `${v}年版`;
}

export interface DocxOptions {
  /** Date printed under the title (default today, China time). */
  readonly date?: string;
}

function today(): string {
  return new Intl.DateTimeFormat("zh-CN", {
    timeZone: "Asia/Shanghai",
    year: "numeric",
    month: "long",
    day: "numeric",
  }).format(new Date());
}

/** The 审核意见书 of one result, as DOCX bytes. */
export async function reportDocx(result: AuditResult, options: DocxOptions = {}): Promise<Uint8Array> {
  const m = result.meta;
  const verdict = verdictOf(result);
  const children: (Paragraph | Table)[] = [];
  children.push(
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: "政府信息公开工作年度报告审核意见书", bold: true, size: 36 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        new TextRun({ text: `年报审核助手自动生成　${options.date ?? today()}`, size: 20, color: "666666" }),
      ],
    }),
  );
  children.push(
    table(
      ["项目", "内容"],
      [
        [
          "发布机关",
          `${m.issuer ?? "未识别"}${m.issuerLevel ? `（${LEVELS[m.issuerLevel] ?? m.issuerLevel}）` : ""}`,
        ],
        ["报告年度", m.reportYear === null ? "未识别" : `${m.reportYear}年度`],
        ["模板", templateName(m.templateVersion)],
        ["落款日期", publicationDateText(m)],
        ...(m.portalDate === null ? [] : [["网页发布日期", m.portalDate] as [string, string]]),
        ["文件", result.file],
        ["审核状态", STATUS_TITLES[result.status]],
      ],
      [22, 78],
    ),
  );
  children.push(
    new Paragraph({
      spacing: { before: 240, after: 120 },
      children: [
        new TextRun({
          text: verdictLine(result),
          bold: true,
          size: 26,
          color: VERDICT_COLORS[verdict] ?? "000000",
        }),
      ],
    }),
  );
  if (verdict === "未能审核") return pack(children);

  children.push(heading("一、主要数字"));
  children.push(
    table(
      ["项目", "数值（出处）", "单元格"],
      KEY_FIGURES.map(([key, label]) => [label, figureWithSource(result, key), cellLabel(key)]),
      [28, 24, 48],
    ),
  );

  children.push(heading("二、审核发现"));
  if (result.findings.length === 0) children.push(p("未发现问题。"));
  let n = 0;
  for (const severity of ["error", "warning", "notice"] as const) {
    const group = result.findings.filter((f) => f.severity === severity);
    if (group.length === 0) continue;
    children.push(
      p(`【${SEVERITY_TITLES[severity]}】${group.length} 项`, {
        bold: true,
        color: severity === "error" ? "C00000" : severity === "warning" ? "B36B00" : "555555",
      }),
    );
    for (const f of group) {
      children.push(
        new Paragraph({
          spacing: { before: 80, after: 40 },
          children: [
            new TextRun({ text: `${++n}. [${f.rule}] `, bold: true }),
            new TextRun({ text: f.message }),
          ],
        }),
      );
      const arithmetic = arithmeticLine(f);
      if (arithmetic) children.push(labelled("算式", arithmetic));
      if (f.cells.length > 0 && f.cells.length <= 8)
        children.push(labelled("单元格", f.cells.map(cellLabel).join("；")));
      if (f.quote) children.push(labelled("原文", f.quote));
      if (f.hint) children.push(labelled("提示", f.hint));
      children.push(labelled("依据", f.basis));
    }
  }

  children.push(heading("三、更正建议"));
  const fixes = correctionsFor(result.findings);
  if (fixes.length === 0) children.push(p("无需更正。"));
  fixes.forEach((x, i) => {
    children.push(p(`${i + 1}. ${x.text}（${x.rule}）`));
  });
  children.push(
    p(
      "说明：本意见书由程序按《中华人民共和国政府信息公开条例》和国务院办公厅政府信息公开工作年度报告格式自动核验生成，建议数字均取自报告原表或由报告原表计算得出，请结合原始台账核实后更正。",
      { size: 18, color: "666666" },
    ),
  );
  return pack(children);
}

async function pack(children: (Paragraph | Table)[]): Promise<Uint8Array> {
  const doc = new Document({
    creator: "年报审核助手",
    title: "政府信息公开工作年度报告审核意见书",
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      { properties: { page: { margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } }, children },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
