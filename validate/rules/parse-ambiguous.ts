import { ILLEGIBLE } from "../../extract/document.ts";
import { cellDef } from "../../extract/template/layout.ts";
import type { Rule, RuleCheck } from "../finding.ts";
import { cellsOfRow, issueCells, issueRowKey, rowCellsIn } from "./utils/figures.ts";
import { labelOfRow, TABLE_NUMERALS } from "./utils/labels.ts";
import { t2Version } from "./utils/t2.ts";

export const parseAmbiguous: Rule = {
  meta: {
    id: "PARSE-AMBIGUOUS",
    severity: "warning",
    basis: "数字连写无法唯一拆分时宁可留空，不作猜测",
    description:
      "A glued digit run the parser could not split into the row's cells in exactly one way (its cells stay null).",
    messages: {
      ambiguous: "表{n}「{row}」数字“{raw}”有 {k} 种拆分（{options}），未予采信，相关核验无法进行",
      unsplittable: "表{n}「{row}」数字“{raw}”无法拆分为本行的 {m} 个单元格，未予采信，相关核验无法进行",
      unit: "表{n}「{row}」{col}“{raw}”未注明单位（万元或元），未予采信，请注明单位",
      ocr: "表{n}「{row}」{col}经文字识别（OCR）读作“{raw}”，可能是 {options}，但表内关系不能唯一确定，未予采信，请核对原件",
      ocrUnread: "表{n}「{row}」{col}经文字识别（OCR）读作“{raw}”，不是数字，未予采信，请核对原件",
      ocrIllegible: "表{n}「{row}」{col}有字迹，但文字识别（OCR）未能识别，未予采信，请核对原件",
    },
  },
  check({ report }) {
    const checks: RuleCheck[] = [];
    for (const issue of report.issues) {
      if (issue.kind === "ocr_uncertain" && issue.rowKey) {
        const def = cellDef(issue.rowKey);
        checks.push({
          outcome: "fail",
          scope: issue.rowKey,
          hit: {
            messageId:
              (issue.options ?? []).length > 0
                ? "ocr"
                : issue.raw === ILLEGIBLE
                  ? "ocrIllegible"
                  : "ocrUnread",
            data: {
              n: TABLE_NUMERALS[issue.table],
              row: def?.row.label ?? issue.row,
              col: def?.column.label ?? "",
              raw: issue.raw,
              options: (issue.options ?? []).join("或"),
            },
            cells: def ? [issue.rowKey] : [],
          },
        });
        continue;
      }
      if (issue.kind === "unparsed_value") {
        const key = issue.rowKey?.startsWith(`${issue.table}.`)
          ? issue.rowKey
          : `${issue.table}.${issue.rowKey}`;
        const def = cellDef(key);
        checks.push({
          outcome: "fail",
          scope: key,
          hit: {
            messageId: "unit",
            data: {
              n: TABLE_NUMERALS[issue.table],
              row: def?.row.label ?? issue.row,
              col: def?.column.label ?? "",
              raw: issue.raw,
            },
            cells: def ? [key] : [],
          },
        });
        continue;
      }
      if (issue.kind !== "ambiguous_split") continue;
      const rowKey = issueRowKey(issue);
      const row =
        rowKey !== null && cellsOfRow(rowKey).length > 0
          ? labelOfRow(rowKey, t2Version(report) ?? "2021")
          : issue.row;
      const cells =
        rowKey !== null && cellsOfRow(rowKey).length > 0 ? rowCellsIn(report, rowKey) : issueCells(issue);
      const options = issue.options ?? [];
      const base = { n: TABLE_NUMERALS[issue.table], row, raw: issue.raw };
      checks.push({
        outcome: "fail",
        scope: rowKey ?? `${issue.table}:${issue.row}`,
        hit:
          options.length > 0
            ? {
                messageId: "ambiguous",
                data: { ...base, k: options.length, options: options.join("；") },
                cells,
              }
            : { messageId: "unsplittable", data: { ...base, m: issue.expected ?? cells.length }, cells },
      });
    }
    return checks.length > 0 ? checks : [{ outcome: "pass", scope: "document" }];
  },
};
