import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

describe("npm run eval -- --ocr", () => {
  it("runs the OCR bench, which says plainly when OCR is off instead of failing", () => {
    const out = execFileSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "eval/run-eval.ts"), "--ocr", "--seeds", "002", "--dpi", "150"],
      { cwd: ROOT, env: { ...process.env, NIANBAO_OCR: "off" }, encoding: "utf8", timeout: 60_000 },
    );
    expect(out).toMatch(/^OCR bench skipped: NIANBAO_OCR=off \(apt-get install -y tesseract-ocr/m);
  }, 90_000);

  it("takes the bench's own options (--generated, --only, --nulls, --docs)", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "eval/run-eval.ts"),
        "--ocr",
        "--generated",
        "--only",
        "g00035",
        "--nulls",
        "--docs",
        "/nonexistent-not-used",
        "--dpi",
        "200",
      ],
      { cwd: ROOT, env: { ...process.env, NIANBAO_OCR: "off" }, encoding: "utf8", timeout: 60_000 },
    );
    expect(out).toMatch(/^OCR bench skipped: NIANBAO_OCR=off/m);
  }, 90_000);

  it("takes the real reports (--real) and other PDFs (--pdfs), read by their text layer first", () => {
    const out = execFileSync(
      process.execPath,
      [
        "--import",
        "tsx",
        join(ROOT, "eval/run-eval.ts"),
        "--ocr",
        "--seeds",
        "none",
        "--real",
        "--pdfs",
        join(ROOT, "eval/ocr-real/js-huaian-2024.pdf"),
        "--dpi",
        "200",
      ],
      { cwd: ROOT, env: { ...process.env, NIANBAO_OCR: "off" }, encoding: "utf8", timeout: 60_000 },
    );
    expect(out).toMatch(/^OCR bench skipped: NIANBAO_OCR=off/m);
  }, 90_000);
});
