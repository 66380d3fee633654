/**
 * The report body of a page (issue 12, pattern 1): from the report's title to the page's footer, without
 * the breadcrumb, the info box, tool and share bars or the footer's lines, in a saved page and in a copy
 * of its text; a page cut short whose title says 年度报告 is a report with incomplete tables.
 */
import { describe, expect, it } from "vitest";
import { analyse } from "../../extract/analyse.ts";
import { reportBody } from "../../extract/body.ts";
import { chromeKind } from "../../extract/chrome.ts";
import type { Document } from "../../extract/document.ts";
import { linesFromText } from "../../extract/readers/text.ts";
import { balancedFigures } from "../helpers/report.ts";
import { textReport } from "../helpers/text-report.ts";

function textDoc(text: string): Document {
  const { lines, pageCount } = linesFromText(text);
  return { format: "text", pageCount, lines, info: {} };
}

const ISSUER = "某市某区人民政府某街道办事处";
const HEAD = [
  "无障碍 | 长者模式 | 繁體版",
  "首页",
  "政务公开",
  "政府信息公开",
  "当前位置：首页 > 政务公开 > 政府信息公开 > 年报",
  "索引号：11440113MB2C12345X/2024-00012\t分类：政府信息公开年报",
  "发布机构：某区政务服务数据管理局",
  `名称：${ISSUER}2023年政府信息公开工作年度报告`,
  "来源：某区政务服务数据管理局　发布日期：2024-01-22",
  "",
];
const FOOT = [
  "",
  "【打印本页】【关闭窗口】",
  "分享到：微信 微博 QQ空间",
  "上一篇：某街道2022年政府信息公开工作年度报告",
  "相关链接",
  "中国政府网",
  "新浪 网易 搜狐 其他",
  "主办单位：某区人民政府办公室",
  "网站标识码：4401130001 粤ICP备05082112号 粤公网安备 44011302000123号",
];

describe("chromeKind", () => {
  it("knows a portal's lines", () => {
    expect(chromeKind(["当前位置：首页 > 政务公开"])).toBe("crumb");
    expect(chromeKind(["首页>信息公开>年报"])).toBe("crumb");
    expect(chromeKind(["名称：", "某街道2023年政府信息公开工作年度报告"])).toBe("info");
    expect(chromeKind(["发布机构", "某区政务服务数据管理局"])).toBe("info");
    expect(chromeKind(["来源：某管委会办公室"])).toBe("info");
    expect(chromeKind(["字号：大 中 小　打印本页　关闭窗口"])).toBe("tools");
    expect(chromeKind(["分享到："])).toBe("share");
    expect(chromeKind(["下一篇：无"])).toBe("pager");
    expect(chromeKind(["友情链接"])).toBe("links");
    expect(chromeKind(["网站标识码：3501000001"])).toBe("footer");
    expect(chromeKind(["闽ICP备12345678号"])).toBe("footer");
    expect(chromeKind(["新浪福建 网易 搜狐 其他"])).toBe("linkList");
  });

  it("leaves report lines alone", () => {
    for (const text of [
      "一、总体情况",
      "本年度无收取信息处理费情况。",
      "主办了政务公开日活动3次。",
      "名称规范化工作稳步推进。",
      "政府信息公开",
      "某市某区人民政府某街道办事处",
      "通过新浪微博、抖音、今日头条等平台发布信息。",
      "微信 微博 抖音",
    ])
      expect([text, chromeKind([text])]).toEqual([text, null]);
  });
});

describe("reportBody", () => {
  const figures = balancedFigures("2021");
  const page = textDoc([...HEAD, textReport({ figures, issuer: ISSUER }), ...FOOT].join("\n"));

  it("runs from the title to the footer", () => {
    const body = reportBody(page.lines).map((l) => l.cells.map((c) => c.text).join("\t"));
    expect(body[0]).toBe(`${ISSUER}2023年政府信息公开工作年度报告`);
    expect(body.at(-1)).toBe("2024年1月15日");
  });

  it("so the report reads as printed: figures, sections, issuer of the title, portal date of the page", () => {
    const { report, status } = analyse(page);
    expect(status).toBe("ok");
    expect(report.meta.issuer).toBe(ISSUER);
    expect(report.meta.portalDate).toBe("2024-01-22");
    expect(report.meta.templateVersion).toBe("2021");
    expect(report.sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(report.sections.find((s) => s.no === 6)?.text).not.toMatch(/网易|标识码|上一篇/);
    for (const [key, value] of Object.entries(figures))
      expect([key, report.figures[key]]).toEqual([key, value]);
    expect(report.fullText).not.toContain("上一篇");
  });

  it("drops a link list copied as one line even without its heading", () => {
    const doc = textDoc([textReport({ figures, issuer: ISSUER }), "新浪福建 网易 搜狐 其他"].join("\n"));
    expect(analyse(doc).report.sections.find((s) => s.no === 6)?.text).not.toMatch(/网易/);
  });

  it("cuts nothing before a title-like line that comes after the report has begun", () => {
    const text = textReport({ figures, issuer: ISSUER }).replace(
      `${ISSUER}2023年政府信息公开工作年度报告\n`,
      "",
    );
    const doc = textDoc(`${text}\n${ISSUER}2023年政府信息公开工作年度报告`);
    expect(reportBody(doc.lines)).toEqual(doc.lines);
  });

  it("is not ended by a share bar under the title, before the report begins", () => {
    const doc = textDoc(
      [
        `${ISSUER}2023年政府信息公开工作年度报告`,
        "文件下载\t",
        "分享到：微信 微博",
        textReport({ figures, issuer: ISSUER }),
      ].join("\n"),
    );
    expect(analyse(doc).report.sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it("keeps a document without a title or chrome whole", () => {
    const doc = textDoc("一、总体情况\n本年度无申请。\n二、主动公开政府信息情况\n无。");
    expect(reportBody(doc.lines)).toEqual(doc.lines);
  });
});

describe("the portal's date", () => {
  it("is found beside the title however long the menus above it", () => {
    const menus = Array.from({ length: 80 }, (_, i) => `栏目${i + 1}`);
    const prose = Array.from({ length: 30 }, (_, i) => `本年度主动公开第${i + 1}类信息。`);
    const doc = textDoc(
      [
        ...menus,
        `${ISSUER}2023年政府信息公开工作年度报告`,
        "发布日期：2024-01-25",
        "一、总体情况",
        ...prose,
      ].join("\n"),
    );
    expect(analyse(doc).report.meta.portalDate).toBe("2024-01-25");
  });
});

describe("a page cut short", () => {
  it("is a report with incomplete tables when its title says 年度报告, however long its menus", () => {
    const menus = Array.from({ length: 200 }, (_, i) => `栏目${i + 1}：政务公开专题第${i + 1}项`);
    const doc = textDoc(
      [
        ...menus,
        `${ISSUER}2023年政府信息公开工作年度报告`,
        "一、总体情况",
        "2023年，本街道认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "二、主动公开政府信息情况",
      ].join("\n"),
    );
    const { status, report } = analyse(doc);
    expect(status).toBe("tables_incomplete");
    expect(report.meta.reportYear).toBe(2023);
  });
});

describe("titles and the info box", () => {
  const report = [
    "一、总体情况",
    "2023年，本街道认真贯彻落实《中华人民共和国政府信息公开条例》。",
    "二、主动公开政府信息情况",
    "本年度主动公开信息12条。",
  ];

  it("a crawler's or a box's 「label: path_title」 line is no title", () => {
    const doc = textDoc(
      [`本地目录: zwgk/zfxxgknb/202401/80576_${ISSUER}2023年政府信息公开工作年度报告`, ...report].join("\n"),
    );
    expect(analyse(doc).report.meta).toMatchObject({ issuer: null, title: null });
  });

  it("where the body has no title line, the page's own title (info box 标题, breadcrumb's last item) gives year and issuer; 来源/发布机构 never", () => {
    const doc = textDoc(
      [
        `标题: ${ISSUER}2023年政府信息公开工作年度报告`,
        "发布时间: 2024-01-20 15:22",
        "来源：某市某区人民政府办公室",
        ...report,
      ].join("\n"),
    );
    const { meta } = analyse(doc).report;
    expect(meta).toMatchObject({
      reportYear: 2023,
      issuer: ISSUER,
      issuerLevel: "subdistrict",
      portalDate: "2024-01-20",
    });
    const crumb = textDoc(
      [
        `当前位置：首页 > 政务公开 > 政府信息公开年报 > ${ISSUER}2023年政府信息公开工作年度报告`,
        ...report,
      ].join("\n"),
    );
    expect(analyse(crumb).report.meta).toMatchObject({ reportYear: 2023, issuer: ISSUER });
    // A 来源 line alone names an office, not the report: no issuer.
    const source = textDoc(
      ["来源：某市某区人民政府办公室", "发布时间: 2024-01-20 15:22", ...report].join("\n"),
    );
    expect(analyse(source).report.meta.issuerLevel).not.toBe("department");
  });
});
