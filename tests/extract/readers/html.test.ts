import { readFileSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import type { Line } from "../../../extract/document.ts";
import { htmlToLines, readHtml } from "../../../extract/readers/html.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const texts = (line: Line | undefined) => line?.cells.map((c) => c.text);
const find = (lines: readonly Line[], start: string) =>
  lines.find((l) => l.cells.some((c) => c.text.startsWith(start)));
const html = (body: string) => htmlToLines(`<html><body>${body}</body></html>`).lines;

describe("readHtml on the seed fixtures", () => {
  const doc = readHtml(new Uint8Array(readFileSync(join(FIXTURES, "seeds/002_a01f0cf12a106081.html"))));

  it("gives each table row one line with a cell per td", () => {
    const row = find(doc.lines, "一、本年新收");
    expect(texts(row)).toEqual(["一、本年新收政府信息公开申请数量", "56", "0", "0", "0", "0", "0", "56"]);
    expect(row?.cells[0]?.colSpan).toBe(3);
    expect(row?.table).toBeGreaterThan(0);
    expect(doc).toMatchObject({ format: "html", pageCount: 1, info: { encoding: "utf-8" } });
    expect(doc.info.title).toContain("2024");
  });

  it("keeps colspan and rowspan", () => {
    const header = doc.lines.find((l) => l.cells[0]?.text === "自然人");
    expect(header?.cells.map((c) => [c.text, c.colSpan, c.rowSpan])).toEqual([
      ["自然人", undefined, 2],
      ["法人或其他组织", 5, undefined],
      ["总计", undefined, 2],
    ]);
    expect(find(doc.lines, "(三)不予公开")?.cells[0]?.rowSpan).toBe(8);
  });

  it("numbers lines and keeps prose as one-cell lines in order", () => {
    expect(doc.lines.map((l) => l.line)).toEqual(doc.lines.map((_, i) => i + 1));
    const t3 = doc.lines.findIndex((l) => l.cells[0]?.text === "三、收到和处理政府信息公开申请情况");
    const row = doc.lines.findIndex((l) => l.cells[0]?.text.startsWith("一、本年新收"));
    const t4 = doc.lines.findIndex((l) => l.cells[0]?.text === "四、政府信息公开行政复议、行政诉讼情况");
    expect(t3).toBeGreaterThan(0);
    expect(t3).toBeLessThan(row);
    expect(row).toBeLessThan(t4);
  });
});

describe("htmlToLines", () => {
  it("turns block elements and <br> into lines and ignores script, style, nav, head and hidden parts", () => {
    const lines = html(
      "<nav>首页 &gt; 信息公开</nav><h1>年度报告</h1><p>第一段<br>第二行</p><div>二、主动公开<span>政府信息情况</span></div>" +
        "<script>var x = 1;</script><style>p{}</style><ul><li>甲</li><li>乙</li></ul><p style='display:none'>隐藏</p>",
    );
    expect(lines.map(texts)).toEqual([
      ["年度报告"],
      ["第一段"],
      ["第二行"],
      ["二、主动公开政府信息情况"],
      ["甲"],
      ["乙"],
    ]);
  });

  it("joins <br> inside a cell without a space between CJK, with one otherwise; collapses whitespace", () => {
    const lines = html(
      "<table><tr><td>商业<br/>企业</td><td>Total<br>2024</td><td>  法律\n  服务  </td><td></td><td>１２</td></tr></table>" +
        "<p>政府信息\n公开 工作\n2024 年</p>",
    );
    expect(texts(lines[0])).toEqual(["商业企业", "Total 2024", "法律服务", "", "12"]);
    // A source line break between CJK characters vanishes (CSS segment-break rule); other white space is one space.
    expect(texts(lines[1])).toEqual(["政府信息公开 工作 2024 年"]);
  });

  it("reads a layout table holding a data table as blocks, and the data table by rows", () => {
    const lines = html(
      "<table><tr><td>站点导航</td></tr><tr><td><p>三、收到和处理政府信息公开申请情况</p>" +
        "<table><tr><th>项目</th><th>总计</th></tr><tr><td>一、本年新收</td><td>56</td></tr></table>" +
        "<p>四、政府信息公开行政复议</p></td></tr></table>",
    );
    expect(lines.map((l) => [texts(l), l.table])).toEqual([
      [["站点导航"], undefined],
      [["三、收到和处理政府信息公开申请情况"], undefined],
      [["项目", "总计"], 1],
      [["一、本年新收", "56"], 1],
      [["四、政府信息公开行政复议"], undefined],
    ]);
  });

  it("numbers tables in document order and reads thead/tbody rows", () => {
    const lines = html(
      "<table><thead><tr><th>a</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table><p>x</p><table><tr><td>2</td></tr></table>",
    );
    expect(lines.map((l) => [texts(l)?.[0], l.table])).toEqual([
      ["a", 1],
      ["1", 1],
      ["x", undefined],
      ["2", 2],
    ]);
  });
});

describe("portal link lists (issue 12, pattern 1)", () => {
  it("drops blocks that are only links: menus, breadcrumbs of <li>, link lists, sidebars of other reports", () => {
    const lines = html(
      "<ul><li><a>首页</a></li><li><a>政务公开</a></li><li><a>政府信息公开</a></li></ul>" +
        "<div>当前位置：<a>首页</a> &gt; <a>政务公开</a> &gt; <a>政府信息公开</a> &gt; <a>年报</a></div>" +
        "<ul><li><a>某街道2022年政府信息公开工作年度报告</a></li><li><a>某街道2021年政府信息公开工作年度报告</a></li></ul>" +
        "<h1>某街道2023年政府信息公开工作年度报告</h1><p>附件：<a>统计表.xls</a></p>" +
        "<p>上一篇：<a>某街道2022年政府信息公开工作年度报告</a></p>" +
        "<div class='links'><a>新浪</a> | <a>网易</a> | <a>搜狐</a> | <a>其他</a></div>",
    );
    expect(lines.map(texts)).toEqual([
      ["某街道2023年政府信息公开工作年度报告"],
      ["附件:统计表.xls"],
      ["上一篇:某街道2022年政府信息公开工作年度报告"],
    ]);
  });
});

describe("HTML charsets", () => {
  it("decodes a GBK page declared by <meta charset>", () => {
    const page =
      '<html><head><meta charset="gbk"><title>年度报告</title></head><body><p>（一）予以公开　２３</p></body></html>';
    const doc = readHtml(new Uint8Array(iconv.encode(page, "gbk")));
    expect(doc.info).toEqual({ encoding: "gb18030", title: "年度报告" });
    expect(texts(doc.lines[0])).toEqual(["(一)予以公开 23"]);
  });

  it("decodes a GB2312 page declared by http-equiv, and prefers valid UTF-8 over a wrong declaration", () => {
    const page = '<meta http-equiv="Content-Type" content="text/html; charset=gb2312"><p>政府信息公开</p>';
    expect(texts(readHtml(new Uint8Array(iconv.encode(page, "gb2312"))).lines[0])).toEqual(["政府信息公开"]);
    const lying = readHtml(new Uint8Array(Buffer.from(page, "utf-8")));
    expect(lying.info.encoding).toBe("utf-8");
    expect(texts(lying.lines[0])).toEqual(["政府信息公开"]);
  });
});

describe("a saved portal page's <meta> publication date", () => {
  const published = (head: string) =>
    htmlToLines(`<html><head>${head}</head><body><p>正文</p></body></html>`).published;

  it("reads PubDate (政府网站发展指引), firstpublishedtime and article:published_time, with the tag", () => {
    expect(published(`<meta name="PubDate" content="2024-01-22 10:32">`)).toEqual({
      date: "2024-01-22",
      source: '<meta name="PubDate" content="2024-01-22 10:32">',
    });
    expect(published(`<meta name="firstpublishedtime" content="2024-01-22-10:32:00">`)?.date).toBe(
      "2024-01-22",
    );
    // An offset is brought to China time: 18:30 UTC on the 21st is the 22nd in Beijing.
    expect(published(`<meta property="article:published_time" content="2024-01-21T18:30:00Z">`)).toEqual({
      date: "2024-01-22",
      source: '<meta property="article:published_time" content="2024-01-21T18:30:00Z">',
    });
    // PubDate wins over the others, whatever their order.
    expect(
      published(
        `<meta name="firstpublishedtime" content="2024-01-25-09:00:00"><meta name="PubDate" content="2024/01/22">`,
      )?.date,
    ).toBe("2024-01-22");
  });

  it("ignores other dates and what does not parse", () => {
    expect(published(`<meta name="lastmodifiedtime" content="2024-03-01 10:00">`)).toBeUndefined();
    expect(published(`<meta name="PubDate" content="2024-02-30">`)).toBeUndefined();
    expect(published(`<meta name="PubDate" content="">`)).toBeUndefined();
    expect(published("")).toBeUndefined();
  });

  it("is kept in the document's info by readHtml", () => {
    const page = `<html><head><meta charset="utf-8"><meta name="PubDate" content="2024-01-22 10:32"></head><body><p>正文</p></body></html>`;
    expect(readHtml(new TextEncoder().encode(page)).info.published?.date).toBe("2024-01-22");
  });
});
