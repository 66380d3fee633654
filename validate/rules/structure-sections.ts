import { CN_NUMERALS, SECTION_TITLES, type SectionNumber } from "../../extract/sections.ts";
import type { Rule, RuleCheck } from "../finding.ts";

const NUMBERS: readonly SectionNumber[] = [1, 2, 3, 4, 5, 6];

export const structureSections: Rule = {
  meta: {
    id: "STRUCTURE-SECTIONS",
    severity: "warning",
    basis: "条例第五十条；年度报告格式规定的六个部分及其顺序",
    description:
      "The six sections are present and in order; a 1、-numbered heading or an extra top-level section is a notice.",
    messages: {
      missing: "缺少第{n}部分「{title}」",
      order: "第{a}部分位于第{b}部分之后",
      numbering: "第{n}部分标题编号为「{numbering}」，格式规定为「{expected}」",
      numberingMany: "第{parts}部分标题以阿拉伯数字编号（{numberings}），格式规定为「一、」「二、」…",
      extra: "多出顶层部分「{heading}」",
    },
  },
  check({ report }) {
    const out: RuleCheck[] = [];
    const byNo = new Map(report.sections.map((s) => [s.no, s]));
    for (const n of NUMBERS) {
      const scope = `section.${n}`;
      if (byNo.has(n)) out.push({ outcome: "pass", scope });
      else {
        out.push({
          outcome: "fail",
          scope,
          hit: { messageId: "missing", data: { n: CN_NUMERALS[n], title: SECTION_TITLES[n] }, cells: [] },
        });
      }
    }
    // Order: each found section against the next found one.
    const found = NUMBERS.filter((n) => byNo.has(n));
    for (let i = 0; i + 1 < found.length; i++) {
      const a = found[i] as SectionNumber;
      const b = found[i + 1] as SectionNumber;
      const scope = `order.${a}-${b}`;
      const la = byNo.get(a)?.line ?? 0;
      const lb = byNo.get(b)?.line ?? 0;
      if (la < lb) out.push({ outcome: "pass", scope });
      else
        out.push({
          outcome: "fail",
          scope,
          hit: { messageId: "order", data: { a: CN_NUMERALS[a], b: CN_NUMERALS[b] }, cells: [] },
        });
    }
    // Numbering: 一、…六、 (1、2、3、 is a deviation worth one notice for all such headings).
    const arabic = found.map((n) => byNo.get(n)).filter((s) => s !== undefined && /^\d/.test(s.numbering));
    if (arabic.length === 1) {
      const s = arabic[0] as (typeof arabic)[number] & object;
      out.push({
        outcome: "fail",
        scope: `numbering.${s.no}`,
        hit: {
          messageId: "numbering",
          data: {
            n: CN_NUMERALS[s.no] ?? String(s.no),
            numbering: s.numbering,
            expected: `${CN_NUMERALS[s.no]}、`,
          },
          cells: [],
          severity: "notice",
        },
      });
    } else if (arabic.length > 1) {
      out.push({
        outcome: "fail",
        scope: "numbering",
        hit: {
          messageId: "numberingMany",
          data: {
            parts: arabic.map((s) => CN_NUMERALS[s?.no ?? 0]).join("、"),
            numberings: arabic.map((s) => s?.numbering).join(""),
          },
          cells: [],
          severity: "notice",
        },
      });
    }
    for (const e of report.extraSections) {
      out.push({
        outcome: "fail",
        scope: `extra@${e.line}`,
        hit: { messageId: "extra", data: { heading: e.heading }, cells: [], severity: "notice" },
      });
    }
    return out;
  },
};
