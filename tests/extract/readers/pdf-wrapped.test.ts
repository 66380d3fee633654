import { describe, expect, it } from "vitest";
import { lineText } from "../../../extract/document.ts";
import type { TextBox } from "../../../extract/readers/pdf-text.ts";
import { positionedLines } from "../../../extract/readers/positioned.ts";

/** A word at (x, top) in points, 12 pt high, as wide as its characters. */
function word(text: string, x: number, top: number, size = 12): TextBox {
  return { text, x, x2: x + size * [...text].length, top, bottom: top + size, size };
}

const page = (boxes: TextBox[]) => positionedLines([{ height: 842, boxes, rulings: [] }]).lines.map(lineText);

describe("wrapped labels of a borderless table", () => {
  it("rejoins a label printed over three lines around its numbers", () => {
    expect(
      page([
        word("（一）依法不予", 60, 100),
        word("公开的", 60, 116),
        word("5", 300, 116),
        word("0", 360, 116),
        word("5", 420, 116),
        word("政府信息", 60, 132),
      ]),
    ).toEqual(["（一）依法不予公开的政府信息\t5\t0\t5"]);
  });

  it("leaves a heading alone above a prose line that ends in a stray comma (a scan's speck)", () => {
    // A heading, the first line of its text with a lone 「,」 far right (read from a speck), the next line:
    // the comma is no number, so the prose line is no table row and the heading no wrapped label.
    const lines = page([
      word("一、总体情况", 60, 100, 16),
      word("（一）加强组织领导，明确责任分工。", 60, 122),
      word(",", 520, 124, 2),
      word("署和要求，围绕促进行政权力公开透明运行", 60, 138),
    ]);
    expect(lines[0]).toBe("一、总体情况");
    expect(lines.some((l) => l.startsWith("（一）加强组织领导"))).toBe(true);
  });
});
