import { describe, expect, it } from "vitest";
import {
  chinesePunctuation,
  diffParagraphs,
  rolledForward,
  similarity,
  yearNeutral,
} from "../../../audit/compare/text.ts";

describe("paragraph diff (jsdiff)", () => {
  const prev = [
    "2023年，本街道坚持公开为常态。",
    "全年主动公开信息800条。",
    "设立政务公开专区一个。",
    "依申请公开工作规范有序。",
  ];

  it("a paragraph whose only change is the year rolling forward is unchanged", () => {
    const cur = prev.map((p) => p.replace("2023", "2024"));
    const d = diffParagraphs(prev, cur, 2023, 2024);
    expect(d.changes).toEqual([]);
    expect(d.unchanged).toBe(4);
    expect(yearNeutral("2023年与2022年", 2023)).toBe(yearNeutral("2024年与2023年", 2024));
  });

  it("finds added, removed and changed paragraphs, with character marks inside the changed one", () => {
    const cur = [
      "2024年，本街道坚持公开为常态。",
      "全年主动公开信息950条，其中政策文件12条。",
      "依申请公开工作规范有序。",
      "新增政务新媒体矩阵，开设专栏三个。",
    ];
    const d = diffParagraphs(prev, cur, 2023, 2024);
    expect(d.unchanged).toBe(2);
    const ops = d.changes.map((c) => c.op).sort();
    expect(ops).toEqual(["added", "changed", "removed"]);
    const changed = d.changes.find((c) => c.op === "changed");
    if (changed?.op !== "changed") throw new Error("no changed paragraph");
    expect(changed.previous).toBe("全年主动公开信息800条。");
    expect(
      changed.runs
        .filter((r) => r.op === "added")
        .map((r) => r.text)
        .join(""),
    ).toContain("其中政策文件12条");
    // Reassembling the runs gives both texts back.
    const back = (op: "removed" | "added") =>
      changed.runs
        .filter((r) => r.op !== op)
        .map((r) => r.text)
        .join("");
    expect(back("added")).toBe(changed.previous);
    expect(back("removed")).toBe(changed.current);
    expect(d.changes.find((c) => c.op === "removed")).toEqual({
      op: "removed",
      text: "设立政务公开专区一个。",
    });
  });

  it("a rolled year is not marked inside a changed paragraph", () => {
    const d = diffParagraphs(["2023年主动公开信息800条。"], ["2024年主动公开信息900条。"], 2023, 2024);
    const changed = d.changes[0];
    if (changed?.op !== "changed") throw new Error("expected a changed paragraph");
    expect(changed.runs.filter((r) => r.op !== "same").map((r) => r.text)).not.toContain("3");
    expect(rolledForward("2023年和2022年，2019年", 2023, 2024)).toBe("2024年和2023年，2019年");
  });

  it("similarity is a Dice coefficient", () => {
    expect(similarity("政务公开", "政务公开")).toBe(1);
    expect(similarity("政务公开", "财政预算")).toBe(0);
  });
});

describe("chinesePunctuation", () => {
  it("brings back Chinese punctuation except between digits", () => {
    expect(chinesePunctuation("(一)公开,共1,234条;18:30发布:完毕")).toBe(
      "（一）公开，共1,234条；18:30发布：完毕",
    );
  });
});
