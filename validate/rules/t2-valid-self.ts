import type { Rule, RuleCheck } from "../finding.ts";
import { decodedWith, figure } from "./utils/figures.ts";
import { rowLabel } from "./utils/labels.ts";
import { tableNotFound } from "./utils/relation.ts";
import { t2Version } from "./utils/t2.ts";

const ID = "T2-VALID-SELF";
const ROWS = ["regulations", "normative_documents"] as const;

export const t2ValidSelf: Rule = {
  meta: {
    id: ID,
    severity: "warning",
    basis: "表二（一）栏目含义：本年制发且未废止的文件计入现行有效（2019 版：本年新公开的计入对外公开总数）",
    description:
      "2021: in_force ≥ made for 规章 and 规范性文件; 2019: total_published ≥ new_published (inferred).",
    messages: {
      inForceBelowMade: "表二「{item}」本年制发 {made} 件，现行有效仅 {in_force} 件，请核实",
      totalBelowNew:
        "表二「{item}」本年新公开 {new_published} 件，对外公开总数量仅 {total_published} 件，请核实",
    },
  },
  check({ report }) {
    if (!report.tables.t2.found) return [tableNotFound("t2")];
    const version = t2Version(report);
    if (version === null) return [{ outcome: "cannot_check", scope: "t2", missing: [] }];
    const [flowCol, stockCol] =
      version === "2021" ? ["made", "in_force"] : ["new_published", "total_published"];
    return ROWS.map((row): RuleCheck => {
      const flowKey = `t2.${row}.${flowCol}`;
      const stockKey = `t2.${row}.${stockCol}`;
      const scope = `t2.${row}.*`;
      const flow = figure(report, flowKey);
      const stock = figure(report, stockKey);
      if (flow === null || stock === null) {
        return {
          outcome: "cannot_check",
          scope,
          missing: [flowKey, stockKey].filter((k) => figure(report, k) === null),
        };
      }
      if (stock >= flow)
        return { outcome: decodedWith(report, [flowKey, stockKey], ID) ? "assumed" : "pass", scope };
      return {
        outcome: "fail",
        scope,
        hit:
          version === "2021"
            ? {
                messageId: "inForceBelowMade",
                data: { item: rowLabel(flowKey), made: flow, in_force: stock },
                cells: [flowKey, stockKey],
              }
            : {
                messageId: "totalBelowNew",
                data: { item: rowLabel(flowKey), new_published: flow, total_published: stock },
                cells: [flowKey, stockKey],
              },
      };
    });
  },
};
