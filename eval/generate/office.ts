/**
 * LibreOffice (soffice) as a batch converter: many HTML files to DOCX or PDF in one invocation, each
 * target in its own process with a private profile (-env:UserInstallation), so that the two run in
 * parallel and never clash with a desktop instance. Absent soffice is a value, not a crash.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, dirname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

export type OfficeTarget = "docx" | "pdf";

const FILTERS: Record<OfficeTarget, string> = {
  docx: "docx:MS Word 2007 XML",
  pdf: "pdf:writer_pdf_Export",
};

/** The soffice binary, or null when LibreOffice is not installed. */
export function findSoffice(): string | null {
  for (const name of ["soffice", "libreoffice"]) {
    const probe = spawnSync(name, ["--version"], { encoding: "utf8", timeout: 30_000 });
    if (probe.error === undefined && probe.status === 0) return name;
  }
  return null;
}

export interface ConvertResult {
  /** Output files written, by input file. */
  readonly written: ReadonlyMap<string, string>;
  readonly failed: readonly string[];
  readonly ms: number;
}

/**
 * soffice silently ignores the arguments after about the 254th (seen with LibreOffice 7.4: a batch of
 * 300 files stopped after 245, whatever the path lengths). A longer batch is split into several runs;
 * inputs are passed relative to their folder to keep the command line short.
 */
const MAX_FILES = 200;
const MAX_ARGS_BYTES = 16_000;

/** Convert HTML files (all in one folder) into `outDir` (output `<name>.<target>`), in one soffice run per batch. */
export async function convertAll(
  soffice: string,
  inputs: readonly string[],
  target: OfficeTarget,
  outDir: string,
): Promise<ConvertResult> {
  const started = performance.now();
  const written = new Map<string, string>();
  const failed: string[] = [];
  const batches: string[][] = [];
  let batch: string[] = [];
  let bytes = 0;
  for (const input of inputs) {
    const size = basename(input).length + 1;
    if (batch.length > 0 && (bytes + size > MAX_ARGS_BYTES || batch.length >= MAX_FILES)) {
      batches.push(batch);
      batch = [];
      bytes = 0;
    }
    batch.push(input);
    bytes += size;
  }
  if (batch.length > 0) batches.push(batch);
  for (const b of batches) {
    const r = await convertBatch(soffice, b, target, outDir);
    for (const [k, v] of r.written) written.set(k, v);
    failed.push(...r.failed);
  }
  return { written, failed, ms: performance.now() - started };
}

function convertBatch(
  soffice: string,
  inputs: readonly string[],
  target: OfficeTarget,
  outDir: string,
): Promise<ConvertResult> {
  const started = performance.now();
  if (inputs.length === 0) return Promise.resolve({ written: new Map(), failed: [], ms: 0 });
  const profile = mkdtempSync(join(tmpdir(), `nianbao-eval-lo-${target}-`));
  const args = [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    "--headless",
    "--norestore",
    "--infilter=HTML (StarWriter)",
    "--convert-to",
    FILTERS[target],
    "--outdir",
    resolve(outDir),
    ...inputs.map((i) => basename(i)),
  ];
  return new Promise((done) => {
    const child = spawn(soffice, args, {
      cwd: dirname(inputs[0] as string),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    // About a second per file is generous; a hung soffice must not hang the eval.
    const timer = setTimeout(() => child.kill("SIGKILL"), 60_000 + inputs.length * 1_500);
    child.on("close", () => {
      clearTimeout(timer);
      rmSync(profile, { recursive: true, force: true });
      const written = new Map<string, string>();
      const failed: string[] = [];
      for (const input of inputs) {
        const output = join(outDir, `${basename(input).replace(/\.html$/, "")}.${target}`);
        if (existsSync(output)) written.set(input, output);
        else failed.push(input);
      }
      if (failed.length > 0 && stderr.trim() !== "")
        process.stderr.write(`soffice (${target}): ${stderr.trim().split("\n").at(-1)}\n`);
      done({ written, failed, ms: performance.now() - started });
    });
  });
}

/** Text of each page of a PDF (pdftotext -layout), or null without poppler-utils. */
/**
 * Writes `isoDate` (09:00 UTC) as the PDF's Info /CreationDate, in place: LibreOffice stamps the time
 * of conversion whatever the document's properties say. Same length, so the xref offsets hold.
 * Returns false when the file has no such entry.
 */
export function setPdfCreationDate(pdf: Uint8Array, isoDate: string): boolean {
  const marker = "/CreationDate(D:";
  const at = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength).indexOf(marker, 0, "latin1");
  if (at < 0 || !/^\d{4}-\d{2}-\d{2}$/.test(isoDate)) return false;
  pdf.set(Buffer.from(`${isoDate.replaceAll("-", "")}090000`, "latin1"), at + marker.length);
  return true;
}

export function pdfPages(pdf: string): string[] | null {
  const run = spawnSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8", timeout: 30_000 });
  if (run.error !== undefined || run.status !== 0) return null;
  return run.stdout.split("\f").slice(0, -1);
}
