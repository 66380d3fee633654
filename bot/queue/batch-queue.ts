/**
 * `nianbao audit DIR|ZIP --xlsx OUT --queue`: the batch export over the Postgres queue. Two passes
 * over the same files: the first puts every file (ZIP members included) on the queue without
 * waiting, so all workers get busy at once; the second is the ordinary batch export
 * (audit/export-files.ts) with an auditor that waits for each file's outcome, so the XLSX is the one
 * `--xlsx` writes without the queue. Outcomes are kept by job key (bytes, name, options): after a
 * crash, running the command again finds the files already audited and waits only for the rest.
 */
import { readFile } from "node:fs/promises";
import type { Auditor } from "../../audit/auditor.ts";
import { auditBatch } from "../../audit/batch.ts";
import { type ExportIo, exportBatch } from "../../audit/export-files.ts";
import type { Logger } from "../../logger.ts";
import { poolAuditor } from "../worker/pool-auditor.ts";
import type { QueueConnection } from "./queue-pool.ts";
import { QueuePool } from "./queue-pool.ts";

export interface QueuedBatchOptions {
  readonly connection: QueueConnection;
  readonly log: Logger;
  readonly maxBytes: number;
  readonly timeoutMs: number;
  readonly json: boolean;
  /** Heap cap reported for files a worker's memory cap cut off (the workers' own setting). */
  readonly memoryMb: number;
}

export async function exportQueuedBatch(
  files: readonly string[],
  missing: readonly string[],
  outputs: { readonly xlsx?: string | undefined; readonly overview?: string | undefined },
  options: QueuedBatchOptions,
  io: ExportIo,
): Promise<number> {
  const pool = await QueuePool.open({ connection: options.connection, log: options.log, kind: "batch-file" });
  try {
    const caps = { timeoutMs: options.timeoutMs, memoryMb: options.memoryMb };
    const submitted = { queued: 0, known: 0 };
    // Pass 1: submit only (the same auditor wrapper as pass 2, so the job keys are the same).
    const submitter: Auditor = poolAuditor(
      {
        run: async (bytes, file, _onStage, task) => {
          const s = await pool.submit(bytes, file, task);
          if (s.outcome) submitted.known++;
          else submitted.queued++;
          return { kind: "crashed", reason: "error", detail: "submitted", ms: 0 };
        },
      },
      caps,
    );
    const sources = files.map((name) => ({
      name,
      load: async () => {
        const b = await readFile(name);
        return new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
      },
    }));
    await auditBatch(sources, {
      maxBytes: options.maxBytes,
      timeoutMs: options.timeoutMs,
      auditor: submitter,
    });
    io.stderr(`队列：新提交 ${submitted.queued} 个文件，已有结果 ${submitted.known} 个；等待工作进程…\n`);
    // Pass 2: the ordinary export, each file's outcome read from the queue.
    return await exportBatch(
      files,
      missing,
      outputs,
      {
        maxBytes: options.maxBytes,
        timeoutMs: options.timeoutMs,
        json: options.json,
        auditor: poolAuditor(pool, caps),
      },
      io,
    );
  } finally {
    await pool.close();
  }
}
