import { describe, expect, it } from "vitest";
import type { DetectedVersion, ParsedReport } from "../../../extract/schema.ts";
import { xyFormat } from "../../../validate/rules/xy-format.ts";
import { cleanReport } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

function detected(
  report: ParsedReport,
  version: DetectedVersion | null,
  evidence: string[],
  year?: number | null,
) {
  return {
    ...report,
    meta: {
      ...report.meta,
      templateVersion: version,
      templateEvidence: evidence,
      ...(year === undefined ? {} : { reportYear: year }),
    },
  };
}

describe("XY-FORMAT", () => {
  it("passes 2019/2020 reports in the 2019 format and 2021+ reports in the 2021 format", () => {
    expect(findings(xyFormat, cleanReport({ version: "2021", year: 2023 }))).toEqual([]);
    expect(findings(xyFormat, cleanReport({ version: "2021", year: 2021 }))).toEqual([]);
    expect(findings(xyFormat, cleanReport({ version: "2019", year: 2019 }))).toEqual([]);
    expect(findings(xyFormat, cleanReport({ version: "2019", year: 2020 }))).toEqual([]);
  });

  it("fires on a 2021+ report in the 2019 format", () => {
    const f = only(findings(xyFormat, cleanReport({ version: "2019", year: 2023 })));
    expect(f).toMatchObject({ rule: "XY-FORMAT", severity: "warning", messageId: "wrongVersion", cells: [] });
    expect(f.message).toBe(
      "2023年度报告应使用2021年版格式（国办公开办函〔2021〕30号），实际识别为2019年版格式（试行）（依据：本年新制作数量）",
    );
  });

  it("fires on a 2020 report in the 2021 format", () => {
    const f = only(findings(xyFormat, cleanReport({ version: "2021", year: 2020 })));
    expect(f.message).toBe(
      "2020年度报告应使用2019年版格式（试行）（国办公开办函〔2019〕60号），实际识别为2021年版格式（依据：本年制发件数）",
    );
  });

  it("always fires on a mixed or unknown format", () => {
    const mixed = detected(cleanReport({ year: 2022 }), "mixed", ["本年制发件数", "本年新制作数量"]);
    expect(only(findings(xyFormat, mixed)).message).toBe(
      "2022年度报告应使用2021年版格式（国办公开办函〔2021〕30号），实际识别为两版格式混用（依据：本年制发件数、本年新制作数量）",
    );
    const unknown = detected(cleanReport({ version: "2019", year: 2019 }), null, []);
    expect(only(findings(xyFormat, unknown)).message).toBe(
      "2019年度报告应使用2019年版格式（试行）（国办公开办函〔2019〕60号），实际识别为未知格式（依据：未找到版式特征）",
    );
    const noYear = detected(cleanReport(), "mixed", ["本年制发件数", "政府集中采购"], null);
    expect(only(findings(xyFormat, noYear)).message).toBe(
      "报告格式识别为两版格式混用（依据：本年制发件数、政府集中采购），应使用2019年版格式（国办公开办函〔2019〕60号）或2021年版格式（国办公开办函〔2021〕30号）",
    );
  });

  it("gives one notice for Y ≤ 2018", () => {
    const f = only(findings(xyFormat, detected(cleanReport(), null, [], 2018)));
    expect(f).toMatchObject({ severity: "notice", messageId: "outOfScope" });
    expect(f.message).toBe("2018年度报告早于现行条例和统一格式（2019年度起适用），不在格式核验范围内");
  });

  it("is cannot_check without a year when the version is known", () => {
    expect(checks(xyFormat, detected(cleanReport(), "2021", ["本年制发件数"], null))[0]?.outcome).toBe(
      "cannot_check",
    );
  });

  it("cannot check without 表二 and 表三 (the missing tables are STRUCTURE-TABLES' finding)", () => {
    const base = detected(cleanReport(), null, [], 2023);
    const report = {
      ...base,
      tables: {
        ...base.tables,
        t2: { ...base.tables.t2, found: false },
        t3: { ...base.tables.t3, found: false },
      },
    };
    expect(findings(xyFormat, report)).toEqual([]);
    expect(checks(xyFormat, report)[0]?.outcome).toBe("cannot_check");
  });
});
