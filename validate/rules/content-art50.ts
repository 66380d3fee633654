import { CN_NUMERALS } from "../../extract/sections.ts";
import type { Rule, RuleCheck } from "../finding.ts";

/** Items named in messages (条例第五十条 and the format's sections 一–五). */
const ITEMS: Readonly<Record<number, string>> = {
  1: "总体",
  2: "主动公开政府信息",
  3: "收到和处理政府信息公开申请",
  4: "因政府信息公开工作被申请行政复议、提起行政诉讼",
  5: "存在的主要问题及改进",
};

/** Sections whose substance may be their table alone. */
const TABLE_OF: Readonly<Record<number, "t2" | "t3" | "t4">> = { 2: "t2", 3: "t3", 4: "t4" };

const NOTHING = /^(?:无|暂无|没有|无此情况|本年度无|均无|本年无)?$/;
const FILLER = /[\s\p{P}]/u;

/** A section text that says nothing: blank, or one of NOTHING once spaces and punctuation are gone. */
function saysNothing(text: string): boolean {
  let substance = "";
  for (const ch of text) {
    if (FILLER.test(ch)) continue;
    substance += ch;
    // Longer than any NOTHING phrase: no need to read the rest of a long section.
    if (substance.length > 5) return false;
  }
  return NOTHING.test(substance);
}

const PROBLEMS = /问题|不足|不够|有待|差距|短板|薄弱|欠缺/;
/**
 * Improvements as reports word them: the words of the format (改进, 措施), plans (下一步, 下一年, 今后,
 * 针对上述问题), or what the body will do (将切实抓好…, 将着力…), often listed as 一是…二是….
 */
const IMPROVEMENTS =
  /改进|措施|整改|下一步|下阶段|下一年|新的一年|明年|来年|今后|以后|针对(?:上述|以上|这些|存在的)?问题|将(?:切实|着力|认真|重点|不断|持续|进一步|继续|加强|加大|强化|完善|推动|推进|提升|抓好|做好|严格|积极|全面|深入|围绕|坚持|聚焦)/;

/** 条例第四十六条 systems; the 2021 format reports their results under 监督保障. */
const SYSTEMS: ReadonlyArray<readonly [string, RegExp]> = [
  ["工作考核", /考核/],
  ["社会评议", /评议/],
  ["责任追究", /追究/],
];

export const contentArt50: Rule = {
  meta: {
    id: "CONTENT-ART50",
    severity: "warning",
    basis:
      "条例第五十条：年度报告应包括主动公开、依申请公开、复议诉讼、存在的主要问题及改进情况；各级人民政府还应包括工作考核、社会评议和责任追究结果情况（第四十六条）",
    description:
      "Sections 一–五 have substance; 五 names problems and improvements; governments report 考核/评议/追究 (subdistricts: notice).",
    messages: {
      missing: "未见条例第五十条要求的「{missing}」情况",
    },
  },
  check({ report }) {
    const out: RuleCheck[] = [];
    const fail = (scope: string, missing: string, notice = false): RuleCheck => ({
      outcome: "fail",
      scope,
      hit: {
        messageId: "missing",
        data: { missing },
        cells: [],
        ...(notice ? { severity: "notice" as const } : {}),
      },
    });
    const byNo = new Map(report.sections.map((s) => [s.no, s]));

    for (const n of [1, 2, 3, 4, 5]) {
      const scope = `section.${n}`;
      const s = byNo.get(n);
      const table = TABLE_OF[n];
      if (table !== undefined && report.tables[table].found) {
        out.push({ outcome: "pass", scope });
        continue;
      }
      if (!s) {
        out.push({ outcome: "cannot_check", scope, missing: [] });
        continue;
      }
      out.push(
        saysNothing(s.text) ? fail(scope, ITEMS[n] ?? CN_NUMERALS[n] ?? "") : { outcome: "pass", scope },
      );
    }

    const five = byNo.get(5);
    if (five && saysNothing(five.text)) {
      // An empty 五 was reported above; naming problems and improvements is then moot.
    } else if (!five) {
      out.push({ outcome: "cannot_check", scope: "section.5.problems", missing: [] });
      out.push({ outcome: "cannot_check", scope: "section.5.improvements", missing: [] });
    } else {
      out.push(
        PROBLEMS.test(five.text)
          ? { outcome: "pass", scope: "section.5.problems" }
          : fail("section.5.problems", "存在的主要问题"),
      );
      out.push(
        IMPROVEMENTS.test(five.text)
          ? { outcome: "pass", scope: "section.5.improvements" }
          : fail("section.5.improvements", "改进"),
      );
    }

    const level = report.meta.issuerLevel;
    const prose = report.fullText !== "" ? report.fullText : report.sections.map((s) => s.text).join("\n");
    // One finding for the three 第四十六条 systems together, naming those not found.
    if (level === null) {
      out.push({ outcome: "cannot_check", scope: "art46", missing: ["meta.issuerLevel"] });
    } else if (level !== "department") {
      // 第五十条 requires them of 各级人民政府 only; for a 街道 it is a notice.
      const absent = SYSTEMS.filter(([, re]) => !re.test(prose)).map(([label]) => label);
      out.push(
        absent.length === 0
          ? { outcome: "pass", scope: "art46" }
          : fail("art46", absent.join("、"), level === "subdistrict"),
      );
    }
    return out;
  },
};
