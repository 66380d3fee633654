import type { DetectedVersion } from "../../extract/schema.ts";
import type { Rule } from "../finding.ts";

const FORMATS = {
  "2019": { name: "2019年版格式（试行）", doc: "国办公开办函〔2019〕60号" },
  "2021": { name: "2021年版格式", doc: "国办公开办函〔2021〕30号" },
} as const;

function detectedName(version: DetectedVersion | null): string {
  if (version === "mixed") return "两版格式混用";
  if (version === null) return "未知格式";
  return FORMATS[version].name;
}

/** The template version a report of year Y must use, or null for Y ≤ 2018. */
export function expectedVersion(year: number): "2019" | "2021" | null {
  if (year >= 2021) return "2021";
  if (year >= 2019) return "2019";
  return null;
}

export const xyFormat: Rule = {
  meta: {
    id: "XY-FORMAT",
    severity: "warning",
    basis:
      "条例第五十条（统一格式）；国办公开办函〔2019〕60号用于 2019、2020 年度报告，国办公开办函〔2021〕30号用于 2021 年度起的报告",
    description:
      "The detected template version matches the year (2019–2020 → 2019, ≥ 2021 → 2021); mixed/unknown always fire; Y ≤ 2018 is out of scope.",
    messages: {
      wrongVersion: "{Y}年度报告应使用{expected}（{doc}），实际识别为{detected}（依据：{evidence}）",
      undetected:
        "报告格式识别为{detected}（依据：{evidence}），应使用2019年版格式（国办公开办函〔2019〕60号）或2021年版格式（国办公开办函〔2021〕30号）",
      outOfScope: "{Y}年度报告早于现行条例和统一格式（2019年度起适用），不在格式核验范围内",
    },
  },
  check({ report }) {
    const year = report.meta.reportYear;
    const detected = report.meta.templateVersion;
    const evidence =
      report.meta.templateEvidence.length > 0 ? report.meta.templateEvidence.join("、") : "未找到版式特征";
    const scope = "meta.templateVersion";
    // Without 表二 and 表三 there is nothing to tell the version by: STRUCTURE-TABLES reports the tables.
    if (detected === null && !report.tables.t2.found && !report.tables.t3.found) {
      return [{ outcome: "cannot_check", scope, missing: ["表二", "表三"] }];
    }
    if (year === null) {
      if (detected === "2019" || detected === "2021")
        return [{ outcome: "cannot_check", scope, missing: [] }];
      return [
        {
          outcome: "fail",
          scope,
          hit: { messageId: "undetected", data: { detected: detectedName(detected), evidence }, cells: [] },
        },
      ];
    }
    const expected = expectedVersion(year);
    if (expected === null) {
      return [
        {
          outcome: "fail",
          scope,
          hit: { messageId: "outOfScope", data: { Y: year }, cells: [], severity: "notice" },
        },
      ];
    }
    if (detected === expected) return [{ outcome: "pass", scope }];
    return [
      {
        outcome: "fail",
        scope,
        hit: {
          messageId: "wrongVersion",
          data: {
            Y: year,
            expected: FORMATS[expected].name,
            doc: FORMATS[expected].doc,
            detected: detectedName(detected),
            evidence,
          },
          cells: [],
        },
      },
    ];
  },
};
