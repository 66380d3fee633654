import { describe, expect, it } from "vitest";
import { textT3Split } from "../../../validate/rules/text-t3-split.ts";
import { cleanReport, withFigures, withProse, withSingleOther } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

// cleanReport: 予以公开 6, 部分公开 1, 不予公开 0, 不掌握 2, 不予处理 1, 其他处理 0.
const prose = (text: string) => withProse(cleanReport(), { 1: text });
const DENIED = [
  "state_secret",
  "law_prohibited",
  "three_safety_one_stability",
  "third_party_rights",
  "internal_affairs",
  "process_info",
  "enforcement_file",
  "administrative_query",
].map((r) => `t3.denied.${r}.total`);

describe("TEXT-T3-SPLIT", () => {
  it("passes when each outcome agrees with its 表三 rows", () => {
    const report = prose(
      "收到政府信息公开申请12件，其中予以公开6件，部分公开1件，不掌握相关政府信息2件，不予处理1件。",
    );
    expect(findings(textT3Split, report)).toEqual([]);
    expect(checks(textT3Split, report).map((c) => c.outcome)).toEqual(["pass", "pass", "pass", "pass"]);
  });

  it("warns when a category differs from the sum of its sub-rows", () => {
    const f = only(findings(textT3Split, prose("收到政府信息公开申请12件，其中不予公开1件。")));
    expect(f).toMatchObject({
      rule: "TEXT-T3-SPLIT",
      severity: "warning",
      cells: DENIED,
      reported: 1,
      computed: 0,
    });
    expect(f.message).toBe(
      "正文称「不予公开」1 件（“收到政府信息公开申请12件，其中不予公开1件”），表三对应合计 0，相差 1",
    );
  });

  it("adds 予以公开及部分公开; sums （六） over the layout the report prints", () => {
    const both = only(findings(textT3Split, prose("申请中予以公开及部分公开8件。")));
    expect(both.cells).toEqual(["t3.granted.total", "t3.partially_granted.total"]);
    expect(both.message).toBe(
      "正文称「予以公开及部分公开」8 件（“申请中予以公开及部分公开8件”），表三对应合计 7，相差 1",
    );
    const split = only(findings(textT3Split, prose("申请中其他处理1件。")));
    expect(split.cells).toEqual([
      "t3.other_processing.overdue_correction.total",
      "t3.other_processing.overdue_fee.total",
      "t3.other_processing.other.total",
    ]);
    const single = withProse(withSingleOther(cleanReport()), { 1: "申请中其他处理1件。" });
    expect(only(findings(textT3Split, single)).cells).toEqual(["t3.other_processing.total"]);
  });

  it("is cannot_check when a sub-row is blank", () => {
    const blank = withFigures(prose("收到政府信息公开申请12件，其中不予公开1件。"), {
      "t3.denied.process_info.total": null,
    });
    expect(findings(textT3Split, blank)).toEqual([]);
    expect(checks(textT3Split, blank)).toMatchObject([
      { outcome: "cannot_check", missing: ["t3.denied.process_info.total"] },
    ]);
  });
});
