import type { Rule } from "../finding.ts";
import { colLabel, rowLabel } from "./utils/labels.ts";
import { nonnegChecks } from "./utils/nonneg.ts";

export const t4Nonneg: Rule = {
  meta: {
    id: "T4-NONNEG",
    severity: "error",
    basis: "表四各栏为案件数，应为非负整数",
    description: "All 15 表四 cells that are present are integers ≥ 0 (printed non-numbers included).",
    messages: { invalid: "表四「{group}·{col}」为「{raw}」，应为非负整数" },
  },
  check({ report }) {
    return nonnegChecks(report, "t4", (key, raw) => ({
      messageId: "invalid",
      data: { group: rowLabel(key), col: colLabel(key), raw },
      cells: [key],
    }));
  },
};
