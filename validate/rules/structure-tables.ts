import type { ParsedReport } from "../../extract/schema.ts";
import { T4_ROWS, type TableId, type TemplateVersion, t2Blocks } from "../../extract/template/layout.ts";
import type { Rule, RuleCheck } from "../finding.ts";
import { issueCells, issueRowKey, rowCellsIn } from "./utils/figures.ts";
import { labelOfRow, TABLE_NUMERALS } from "./utils/labels.ts";
import { t2Version } from "./utils/t2.ts";
import { otherLayout, t3RowKeys } from "./utils/t3.ts";
import { expectedVersion } from "./xy-format.ts";

interface Expected {
  /** Full row keys, in template order. */
  readonly rows: readonly string[];
  readonly rowCount: number;
  readonly cols: string;
  readonly version: TemplateVersion;
}

function expected(report: ParsedReport, table: TableId): Expected | null {
  if (table === "t4")
    return { rows: T4_ROWS.map((r) => `t4.${r.key}`), rowCount: 1, cols: "15", version: "2021" };
  if (table === "t3") {
    const { parent, subs } = otherLayout(report);
    // Both forms of （六） printed: the extra parent row is allowed.
    const rows = t3RowKeys(report)
      .filter((r) => !(parent && subs && r === "other_processing"))
      .map((r) => `t3.${r}`);
    return { rows, rowCount: rows.length, cols: "7", version: "2021" };
  }
  const year = report.meta.reportYear;
  const version: TemplateVersion | null = t2Version(report) ?? (year === null ? null : expectedVersion(year));
  if (version === null) return null;
  const rows = t2Blocks(version).flatMap((b) => b.rows.map((r) => `t2.${r.key}`));
  return { rows, rowCount: rows.length, cols: version === "2021" ? "1–3" : "2–3", version };
}

function tableCheck(report: ParsedReport, table: TableId): RuleCheck {
  const exp = expected(report, table);
  if (exp === null) return { outcome: "cannot_check", scope: table, missing: [] };
  const info = report.tables[table];
  const base = { n: TABLE_NUMERALS[table], rows: exp.rowCount, cols: exp.cols };
  const tableMissing =
    !info.found || report.issues.some((i) => i.table === table && i.kind === "missing_table");
  if (tableMissing) {
    return {
      outcome: "fail",
      scope: table,
      hit: { messageId: "incomplete", data: { ...base, found: "0 行", missing: "整张表" }, cells: [] },
    };
  }
  const missing = new Set<string>();
  for (const issue of report.issues) {
    if (issue.table !== table || issue.kind !== "missing_row") continue;
    const row = issueRowKey(issue);
    missing.add(row ?? issue.row);
  }
  // tables.*.rows lists the rows found; an empty list means the parser did not say.
  const found = new Set(info.rows.map((r) => (r.startsWith(`${table}.`) ? r : `${table}.${r}`)));
  if (found.size > 0 && table !== "t4") for (const row of exp.rows) if (!found.has(row)) missing.add(row);
  if (missing.size === 0) return { outcome: "pass", scope: table };
  const rows = exp.rows.filter((r) => missing.has(r));
  const unknown = [...missing].filter((r) => !exp.rows.includes(r));
  const labels = [...rows.map((r) => labelOfRow(r, exp.version)), ...unknown];
  // 表四 is one printed row of 3 groups × 5 cells: a missing group shows as missing cells.
  const foundText =
    table === "t4"
      ? `${Math.max(0, 15 - 5 * rows.length)} 列`
      : `${Math.max(0, exp.rowCount - rows.length)} 行`;
  return {
    outcome: "fail",
    scope: table,
    hit: {
      messageId: "incomplete",
      data: { ...base, found: foundText, missing: labels.map((l) => `「${l}」`).join("、") },
      cells: rows.flatMap((r) => rowCellsIn(report, r)),
    },
  };
}

export const structureTables: Rule = {
  meta: {
    id: "STRUCTURE-TABLES",
    severity: "warning",
    basis: "年度报告格式：表二、表三、表四的行列设置不得增删",
    description:
      "表二/三/四 are present with the version's rows; rows the parser found with extra or missing numbers are listed (their cells stay null).",
    messages: {
      incomplete: "表{n}应有 {rows} 行×{cols} 列，识别到 {found}；缺少 {missing}",
      rowWidth: "「{row}」有 {k} 个数字，应为 {m} 个（{outcome}）",
      rowWidths: "表{n}有 {count} 行的数字个数与格式不符：{rows}",
    },
  },
  check({ report }) {
    const year = report.meta.reportYear;
    if (year !== null && year <= 2018) return []; // no unified format (XY-FORMAT gives the notice)
    const checks: RuleCheck[] = (["t2", "t3", "t4"] as const).map((t) => tableCheck(report, t));
    // Rows with extra or missing numbers: one finding per table, each row with what became of it.
    for (const table of ["t2", "t3", "t4"] as const) {
      const rows = report.issues
        .filter((issue) => issue.kind === "row_width" && issue.table === table)
        .map((issue) => {
          const row = issueRowKey(issue);
          const cells =
            issue.table === "t4" ? issueCells(issue) : row === null ? [] : rowCellsIn(report, row);
          const k = issue.found ?? issue.raw.split(/\s+/).filter((x) => x !== "").length;
          const m = issue.expected ?? cells.length;
          const label =
            row !== null && issue.table !== "t4" && cells.length > 0
              ? labelOfRow(row, t2Version(report) ?? "2021")
              : issue.row;
          const recovered =
            cells.length > 0 &&
            cells.every((key) => report.figures[key] !== null && report.figures[key] !== undefined);
          const outcome = !recovered
            ? "无法唯一对齐，相关单元格记为空"
            : k > m
              ? "去掉多余数字后读法唯一，已采信"
              : "缺少的数字可由表内关系唯一推算，已补全";
          return { row, cells, k, m, label, outcome };
        });
      if (rows.length === 0) continue;
      const cells = rows.flatMap((r) => r.cells);
      const first = rows[0] as (typeof rows)[number];
      // In a scan or photo a row's numbers are most often misread or merged by the recognition, not
      // misprinted: a notice (PARSE-AMBIGUOUS names the cells left unread), not a warning on the report.
      const ocr = report.ocr ? { severity: "notice" as const } : {};
      checks.push({
        outcome: "fail",
        scope: `${table}.rows`,
        hit:
          rows.length === 1
            ? {
                messageId: "rowWidth",
                data: { row: first.label, k: first.k, m: first.m, outcome: first.outcome },
                cells,
                ...ocr,
              }
            : {
                ...ocr,
                messageId: "rowWidths",
                data: {
                  n: TABLE_NUMERALS[table],
                  count: rows.length,
                  rows: rows
                    .map((r) => `「${r.label}」有 ${r.k} 个数字，应为 ${r.m} 个（${r.outcome}）`)
                    .join("；"),
                },
                cells,
              },
      });
    }
    return checks;
  },
};
