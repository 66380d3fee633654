/**
 * The audit as the parser worker runs it: the same steps as audit/run-audit.ts `auditBytes`
 * (read → analyse → rules), with a callback after each so the chat can show progress.
 * tests/bot/staged-audit.test.ts pins it to `auditBytes` on every fixture. With the LLM variables in
 * the worker's data (the pool's `llm` option), a task that asks for it also has the model read the
 * tables, as `nianbao audit --llm` does; the extractor is built once per worker, on first use.
 */
import { workerData } from "node:worker_threads";
import {
  type AuditOptions,
  type AuditStage,
  auditDetailed,
  type DetailedAudit,
} from "../../audit/run-audit.ts";
import type { LlmExtractor } from "../../extract/llm/extractor.ts";
import { silentLogger } from "../../extract/llm/logger.ts";

export type { AuditStage };

/** OCR is starting page `page` of `pages` of a scan or photo. */
export interface OcrPageProgress {
  readonly page: number;
  readonly pages: number;
}

/** What a worker posts while a file is audited: a finished stage, or the OCR page it is on. */
export type WorkerProgress = AuditStage | OcrPageProgress;

/** The signature every worker task module exports as `runAudit` (tests inject slow ones). */
export type RunAudit = (
  bytes: Uint8Array,
  file: string,
  options: AuditOptions,
  onStage: (stage: WorkerProgress) => void,
  task?: { readonly useLlm?: boolean; readonly keepDocument?: boolean },
) => Promise<DetailedAudit>;

let extractor: LlmExtractor | null | undefined;

/**
 * This worker's extractor, from the LLM variables the pool passed (null without them); the OpenAI
 * client is loaded on the first task that asks for the model.
 */
async function workerExtractor(): Promise<LlmExtractor | null> {
  if (extractor === undefined) {
    const env = (workerData as { llmEnv?: Record<string, string> | null } | null)?.llmEnv;
    extractor = env
      ? (await import("../../extract/llm/from-env.ts")).llmExtractorFromEnv(env, { logger: silentLogger })
      : null;
  }
  return extractor;
}

/** The result and the parsed report (the bot keeps it to run the rules again across years). */
export const runAudit: RunAudit = async (bytes, file, options, onStage, task) => {
  const llm = task?.useLlm ? await workerExtractor() : null;
  return auditDetailed(bytes, file, {
    ...options,
    onStage,
    onOcrPage: (page, pages) => onStage({ page, pages }),
    ...(llm ? { llm } : {}),
    ...(task?.keepDocument ? { keepDocument: true } : {}),
  });
};

/** A one-page PDF with a line of text, built in memory (offsets computed, so the xref is exact). */
function tinyPdf(): Uint8Array {
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    "<< /Length 44 >>\nstream\nBT /F1 12 Tf 20 50 Td (warm up) Tj ET\nendstream",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let body = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, "0")} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(body);
}

/** Load the PDF reader and JIT-compile the pipeline once, so the first real file is not the slow one. */
export async function warmUp(): Promise<void> {
  await runAudit(tinyPdf(), "warm-up.pdf", {}, () => {});
}
