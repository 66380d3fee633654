import { readFileSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { recogniseMany } from "../../../extract/readers/ocr/tesseract.ts";
import { type FakeTesseract, installFakeTesseract, word } from "../../helpers/fake-tesseract.ts";

/**
 * Tesseract crashed (SIGFPE) on one cell of a real report's scan, read with the digits whitelist, and the
 * crash lost every cell of the run. A stand-in for Tesseract logs each run and answers each image of its
 * list file with one word, its file name; an image holding 「CRASH」 kills the run with SIGFPE, one
 * holding 「FAIL」 makes it exit with status 1 (as a bad option does).
 */
let fake: FakeTesseract;
let log = "";

beforeAll(() => {
  fake = installFakeTesseract(`while read -r f; do
  n=$((n+1))
  if grep -q CRASH "$f"; then kill -FPE $$; fi
  if grep -q FAIL "$f"; then exit 1; fi
  ${word("90", '$(basename "$f" .pgm)')}
done < "$1"`);
  log = fake.log;
});

beforeEach(() => writeFileSync(log, ""));

afterAll(() => fake.restore());

const image = (mark = "") => new TextEncoder().encode(`P5\n# ${mark}\n1 1\n255\n\u00ff`);
const runs = () => readFileSync(log, "utf8").trim().split("\n").filter(Boolean).length;

describe("a Tesseract that crashes on one image", () => {
  it("loses that image's words only: the run is split until the image crashes alone", async () => {
    const images = [image(), image(), image("CRASH"), image(), image()];
    const words = await recogniseMany(images, 200, 10_000);
    expect(words.map((list) => list.map((w) => [w.text, w.image]))).toEqual([
      [["c00000", 1]],
      [["c00001", 2]],
      [],
      [["c00003", 4]],
      [["c00004", 5]],
    ]);
    // The whole list, then halves down to the crashing image: a handful of runs, not one per image.
    expect(runs()).toBeLessThanOrEqual(7);
  });

  it("a run that exits with an error is not retried: it fails as before", async () => {
    await expect(recogniseMany([image(), image("FAIL"), image()], 200, 10_000)).rejects.toThrow();
    expect(runs()).toBe(1);
  });

  it("a Tesseract that crashes on everything is not split without end", async () => {
    const images = Array.from({ length: 200 }, () => image("CRASH"));
    await expect(recogniseMany(images, 200, 60_000)).rejects.toMatchObject({ signal: "SIGFPE" });
    expect(runs()).toBe(64);
  });
});
