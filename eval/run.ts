/**
 * Runs the full pipeline (`auditBytes`, exactly what the CLI and the bot run) over gold files, one
 * at a time, each bounded in time. A throw or a timeout is recorded, never fatal.
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { auditBytes } from "../audit/run-audit.ts";
import type { FileRun, GoldFile } from "./score.ts";

export interface RunOptions {
  /** Upper bound for one file, reading included (default 60 s). */
  readonly timeoutMs?: number;
  readonly onFile?: (run: FileRun, index: number, total: number) => void;
}

class Timeout extends Error {
  constructor(readonly ms: number) {
    super(`timed out after ${ms} ms`);
    this.name = "Timeout";
  }
}

export async function auditFiles(files: readonly GoldFile[], options: RunOptions = {}): Promise<FileRun[]> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const runs: FileRun[] = [];
  for (const [i, gold] of files.entries()) {
    const started = performance.now();
    let run: FileRun;
    let timer: NodeJS.Timeout | undefined;
    try {
      const bytes = new Uint8Array(readFileSync(gold.path));
      const result = await Promise.race([
        auditBytes(bytes, basename(gold.path), { timeoutMs: Math.min(timeoutMs, 20_000) }),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Timeout(timeoutMs)), timeoutMs);
        }),
      ]);
      run = { gold, result, error: null, ms: performance.now() - started };
    } catch (error) {
      run = {
        gold,
        result: null,
        error: error instanceof Error ? error.message : String(error),
        ms: performance.now() - started,
      };
    } finally {
      clearTimeout(timer);
    }
    runs.push(run);
    options.onFile?.(run, i, files.length);
  }
  return runs;
}
