/**
 * A file from disk for an audit, without reading more than it may: a file larger than the size limit
 * is answered `too_large` from its size and a streamed hash, never loaded (a 1 GiB file given on the
 * command line costs no memory).
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { tooLargeMessage } from "../extract/readers/messages.ts";
import type { AuditResult } from "./result.ts";

export type Input = { readonly bytes: Uint8Array } | { readonly result: AuditResult };

async function streamedSha256(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

export async function readInput(path: string, maxBytes: number): Promise<Input> {
  const { size } = await stat(path);
  if (size > maxBytes) {
    // Loaded here only: the pipeline's modules are not needed to read a file for a worker.
    const { failedResult } = await import("./run-audit.ts");
    return {
      result: failedResult(
        path,
        await streamedSha256(path),
        "too_large",
        tooLargeMessage(size, maxBytes),
        null,
        0,
      ),
    };
  }
  const b = await readFile(path);
  return { bytes: new Uint8Array(b.buffer, b.byteOffset, b.byteLength) };
}
