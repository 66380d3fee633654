import { describe, expect, it } from "vitest";
import { t3Blank } from "../../../validate/rules/t3-blank.ts";
import { cellsOfRow } from "../../../validate/rules/utils/figures.ts";
import {
  cleanReport,
  parseIssue,
  withFigures,
  withIssues,
  withoutTable,
  withRawCells,
} from "../../helpers/report.ts";
import { findings, only } from "../helpers.ts";

const nulls = (keys: string[]) => Object.fromEntries(keys.map((k) => [k, null]));

describe("T3-BLANK", () => {
  it("passes a fully filled 表三 (zeros are numbers)", () => {
    expect(findings(t3Blank, cleanReport())).toEqual([]);
  });

  it("lists the blanks once, by printed label, and names the rules that could not run", () => {
    const report = withFigures(cleanReport(), {
      "t3.new.natural_person": null,
      ...nulls(cellsOfRow("t3.carried_forward")),
    });
    const f = only(findings(t3Blank, report));
    expect(f).toMatchObject({ rule: "T3-BLANK", severity: "warning", messageId: "blank" });
    expect(f.cells).toEqual(["t3.new.natural_person", ...cellsOfRow("t3.carried_forward")]);
    expect(f.message).toBe(
      "表三 8 个单元格未填数字：「一、本年新收政府信息公开申请数量」自然人；「四、结转下年度继续办理」全部7栏；空白不按 0 计，T3-BAL、T3-COLSUM 无法核验",
    );
  });

  it("counts dashes and 无 as blank, but not invalid text or rows the parser could not place", () => {
    let report = withRawCells(cleanReport(), {
      "t3.granted.research": "—",
      "t3.granted.nonprofit": "无",
      "t3.granted.other": "2件",
    });
    report = withIssues(
      withFigures(report, nulls(cellsOfRow("t3.denied.state_secret"))),
      parseIssue({ kind: "ambiguous_split", table: "t3", rowKey: "denied.state_secret", raw: "110000112" }),
    );
    const f = only(findings(t3Blank, report));
    expect(f.cells).toEqual(["t3.granted.research", "t3.granted.nonprofit"]);
    expect(f.message).toBe(
      "表三 2 个单元格未填数字：「（一）予以公开」科研机构、社会公益组织；空白不按 0 计，T3-COLSUM、T3-RESULTS 无法核验",
    );
  });

  it("reports nothing when 表三 was not found", () => {
    expect(findings(t3Blank, withoutTable(cleanReport(), "t3"))).toEqual([]);
  });
});
