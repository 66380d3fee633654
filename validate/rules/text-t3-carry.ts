import type { Rule } from "../finding.ts";
import { checkRestatements } from "./utils/restatement.ts";

const KEYS: Readonly<Record<string, string>> = {
  "t3.carried_forward.total": "结转下年度",
  "t3.carried_over.total": "上年结转",
};

export const textT3Carry: Rule = {
  meta: {
    id: "TEXT-T3-CARRY",
    severity: "warning",
    readsProse: true,
    basis: "条例第五十条第（二）项：年度报告正文所述结转数应与表三「上年结转」「结转下年度继续办理」一致",
    description:
      "Prose counts of applications carried forward (结转下年度 N) or carried over (上年结转 N) equal 表三.",
    messages: {
      mismatch: "正文称{row} {text} 件（“{quote}”），表三为 {table}，相差 {diff}",
    },
  },
  check({ report }) {
    return checkRestatements(
      report,
      (f) => (f.key as string) in KEYS,
      (f) => ({ data: { row: KEYS[f.key as string] ?? f.measure } }),
    );
  },
};
