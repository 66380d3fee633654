/**
 * Renders the 审核意见书 of one report to DOCX, then PDF (LibreOffice) and PNG (pdftoppm), to check by
 * eye that the Chinese text renders. Usage: npx tsx eval/render-docx-preview.ts FILE [OUT_DIR]
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { reportDocx } from "../audit/report-docx.ts";
import { auditBytes } from "../audit/run-audit.ts";

const [file, outArg] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: npx tsx eval/render-docx-preview.ts FILE [OUT_DIR]\n");
  process.exit(1);
}
const out = resolve(outArg ?? mkdtempSync(join(tmpdir(), "nianbao-docx-")));
mkdirSync(out, { recursive: true });
const result = await auditBytes(new Uint8Array(readFileSync(file)), file);
const docx = join(out, `${basename(file).replace(/\.[^.]+$/, "")}.docx`);
writeFileSync(docx, await reportDocx(result));
const profile = mkdtempSync(join(tmpdir(), "nianbao-lo-"));
execFileSync(
  "soffice",
  [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    "--headless",
    "--convert-to",
    "pdf",
    "--outdir",
    out,
    docx,
  ],
  { stdio: "ignore", timeout: 120_000 },
);
const pdf = docx.replace(/\.docx$/, ".pdf");
execFileSync("pdftoppm", ["-png", "-r", "70", pdf, pdf.replace(/\.pdf$/, "")], { timeout: 60_000 });
process.stdout.write(`${docx}\n${pdf}\n${out}\n`);
