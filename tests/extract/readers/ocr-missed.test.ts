/**
 * Lines the page reading left out (a heading set larger than the text, which `--psm 6` drops) are read once
 * more, each as one raw line, in one run for the report; what they read joins the page's text.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { lineText } from "../../../extract/document.ts";
import type { Gray } from "../../../extract/readers/ocr/raster.ts";
import { ocrImages } from "../../../extract/readers/ocr/read-scan.ts";
import { type FakeTesseract, installFakeTesseract, word } from "../../helpers/fake-tesseract.ts";

/**
 * A stand-in for Tesseract: the page reading finds one word at the top left (20, 20: the first line of
 * ink); a line read on its own (`--psm 13`) reads as FAKE_LINE_TEXT says.
 */
let fake: FakeTesseract;

beforeAll(() => {
  fake = installFakeTesseract(`while read -r f; do
  n=$((n+1))
  if echo "$*" | grep -q -- '--psm 13'; then text="$FAKE_LINE_TEXT"; else text=正文; fi
  ${word("90", "$text")}
done < "$1"`);
});

afterAll(() => {
  fake.restore();
  delete process.env.FAKE_LINE_TEXT;
});

/** A text page (200 dpi): a line of glyphs at y 16–34 (the page reading's word), a larger one at y 300–336. */
function page(): Gray {
  const width = 800;
  const height = 600;
  const data = new Uint8Array(width * height).fill(250);
  const line = (y0: number, y1: number, x1: number) => {
    for (let y = y0; y < y1; y++)
      for (let x = 20; x < x1; x++) if (x % 40 < 30 && (y - y0) % 6 < 4) data[y * width + x] = 20;
  };
  line(16, 34, 700);
  line(300, 336, 300);
  return { width, height, data };
}

async function read(lineReading: string) {
  process.env.NIANBAO_OCR = "on";
  process.env.FAKE_LINE_TEXT = lineReading;
  writeFileSync(fake.log, "");
  const doc = await ocrImages([{ img: page(), dpi: 200 }], {}, "pdf");
  const runs = readFileSync(fake.log, "utf8").trim().split("\n");
  return { text: doc.lines.map(lineText), runs };
}

describe("OCR: a line the page reading left out", () => {
  it("is read once more on its own, and its words join the page's lines in place", async () => {
    const { text, runs } = await read("一、总体情况");
    expect(runs.filter((r) => r.includes("--psm 13"))).toHaveLength(1);
    expect(text).toEqual(["正文", "一、总体情况"]);
  });

  it("a band read as fewer than two Han characters (specks, a stroke) adds nothing", async () => {
    const { text } = await read("一");
    expect(text).toEqual(["正文"]);
  });
});
