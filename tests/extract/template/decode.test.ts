import { describe, expect, it } from "vitest";
import {
  constrain,
  distinct,
  formatCandidate,
  jointlyConsistent,
  readRow,
  splitDigits,
  sumConstraint,
} from "../../../extract/template/decode.ts";

const toSlot = (raw: string) => (raw.trim() === "" ? null : /^\d+$/.test(raw.trim()) ? Number(raw) : null);
const COLSUM = sumConstraint([0, 1, 2, 3, 4, 5], 6);

describe("splitDigits", () => {
  it("never makes a leading zero except a lone 0 (rules.md §7: 1203 → 1/20/3 or 12/0/3)", () => {
    expect(splitDigits("1203", 3)).toEqual([
      ["1", "20", "3"],
      ["12", "0", "3"],
    ]);
  });
  it("one digit per cell when the digit count equals the cell count", () => {
    expect(splitDigits("0000000", 7)).toEqual([["0", "0", "0", "0", "0", "0", "0"]]);
  });
});

describe("readRow", () => {
  it("reads a row with the template width directly", () => {
    const r = readRow(["1", "2", "", "0", "0", "0", "3"], 0, 7, toSlot);
    expect(r.kind).toBe("direct");
    if (r.kind === "direct") expect(r.candidate.slots).toEqual([1, 2, null, 0, 0, 0, 3]);
  });

  it("takes empty leading cells as blanks when they complete the fixed layout", () => {
    const r = readRow(["0", "0"], 2, 4, toSlot);
    expect(r.kind).toBe("direct");
    if (r.kind === "direct") expect(r.candidate.slots).toEqual([null, null, 0, 0]);
  });

  it("splits a glued amount (decimals, unit) or signed change like a count, the tail and sign kept on their piece", () => {
    const amount = readRow(["3922533.2元"], 0, 2, toSlot);
    expect(amount.kind).not.toBe("direct");
    if (amount.kind !== "direct")
      expect(amount.candidates.map((c) => c.raws)).toEqual(
        expect.arrayContaining([
          ["3", "922533.2元"],
          ["39", "22533.2元"],
        ]),
      );
    const zero = readRow(["00元"], 0, 2, toSlot);
    if (zero.kind !== "direct")
      expect(distinct(zero.candidates).map((c) => c.raws)).toContainEqual(["0", "0元"]);
    const signed = readRow(["2648", "-18538"], 0, 3, toSlot);
    if (signed.kind !== "direct")
      expect(signed.candidates.map((c) => c.raws)).toEqual(
        expect.arrayContaining([
          ["2648", "-18", "538"],
          ["2648", "-1", "8538"],
        ]),
      );
    // A decimal inside the row is no glue point.
    const inside = readRow(["1.5", "2"], 0, 3, toSlot);
    if (inside.kind !== "direct") expect(inside.candidates.every((c) => c.raws[0] !== "1")).toBe(true);
  });

  it("keeps the rulebook's glued row 110000112 ambiguous under the row sum alone", () => {
    const r = readRow(["110000112"], 0, 7, toSlot);
    expect(r.kind).toBe("glued");
    if (r.kind === "direct") return;
    const survivors = distinct(constrain(r.candidates, [COLSUM]));
    const readings = survivors.map(formatCandidate);
    expect(readings).toContain("11/0/0/0/0/1/12");
    expect(readings).toContain("1/10/0/0/0/1/12");
  });

  it("decodes 640020470 uniquely with the row sum", () => {
    const r = readRow(["640020470"], 0, 7, toSlot);
    if (r.kind === "direct") throw new Error("expected a glued reading");
    const survivors = distinct(constrain(r.candidates, [COLSUM]));
    expect(survivors.map(formatCandidate)).toEqual(["64/0/0/2/0/4/70"]);
  });

  it("solves a lost cell with the row sum, and leaves two readings when they differ", () => {
    const zeros = readRow(["0", "0", "0", "0", "0", "0"], 0, 7, toSlot);
    if (zeros.kind === "direct") throw new Error("expected a missing-cell reading");
    expect(distinct(constrain(zeros.candidates, [COLSUM])).map(formatCandidate)).toEqual(["0/0/0/0/0/0/0"]);

    const lost = readRow(["54", "0", "0", "0", "0", "54"], 0, 7, toSlot);
    if (lost.kind === "direct") throw new Error("expected a missing-cell reading");
    const readings = distinct(constrain(lost.candidates, [COLSUM])).map(formatCandidate);
    expect(readings).toContain("54/0/0/0/0/0/54");
    expect(readings).toContain("0/54/0/0/0/0/54");
    expect(readings).toContain("54/0/0/0/0/54/108");
  });

  it("reads a ruling OCR took for a stroke between two cells (「010」 for 0 | 0) only in a recognised row", () => {
    const run = ["0", "0", "0", "010", "0", "0"];
    const recognised = readRow(run, 0, 7, toSlot, null, true, true);
    if (recognised.kind === "direct") throw new Error("expected a glued reading");
    // 「0」 and 「10」 (the ruling lost) fails the sum; 0 and 0 (the ruling read as 「1」) holds.
    expect(recognised.candidates.map(formatCandidate)).toEqual(["0/0/0/0/10/0/0", "0/0/0/0/0/0/0"]);
    expect(distinct(constrain(recognised.candidates, [COLSUM])).map(formatCandidate)).toEqual([
      "0/0/0/0/0/0/0",
    ]);
    // A text layer has no rulings to read: the same run is no reading.
    const text = readRow(run, 0, 7, toSlot);
    if (text.kind === "direct") throw new Error("expected a glued reading");
    expect(distinct(constrain(text.candidates, [COLSUM]))).toEqual([]);
    // A cell that can be one number (「10」, 「101」) is never split at its 1.
    const plain = readRow(["3", "0", "0", "101", "0", "104"], 0, 7, toSlot, null, true, true);
    if (plain.kind === "direct") throw new Error("expected a glued or missing reading");
    expect(plain.candidates.map(formatCandidate)).not.toContain("3/0/0/1/1/0/104");
  });

  it("drops an extra cell only when every way of dropping it reads the same", () => {
    const same = readRow(Array(16).fill("0"), 0, 15, toSlot);
    if (same.kind === "direct") throw new Error("expected an extra-cell reading");
    expect(distinct(same.candidates)).toHaveLength(1);
    const differs = readRow(["1", "2", "3"], 0, 2, toSlot);
    if (differs.kind === "direct") throw new Error("expected an extra-cell reading");
    expect(distinct(differs.candidates).length).toBeGreaterThan(1);
  });
});

describe("sumConstraint", () => {
  it("rejects a violated sum, solves one unknown, and never treats a blank as 0", () => {
    expect(COLSUM([1, 1, 0, 0, 0, 0, 3])).toBeNull();
    expect(COLSUM([1, 1, 0, 0, 0, "?", 3])).toEqual([1, 1, 0, 0, 0, 1, 3]);
    expect(COLSUM([1, 1, 0, 0, 0, 0, "?"])).toEqual([1, 1, 0, 0, 0, 0, 2]);
    expect(COLSUM([1, null, 0, 0, 0, 0, 3])).toEqual([1, null, 0, 0, 0, 0, 3]);
    expect(COLSUM([5, 0, 0, 0, 0, "?", 3])).toBeNull();
  });
});

describe("glued digit strings with leading zeros", () => {
  it("reads 「000」 for three cells as three zeros, never as one cell with two lost", () => {
    const r = readRow(["000"], 0, 3, toSlot);
    if (r.kind === "direct") throw new Error("expected a glued reading");
    expect(distinct(r.candidates).map(formatCandidate)).toEqual(["0/0/0"]);
  });
});

describe("jointlyConsistent", () => {
  it("keeps only the readings of two open rows that fit a column relation together", () => {
    // total = a + b per column; a and b each have two readings, only one pair fits.
    const a = readRow(["270020130"], 0, 7, toSlot);
    const b = readRow(["220000325"], 0, 7, toSlot);
    if (a.kind === "direct" || b.kind === "direct") throw new Error("expected glued readings");
    const total = [49, 0, 0, 2, 0, 4, 55];
    const kept = jointlyConsistent(
      [
        { coef: 1, candidates: constrain(a.candidates, [COLSUM]) },
        { coef: 1, candidates: constrain(b.candidates, [COLSUM]) },
      ],
      [{ coef: -1, slots: total }],
      7,
    );
    expect(kept?.map((list) => distinct(list).map(formatCandidate))).toEqual([
      ["27/0/0/2/0/1/30"],
      ["22/0/0/0/0/3/25"],
    ]);
  });
});

describe("one digit per cell", () => {
  it("reads 2000003 as 2/0/0/0/0/0/3 even though the row sum fails: the misprint stays for T3-COLSUM", () => {
    const r = readRow(["2000003"], 0, 7, toSlot);
    if (r.kind === "direct") throw new Error("expected a glued reading");
    expect(r.certain).toBe(true);
    expect(r.candidates.map(formatCandidate)).toEqual(["2/0/0/0/0/0/3"]);
  });
});

describe("a signed cell glued to the cell after it", () => {
  it("calls 「2648 -18538」 for three cells an ambiguous glue, not a row that lost a cell", () => {
    const r = readRow(["2648", "-18538"], 0, 3, toSlot);
    expect(r.kind).toBe("glued");
  });
  it("still calls a row with a lone signed digit and a missing cell a lost cell", () => {
    // 「12 -3」: the signed cell cannot be split, so the readings that fit are a lost cell or 1/2/-3.
    const r = readRow(["12", "-3"], 0, 3, toSlot);
    expect(r.kind).toBe("missing");
  });
});
