import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Gray } from "../../../extract/readers/ocr/raster.ts";
import { ocrImages } from "../../../extract/readers/ocr/read-scan.ts";
import { recognisePageAndCells } from "../../../extract/readers/ocr/tesseract.ts";
import { type FakeTesseract, installFakeTesseract, word } from "../../helpers/fake-tesseract.ts";

/**
 * A stand-in for Tesseract: logs each run's arguments and answers, for every image of the list file, one
 * word (TSV as `tesseract … tsv` prints it): the image's number, but 「D2」, 「D3」… (doubtful numbers) for the cells of
 * a page-and-cells run, and 「0」 in the digits-only second reading (eng).
 */
let fake: FakeTesseract;
let log = "";

beforeAll(() => {
  fake = installFakeTesseract(`while read -r f; do
  n=$((n+1))
  if echo "$*" | grep -q ' eng '; then text=0
  elif [ "$n" -gt 1 ] && echo "$*" | grep -q preserve_interword; then text=D$n
  else text=image$n; fi
  ${word("50", "$text")}
done < "$1"`);
  log = fake.log;
});

afterAll(() => fake.restore());

describe("Tesseract runs per page", () => {
  it("reads the page and all its cells in one run, each image's words kept apart", async () => {
    const pgm = new Uint8Array([80, 53, 10, 49, 32, 49, 10, 50, 53, 53, 10, 255]);
    const { page, cells } = await recognisePageAndCells(pgm, [pgm, pgm], 200, 10_000);
    expect(page.map((w) => w.text)).toEqual(["image1"]);
    expect(cells.map((list) => list.map((w) => w.text))).toEqual([["D2"], ["D3"]]);
    const runs = readFileSync(log, "utf8").trim().split("\n");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toContain("-l chi_sim --psm 6");
  });

  /** A page with a ruled table of 2×2 cells, a mark in each. */
  function tablePage(): Gray {
    const width = 800;
    const height = 600;
    const data = new Uint8Array(width * height).fill(255);
    const xs = [100, 300, 500];
    const ys = [100, 220, 340];
    for (const y of ys) for (let x = 100; x <= 500; x++) data[y * width + x] = 0;
    for (const x of xs) for (let y = 100; y <= 340; y++) data[y * width + x] = 0;
    for (const x0 of [180, 380])
      for (const y0 of [150, 270]) {
        for (let y = y0; y < y0 + 20; y++)
          for (let x = x0; x < x0 + 12; x++)
            if (x < x0 + 3 || x >= x0 + 9 || y < y0 + 3 || y >= y0 + 17) data[y * width + x] = 0;
      }
    return { width, height, data };
  }

  it("reads the doubtful cells of all pages again in one digits-only run, those still in doubt in one more", async () => {
    process.env.NIANBAO_OCR = "on";
    writeFileSync(log, "");
    const doc = await ocrImages(
      [
        { img: tablePage(), dpi: 200 },
        { img: tablePage(), dpi: 200 },
      ],
      {},
      "pdf",
    );
    const runs = readFileSync(log, "utf8")
      .trim()
      .split("\n")
      .filter((r) => /list\d*\.txt/.test(r));
    expect(runs.filter((r) => r.includes("-l chi_sim"))).toHaveLength(2);
    // The second reading at the pages' resolution; the third, of the crops enlarged twofold, at 400 dpi.
    expect(runs.filter((r) => r.includes("-l eng") && !r.includes("--dpi 400"))).toHaveLength(1);
    expect(runs.filter((r) => r.includes("-l eng") && r.includes("--dpi 400"))).toHaveLength(1);
    expect(doc.info.ocr?.cells.filter((c) => c.reread)).toHaveLength(8);
  });
});
