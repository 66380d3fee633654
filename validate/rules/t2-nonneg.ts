import type { CellType } from "../../extract/template/layout.ts";
import type { Rule } from "../finding.ts";
import { colLabel, rowLabel } from "./utils/labels.ts";
import { nonnegChecks } from "./utils/nonneg.ts";

const TYPE_NAMES: Record<CellType, string> = {
  count: "非负整数",
  signed: "整数（增加为正数，减少为负数）",
  amount: "不小于 0 的数值（单位：万元）",
  amount_text: "不小于 0 的金额",
};

export const t2Nonneg: Rule = {
  meta: {
    id: "T2-NONNEG",
    severity: "error",
    basis: "表二栏目含义：件数、项目数为非负整数，“本年增/减”为整数，收费金额为不小于 0 的万元数",
    description: "表二 counts are integers ≥ 0, 2019 `change` a signed integer, amounts decimals ≥ 0.",
    messages: { invalid: "表二「{item}」{col}为「{raw}」，应为{type}" },
  },
  check({ report }) {
    return nonnegChecks(
      report,
      "t2",
      (key, raw, type) => ({
        messageId: "invalid",
        data: { item: rowLabel(key), col: colLabel(key), raw, type: TYPE_NAMES[type] },
        cells: [key],
      }),
      // 采购总金额 whose unit is unclear is null with its printed amount kept: not an invalid value.
      (_key, raw, type) => type === "amount_text" && /\d/.test(raw) && !/[-－−]\s*\d/.test(raw),
    );
  },
};
