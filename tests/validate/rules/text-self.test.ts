import { describe, expect, it } from "vitest";
import { textSelf } from "../../../validate/rules/text-self.ts";
import { cleanReport, withProse } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

const prose = (text: string) => withProse(cleanReport(), { 1: text });

describe("TEXT-SELF", () => {
  it("passes when the parts add up, or fall short of a non-exhaustive total", () => {
    const report = prose("共发布信息10条，其中政务动态6条，其他信息4条。全年收到申请12件，其中予以公开6件。");
    expect(findings(textSelf, report)).toEqual([]);
    expect(checks(textSelf, report).map((c) => c.outcome)).toEqual(["pass", "pass"]);
  });

  it("warns when an exhaustive list (ending in 其他) falls short", () => {
    const f = only(findings(textSelf, prose("主动公开政府信息10条，其中政务动态6条，其他信息3条。")));
    expect(f).toMatchObject({
      rule: "TEXT-SELF",
      severity: "warning",
      cells: [],
      reported: 10,
      computed: 9,
      difference: 1,
    });
    expect(f.message).toBe(
      "正文“主动公开政府信息10条，其中政务动态6条，其他信息3条”：总数 10条，分项合计 9条，相差 1",
    );
  });

  it("warns when the parts exceed the total; 分别为 makes a list exhaustive", () => {
    const over = only(findings(textSelf, prose("共发布信息10条，其中政务动态6条，通知公告5条。")));
    expect(over.message).toBe(
      "正文“共发布信息10条，其中政务动态6条，通知公告5条”：总数 10条，分项合计 11条，相差 -1",
    );
    const listed = only(findings(textSelf, prose("共收到申请5件，分别为自然人3件、企业1件。")));
    expect(listed.message).toBe(
      "正文“共收到申请5件，分别为自然人3件、企业1件”：总数 5件，分项合计 4件，相差 1",
    );
  });
});
