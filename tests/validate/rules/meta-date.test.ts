import { describe, expect, it } from "vitest";
import { metaDate } from "../../../validate/rules/meta-date.ts";
import { cleanReport, withMeta } from "../../helpers/report.ts";
import { checks, findings, only } from "../helpers.ts";

describe("META-DATE", () => {
  it("passes when a 落款 date was read", () => {
    expect(findings(metaDate, cleanReport())).toEqual([]);
    expect(checks(metaDate, cleanReport())).toEqual([{ outcome: "pass", scope: "meta.publicationDate" }]);
  });

  it("warns when no date is printed", () => {
    const f = only(findings(metaDate, withMeta(cleanReport(), { publicationDate: null, dateQuote: null })));
    expect(f).toMatchObject({ rule: "META-DATE", severity: "warning", cells: [] });
    expect(f.message).toBe("未找到落款日期，无法核验是否按期公布");
  });
});

describe("META-DATE on a scan or photo", () => {
  it("says the OCR did not read the date, as a notice: it is most often printed under the seal", () => {
    const report = {
      ...withMeta(cleanReport(), { publicationDate: null, dateQuote: null }),
      ocr: { engine: "tesseract 5.3.0 chi_sim", dpi: 200 },
    };
    const f = only(findings(metaDate, report));
    expect(f).toMatchObject({ rule: "META-DATE", severity: "notice", cells: [] });
    expect(f.message).toBe(
      "文字识别未能读出落款日期（常被公章覆盖或字迹模糊），无法核验是否按期公布，请核对原件",
    );
  });
});

describe("META-DATE on a portal page without a 落款", () => {
  it("still warns, and says the deadline was checked on the page's date", () => {
    const report = withMeta(cleanReport(), {
      publicationDate: null,
      dateQuote: null,
      portalDate: "2024-01-22",
    });
    const f = only(findings(metaDate, report));
    expect(f.severity).toBe("warning");
    expect(f.message).toBe("未找到落款日期；是否按期公布已按网页标注的发布日期 2024年1月22日 核验");
  });
});
