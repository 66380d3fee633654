import { describe, expect, it } from "vitest";
import { structureTables } from "../../../validate/rules/structure-tables.ts";
import { cellsOfRow } from "../../../validate/rules/utils/figures.ts";
import { cleanReport, parseIssue, withIssues, withoutTable } from "../../helpers/report.ts";
import { checks, findings, only, summary } from "../helpers.ts";

describe("STRUCTURE-TABLES", () => {
  it("passes three complete tables", () => {
    expect(findings(structureTables, cleanReport())).toEqual([]);
    expect(findings(structureTables, cleanReport({ version: "2019" }))).toEqual([]);
    expect(summary(structureTables, cleanReport())).toMatchObject({ pass: 3, fail: 0 });
  });

  it("fires on a missing table", () => {
    const f = only(findings(structureTables, withoutTable(cleanReport(), "t4")));
    expect(f).toMatchObject({
      rule: "STRUCTURE-TABLES",
      severity: "warning",
      messageId: "incomplete",
      cells: [],
    });
    expect(f.message).toBe("表四应有 1 行×15 列，识别到 0 行；缺少 整张表");
    expect(only(findings(structureTables, withoutTable(cleanReport(), "t2"))).message).toBe(
      "表二应有 6 行×1–3 列，识别到 0 行；缺少 整张表",
    );
  });

  it("lists missing rows (from missing_row issues or the rows the parser found)", () => {
    const report = withIssues(
      cleanReport(),
      parseIssue({
        kind: "missing_row",
        table: "t3",
        row: "四、结转下年度继续办理",
        rowKey: "carried_forward",
      }),
    );
    const f = only(findings(structureTables, report));
    expect(f.cells).toEqual(cellsOfRow("t3.carried_forward"));
    expect(f.message).toBe("表三应有 25 行×7 列，识别到 24 行；缺少 「四、结转下年度继续办理」");

    const base = cleanReport({ version: "2019" });
    // The parser lists the rows it found: here without 规范性文件 and 政府集中采购.
    const found = ["regulations", "licensing", "other_services", "punishment", "coercion", "fees"];
    const rows = { ...base, tables: { ...base.tables, t2: { ...base.tables.t2, rows: found } } };
    expect(only(findings(structureTables, rows)).message).toBe(
      "表二应有 8 行×2–3 列，识别到 6 行；缺少 「规范性文件」、「政府集中采购」",
    );
  });

  it("reports a row with the wrong number of cells", () => {
    const report = withIssues(
      cleanReport(),
      parseIssue({
        kind: "row_width",
        table: "t3",
        row: "（一）予以公开",
        rowKey: "granted",
        raw: "5 1 0 0 0 6",
        found: 6,
        expected: 7,
      }),
    );
    const f = only(findings(structureTables, report));
    expect(f).toMatchObject({ messageId: "rowWidth", cells: cellsOfRow("t3.granted") });
    expect(f.message).toBe(
      "「（一）予以公开」有 6 个数字，应为 7 个（缺少的数字可由表内关系唯一推算，已补全）",
    );
  });

  it("lists several such rows of one table in one finding, saying which stayed null", () => {
    const issue = (row: string, rowKey: string) =>
      parseIssue({ kind: "row_width", table: "t3", row, rowKey, raw: "0 0 0 0 0 0", found: 6, expected: 7 });
    const base = withIssues(
      cleanReport(),
      issue("（一）予以公开", "granted"),
      issue("（七）总计", "total_processed"),
    );
    const report = {
      ...base,
      figures: {
        ...base.figures,
        "t3.total_processed.total": null,
        "t3.total_processed.natural_person": null,
      },
    };
    const f = only(findings(structureTables, report));
    expect(f).toMatchObject({ messageId: "rowWidths", severity: "warning" });
    expect(f.cells).toEqual([...cellsOfRow("t3.granted"), ...cellsOfRow("t3.total_processed")]);
    expect(f.message).toBe(
      "表三有 2 行的数字个数与格式不符：「（一）予以公开」有 6 个数字，应为 7 个（缺少的数字可由表内关系唯一推算，已补全）；「（七）总计」有 6 个数字，应为 7 个（无法唯一对齐，相关单元格记为空）",
    );
  });

  it("says so as a notice in a scan or photo, where the recognition most often misread the row", () => {
    const issue = parseIssue({
      kind: "row_width",
      table: "t4",
      row: "表四数据行",
      raw: "5 1 ) pe",
      found: 4,
      expected: 15,
    });
    const printed = withIssues(cleanReport(), issue);
    expect(only(findings(structureTables, printed)).severity).toBe("warning");
    const scanned = { ...printed, ocr: { engine: "tesseract 5.3.0 chi_sim", dpi: 200 } };
    expect(only(findings(structureTables, scanned))).toMatchObject({
      messageId: "rowWidth",
      severity: "notice",
    });
  });

  it("skips reports for Y ≤ 2018", () => {
    expect(checks(structureTables, withoutTable(cleanReport({ year: 2018 }), "t4"))).toEqual([]);
  });
});
