import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import type { Document } from "../../../extract/document.ts";
import { chinaDate, dateLine, issuerLevel, portalDateIn, readMeta } from "../../../extract/meta.ts";
import { readText } from "../../../extract/readers/text.ts";
import { findSections } from "../../../extract/sections.ts";
import { parseTemplate } from "../../../extract/template/index.ts";

const FIXTURES = fileURLToPath(new URL("../../fixtures/seeds/", import.meta.url));
const SHARED = fileURLToPath(new URL("../../../../shared/seeds/", import.meta.url));

function metaOfSeed(name: string) {
  const path = existsSync(`${FIXTURES}${name}`) ? `${FIXTURES}${name}` : `${SHARED}${name}`;
  const doc = readText(readFileSync(path));
  return readMeta(doc, findSections(doc, parseTemplate(doc).tableLines).sections);
}

function textDoc(text: string): Document {
  return readText(new TextEncoder().encode(text));
}

function metaOf(text: string) {
  const doc = textDoc(text);
  return readMeta(doc, findSections(doc, new Set()).sections);
}

describe("readMeta on the seeds", () => {
  it("000: issuer from the title (not the shorter markdown heading above it), 落款 date after 六", () => {
    expect(metaOfSeed("000_5ed72146557905c8.txt")).toEqual({
      issuer: "广州市越秀区人民政府流花街道办事处",
      issuerLevel: "subdistrict",
      reportYear: 2023,
      publicationDate: "2024-01-08",
      title: "广州市越秀区人民政府流花街道办事处2023年政府信息公开工作年度报告",
      fileCreated: null,
      portalDate: null,
      portalDateQuote: null,
      dateQuote: "2024年1月8日",
    });
  });

  it("001: the title's short form 荔湾区花地街 is completed from the text", () => {
    expect(metaOfSeed("001_77c3b53386b2261e.txt")).toEqual({
      issuer: "荔湾区花地街道办事处",
      issuerLevel: "subdistrict",
      reportYear: 2020,
      publicationDate: "2021-01-14",
      title: "荔湾区花地街2020年政府信息公开工作年度报告",
      fileCreated: null,
      portalDate: null,
      portalDateQuote: null,
      dateQuote: "2021年1月14日",
    });
  });

  it("002: no 落款 date", () => {
    expect(metaOfSeed("002_a01f0cf12a106081.txt")).toMatchObject({
      issuer: "广州市番禺区人民政府洛浦街道办事处",
      issuerLevel: "subdistrict",
      reportYear: 2024,
      publicationDate: null,
      dateQuote: null,
    });
  });

  it("003: title over two lines; the final lone 4 is a page number, not a date", () => {
    expect(metaOfSeed("003_1c640710511402cf.txt")).toEqual({
      issuer: "北京市丰台区人民政府花乡街道办事处",
      issuerLevel: "subdistrict",
      reportYear: 2023,
      publicationDate: null,
      title: "北京市丰台区人民政府花乡街道办事处2023年政府信息公开工作年度报告",
      fileCreated: null,
      portalDate: null,
      portalDateQuote: null,
      dateQuote: null,
    });
  });

  it("004: markdown title with a space inside", () => {
    expect(metaOfSeed("004_e2933871b57d250b.txt")).toMatchObject({
      issuer: "文峰区南关街道办事处",
      issuerLevel: "subdistrict",
      reportYear: 2023,
      publicationDate: null,
      title: "文峰区南关街道办事处2023年政府信息公开工作年度报告",
    });
  });
});

describe("readMeta on constructed reports", () => {
  const body = ["一、总体情况", "2023年11月20日 晚上19:04", "六、其他需要报告的事项", "无。"];

  it("reads a Chinese-numeral year and date, and takes the 落款 line above the date as issuer", () => {
    const meta = metaOf(
      ["二〇二三年政府信息公开工作年度报告", ...body, "某市某县某镇人民政府", "二〇二四年一月二十日"].join(
        "\n",
      ),
    );
    expect(meta).toMatchObject({
      issuer: "某市某县某镇人民政府",
      issuerLevel: "township_government",
      reportYear: 2023,
      publicationDate: "2024-01-20",
      dateQuote: "二〇二四年一月二十日",
    });
  });

  it("joins a title split over two lines", () => {
    const meta = metaOf(
      ["某市人民政府办公室2023年政府信息公开", "工作年度报告", ...body, "2024-01-20"].join("\n"),
    );
    expect(meta).toMatchObject({
      issuer: "某市人民政府办公室",
      issuerLevel: "department",
      reportYear: 2023,
      publicationDate: "2024-01-20",
    });
  });

  it("never takes a date inside prose or a page number for the publication date", () => {
    const meta = metaOf(
      ["某区人民政府2023年政府信息公开工作年度报告", ...body, "本报告于2024年1月20日发布。", "4"].join("\n"),
    );
    expect(meta.publicationDate).toBeNull();
    expect(meta.issuerLevel).toBe("county_plus_government");
  });
});

describe("a portal page's publication date", () => {
  const body = ["一、总体情况", "本年度工作稳步推进。", "六、其他需要报告的事项", "无。"];
  it("reads the labels portals print, with or without a time", () => {
    expect(portalDateIn("发布时间：2024-01-22 10:32:15")).toBe("2024-01-22");
    expect(portalDateIn("来源：区政府办公室　发布日期：2024年1月22日　浏览次数：128")).toBe("2024-01-22");
    expect(portalDateIn("公开日期 2024/1/22")).toBe("2024-01-22");
    expect(portalDateIn("发稿时间:2024.01.22")).toBe("2024-01-22");
    expect(portalDateIn("发布时间：２０２４－０１－２２")).toBe("2024-01-22");
  });

  it("ignores the signing date, prose and impossible dates", () => {
    expect(portalDateIn("成文日期：2024-01-20")).toBeNull();
    expect(portalDateIn("本报告于2024年1月20日发布")).toBeNull();
    expect(portalDateIn("发布时间：2024-02-30")).toBeNull();
    expect(portalDateIn("发布机构：某区人民政府")).toBeNull();
  });

  it("is kept apart from the 落款, which stays the signed date", () => {
    const page = [
      "首页 > 政务公开 > 政府信息公开年报",
      "某区人民政府2023年政府信息公开工作年度报告",
      "发布时间：2024-02-03 09:15　来源：区政府办公室",
      ...body,
      "某区人民政府",
      "2024年1月20日",
    ];
    const meta = metaOf(page.join("\n"));
    expect(meta.portalDate).toBe("2024-02-03");
    expect(meta.portalDateQuote).toBe("发布时间:2024-02-03 09:15 来源:区政府办公室");
    expect(meta.publicationDate).toBe("2024-01-20");
    // Under the title with nothing else on its line, a 发布日期 is still the page's, not a 落款.
    const undated = metaOf(
      ["某区人民政府2023年政府信息公开工作年度报告", "发布日期：2024年1月25日", ...body].join("\n"),
    );
    expect(undated.portalDate).toBe("2024-01-25");
    expect(undated.publicationDate).toBeNull();
    // In the footer.
    const footer = metaOf([...page.filter((l) => !l.startsWith("发布")), "发布日期：2024-01-26"].join("\n"));
    expect(footer.portalDate).toBe("2024-01-26");
    expect(footer.publicationDate).toBe("2024-01-20");
  });
});

describe("dateLine and issuerLevel", () => {
  it("accepts date-only lines in the usual formats", () => {
    expect(dateLine("2024年1月20日")).toBe("2024-01-20");
    expect(dateLine("2024-01-20")).toBe("2024-01-20");
    expect(dateLine("2024.1.20")).toBe("2024-01-20");
    expect(dateLine("二〇二四年一月二十日")).toBe("2024-01-20");
    expect(dateLine("二〇二四年十二月三十一日")).toBe("2024-12-31");
    expect(dateLine("广州市越秀区人民政府流花街道办事处 2024年1月8日")).toBe("2024-01-08");
    expect(dateLine("（2024年1月20日）")).toBe("2024-01-20");
  });

  it("reads a year in Chinese numerals whose 〇 was typed as the letter O or the digit 0", () => {
    expect(dateLine("二O二四年一月二十日")).toBe("2024-01-20");
    expect(dateLine("二0二五年一月十日")).toBe("2025-01-10");
    // Not a year of zeros alone, nor a mixed Arabic year.
    expect(dateLine("OOOO年一月一日")).toBeNull();
    expect(dateLine("2O24年1月20日")).toBeNull();
  });

  it("mends an OCR'd 落款 date only where the misreading is of one known kind", () => {
    // Specks before or after the date, 年 read as 午, the numeral 一 read as a dash.
    expect(dateLine("、2020 年1月 17 日", true)).toBe("2020-01-17");
    expect(dateLine(", | 2022-04-13", true)).toBe("2022-04-13");
    expect(dateLine("二O二O午 -月十日", true)).toBe("2020-01-10");
    // Not in a text layer, where such a line is no date.
    expect(dateLine("二O二O午 -月十日")).toBeNull();
    expect(dateLine("、2020 年1月 17 日")).toBeNull();
    // A glyph misread otherwise is not guessed: 「@」 in the year, 「”」 for the month.
    expect(dateLine("二O二@年一月十日", true)).toBeNull();
    expect(dateLine("二O二六年”月五日", true)).toBeNull();
    expect(dateLine("- 5 -", true)).toBeNull();
  });

  it("rejects timestamps, prose, page numbers and impossible dates", () => {
    expect(dateLine("2023年11月20日 晚上19:04")).toBeNull();
    expect(dateLine("本报告于2024年1月20日发布")).toBeNull();
    expect(dateLine("4")).toBeNull();
    expect(dateLine("2024年2月30日")).toBeNull();
  });

  it("classifies by the last administrative suffix", () => {
    expect(issuerLevel("广州市越秀区人民政府流花街道办事处")).toBe("subdistrict");
    expect(issuerLevel("文峰区南关街道办事处")).toBe("subdistrict");
    expect(issuerLevel("某县某镇人民政府")).toBe("township_government");
    expect(issuerLevel("某县某乡人民政府")).toBe("township_government");
    expect(issuerLevel("某市某区人民政府")).toBe("county_plus_government");
    expect(issuerLevel("某自治旗人民政府")).toBe("county_plus_government");
    expect(issuerLevel("某市人民政府办公室")).toBe("department");
    expect(issuerLevel("某省人民政府办公厅")).toBe("department");
    expect(issuerLevel("某市生态环境局")).toBe("department");
    expect(issuerLevel("某市发展和改革委员会")).toBe("department");
    expect(issuerLevel("某区政务服务中心")).toBe("department");
    expect(issuerLevel("某高新区管委会")).toBe("department");
    // A province's 厅 is a department (rules.md §6.6 lists 局/委员会/办公厅; 厅 is the same level).
    expect(issuerLevel("某省教育厅")).toBe("department");
    expect(dateLine("某省教育厅2022年1月20日")).toBe("2022-01-20");
    expect(issuerLevel("某某某")).toBeNull();
    expect(issuerLevel(null)).toBeNull();
  });

  it("a zone named as an area reports like a 人民政府 (rules.md §6.6); its 管委会 or office stays a department", () => {
    expect(issuerLevel("某某综合实验区")).toBe("county_plus_government");
    expect(issuerLevel("某某新区")).toBe("county_plus_government");
    expect(issuerLevel("某某高新技术产业开发区")).toBe("county_plus_government");
    expect(issuerLevel("某某综合实验区管委会办公室")).toBe("department");
    expect(issuerLevel("某某新区管理委员会")).toBe("department");
  });
});

describe("issuer from the report's own title, never from portal chrome", () => {
  it("an area-wide zone report keeps the area as issuer, though a 来源 line names the 管委会's office", () => {
    const meta = metaOf(
      [
        "首页 > 政务公开 > 政府信息公开年报",
        "标题：某某综合实验区2023年度政府信息公开工作年度报告",
        "来源：某某综合实验区管委会办公室 发布时间：2024-02-08",
        "本报告汇总各有关单位政府信息公开工作情况编制而成。",
        "一、总体情况",
        "2023年，全区共收到申请12件。",
      ].join("\n"),
    );
    expect(meta).toMatchObject({
      issuer: "某某综合实验区",
      issuerLevel: "county_plus_government",
      reportYear: 2023,
    });
  });

  it("an info box's 名称 is not the issuer: the title names it", () => {
    const meta = metaOf(
      [
        "名称：某某街道办事处",
        "某某路街道2022年政府信息公开工作年度报告",
        "一、总体情况",
        "某某路街道办事处认真落实条例。",
      ].join("\n"),
    );
    expect(meta).toMatchObject({ issuer: "某某路街道", issuerLevel: "subdistrict", reportYear: 2022 });
  });

  it("a report sent under a covering letter: the issuer ends before 「关于」", () => {
    const meta = metaOf(
      ["某市某某局关于报送2020年度政府信息公开工作年度报告", "一、总体情况", "本局认真落实条例。"].join("\n"),
    );
    expect(meta).toMatchObject({ issuer: "某市某某局", issuerLevel: "department", reportYear: 2020 });
  });

  it("a sentence that names the report is no title: 「现向社会公开2022年度…年度报告」 has no issuer", () => {
    const meta = metaOf(
      [
        "根据条例的规定，现向社会公开2022年度政府信息公开年度报告，本报告中数据的统计期限自2022年1月1日起至2022年12月31日止。",
        "一、总体情况",
        "2022年，某某片区管理局认真贯彻执行条例。",
      ].join("\n"),
    );
    expect(meta.issuer).not.toBe("现向社会公开");
    expect(meta).toMatchObject({ issuer: "某某片区管理局", reportYear: 2022 });
  });

  it("「省…厅」 named without its province takes the one province the text names, else stays short", () => {
    const lines = (law: string) =>
      [
        `根据《中华人民共和国政府信息公开条例》${law}等规定，发布本年度报告。报告中所列数据统计期限为2022年1月1日至12月31日。`,
        "一、总体情况",
        "2022年，省工业和信息化厅坚持依法公开。",
      ].join("\n");
    expect(metaOf(lines("《河北省实施〈中华人民共和国政府信息公开条例〉办法》")).issuer).toBe(
      "河北省工业和信息化厅",
    );
    expect(metaOf(lines("")).issuer).toBe("省工业和信息化厅");
    expect(metaOf(lines("《河北省…办法》《山东省…办法》")).issuer).toBe("省工业和信息化厅");
  });

  it("a short title name is completed from the report's text, not from 来源/发布机构 fields", () => {
    const meta = metaOf(
      [
        "来源：某区某某街道党工委办公室 发布机构：某区某某街道党工委办公室",
        "某区某某街2022年政府信息公开工作年度报告",
        "一、总体情况",
        "某区某某街道办事处认真落实条例。",
        "来源：某区某某街道党工委办公室",
      ].join("\n"),
    );
    expect(meta).toMatchObject({ issuer: "某区某某街道办事处", issuerLevel: "subdistrict" });
  });

  it("a 公文's 版记 after the 落款 (抄送：…) does not hide the date", () => {
    const meta = metaOf(
      [
        "某市某某局2022年政府信息公开工作年度报告",
        "一、总体情况",
        "本局认真落实条例。",
        "六、其他需要报告的事项",
        "本年度没有产生信息处理费。",
        "某市某某局 2023年1月9日 抄送：驻某某局纪检监察组。",
        "某某局党政办公室 2023年1月10日印发 附件下载",
      ].join("\n"),
    );
    expect(meta).toMatchObject({ issuer: "某市某某局", publicationDate: "2023-01-09" });
  });

  it("text whose line breaks were lost: the 落款 ends the last line", () => {
    const meta = metaOf(
      "某省教育厅2021年政府信息公开工作年度报告一、总体情况本年度认真落实条例。六、其他需要报告的事项无。某省教育厅2022年1月20日",
    );
    expect(meta).toMatchObject({
      publicationDate: "2022-01-20",
      dateQuote: expect.stringContaining("2022年1月20日"),
    });
    // A crawler's CSV row: title, portal time, then the text; page text after the 落款 is cut off.
    const csv = metaOf(
      '某省某某厅2019年政府信息公开工作年度报告,2020-01-20 13:26:00,"2019年，本厅认真落实条例。六、其他需要报告的事项无某省某某厅2020年1月20日更多信息请关注官方微信,政府信息公开年报,https://example.gov.cn/a.html',
    );
    expect(csv).toMatchObject({
      issuer: "某省某某厅",
      reportYear: 2019,
      publicationDate: "2020-01-20",
      dateQuote: "六、其他需要报告的事项无某省某某厅2020年1月20日",
    });
    // The issuer and the title as the first pieces of a run-on line, cut at wide gaps.
    expect(
      metaOf(
        "\u3000\u3000某省某某厅\u3000\u30002020年政府信息公开工作年度报告\u3000\u30002020年，某省某某厅坚持依法公开。一、总体情况",
      ),
    ).toMatchObject({
      issuer: "某省某某厅",
      reportYear: 2020,
      title: "某省某某厅2020年政府信息公开工作年度报告",
    });
    // No title: the issuer comes from the 落款, without the heading run into it.
    expect(
      metaOf(
        "根据条例编制本报告。统计期限为2021年1月1日至12月31日。六、其他需要报告的事项无。某省某某厅2022年1月20日",
      ),
    ).toMatchObject({ issuer: "某省某某厅", reportYear: 2021, publicationDate: "2022-01-20" });
    // A date inside the last sentence is prose, not a 落款.
    expect(
      metaOf(
        "某街道办事处2021年政府信息公开工作年度报告\n六、其他需要报告的事项\n本报告于2022年1月20日完成。",
      ).publicationDate,
    ).toBeNull();
  });

  it("reads titles with the year first, the issuer inside or on the next line", () => {
    expect(metaOf(["2021年某某路街道政府信息公开工作年度报告", "一、总体情况"].join("\n"))).toMatchObject({
      issuer: "某某路街道",
      issuerLevel: "subdistrict",
      reportYear: 2021,
    });
    expect(
      metaOf(["2021年度政府信息公开工作年度报告", "某某镇人民政府", "一、总体情况"].join("\n")),
    ).toMatchObject({ issuer: "某某镇人民政府", issuerLevel: "township_government", reportYear: 2021 });
    // No issuer anywhere: the title's "年度政府" is not a name.
    expect(metaOf(["2021年度政府信息公开工作年度报告", "一、总体情况"].join("\n"))).toMatchObject({
      issuer: null,
      reportYear: 2021,
    });
  });
});

describe("the file's creation date", () => {
  it("is kept as a China-time date (UTC+8), never as the printed date", () => {
    const doc = textDoc(["某街道办事处2023年政府信息公开工作年度报告", "一、总体情况", "正文。"].join("\n"));
    const late = { ...doc, info: { created: "2024-01-31T17:30:00.000Z" } };
    const meta = readMeta(late, findSections(late, new Set()).sections);
    expect(meta.fileCreated).toBe("2024-02-01");
    expect(meta.publicationDate).toBeNull();
    expect(readMeta(doc, findSections(doc, new Set()).sections).fileCreated).toBeNull();
  });

  it("chinaDate ignores what does not parse", () => {
    expect(chinaDate("2024-01-15T01:00:00+08:00")).toBe("2024-01-15");
    expect(chinaDate("not a date")).toBeNull();
    expect(chinaDate(undefined)).toBeNull();
  });
});

describe("issuer without a title or a 落款", () => {
  const body =
    "根据《中华人民共和国政府信息公开条例》规定，发布本年度报告。\n一、总体情况\n2021年，河北省科学技术厅坚持以人民为中心，做好公开工作。\n二、主动公开政府信息情况\n全年主动公开信息100条。\n六、其他需要报告的事项\n无。\n";

  it("takes the subject of 一、总体情况's first sentence when it names an office", () => {
    expect(metaOf(body)).toMatchObject({ issuer: "河北省科学技术厅", issuerLevel: "department" });
  });

  it("takes the issuer from the report attached under its own name", () => {
    const text = `${body.replace("河北省科学技术厅坚持", "我们坚持")}附件：河北省教育厅2022年政府信息公开工作年度报告\n`;
    expect(metaOf(text)).toMatchObject({ issuer: "河北省教育厅", issuerLevel: "department" });
  });

  it("leaves the issuer null when the first sentence names no office", () => {
    expect(metaOf(body.replace("河北省科学技术厅坚持", "我们坚持")).issuer).toBeNull();
  });
});
