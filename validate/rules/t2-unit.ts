import type { Rule } from "../finding.ts";
import { figure, rawText } from "./utils/figures.ts";
import { formatNumber, same } from "./utils/format.ts";
import { tableNotFound } from "./utils/relation.ts";
import { t2Version } from "./utils/t2.ts";

const KEY = "t2.fees.amount_wan_yuan";
const SMALL_LEVELS = new Set(["township_government", "subdistrict"]);

/** A prose sentence about 行政事业性收费 (not the 信息处理费 of section 六). */
function aboutAdministrativeFees(text: string): boolean {
  return /收费/.test(text) && !/处理费|收费通知/.test(text);
}

export const t2Unit: Rule = {
  meta: {
    id: "T2-UNIT",
    severity: "warning",
    basis: "表二（八）表头“本年收费金额（单位：万元）”",
    description:
      "2021 表二 fee amount looks like 元, not 万元: a bare 元 in the cell, ≥ 10^6 for a 乡镇/街道, or equal to the prose 元 figure.",
    messages: { wrongUnit: "表二 行政事业性收费「{raw}」，单位应为万元，{reason}" },
  },
  check({ report }) {
    if (!report.tables.t2.found) return [tableNotFound("t2")];
    if (t2Version(report) !== "2021") return [];
    const value = figure(report, KEY);
    const raw = rawText(report, KEY);
    const reasons: string[] = [];
    if (/元/.test(raw) && !/万元/.test(raw)) reasons.push("单元格标注的是“元”");
    if (value !== null) {
      const level = report.meta.issuerLevel;
      if (level !== null && SMALL_LEVELS.has(level) && value >= 1e6) {
        reasons.push(
          `${level === "subdistrict" ? "街道" : "乡镇"}年收费 ${formatNumber(value)} 万元明显偏大，疑按“元”填报`,
        );
      }
      if (value > 0) {
        const prose = report.narrative.find(
          (n) => n.unit === "元" && same(n.value, value) && aboutAdministrativeFees(`${n.measure}${n.quote}`),
        );
        if (prose) reasons.push(`与正文以“元”为单位所述金额相同（“${prose.quote}”）`);
      }
    } else if (reasons.length === 0) {
      return [{ outcome: "cannot_check", scope: KEY, missing: [KEY] }];
    }
    if (reasons.length === 0) return [{ outcome: "pass", scope: KEY }];
    return [
      {
        outcome: "fail",
        scope: KEY,
        hit: { messageId: "wrongUnit", data: { raw, reason: reasons.join("；") }, cells: [KEY] },
      },
    ];
  },
};
