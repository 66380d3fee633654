/**
 * Runs the full pipeline (what the CLI and the bot run) over gold files, one at a time, each in a
 * worker with a time and a heap cap (bot/worker/pool-auditor.ts), as the CLI does: a file that runs
 * over is answered `unreadable` and the run goes on. A throw is recorded, never fatal.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import type { Auditor } from "../audit/auditor.ts";
import { isolatedAuditor } from "../bot/worker/pool-auditor.ts";
import type { FileRun, GoldFile } from "./score.ts";

export interface RunOptions {
  /** Upper bound for one file, reading included (default 60 s). */
  readonly timeoutMs?: number;
  /** Runs each file (default: a worker of its own for this run, with the time cap above). */
  readonly auditor?: Auditor;
  readonly onFile?: (run: FileRun, index: number, total: number) => void;
}

export async function auditFiles(files: readonly GoldFile[], options: RunOptions = {}): Promise<FileRun[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const isolated = options.auditor ? null : isolatedAuditor({ timeoutMs });
  const audit = options.auditor ?? (isolated as NonNullable<typeof isolated>).audit;
  const runs: FileRun[] = [];
  try {
    for (const [i, gold] of files.entries()) {
      const started = performance.now();
      let run: FileRun;
      try {
        const bytes = new Uint8Array(readFileSync(gold.path));
        const { result } = await audit(bytes, basename(gold.path), { timeoutMs });
        run = { gold, result, error: null, ms: performance.now() - started };
      } catch (error) {
        run = {
          gold,
          result: null,
          error: error instanceof Error ? error.message : String(error),
          ms: performance.now() - started,
        };
      }
      runs.push(run);
      options.onFile?.(run, i, files.length);
    }
  } finally {
    await isolated?.close();
  }
  return runs;
}
