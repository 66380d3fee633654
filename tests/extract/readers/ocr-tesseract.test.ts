import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recognisePageAndCells } from "../../../extract/readers/ocr/tesseract.ts";

/**
 * A stand-in for Tesseract: logs each run's arguments and answers, for every image of the list file, one
 * word naming the image's number (TSV as `tesseract … tsv` prints it).
 */
const dir = mkdtempSync(join(tmpdir(), "fake-tesseract-"));
const log = join(dir, "runs.log");
const fake = join(dir, "tesseract");
let saved: string | undefined;

beforeAll(() => {
  writeFileSync(
    fake,
    `#!/bin/sh
echo "$*" >> ${log}
printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'
n=0
while read -r f; do n=$((n+1)); printf '5\\t%d\\t1\\t1\\t1\\t1\\t0\\t0\\t9\\t9\\t95\\timage%d\\n' $n $n; done < "$1"
`,
  );
  chmodSync(fake, 0o755);
  saved = process.env.NIANBAO_TESSERACT;
  process.env.NIANBAO_TESSERACT = fake;
});

afterAll(() => {
  if (saved === undefined) delete process.env.NIANBAO_TESSERACT;
  else process.env.NIANBAO_TESSERACT = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe("Tesseract runs per page", () => {
  it("reads the page and all its cells in one run, each image's words kept apart", async () => {
    const pgm = new Uint8Array([80, 53, 10, 49, 32, 49, 10, 50, 53, 53, 10, 255]);
    const { page, cells } = await recognisePageAndCells(pgm, [pgm, pgm], 200, 10_000);
    expect(page.map((w) => w.text)).toEqual(["image1"]);
    expect(cells.map((list) => list.map((w) => w.text))).toEqual([["image2"], ["image3"]]);
    const runs = readFileSync(log, "utf8").trim().split("\n");
    expect(runs).toHaveLength(1);
    expect(runs[0]).toContain("-l chi_sim --psm 6");
  });
});
