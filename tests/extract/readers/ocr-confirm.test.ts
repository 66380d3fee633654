import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ILLEGIBLE } from "../../../extract/document.ts";
import type { Gray } from "../../../extract/readers/ocr/raster.ts";
import { ocrImages } from "../../../extract/readers/ocr/read-scan.ts";
import { resetOcrAvailability } from "../../../extract/readers/ocr/tesseract.ts";

/**
 * When does the digits-only second reading confirm the first? A stand-in for Tesseract answers every cell
 * of the page-and-cells run (chi_sim) with FIRST_TEXT at FIRST_CONF and every cell of the digits-only run
 * (eng) with DIGITS_TEXT at DIGITS_CONF, each word at the box BOX ("left top width height", pixels of
 * the cell's crop, which is padded by dpi/10 = 20 px at 200 dpi). FIRST_CONFS gives each cell of the first
 * run its own confidence (cells in order) and FIRST_TEXTS its own text (「-」: no word), DIGITS_CONFS each
 * image of the digits-only run (the doubtful cells first, then the others). THIRD_TEXT (at THIRD_CONF)
 * answers the third reading, digits only on the crops enlarged twofold (the run at 400 dpi).
 */
const dir = mkdtempSync(join(tmpdir(), "fake-tesseract-confirm-"));
const fake = join(dir, "tesseract");
const saved: Record<string, string | undefined> = {};
const ENV = [
  "NIANBAO_TESSERACT",
  "NIANBAO_OCR",
  "FIRST_TEXT",
  "FIRST_CONF",
  "DIGITS_TEXT",
  "DIGITS_CONF",
  "BOX",
  "FIRST_CONFS",
  "FIRST_TEXTS",
  "DIGITS_CONFS",
  "THIRD_TEXT",
  "THIRD_CONF",
];

beforeAll(() => {
  writeFileSync(
    fake,
    `#!/bin/sh
case "$1" in --list-langs) echo 'List of available languages:'; for l in \${LANGS:-chi_sim eng}; do echo "$l"; done; exit 0;; --version) echo 'tesseract 5.3.0'; exit 0;; esac
printf 'level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tleft\\ttop\\twidth\\theight\\tconf\\ttext\\n'
set -- "$@" end
n=0
eng=no; case "$*" in *whitelist*) eng=yes;; esac
third=no; case "$*" in *"--dpi 400"*) third=yes;; esac
while read -r f; do
  n=$((n+1))
  if [ "$third" = yes ]; then text=$THIRD_TEXT; conf=\${THIRD_CONF:-90}
  elif [ "$eng" = yes ]; then text=$DIGITS_TEXT; conf=$DIGITS_CONF
    if [ -n "$DIGITS_CONFS" ]; then conf=$(echo $DIGITS_CONFS | cut -d' ' -f$n); fi
  elif [ "$n" -gt 1 ]; then text=$FIRST_TEXT; conf=$FIRST_CONF
    if [ -n "$FIRST_CONFS" ]; then conf=$(echo $FIRST_CONFS | cut -d' ' -f$((n-1))); fi
    if [ -n "$FIRST_TEXTS" ]; then text=$(echo $FIRST_TEXTS | cut -d' ' -f$((n-1))); fi
    if [ "$text" = "-" ]; then continue; fi
  else continue; fi
  set -- $BOX
  printf '5\\t%d\\t1\\t1\\t1\\t1\\t%s\\t%s\\t%s\\t%s\\t%s\\t%s\\n' $n $1 $2 $3 $4 "$conf" "$text"
done < "$1"
`,
  );
  chmodSync(fake, 0o755);
  for (const k of ENV) saved[k] = process.env[k];
  process.env.NIANBAO_TESSERACT = fake;
  process.env.NIANBAO_OCR = "on";
  resetOcrAvailability();
});

afterAll(() => {
  for (const k of ENV) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
  rmSync(dir, { recursive: true, force: true });
  resetOcrAvailability();
});

/**
 * A page with one ruled table of 2×2 cells (200 × 120 px each), a mark in each cell: a stroke (「1」), or
 * with `decimal` two strokes, 「1.5」 with its point on their baseline or, `decimal: "none"`, 「15」.
 */
function tablePage(decimal?: "point" | "none"): Gray {
  const width = 800;
  const height = 600;
  const data = new Uint8Array(width * height).fill(255);
  const ink = (x0: number, y0: number, w: number, h: number) => {
    for (let y = y0; y < y0 + h; y++) data.fill(0, y * width + x0, y * width + x0 + w);
  };
  for (const y of [100, 220, 340]) ink(100, y, 401, 1);
  for (const x of [100, 300, 500]) ink(x, 100, 1, 241);
  for (const x0 of [180, 380])
    for (const y0 of [150, 270]) {
      ink(x0 + 4, y0, 3, 20);
      if (!decimal) continue;
      ink(x0 + 20, y0, 3, 20);
      if (decimal === "point") ink(x0 + 11, y0 + 17, 3, 3);
    }
  return { width, height, data };
}

async function cellsRead(env: Record<string, string>, decimal?: "point" | "none") {
  Object.assign(process.env, env);
  const doc = await ocrImages([{ img: tablePage(decimal), dpi: 200 }], {}, "pdf");
  return doc.info.ocr?.cells ?? [];
}

/** A glyph in the middle of its cell: well inside the crop's 20 px margin, a third of the cell high. */
const GLYPH = "90 60 10 18";

/** A lone 「1」: chi_sim at confidence 0, eng digits-only at 96, the glyph in the middle of its cell. */
const LONE_ONE = { FIRST_TEXT: "1", FIRST_CONF: "0", DIGITS_TEXT: "1", DIGITS_CONF: "96", BOX: GLYPH };

describe("the digits-only reading confirms the first", () => {
  it("a lone digit both models read alike stands, with the second reading's confidence", async () => {
    const cells = await cellsRead({ ...LONE_ONE });
    expect(cells).toHaveLength(4);
    for (const cell of cells) {
      expect(cell.text).toBe("1");
      expect(cell.reread).toBeUndefined();
      expect(cell.confidence).toBe(0.96);
    }
  });

  it("not when the second reading is chi_sim's again (no eng model installed)", async () => {
    process.env.LANGS = "chi_sim";
    resetOcrAvailability();
    try {
      const cells = await cellsRead({ ...LONE_ONE });
      expect(cells.map((c) => c.reread)).toEqual([true, true, true, true]);
    } finally {
      delete process.env.LANGS;
      resetOcrAvailability();
    }
  });

  it("not when the second reading is less sure than CONFIRMED", async () => {
    const cells = await cellsRead({ ...LONE_ONE, DIGITS_CONF: "85" });
    expect(cells.map((c) => c.reread)).toEqual([true, true, true, true]);
  });

  it("not for a longer number: a decimal point neither reading saw would make 1.5 a 15", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "15",
      FIRST_CONF: "40",
      DIGITS_TEXT: "15",
      DIGITS_CONF: "96",
      BOX: GLYPH,
    });
    expect(cells.map((c) => c.reread)).toEqual([true, true, true, true]);
  });

  it("not for a mark at the cell's edge or as high as the cell (a scrap of a ruling read as 1)", async () => {
    for (const box of ["20 60 4 18", "90 22 4 110"]) {
      const cells = await cellsRead({ ...LONE_ONE, BOX: box });
      expect(cells.map((c) => c.reread)).toEqual([true, true, true, true]);
    }
  });

  it("not when the models disagree: 「了」 and 7 stay a second reading (unless read alike a third time, below)", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "了",
      FIRST_CONF: "95",
      DIGITS_TEXT: "7",
      DIGITS_CONF: "95",
      BOX: GLYPH,
    });
    expect(cells.map((c) => [c.text, c.reread])).toEqual([
      ["7", true],
      ["7", true],
      ["7", true],
      ["7", true],
    ]);
  });
});

describe("a decimal point only the first reading can see", () => {
  it("「1.5」 stands against a digits-only 15, with its own confidence, for applyOcr to judge", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "1.5",
      FIRST_CONF: "89",
      DIGITS_TEXT: "15",
      DIGITS_CONF: "86",
      BOX: GLYPH,
    });
    expect(cells.map((c) => [c.text, c.reread, c.confidence])).toEqual(
      Array.from({ length: 4 }, () => ["1.5", undefined, 0.89]),
    );
  });

  /** A scan's 「1.5」: chi_sim unsure (44), eng sure of its digits (89) but blind to the point. */
  const SCANNED = { FIRST_TEXT: "1.5", FIRST_CONF: "44", DIGITS_TEXT: "15", DIGITS_CONF: "89", BOX: GLYPH };

  it("with the second reading's confidence where the ink shows the point in its place", async () => {
    const cells = await cellsRead(SCANNED, "point");
    expect(cells.map((c) => [c.text, c.reread, c.confidence])).toEqual(
      Array.from({ length: 4 }, () => ["1.5", undefined, 0.89]),
    );
  });

  it("with its own confidence where the ink shows no point, or the second reading is unsure", async () => {
    for (const [env, ink] of [
      [SCANNED, "none"],
      [{ ...SCANNED, DIGITS_CONF: "70" }, "point"],
      [{ ...SCANNED, FIRST_TEXT: "15.0", DIGITS_TEXT: "150" }, "point"],
    ] as const) {
      const cells = await cellsRead(env, ink);
      expect([env, ink, cells.map((c) => c.confidence)]).toEqual([env, ink, [0.44, 0.44, 0.44, 0.44]]);
    }
  });
});

describe("every number is read twice", () => {
  it("a number both readings agree on stands as read", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "22",
      FIRST_CONF: "97",
      DIGITS_TEXT: "22",
      DIGITS_CONF: "90",
      BOX: GLYPH,
    });
    expect(cells.map((c) => [c.text, c.confidence, c.disputed, c.reread])).toEqual(
      Array.from({ length: 4 }, () => ["22", 0.97, undefined, undefined]),
    );
  });

  it("a number the second reading reads otherwise is disputed, however sure the first (「22」 and 2)", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "22",
      FIRST_CONF: "97",
      DIGITS_TEXT: "2",
      DIGITS_CONF: "96",
      BOX: GLYPH,
    });
    expect(cells.map((c) => [c.text, c.disputed])).toEqual(Array.from({ length: 4 }, () => ["22", "2"]));
  });

  it("a second reading that finds no digits disputes nothing", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "22",
      FIRST_CONF: "97",
      DIGITS_TEXT: "",
      DIGITS_CONF: "0",
      BOX: GLYPH,
    });
    expect(cells.map((c) => c.disputed)).toEqual([undefined, undefined, undefined, undefined]);
  });
});

describe("a third reading of the cells still in doubt, on their crops enlarged", () => {
  const third = async (env: Record<string, string>) => {
    try {
      return await cellsRead({ BOX: GLYPH, ...env });
    } finally {
      delete process.env.THIRD_TEXT;
    }
  };

  it("reads a cell the first two readings found no number in, for the arithmetic to decide (「外」 for 11)", async () => {
    const cells = await third({
      FIRST_TEXT: "外",
      FIRST_CONF: "90",
      DIGITS_TEXT: "",
      DIGITS_CONF: "0",
      THIRD_TEXT: "11",
    });
    expect(cells.map((c) => [c.text, c.reread])).toEqual(Array.from({ length: 4 }, () => ["11", true]));
  });

  it("keeps another number beside a disputed one, never in its place (「4288」, 1288 and 1238)", async () => {
    const cells = await third({
      FIRST_TEXT: "4288",
      FIRST_CONF: "97",
      DIGITS_TEXT: "1288",
      DIGITS_CONF: "90",
      THIRD_TEXT: "1238",
    });
    expect(cells.map((c) => [c.text, c.disputed, c.alsoRead])).toEqual(
      Array.from({ length: 4 }, () => ["4288", "1288", "1238"]),
    );
    // A third reading that repeats one of the two adds nothing.
    const same = await third({
      FIRST_TEXT: "4288",
      FIRST_CONF: "97",
      DIGITS_TEXT: "1288",
      DIGITS_CONF: "90",
      THIRD_TEXT: "1288",
    });
    expect(same.map((c) => c.alsoRead)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it("not for a cell read alike twice with confidence, nor in place of a confusable reading (「D」)", async () => {
    const sure = await third({
      FIRST_TEXT: "22",
      FIRST_CONF: "97",
      DIGITS_TEXT: "22",
      DIGITS_CONF: "90",
      THIRD_TEXT: "99",
    });
    expect(sure.map((c) => [c.text, c.alsoRead])).toEqual(Array.from({ length: 4 }, () => ["22", undefined]));
    // 「D」 suggests 0 for the arithmetic to check; a third reading of 3 does not replace it (no digit: no
    // cell box, as before).
    const confusable = await third({
      FIRST_TEXT: "D",
      FIRST_CONF: "90",
      DIGITS_TEXT: "",
      DIGITS_CONF: "0",
      THIRD_TEXT: "3",
    });
    expect(confusable).toEqual([]);
    // Nor a decimal, which only the first reading can see (a planted 「1.5」 in 表四 stays for T4-NONNEG).
    const decimal = await third({
      FIRST_TEXT: "1.5",
      FIRST_CONF: "89",
      DIGITS_TEXT: "15",
      DIGITS_CONF: "86",
      THIRD_TEXT: "15",
    });
    expect(decimal.map((c) => [c.text, c.reread, c.confidence])).toEqual(
      Array.from({ length: 4 }, () => ["1.5", undefined, 0.89]),
    );
  });
});

describe("a cell the first reading was unsure of, read alike twice by the other model", () => {
  const read = async (env: Record<string, string>) => {
    try {
      return await cellsRead({ BOX: GLYPH, THIRD_CONF: "96", ...env });
    } finally {
      for (const k of ["THIRD_TEXT", "THIRD_CONF", "FIRST_TEXTS"]) delete process.env[k];
    }
  };
  const each = <T>(value: T) => Array.from({ length: 4 }, () => value);

  it("stands as read, with the lower confidence: 「了」 for 7, 「600」 at 0.65 for 66", async () => {
    const seven = await read({
      FIRST_TEXT: "了",
      FIRST_CONF: "95",
      DIGITS_TEXT: "7",
      DIGITS_CONF: "93",
      THIRD_TEXT: "7",
    });
    expect(seven.map((c) => [c.text, c.reread, c.confidence])).toEqual(each(["7", undefined, 0.93]));
    const sixes = await read({
      FIRST_TEXT: "600",
      FIRST_CONF: "65",
      DIGITS_TEXT: "66",
      DIGITS_CONF: "97",
      THIRD_TEXT: "66",
    });
    expect(sixes.map((c) => [c.text, c.reread, c.disputed, c.alsoRead, c.confidence])).toEqual(
      each(["66", undefined, undefined, undefined, 0.96]),
    );
  });

  it("not where either reading of the other model is less sure than CONFIRMED, or they differ", async () => {
    const unsure = await read({
      FIRST_TEXT: "了",
      FIRST_CONF: "95",
      DIGITS_TEXT: "7",
      DIGITS_CONF: "95",
      THIRD_TEXT: "7",
      THIRD_CONF: "89",
    });
    expect(unsure.map((c) => [c.text, c.reread])).toEqual(each(["7", true]));
    const differ = await read({
      FIRST_TEXT: "了",
      FIRST_CONF: "95",
      DIGITS_TEXT: "7",
      DIGITS_CONF: "95",
      THIRD_TEXT: "1",
    });
    expect(differ.map((c) => [c.text, c.reread, c.alsoRead])).toEqual(each(["7", true, "1"]));
  });

  it("not where the first reading is a confusable run (「D」): only the arithmetic decides that one", async () => {
    const cells = await read({
      FIRST_TEXT: "D",
      FIRST_CONF: "80",
      DIGITS_TEXT: "0",
      DIGITS_CONF: "97",
      THIRD_TEXT: "0",
    });
    expect(cells.map((c) => [c.text, c.reread])).toEqual(each(["0", true]));
  });

  it("not where the first reading found no word (a speck read twice as a digit)", async () => {
    const cells = await read({
      FIRST_TEXT: "1",
      FIRST_CONF: "0",
      FIRST_TEXTS: "- - - -",
      DIGITS_TEXT: "7",
      DIGITS_CONF: "97",
      THIRD_TEXT: "7",
    });
    expect(cells.map((c) => [c.text, c.reread])).toEqual(each(["7", true]));
  });

  it("not in place of a number the first reading was sure of (「103」 at 0.90, read 193 twice)", async () => {
    const cells = await read({
      FIRST_TEXT: "103",
      FIRST_CONF: "90",
      DIGITS_TEXT: "193",
      DIGITS_CONF: "97",
      THIRD_TEXT: "193",
    });
    expect(cells.map((c) => [c.text, c.disputed, c.confidence])).toEqual(each(["103", "193", 0.9]));
  });
});

describe("a cell with ink that no reading finds a word in", () => {
  it("is marked illegible (□) in its place, never left to look like a blank cell", async () => {
    Object.assign(process.env, {
      FIRST_TEXT: "-",
      FIRST_CONF: "0",
      DIGITS_TEXT: "",
      DIGITS_CONF: "0",
      BOX: GLYPH,
    });
    const doc = await ocrImages([{ img: tablePage(), dpi: 200 }], {}, "pdf");
    const texts = doc.lines.flatMap((l) => l.cells.map((c) => c.text)).filter((t) => t !== "");
    expect(texts).toEqual([ILLEGIBLE, ILLEGIBLE, ILLEGIBLE, ILLEGIBLE]);
    // No box or confidence: nothing was read there.
    expect(doc.info.ocr?.cells).toEqual([]);
  });
});

describe("a cell with ink that the first reading found empty", () => {
  it("is read again, and its digits are a second reading for the arithmetic to decide (a lone 「2」 in a scan)", async () => {
    const cells = await cellsRead({
      FIRST_TEXT: "",
      FIRST_CONF: "0",
      DIGITS_TEXT: "2",
      DIGITS_CONF: "96",
      BOX: GLYPH,
    });
    expect(cells.map((c) => [c.text, c.reread])).toEqual(Array.from({ length: 4 }, () => ["2", true]));
  });
});

/**
 * A page with the same 2×2 table as tablePage, each cell holding its own mark: a 「1」 (a stroke with a
 * flag and a foot, as a Song face draws it) or a 「7」 (a bar and a stroke), in black or the grey `grey`.
 */
function markedPage(marks: readonly ("1" | "7")[], grey = 0): Gray {
  const width = 800;
  const height = 600;
  const data = new Uint8Array(width * height).fill(255);
  const ink = (x0: number, y0: number, w: number, h: number, v = grey) => {
    for (let y = y0; y < y0 + h; y++) data.fill(v, y * width + x0, y * width + x0 + w);
  };
  for (const y of [100, 220, 340]) ink(100, y, 401, 1, 0);
  for (const x of [100, 300, 500]) ink(x, 100, 1, 241, 0);
  const corners = [
    [180, 150],
    [380, 150],
    [180, 270],
    [380, 270],
  ] as const;
  corners.forEach(([x0, y0], i) => {
    if (marks[i] === "7") {
      ink(x0, y0, 12, 3);
      ink(x0 + 9, y0, 3, 20);
      return;
    }
    ink(x0 + 4, y0, 3, 20);
    ink(x0 + 1, y0 + 1, 3, 2);
    ink(x0 + 1, y0 + 19, 9, 2);
  });
  return { width, height, data };
}

/** The box of a mark in its cell's crop (the cell inset by 2 px, padded by 20). */
const MARK = "96 66 16 24";

describe("a doubtful digit drawn like the document's sure ones", () => {
  /** Two cells read surely (chi_sim 96, eng 96), two doubtfully (chi_sim 58, eng 68): all read 「1」. */
  const TWO_SURE = {
    FIRST_TEXT: "1",
    DIGITS_TEXT: "1",
    FIRST_CONFS: "96 96 58 58",
    DIGITS_CONFS: "68 68 96 96",
    BOX: MARK,
  };

  /** The two sure cells as read, and two doubtful ones confirmed by their glyphs. */
  const SURE_TWO = [
    ["1", false, 0.96],
    ["1", false, 0.96],
  ];
  const CONFIRMED_TWO = [
    ["1", false, 0.9],
    ["1", false, 0.9],
  ];

  async function read(marks: readonly ("1" | "7")[], env: Record<string, string> = TWO_SURE, grey = 0) {
    Object.assign(process.env, env);
    try {
      const doc = await ocrImages([{ img: markedPage(marks, grey), dpi: 200 }], {}, "pdf");
      return (doc.info.ocr?.cells ?? []).map((c) => [c.text, c.reread ?? false, c.confidence]);
    } finally {
      delete process.env.FIRST_CONFS;
      delete process.env.FIRST_TEXTS;
      delete process.env.DIGITS_CONFS;
    }
  }

  it("stands where both models read it alike and its glyph matches the sure ones of its digit", async () => {
    expect(await read(["1", "1", "1", "1"])).toEqual([...SURE_TWO, ...CONFIRMED_TWO]);
  });

  it("not where its glyph is another (a 「7」 both models read as 1)", async () => {
    expect(await read(["1", "1", "7", "7"])).toEqual([...SURE_TWO, ["1", true, 0.68], ["1", true, 0.68]]);
  });

  it("not with a single sure glyph of its digit to set it beside", async () => {
    const one = { ...TWO_SURE, FIRST_CONFS: "96 58 58 58", DIGITS_CONFS: "68 68 68 96" };
    expect((await read(["1", "1", "1", "1"], one)).map(([, reread]) => reread)).toEqual([
      false,
      true,
      true,
      true,
    ]);
  });

  it("not where the models disagree (「]」 and 1): that is left to the arithmetic", async () => {
    const rows = await read(["1", "1", "1", "1"], { ...TWO_SURE, FIRST_TEXT: "]" });
    expect(rows.map(([text, reread]) => [text, reread])).toEqual(
      Array.from({ length: 4 }, () => ["1", true]),
    );
  });

  it("found by the digits-only reading alone where the first found no word, its glyph matching: stands", async () => {
    // A scan's lone 「2」 that chi_sim did not see at all; eng reads it, and it is drawn like the sure ones.
    const empty = { ...TWO_SURE, FIRST_TEXTS: "1 1 - -", DIGITS_CONFS: "68 68 96 96" };
    expect(await read(["1", "1", "1", "1"], empty)).toEqual([...SURE_TWO, ...CONFIRMED_TWO]);
    // Drawn otherwise, it is a second reading for the arithmetic, as before.
    expect((await read(["1", "1", "7", "7"], empty)).map(([, reread]) => reread)).toEqual([
      false,
      false,
      true,
      true,
    ]);
  });
});

describe("a faint cell", () => {
  it("a glyph printed grey (all of it lighter than 128) is read, not taken for an empty cell", async () => {
    const sure = { FIRST_TEXT: "1", FIRST_CONF: "96", DIGITS_TEXT: "1", DIGITS_CONF: "96", BOX: MARK };
    Object.assign(process.env, sure);
    const doc = await ocrImages([{ img: markedPage(["1", "1", "1", "1"], 170), dpi: 200 }], {}, "pdf");
    expect(doc.info.ocr?.cells.map((c) => c.text)).toEqual(["1", "1", "1", "1"]);
    // As light as paper (250): no cell to read, and so no text at all.
    await expect(
      ocrImages([{ img: markedPage(["1", "1", "1", "1"], 250), dpi: 200 }], {}, "pdf"),
    ).rejects.toThrow("OCR found no text");
  });
});
