import type { Rule } from "../finding.ts";
import { colLabel, rowLabel } from "./utils/labels.ts";
import { nonnegChecks } from "./utils/nonneg.ts";

export const t3Nonneg: Rule = {
  meta: {
    id: "T3-NONNEG",
    severity: "error",
    basis: "表三各栏为申请件数，应为非负整数",
    description: "Every present 表三 cell is an integer ≥ 0 (printed non-numbers included).",
    messages: { invalid: "表三「{row}」{col}为「{raw}」，应为非负整数" },
  },
  check({ report }) {
    return nonnegChecks(report, "t3", (key, raw) => ({
      messageId: "invalid",
      data: { row: rowLabel(key), col: colLabel(key), raw },
      cells: [key],
    }));
  },
};
