/**
 * Inflates a ZIP member as a stream with a hard cap on the bytes produced: it stops at the cap, so a
 * member that declares 1 KB and inflates to 1 GiB costs at most the cap (or nothing, when only
 * counting). Never throws: a corrupt stream is reported as such.
 */
import { Readable, Writable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createInflateRaw } from "node:zlib";

export type Inflated =
  | { readonly ok: true; readonly bytes: number; readonly data: Uint8Array | null }
  | { readonly ok: false; readonly reason: "over_cap" | "corrupt"; readonly bytes: number };

class OverCap extends Error {}

/**
 * Inflate raw-deflate `compressed`; `keep` false only counts (nothing is held). Stops as soon as the
 * output passes `cap` bytes.
 */
export async function inflateCapped(compressed: Uint8Array, cap: number, keep = true): Promise<Inflated> {
  const chunks: Buffer[] = [];
  let bytes = 0;
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      bytes += chunk.byteLength;
      if (bytes > cap) {
        done(new OverCap());
        return;
      }
      if (keep) chunks.push(chunk);
      done();
    },
  });
  try {
    await pipeline(Readable.from([Buffer.from(compressed)]), createInflateRaw(), sink);
  } catch (error) {
    return { ok: false, reason: error instanceof OverCap ? "over_cap" : "corrupt", bytes };
  }
  return { ok: true, bytes, data: keep ? new Uint8Array(Buffer.concat(chunks)) : null };
}
