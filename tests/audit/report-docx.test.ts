import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { reportDocx } from "../../audit/report-docx.ts";
import { auditBytes, resultFromReport } from "../../audit/run-audit.ts";
import { hasTool, toolCommand } from "../helpers/optional-tools.ts";
import { cleanReport, withFigures } from "../helpers/report.ts";

async function text(bytes: Uint8Array): Promise<string> {
  return (await mammoth.extractRawText({ buffer: Buffer.from(bytes) })).value;
}

/** A report whose 表三「（一）予以公开」总计 was typed 9 instead of 5 + 1. */
function brokenResult() {
  const report = withFigures(cleanReport({ issuer: "某市某区人民政府某街道办事处" }), {
    "t3.granted.total": 9,
  });
  return resultFromReport("broken.txt", "0".repeat(64), report, "ok", 1);
}

describe("审核意见书 (DOCX)", () => {
  it("has the header, verdict, key figures with sources, findings by severity and corrections", async () => {
    const result = brokenResult();
    const body = await text(await reportDocx(result, { date: "2024年3月1日" }));
    expect(body).toContain("政府信息公开工作年度报告审核意见书");
    expect(body).toContain("某市某区人民政府某街道办事处（街道办事处）");
    expect(body).toContain("2023年度");
    expect(body).toContain("2021年版");
    expect(body).toMatch(/审核结论：需更正（发现错误 \d+ 项/);
    // Key figures with the cell they come from.
    expect(body).toContain("表三 予以公开");
    expect(body).toContain("9（第1行）");
    expect(body).toContain("表三「（一）予以公开」总计");
    // Findings with arithmetic and basis, errors first.
    expect(body).toContain("【错误】");
    expect(body).toContain("[T3-COLSUM] 表三「（一）予以公开」：六类申请人合计 6，总计栏 9，相差 3");
    expect(body).toContain("填报 9，计算 6，差 3");
    expect(body).toContain("表三“总计”栏为六类申请人之和");
    expect(body.indexOf("【错误】")).toBeLessThan(body.indexOf("三、更正建议"));
    // The correction uses the finding's computed sum, nothing else.
    expect(body).toContain("表三「（一）予以公开」总计应改为 6（六类申请人之和），现填 9。");
  });

  it("says 无问题 / 需核对 / 未能审核", async () => {
    const clean = resultFromReport("clean.txt", "0".repeat(64), cleanReport(), "ok", 1);
    expect(await text(await reportDocx(clean))).toContain("审核结论：无问题");
    const seed = readFileSync("tests/fixtures/seeds/002_a01f0cf12a106081.txt");
    const warned = await auditBytes(new Uint8Array(seed), "002.txt");
    expect(await text(await reportDocx(warned))).toContain("审核结论：需核对");
    const empty = await auditBytes(new Uint8Array(0), "empty.txt");
    expect(await text(await reportDocx(empty))).toContain("审核结论：未能审核");
  });

  // Needs LibreOffice and poppler; without them skipped, with one line from tests/helpers/report-tools.ts.
  it.skipIf(!hasTool("soffice") || !hasTool("pdftotext"))(
    "converts to PDF with LibreOffice and keeps the Chinese text",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "nianbao-docx-test-"));
      const docx = join(dir, "opinion.docx");
      writeFileSync(docx, await reportDocx(brokenResult()));
      execFileSync(
        toolCommand("soffice") ?? "soffice",
        [
          `-env:UserInstallation=${pathToFileURL(join(dir, "profile")).href}`,
          "--headless",
          "--convert-to",
          "pdf",
          "--outdir",
          dir,
          docx,
        ],
        { stdio: "ignore", timeout: 120_000 },
      );
      const pdf = join(dir, "opinion.pdf");
      expect(existsSync(pdf)).toBe(true);
      const pdfText = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" }).replace(/\s+/g, "");
      expect(pdfText).toContain("审核意见书");
      expect(pdfText).toContain("需更正");
    },
    180_000,
  );
});
