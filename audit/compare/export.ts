/**
 * `nianbao compare A B [--docx OUT] [--json]`: audits both files, orders them by year, prints the short
 * comparison (or its JSON) and writes the 年度对比 DOCX. Returns the exit code (0, or 2 when a file
 * could not be read or is not a report).
 */
import { readFile, writeFile } from "node:fs/promises";
import type { AuditResult } from "../result.ts";
import { auditDetailed } from "../run-audit.ts";
import { byYear, type Comparison, compareReports, type YearSide } from "./compare.ts";
import { comparisonDocx } from "./docx.ts";
import { comparisonSummaryLines } from "./summary-text.ts";
import { thresholdsFromEnv } from "./thresholds.ts";

export interface CompareIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface CompareOptions {
  readonly docx?: string;
  readonly json: boolean;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly env?: Record<string, string | undefined>;
}

const UNUSABLE: ReadonlySet<AuditResult["status"]> = new Set([
  "unreadable",
  "no_text_layer",
  "too_large",
  "not_a_report",
]);

async function side(file: string, options: CompareOptions, io: CompareIo): Promise<YearSide | null> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    io.stderr(`nianbao: ${file}: no such file or directory（文件不存在）\n`);
    return null;
  }
  const { result, report } = await auditDetailed(
    new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
    file,
    { maxBytes: options.maxBytes, timeoutMs: options.timeoutMs },
  );
  if (report === null || UNUSABLE.has(result.status)) {
    io.stderr(`nianbao: ${file}: ${result.statusMessage}\n`);
    return null;
  }
  return { name: file, result, report };
}

/** JSON of a comparison (maps become objects). */
export function comparisonJson(c: Comparison): string {
  return JSON.stringify(c);
}

export async function exportComparison(
  fileA: string,
  fileB: string,
  options: CompareOptions,
  io: CompareIo,
): Promise<number> {
  let thresholds: ReturnType<typeof thresholdsFromEnv>;
  try {
    thresholds = thresholdsFromEnv(options.env ?? process.env);
  } catch (error) {
    io.stderr(`nianbao compare: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
  const a = await side(fileA, options, io);
  const b = await side(fileB, options, io);
  if (a === null || b === null) return 2;
  const [previous, current] = byYear(a, b);
  const comparison = compareReports(previous, current, thresholds);
  if (options.json) io.stdout(`${comparisonJson(comparison)}\n`);
  else io.stdout(`${comparisonSummaryLines(comparison).join("\n")}\n`);
  if (options.docx) {
    await writeFile(options.docx, await comparisonDocx(comparison));
    io.stderr(`已写入年度对比 ${options.docx}\n`);
  }
  return 0;
}
