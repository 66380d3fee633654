import type { Rule } from "../finding.ts";
import { checkRestatements } from "./utils/restatement.ts";

const KEY = "t3.total_processed.total";

export const textT3Done: Rule = {
  meta: {
    id: "TEXT-T3-DONE",
    severity: "warning",
    readsProse: true,
    basis: "条例第五十条第（二）项：年度报告正文所述办结数应与表三「（七）总计」一致",
    description:
      "A prose count of applications answered (办结/答复/办理完毕 N) equals 表三 total_processed.total.",
    messages: {
      mismatch: "正文称办结 {text} 件（“{quote}”），表三「（七）总计」{table}，相差 {diff}",
    },
  },
  check({ report }) {
    return checkRestatements(
      report,
      (f) => f.key === KEY,
      () => ({}),
    );
  },
};
