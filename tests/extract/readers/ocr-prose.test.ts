import { describe, expect, it } from "vitest";
import { analyse } from "../../../extract/analyse.ts";
import type { Document } from "../../../extract/document.ts";
import { reportFeeStatement } from "../../../extract/narrative.ts";
import { mendOcrTerms } from "../../../extract/readers/ocr/ocr-prose.ts";
import { readText } from "../../../extract/readers/text.ts";

describe("the fee statement's terms in OCR'd prose", () => {
  it("mends a term with one inner glyph read as another Chinese character", () => {
    expect(mendOcrTerms("发出收费运知的件数和总金额以及实际收取的总金额均为 0。")).toBe(
      "发出收费通知的件数和总金额以及实际收取的总金额均为 0。",
    );
    expect(mendOcrTerms("本年度收取信息外理费 0 元，实陈收取 0 元")).toBe(
      "本年度收取信息处理费 0 元，实际收取 0 元",
    );
  });

  it("leaves a term misread at its ends, in two glyphs, or as a mark that is no character", () => {
    for (const text of [
      "发出牧费通知 3 件",
      "发出收费运如 3 件",
      "发出收贵运知 3 件",
      "发出收费,知 3 件",
      "收费通知",
    ])
      expect(mendOcrTerms(text)).toBe(text);
  });
});

describe("an OCR'd report's fee statement", () => {
  const lines = [
    "某县某局2023年政府信息公开工作年度报告",
    "一、总体情况",
    "本局认真贯彻落实条例。",
    "六、其他需要报告的事项",
    "本年度发出收费运知的件数和总金额以及实际收取的总金额均为0。",
  ];
  const text = readText(new TextEncoder().encode(lines.join("\n")));
  const ocr: Document = {
    ...text,
    info: { ...text.info, ocr: { engine: "test", dpi: 200, seconds: 0, cells: [] } },
  };

  it("is read through a misread 通知 when the text was recognised", () => {
    const fee = reportFeeStatement(analyse(ocr).report);
    expect([fee.noticeCount?.value, fee.noticeAmount?.value, fee.collected?.value]).toEqual([0, 0, 0]);
  });

  it("is not, from a text layer: there the word is the report's own", () => {
    const fee = reportFeeStatement(analyse(text).report);
    expect(fee.noticeCount).toBeNull();
  });
});
