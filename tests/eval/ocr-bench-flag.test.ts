import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "../..");

/** `npm run eval -- --ocr …args` with OCR turned off: what it prints. */
function benchOff(args: readonly string[]): string {
  return execFileSync(
    process.execPath,
    ["--import", "tsx", join(ROOT, "eval/run-eval.ts"), "--ocr", ...args],
    {
      cwd: ROOT,
      env: { ...process.env, NIANBAO_OCR: "off" },
      encoding: "utf8",
      timeout: 60_000,
    },
  );
}

describe("npm run eval -- --ocr", () => {
  it("runs the OCR bench, which says plainly when OCR is off instead of failing", () => {
    expect(benchOff(["--seeds", "002", "--dpi", "150"])).toMatch(
      /^OCR bench skipped: NIANBAO_OCR=off \(apt-get install -y tesseract-ocr/m,
    );
  }, 90_000);

  it("takes the bench's own options (--generated, --only, --nulls, --docs)", () => {
    const args = [
      "--generated",
      "--only",
      "g00035",
      "--nulls",
      "--docs",
      "/nonexistent-not-used",
      "--dpi",
      "200",
    ];
    expect(benchOff(args)).toMatch(/^OCR bench skipped: NIANBAO_OCR=off/m);
  }, 90_000);

  it("takes the real reports (--real) and other PDFs (--pdfs), read by their text layer first", () => {
    const pdf = join(ROOT, "eval/ocr-real/js-huaian-2024.pdf");
    const args = ["--seeds", "none", "--real", "--pdfs", pdf, "--dpi", "200"];
    expect(benchOff(args)).toMatch(/^OCR bench skipped: NIANBAO_OCR=off/m);
  }, 90_000);
});
