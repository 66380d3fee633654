import { describe, expect, it } from "vitest";
import { structureSections } from "../../../validate/rules/structure-sections.ts";
import { cleanReport } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const clean = cleanReport();

describe("STRUCTURE-SECTIONS", () => {
  it("passes when the six sections are present, in order, numbered 一、…六、", () => {
    expect(findings(structureSections, clean)).toEqual([]);
    expect(checks(structureSections, clean).every((c) => c.outcome === "pass")).toBe(true);
  });

  it("warns on a missing section", () => {
    const f = only(
      findings(structureSections, { ...clean, sections: clean.sections.filter((s) => s.no !== 4) }),
    );
    expect(f).toMatchObject({ rule: "STRUCTURE-SECTIONS", severity: "warning", cells: [] });
    expect(f.message).toBe("缺少第四部分「政府信息公开行政复议、行政诉讼情况」");
  });

  it("warns on sections out of order", () => {
    const sections = clean.sections.map((s) => (s.no === 5 ? { ...s, line: 99 } : s));
    const f = only(findings(structureSections, { ...clean, sections }));
    expect(f.severity).toBe("warning");
    expect(f.message).toBe("第五部分位于第六部分之后");
  });

  it("is a notice for 1、 numbering and for an extra top-level section", () => {
    const sections = clean.sections.map((s) => (s.no === 1 ? { ...s, numbering: "1、" } : s));
    const numbered = only(findings(structureSections, { ...clean, sections }));
    expect(numbered).toMatchObject({ severity: "notice", cells: [] });
    expect(numbered.message).toBe("第一部分标题编号为「1、」，格式规定为「一、」");
    const extra = only(
      findings(structureSections, { ...clean, extraSections: [{ heading: "七、附件", line: 80 }] }),
    );
    expect(extra).toMatchObject({ severity: "notice", message: "多出顶层部分「七、附件」" });
  });

  it("gives one notice when several headings are numbered 1、2、3、 (seed 003)", () => {
    const sections = clean.sections.map((s) => (s.no <= 3 ? { ...s, numbering: `${s.no}、` } : s));
    const f = only(findings(structureSections, { ...clean, sections }));
    expect(f).toMatchObject({ severity: "notice", cells: [] });
    expect(f.message).toBe("第一、二、三部分标题以阿拉伯数字编号（1、2、3、），格式规定为「一、」「二、」…");
  });
});
