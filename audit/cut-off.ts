/**
 * Results for files whose audit was cut off from outside: it ran past its time budget or its memory
 * cap, or the process running it died. Status `unreadable`, with a Chinese message that says why, so
 * that every face (CLI, batch, bot, eval) answers every file and goes on with the next.
 */
import { createHash } from "node:crypto";
import { sniffFormat } from "../extract/readers/sniff.ts";
import type { AuditResult } from "./result.ts";
import { failedResult } from "./run-audit.ts";

export type CutOff =
  | {
      readonly kind: "timeout";
      readonly budgetMs: number;
      /** The page OCR was on when a scan or photo was cut off. */
      readonly ocr?: { readonly page: number; readonly pages: number };
    }
  | { readonly kind: "memory"; readonly capMb: number }
  | { readonly kind: "error"; readonly detail: string };

function seconds(ms: number): string {
  return ms >= 1000 ? String(Math.round(ms / 1000)) : String(Math.round(ms / 100) / 10 || 0.1);
}

/** Chinese, for users: what happened and what to send instead. */
export function cutOffMessage(cut: CutOff): string {
  switch (cut.kind) {
    case "timeout":
      if (cut.ocr)
        return `文字识别超时：扫描件共 ${cut.ocr.pages} 页，${cut.ocr.page > 1 ? `已识别完前 ${cut.ocr.page - 1} 页，` : ""}第 ${cut.ocr.page} 页未能在时限内完成（超过 ${seconds(cut.budgetMs)} 秒），已停止处理，未做审核；请提供带文字层的 PDF 或 Word 原始电子版，或把扫描件拆成较少页数后再试。`;
      return `文件处理时间过长（超过 ${seconds(cut.budgetMs)} 秒仍未完成），已停止处理，未做审核；文件可能过于复杂或已损坏，请重新导出（另存为 PDF 或 .docx）后再试。`;
    case "memory":
      return `文件处理时占用内存过多（超过 ${cut.capMb} MB 的上限），已停止处理，未做审核；文件可能过于复杂或经过特殊构造，请重新导出后再试。`;
    case "error":
      return `审核程序内部错误，未能完成审核（${cut.detail.split("\n")[0]}）。`;
  }
}

/** The sniffed format when it is one the auditor reads, else null (cheap: looks at the head only). */
function formatOf(bytes: Uint8Array): string | null {
  try {
    return sniffFormat(bytes).format;
  } catch {
    return null;
  }
}

/** The result of `bytes` (called `file`) whose audit was cut off after `elapsedMs`. */
export function cutOffResult(bytes: Uint8Array, file: string, cut: CutOff, elapsedMs: number): AuditResult {
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return failedResult(file, sha256, "unreadable", cutOffMessage(cut), formatOf(bytes), elapsedMs);
}
