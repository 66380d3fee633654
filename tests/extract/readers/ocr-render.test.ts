import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { decodePgm } from "../../../extract/readers/ocr/raster.ts";
import { renderPages } from "../../../extract/readers/ocr/read-scan.ts";

const hasPoppler = (() => {
  try {
    execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();
if (!hasPoppler) console.log("skip: page rendering tests need pdftoppm (apt-get install -y poppler-utils)");

/** Nine pages: more than one chunk of rendering, the last chunk short. */
const NINE = join(import.meta.dirname, "../../../eval/ocr-real/js-suqian-shuyang-fgj-2023.pdf");

describe.skipIf(!hasPoppler)("a scanned PDF's pages rendered for OCR", () => {
  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("renders every page in chunks, in order, in colour read as grey, and leaves no image behind", async () => {
    const dir = mkdtempSync(join(tmpdir(), "render-test-"));
    dirs.push(dir);
    copyFileSync(NINE, join(dir, "in.pdf"));
    const pages = await renderPages(dir, 60_000);
    expect(pages).toHaveLength(9);
    expect(readdirSync(dir)).toEqual(["in.pdf"]);
    // Each page is the page of that number: the same as pdftoppm's grey rendering of it, pixel for pixel
    // up to the grey conversion's rounding (the page has no red seal to take out).
    const grey = mkdtempSync(join(tmpdir(), "render-grey-"));
    dirs.push(grey);
    execFileSync("pdftoppm", ["-r", "200", "-gray", NINE, join(grey, "g")]);
    const files = readdirSync(grey).sort();
    pages.forEach((page, i) => {
      const want = decodePgm(new Uint8Array(readFileSync(join(grey, files[i] as string))));
      expect([page.img.width, page.img.height, page.dpi]).toEqual([want.width, want.height, 200]);
      let off = 0;
      for (let p = 0; p < want.data.length; p++)
        if (Math.abs((want.data[p] as number) - (page.img.data[p] as number)) > 8) off++;
      expect(off / want.data.length).toBeLessThan(0.001);
    });
  }, 60_000);
});
