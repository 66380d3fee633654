/**
 * Bad input gets a clear answer and loses nothing: each case has its status and a specific Chinese
 * message, and nothing throws (the list: empty, random bytes, no text layer, encrypted,
 * truncated DOCX, JPG renamed .pdf, 25 MB, not a report, tables missing or cut off).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";

const bad = (name: string) =>
  new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/bad", name)));

async function audit(bytes: Uint8Array, name: string) {
  const r = await auditBytes(bytes, name);
  expect(AuditResult.parse(r)).toBeTruthy();
  return r;
}

describe("bad inputs", () => {
  it.each([
    ["empty.txt", "unreadable", "空"],
    ["random.bin", "unreadable", "无法识别"],
    ["scan.pdf", "no_text_layer", "文字层"],
    ["encrypted.pdf", "unreadable", "加密"],
    ["truncated.docx", "unreadable", "损坏"],
    ["photo.pdf", "no_text_layer", "图片"],
    ["not-a-report.txt", "not_a_report", "不像政府信息公开工作年度报告"],
  ])("%s → %s", async (name, status, words) => {
    const r = await audit(bad(name), name);
    expect(r.status).toBe(status);
    expect(r.statusMessage).toContain(words);
    expect(r.statusMessage).toMatch(/\p{Script=Han}/u);
    expect(r.figures).toEqual({});
    expect(r.findings).toEqual([]);
  });

  it("a 25 MB file is refused by size, before reading", async () => {
    const big = new Uint8Array(25 * 1024 * 1024).fill(0x41);
    const started = performance.now();
    const r = await audit(big, "big.txt");
    expect(r.status).toBe("too_large");
    expect(r.statusMessage).toContain("20 MB");
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("a report whose tables are missing: tables_incomplete, the tables named, no arithmetic invented", async () => {
    const r = await audit(bad("no-tables.txt"), "no-tables.txt");
    expect(r.status).toBe("tables_incomplete");
    expect(r.meta.reportYear).toBe(2023);
    const rules = new Set(r.findings.map((f) => f.rule));
    expect([...rules].filter((id) => /^(T[234]-|XY-FORMAT)/.test(id))).toEqual([]);
    const structure = r.findings.filter((f) => f.rule === "STRUCTURE-TABLES").map((f) => f.message);
    expect(structure).toEqual(
      expect.arrayContaining([
        expect.stringContaining("表三应有 25 行×7 列，识别到 0 行"),
        expect.stringContaining("表四"),
      ]),
    );
    expect(Object.values(r.figures).every((v) => v === null)).toBe(true);
  });

  it("a report whose 表三 is cut off: the rows read are kept, the missing rows listed, no arithmetic finding", async () => {
    const r = await audit(bad("cut-tables.txt"), "cut-tables.txt");
    expect(r.status).toBe("tables_incomplete");
    expect(r.figures["t3.new.total"]).not.toBeNull();
    expect(r.figures["t3.total_processed.total"]).toBeNull();
    expect(r.findings.filter((f) => f.severity === "error")).toEqual([]);
    expect(r.findings.find((f) => f.rule === "STRUCTURE-TABLES")?.message).toContain("「（七）总计」");
    expect(r.sections.map((s) => s.no)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.checks.find((c) => c.rule === "T3-BAL")?.cannot_check).toBeGreaterThan(0);
  });

  it("a GB18030 text file reads like its UTF-8 original", async () => {
    const gbk = await audit(bad("gbk.txt"), "gbk.txt");
    const utf8 = await audit(
      new Uint8Array(readFileSync(join(import.meta.dirname, "../fixtures/seeds/000_5ed72146557905c8.txt"))),
      "000.txt",
    );
    expect(gbk.status).toBe("ok");
    expect(gbk.figures).toEqual(utf8.figures);
    expect(gbk.findings.map((f) => f.message)).toEqual(utf8.findings.map((f) => f.message));
  });

  it("markdown pipe tables read like tab rows", async () => {
    const md = await audit(bad("seed-as-markdown.txt"), "md.txt");
    const expected = JSON.parse(
      readFileSync(join(import.meta.dirname, "../fixtures/seeds/004_e2933871b57d250b.expected.json"), "utf8"),
    );
    expect(md.status).toBe("ok");
    expect(md.figures).toEqual(expected.figures);
  });
});

describe("all zeros versus blanks", () => {
  const seed = (id: string) =>
    new Uint8Array(readFileSync(join(import.meta.dirname, `../fixtures/seeds/${id}.txt`)));

  it("an all-zero report passes every arithmetic rule and has no blank finding", async () => {
    const r = await audit(seed("004_e2933871b57d250b"), "004.txt");
    expect(Object.values(r.figures).every((v) => v === 0)).toBe(true);
    expect(r.findings.filter((f) => /BLANK|^T[34]-/.test(f.rule))).toEqual([]);
    const bal = r.checks.find((c) => c.rule === "T3-BAL");
    expect(bal).toMatchObject({ pass: 7, fail: 0, cannot_check: 0 });
  });

  it("blank cells are reported as blank and their rules cannot be checked, never read as 0", async () => {
    const r = await audit(seed("000_5ed72146557905c8"), "000.txt");
    const blank = r.findings.find((f) => f.rule === "T4-BLANK");
    expect(blank?.cells).toEqual([
      "t4.review.upheld",
      "t4.review.corrected",
      "t4.review.other",
      "t4.review.pending",
      "t4.review.total",
    ]);
    expect(r.figures["t4.review.total"]).toBeNull();
    expect(r.checks.find((c) => c.rule === "T4-REVIEW")).toMatchObject({ pass: 0, fail: 0, cannot_check: 1 });
  });
});
