import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditBytes } from "../../../audit/run-audit.ts";
import { isCollapsedLine, segmentCollapsed } from "../../../extract/readers/collapsed-text.ts";
import { readText } from "../../../extract/readers/text.ts";

const real = join(import.meta.dirname, "../../fixtures/real");

const PROSE =
  "一、总体情况2023年，本机关坚持公开为常态。全年主动公开信息58条。（一）主动公开方面。按要求公开。" +
  "二、主动公开政府信息情况 ";
const TABLES =
  "第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数规章 000行政规范性文件123" +
  "三、收到和处理政府信息公开申请情况（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）" +
  "申请人情况自然人法人或其他组织总计一、本年新收政府信息公开申请数量640020470二、上年结转政府信息公开申请数量0000000" +
  "三、本年度办理结果（一）予以公开270020130（三）不予公开1.属于国家秘密00000002.其他法律行政法规禁止公开1000001" +
  "四、政府信息公开行政复议、行政诉讼情况 行政复议行政诉讼结果维持结果纠正其他结果尚未审结总计10203120001200000";
const TAIL =
  "五、存在的主要问题及改进情况（一）存在的主要问题：解读不够。六、其他需要报告的事项2023年，无收取信息处理费情况。";

describe("collapsed text", () => {
  it("takes a long line with section headings or glued table rows for a collapsed report", () => {
    expect(isCollapsedLine(PROSE + TABLES + TAIL)).toBe(true);
    expect(isCollapsedLine("一、总体情况。".repeat(10))).toBe(false);
  });

  it("keeps a 四 heading that names 行政复议 whole: 表四 starts at the 行政复议 its column heads follow", () => {
    const heading = "四、因政府信息公开工作被申请行政复议、提起行政诉讼情况";
    const lines = segmentCollapsed(
      `${PROSE}${TABLES.replace("四、政府信息公开行政复议、行政诉讼情况 ", heading)}${TAIL}`,
    );
    expect(lines).toContainEqual([heading]);
    expect(lines).toContainEqual(["行政复议"]);
  });

  it("cuts prose at 。 and section headings, and tables into rows with their digit strings", () => {
    const lines = segmentCollapsed(PROSE + TABLES + TAIL);
    expect(lines).toEqual([
      ["一、总体情况"],
      ["2023年，本机关坚持公开为常态。"],
      ["全年主动公开信息58条。"],
      ["（一）主动公开方面。"],
      ["按要求公开。"],
      ["二、主动公开政府信息情况"],
      ["第二十条第（一）项信息内容本年制发件数本年废止件数现行有效件数"],
      ["规章", "000"],
      ["行政规范性文件", "123"],
      ["三、收到和处理政府信息公开申请情况"],
      [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）申请人情况自然人法人或其他组织总计",
      ],
      ["一、本年新收政府信息公开申请数量", "640020470"],
      ["二、上年结转政府信息公开申请数量", "0000000"],
      ["三、本年度办理结果"],
      ["（一）予以公开", "270020130"],
      ["（三）不予公开"],
      ["1.属于国家秘密", "0000000"],
      ["2.其他法律行政法规禁止公开", "1000001"],
      ["四、政府信息公开行政复议、行政诉讼情况"],
      ["行政复议"],
      ["行政诉讼结果维持结果纠正其他结果尚未审结总计"],
      ["10203120001200000"],
      ["五、存在的主要问题及改进情况"],
      ["（一）存在的主要问题：解读不够。"],
      ["六、其他需要报告的事项"],
      ["2023年，无收取信息处理费情况。"],
    ]);
  });

  it("starts a cell at a signed change glued to the cell before it, and never splits a glued signed string", () => {
    const text = `${PROSE}第二十条第（五）项信息内容上一年项目数量本年增/减处理决定数量行政许可35-15 7行政处罚156-5997${TABLES.slice(TABLES.indexOf("三、收到"))}${TAIL}`;
    const lines = segmentCollapsed(text);
    expect(lines).toContainEqual(["行政许可", "35", "-15", "7"]);
    expect(lines).toContainEqual(["行政处罚", "156", "-5997"]);
  });

  it("numbers the segments as lines and says the text was collapsed", () => {
    const doc = readText(new TextEncoder().encode(`标题：某报告\n${PROSE}${TABLES}${TAIL}\n`));
    expect(doc.info.collapsed).toBe(true);
    expect(doc.lines.map((l) => l.line)).toEqual(doc.lines.map((_, i) => i + 1));
  });
});

describe("a real collapsed web copy (平潭 2021)", () => {
  const gold = JSON.parse(readFileSync(join(real, "fj-pingtan-2021.gold.json"), "utf8")) as {
    figures: Record<string, number | null>;
  };
  const audit = () =>
    auditBytes(
      new Uint8Array(readFileSync(join(real, "fj-pingtan-2021.collapsed.txt"))),
      "fj-pingtan-2021.collapsed.txt",
    );

  it("reads every figure as the gold does: glued rows decoded by row sums and column relations", async () => {
    const r = await audit();
    expect(r.status).toBe("ok");
    expect(r.figures).toEqual(gold.figures);
    expect(r.meta.reportYear).toBe(2021);
    expect(r.meta.templateVersion).toBe("2021");
    expect(r.provenance["t3.granted.natural_person"]).toMatchObject({ mode: "decoded", raw: "27" });
    expect(r.provenance["t4.review.total"]).toMatchObject({ mode: "decoded" });
  });

  it("finds the six sections and raises no structure alarm; the one ambiguous 表二 row is PARSE-AMBIGUOUS", async () => {
    const r = await audit();
    expect(r.sections.map((s) => s.heading)).toHaveLength(6);
    const rules = r.findings.filter((f) => f.severity !== "notice").map((f) => f.rule);
    expect(rules).not.toContain("STRUCTURE-SECTIONS");
    expect(rules).not.toContain("STRUCTURE-TABLES");
    expect(rules).not.toContain("XY-FORMAT");
    expect(rules).not.toContain("FEE-PRESENT");
    const ambiguous = r.findings.filter((f) => f.rule === "PARSE-AMBIGUOUS");
    expect(ambiguous.map((f) => f.cells)).toEqual([
      ["t2.normative_documents.made", "t2.normative_documents.repealed", "t2.normative_documents.in_force"],
    ]);
  });
});

describe("section 五 titled 「…问题及改进措施」", () => {
  it("stands on a line of its own, split from the sub-heading glued to it", () => {
    const tail = TAIL.replace("五、存在的主要问题及改进情况", "五、存在的主要问题及改进措施");
    const lines = segmentCollapsed(PROSE + TABLES + tail);
    expect(lines).toContainEqual(["五、存在的主要问题及改进措施"]);
    expect(lines).toContainEqual(["（一）存在的主要问题：解读不够。"]);
  });
});

describe("a 五 of the report's own after 表四", () => {
  it("ends the tables, so the 落款 after it stays prose with its date whole", () => {
    const tail =
      "五、信息处理费收取情况通知收取件数通知收取金额（元）实际收取金额（元）000" +
      "六、存在的主要问题及改进措施2025年，公开深度不足。下一步加强培训。 某市某某局2026年1月20日";
    const lines = segmentCollapsed(PROSE + TABLES + tail);
    expect(lines).toContainEqual(["五、信息处理费收取情况"]);
    expect(lines).toContainEqual(["六、存在的主要问题及改进措施"]);
    expect(lines).toContainEqual(["某市某某局2026年1月20日"]);
  });
});

describe("a §3 title whose numeral lost its 、", () => {
  it("is cut off the sentence before it and the text after it", () => {
    const text = `根据条例编制本报告。一总体情况2023年，本机关坚持公开为常态。${PROSE.slice("一、总体情况2023年，本机关坚持公开为常态。".length)}${TABLES}${TAIL}`;
    const lines = segmentCollapsed(text);
    expect(lines).toContainEqual(["一总体情况"]);
    expect(lines).toContainEqual(["2023年，本机关坚持公开为常态。"]);
  });
});
