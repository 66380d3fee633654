/**
 * A report saved whole from a portal (issue 12, pattern 1): menus and a breadcrumb holding 「政府信息公开」,
 * an info box (索引号/发布机构/名称/发布日期), share and tool bars, previous/next links, a footer link list
 * (…新浪广东 网易 搜狐 其他), 主办单位, 网站标识码 and an ICP number around seed 002, whose 五 says
 * 「采取以下措施加以改进」 and whose 六 is the one line 「本年度无收取信息处理费情况。」. The chrome is read
 * as nothing: every figure as in the seed, the six sections, the issuer from the title, no false alarm.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditBytes } from "../../audit/run-audit.ts";
import { analyse } from "../../extract/analyse.ts";
import { readHtml } from "../../extract/readers/html.ts";

const FIXTURES = join(import.meta.dirname, "../fixtures");
const page = new Uint8Array(readFileSync(join(FIXTURES, "real/portal-chrome.html")));
const expected = JSON.parse(
  readFileSync(join(FIXTURES, "seeds/002_a01f0cf12a106081.expected.json"), "utf8"),
) as { meta: Record<string, unknown>; figures: Record<string, number | null> };

describe("a report in a whole portal page", () => {
  it("reads the report, not the page: figures, template, sections and the issuer of the title", async () => {
    const r = await auditBytes(page, "portal-chrome.html");
    expect(r.status).toBe("ok");
    expect(r.meta).toMatchObject(expected.meta);
    expect(r.meta.portalDate).toBe("2025-01-21");
    for (const [key, value] of Object.entries(expected.figures))
      expect([key, r.figures[key]]).toEqual([key, value]);
    const { sections } = analyse(readHtml(page)).report;
    expect(sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(sections.find((s) => s.no === 6)?.text).toBe("本年度无收取信息处理费情况。");
    expect(sections.find((s) => s.no === 5)?.text).toContain("采取以下措施加以改进");
  });

  it("raises none of the chrome's false alarms", async () => {
    const r = await auditBytes(page, "portal-chrome.html");
    const rules = r.findings.map((f) => f.rule);
    for (const rule of ["STRUCTURE-SECTIONS", "STRUCTURE-TABLES", "XY-FORMAT", "META-YEAR"])
      expect(rules).not.toContain(rule);
    expect(r.findings.filter((f) => f.severity !== "notice").map((f) => f.rule)).toEqual(["META-DATE"]);
    // 「无收取信息处理费情况」 is a (partial) fee statement, not a missing one.
    expect(r.findings.find((f) => f.rule === "FEE-PRESENT")?.severity).toBe("notice");
  });
});
