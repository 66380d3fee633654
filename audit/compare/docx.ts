/**
 * 年度对比报告 (DOCX) of a comparison: the pair, the large changes, every table cell of both years,
 * the prose section by section (removed text struck through in red, added text underlined in green),
 * last year's problems with this year's answer, and the cross-year findings.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  HeadingLevel,
  Packer,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import type { Comparison } from "./compare.ts";
import { FOLLOW_UP_TITLES } from "./problems.ts";
import { CELL_KIND_TITLES, type CellChange, changeText, tableName } from "./tables.ts";
import { chinesePunctuation as cn, type ParagraphChange } from "./text.ts";

const FONT = { ascii: "Times New Roman", hAnsi: "Times New Roman", eastAsia: "SimSun" };
const RED = "C00000";
const GREEN = "1E7B34";
const BORDER = { style: BorderStyle.SINGLE, size: 4, color: "888888" };
const BORDERS = { top: BORDER, bottom: BORDER, left: BORDER, right: BORDER };

function p(text: string, options: { bold?: boolean; size?: number; color?: string } = {}): Paragraph {
  return new Paragraph({
    spacing: { after: 80 },
    children: [new TextRun({ text, ...options })],
  });
}

function heading(text: string, level: 2 | 3 = 2): Paragraph {
  return new Paragraph({
    heading: level === 2 ? HeadingLevel.HEADING_2 : HeadingLevel.HEADING_3,
    spacing: { before: 240, after: 120 },
    children: [new TextRun({ text, bold: true, size: level === 2 ? 28 : 24 })],
  });
}

function table(
  head: readonly string[],
  rows: readonly { cells: readonly string[]; fill?: string }[],
  widths: readonly number[],
): Table {
  const cell = (text: string, i: number, bold: boolean, fill?: string) =>
    new TableCell({
      borders: BORDERS,
      width: { size: widths[i] ?? 10, type: WidthType.PERCENTAGE },
      ...(bold
        ? { shading: { type: ShadingType.CLEAR, fill: "E8EEF7" } }
        : fill
          ? { shading: { type: ShadingType.CLEAR, fill } }
          : {}),
      children: [new Paragraph({ children: [new TextRun({ text, bold, size: 18 })] })],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((t, i) => cell(t, i, true)) }),
      ...rows.map((r) => new TableRow({ children: r.cells.map((t, i) => cell(t, i, false, r.fill)) })),
    ],
  });
}

const value = (v: number | null, inLayout: boolean) =>
  !inLayout ? "（无此栏）" : v === null ? "空白" : String(v);

function cellRow(c: CellChange): { cells: string[]; fill?: string } {
  const fill = c.large ? "FDE2E2" : c.kind === "filled" || c.kind === "blanked" ? "FFF4D6" : undefined;
  return {
    cells: [
      c.label,
      value(c.previous, c.inPrevious),
      value(c.current, c.inCurrent),
      c.kind === "changed" ? changeText(c) : "",
      c.large ? "变化较大" : CELL_KIND_TITLES[c.kind],
    ],
    ...(fill ? { fill } : {}),
  };
}

function paragraphChange(change: ParagraphChange): Paragraph[] {
  if (change.op === "added")
    return [
      new Paragraph({
        spacing: { after: 80 },
        children: [
          new TextRun({ text: "【新增】", bold: true, color: GREEN }),
          new TextRun({ text: cn(change.text), color: GREEN, underline: {} }),
        ],
      }),
    ];
  if (change.op === "removed")
    return [
      new Paragraph({
        spacing: { after: 80 },
        children: [
          new TextRun({ text: "【删除】", bold: true, color: RED }),
          new TextRun({ text: cn(change.text), color: RED, strike: true }),
        ],
      }),
    ];
  return [
    new Paragraph({
      spacing: { after: 80 },
      children: [
        new TextRun({ text: "【修改】", bold: true }),
        ...change.runs.map((r) =>
          r.op === "same"
            ? new TextRun({ text: cn(r.text) })
            : r.op === "removed"
              ? new TextRun({ text: cn(r.text), color: RED, strike: true })
              : new TextRun({ text: cn(r.text), color: GREEN, underline: {}, bold: true }),
        ),
      ],
    }),
  ];
}

export async function comparisonDocx(c: Comparison, options: { date?: string } = {}): Promise<Uint8Array> {
  const py = c.previous.year ?? "上一";
  const cy = c.current.year ?? "本";
  const children: (Paragraph | Table)[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 120 },
      children: [new TextRun({ text: "政府信息公开工作年度报告年度对比", bold: true, size: 36 })],
    }),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { after: 240 },
      children: [
        new TextRun({
          text: `年报审核助手自动生成${options.date ? `　${options.date}` : ""}`,
          size: 20,
          color: "666666",
        }),
      ],
    }),
    p(`发布机关：${c.current.issuer ?? c.previous.issuer ?? "未识别"}`),
    p(`上一年度：${py} 年（${c.previous.name}）`),
    p(`本年度：${cy} 年（${c.current.name}）`),
    ...c.warnings.map((w) => p(`注意：${w}`, { color: RED })),
    p(
      `“变化较大”：数量栏增减 ≥ ${c.thresholds.minAbs} 且 ≥ 上年的 ${Math.round(c.thresholds.minPct * 100)}%（上年为 0 时只看增减），金额栏（万元）增减 ≥ ${c.thresholds.minAmount}。空白不按 0 计。`,
      { size: 18, color: "666666" },
    ),
  ];

  children.push(heading("一、变化最大的单元格"));
  if (c.ranked.length === 0) children.push(p("表二、表三、表四两年填报的数字没有变化。"));
  else
    children.push(
      table(
        ["单元格", `${py}年`, `${cy}年`, "增减", "说明"],
        c.ranked.slice(0, 20).map(cellRow),
        [42, 10, 10, 17, 21],
      ),
    );
  const oneYear = c.cells.filter((x) => x.kind === "filled" || x.kind === "blanked");
  children.push(heading("二、一年空白、一年填报的单元格"));
  if (oneYear.length === 0) children.push(p("无。"));
  else
    children.push(
      table(["单元格", `${py}年`, `${cy}年`, "", "说明"], oneYear.map(cellRow), [42, 10, 10, 17, 21]),
    );

  children.push(heading("三、表二、表三、表四全部单元格"));
  for (const t of ["t2", "t3", "t4"] as const) {
    const cells = c.cells.filter((x) => x.table === t);
    if (cells.length === 0) continue;
    children.push(heading(tableName(t), 3));
    children.push(
      table(["单元格", `${py}年`, `${cy}年`, "增减", "说明"], cells.map(cellRow), [42, 10, 10, 17, 21]),
    );
  }

  children.push(heading("四、正文逐部分对比"));
  children.push(
    p(
      "红色删除线为上年有、本年删去的文字；绿色下划线为本年新增的文字。只改了年份的段落视为未改；修改标记中上年的年份已顺延一年，年份顺延不标为修改。",
      {
        size: 18,
        color: "666666",
      },
    ),
  );
  for (const s of c.sections) {
    children.push(heading(s.title, 3));
    if (!s.inPrevious && !s.inCurrent) {
      children.push(p("两年报告均未找到本部分。"));
      continue;
    }
    if (!s.inPrevious) children.push(p(`${py}年报告未找到本部分。`, { color: RED }));
    if (!s.inCurrent) children.push(p(`${cy}年报告未找到本部分。`, { color: RED }));
    if (s.changes.length === 0)
      children.push(p(s.unchanged === 0 ? "两年均无正文（仅表格）。" : `未改动（${s.unchanged} 段相同）。`));
    else {
      children.push(
        p(`相同 ${s.unchanged} 段，改动 ${s.changes.length} 处：`, { size: 20, color: "444444" }),
      );
      for (const change of s.changes) children.push(...paragraphChange(change));
    }
  }

  children.push(heading(`五、${py}年所列问题的整改情况`));
  if (c.problems.length === 0) children.push(p(`${py}年报告第五部分未列出可识别的问题。`));
  c.problems.forEach((x, i) => {
    children.push(
      new Paragraph({
        spacing: { before: 80, after: 40 },
        children: [
          new TextRun({ text: `${i + 1}. ${py}年所列：`, bold: true }),
          new TextRun({ text: x.problem }),
        ],
      }),
      new Paragraph({
        indent: { left: 360 },
        spacing: { after: 80 },
        children: [
          new TextRun({
            text: `${FOLLOW_UP_TITLES[x.status]}：`,
            bold: true,
            color: x.status === "none" ? RED : x.status === "followed_up" ? GREEN : "B36B00",
          }),
          new TextRun({
            text: x.answer
              ? `${cy}年报告第${"一二三四五六"[(x.answerSection ?? 1) - 1]}部分：“${cn(x.answer)}”`
              : `${cy}年报告中未找到相应内容。`,
          }),
        ],
      }),
    );
  });

  children.push(heading("六、跨年度核验"));
  if (c.crossYear.length === 0) {
    const ran = c.crossYearChecks.filter((s) => s.pass + s.fail > 0).map((s) => s.rule);
    children.push(p(`未发现问题。${ran.length > 0 ? `已核验：${ran.join("、")}。` : ""}`));
  }
  c.crossYear.forEach((f, i) => {
    children.push(
      new Paragraph({
        spacing: { before: 80, after: 40 },
        children: [
          new TextRun({ text: `${i + 1}. [${f.rule}]（${f.year ?? ""}年报告） `, bold: true }),
          new TextRun({ text: f.message }),
        ],
      }),
      new Paragraph({
        indent: { left: 360 },
        spacing: { after: 80 },
        children: [new TextRun({ text: "依据：", bold: true }), new TextRun({ text: f.basis })],
      }),
    );
  });

  const doc = new Document({
    creator: "年报审核助手",
    title: "政府信息公开工作年度报告年度对比",
    styles: { default: { document: { run: { font: FONT, size: 22 } } } },
    sections: [
      { properties: { page: { margin: { top: 1440, bottom: 1440, left: 1300, right: 1300 } } }, children },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}
