import type { Rule } from "../finding.ts";
import { t4GroupCheck } from "./utils/t4.ts";

export const t4LitigationDirect: Rule = {
  meta: {
    id: "T4-LITIGATION_DIRECT",
    severity: "error",
    basis: "表四“总计”为结果维持、结果纠正、其他结果、尚未审结之和",
    description: "表四 行政诉讼·未经复议直接起诉: 总计 = 维持 + 纠正 + 其他 + 尚未审结.",
    messages: {
      mismatch:
        "表四 未经复议直接起诉：维持{a}+纠正{b}+其他{c}+未审结{d} = {computed}，总计填报 {reported}，相差 {diff}",
      exceeds:
        "表四 未经复议直接起诉：维持{a}+纠正{b}+其他{c}+未审结{d}，已读出的各栏之和 {computed} 已大于总计填报 {reported}；{unread}栏没有可用数字（空白或未能识别），不论其为多少都不相符",
    },
  },
  check({ report }) {
    return t4GroupCheck(report, "T4-LITIGATION_DIRECT", "litigation_direct");
  },
};
