/**
 * The CLI side of the forwarding exports: `nianbao audit DIR|ZIP --xlsx OUT` (batch) and
 * `nianbao report FILE --docx OUT [--xlsx OUT]`. Reads files, runs the pipeline, writes the documents;
 * prints one line per file and a summary. Returns the exit code (0 ok, 2 something could not be read).
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import { DEFAULT_ARCHIVE_LIMITS } from "./archive.ts";
import { type Auditor, inProcessAuditor } from "./auditor.ts";
import { auditBatch, type BatchSource } from "./batch.ts";
import { buildOverview, totalsLines } from "./overview/overview.ts";
import { reportDocx } from "./report-docx.ts";
import { batchXlsx, reportXlsx } from "./report-xlsx.ts";
import type { AuditResult } from "./result.ts";
import { severityCounts, verdictOf } from "./verdict.ts";

export interface ExportIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

export interface ExportOptions {
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly json: boolean;
  /** Publication date the user gave (ISO), for DEADLINE where none is printed. */
  readonly givenDate?: string;
  /** Runs each file (the CLI passes its isolated worker; default: this thread). */
  readonly auditor?: Auditor;
}

const UNREAD: ReadonlySet<AuditResult["status"]> = new Set(["unreadable", "no_text_layer", "too_large"]);

function line(r: AuditResult): string {
  const c = severityCounts(r);
  return `${r.file}\t${r.meta.issuer ?? "未识别"}\t${r.meta.reportYear ?? "?"}\t${verdictOf(r)}\t错误 ${c.error}，警告 ${c.warning}，提示 ${c.notice}\n`;
}

async function bytesOf(path: string): Promise<Uint8Array> {
  const b = await readFile(path);
  return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
}

/** A batch source: a file (or a ZIP of files) up to `max` bytes, never loaded beyond. */
async function boundedBytesOf(path: string, max: number): Promise<Uint8Array> {
  const { size } = await stat(path);
  if (size > max)
    throw new Error(
      `文件大小为 ${Math.round(size / 1024 / 1024)} MB，超过上限 ${Math.round(max / 1024 / 1024)} MB，未读取`,
    );
  return bytesOf(path);
}

/**
 * Batch: every file (ZIPs expanded) into one XLSX (with the regional overview's sheets) and/or the
 * overview's heatmap PNG (`--overview`); with the PNG, the ranking's top and the region's totals go
 * to stderr.
 */
export async function exportBatch(
  files: readonly string[],
  missing: readonly string[],
  outputs: { readonly xlsx?: string | undefined; readonly overview?: string | undefined },
  options: ExportOptions,
  io: ExportIo,
): Promise<number> {
  let exit = missing.length > 0 ? 2 : 0;
  for (const p of missing) io.stderr(`nianbao: ${p}: no such file or directory（文件不存在）\n`);
  // Each file is read when its turn comes: a batch holds one file (or one archive's members) at a time.
  const sources: BatchSource[] = files.map((name) => ({
    name,
    load: () =>
      boundedBytesOf(name, Math.max(options.maxBytes, DEFAULT_ARCHIVE_LIMITS.maxTotalBytes)).catch(
        (error: unknown) => {
          // Listed with the problem files below.
          exit = 2;
          throw error;
        },
      ),
  }));
  // The chart libraries load and warm up (WebAssembly compile, font) while the files are audited.
  const charts = import("./overview/heatmap.ts");
  const warm = import("./charts/render.ts").then((m) => m.warmUpCharts());
  const batch = await auditBatch(sources, {
    maxBytes: options.maxBytes,
    timeoutMs: options.timeoutMs,
    ...(options.auditor ? { auditor: options.auditor } : {}),
  });
  for (const { result } of batch.entries) {
    io.stdout(options.json ? `${JSON.stringify(result)}\n` : line(result));
    if (UNREAD.has(result.status)) exit = 2;
  }
  for (const p of batch.problems) {
    io.stderr(`nianbao: ${p.name}: ${p.message}\n`);
    if (p.archiveRefused) exit = 2;
  }
  const overview = buildOverview(batch.entries);
  await warm;
  const chart = await (await charts).heatmapPng(overview);
  if (outputs.overview) {
    await writeFile(outputs.overview, chart.png);
    io.stderr(`已写入热力图 ${outputs.overview}（${chart.width}×${chart.height}）\n${overview.criteria}\n`);
    for (const u of overview.units.slice(0, 10))
      io.stderr(
        `  ${u.rank}. ${u.issuer}${u.year ? ` ${u.year}` : ""}：错误 ${u.errors}，警告 ${u.warnings}${u.late ? "，逾期" : ""}${u.template ? `，模板问题 ${u.template}` : ""}\n`,
      );
    for (const t of overview.totals) io.stderr(`${totalsLines(t).join("\n")}\n`);
  }
  if (outputs.xlsx) {
    await writeFile(outputs.xlsx, await batchXlsx(batch, { overview, png: chart.png }));
    const withErrors = batch.entries.filter((e) => verdictOf(e.result) === "需更正").length;
    io.stderr(
      `已写入 ${outputs.xlsx}：${batch.entries.length} 个文件，需更正 ${withErrors} 份，问题文件 ${batch.problems.length} 个，用时 ${(batch.elapsedMs / 1000).toFixed(1)} 秒\n`,
    );
  }
  return exit;
}

/** One report: the 审核意见书 (DOCX) and/or the figures-and-findings XLSX. */
export async function exportReport(
  file: string,
  outputs: { readonly docx?: string; readonly xlsx?: string },
  options: ExportOptions,
  io: ExportIo,
): Promise<number> {
  let bytes: Uint8Array;
  try {
    bytes = await bytesOf(file);
  } catch {
    io.stderr(`nianbao: ${file}: no such file or directory（文件不存在）\n`);
    return 2;
  }
  const { result } = await (options.auditor ?? inProcessAuditor)(bytes, file, {
    maxBytes: options.maxBytes,
    timeoutMs: options.timeoutMs,
    ...(options.givenDate !== undefined ? { givenDate: options.givenDate } : {}),
  });
  io.stdout(options.json ? `${JSON.stringify(result)}\n` : line(result));
  if (outputs.docx) {
    await writeFile(outputs.docx, await reportDocx(result));
    io.stderr(`已写入审核意见书 ${outputs.docx}\n`);
  }
  if (outputs.xlsx) {
    await writeFile(outputs.xlsx, await reportXlsx(result));
    io.stderr(`已写入 ${outputs.xlsx}\n`);
  }
  return UNREAD.has(result.status) ? 2 : 0;
}
