/**
 * Where a queued file's bytes wait for a worker: small files in the database row, large ones in a
 * shared directory (NIANBAO_QUEUE_FILES_DIR) with the row holding the path. Without a directory every
 * file goes to the database (Telegram's 20 MB download limit bounds it).
 */
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type pg from "pg";
import { INLINE_MAX_BYTES } from "./schema.ts";

export class QueueFiles {
  constructor(
    private readonly db: pg.Pool,
    private readonly dir: string | null,
    private readonly inlineMax: number = INLINE_MAX_BYTES,
  ) {}

  /** Store the bytes under `key` (a no-op when they are already there). */
  async put(key: string, bytes: Uint8Array): Promise<"database" | "directory"> {
    if (bytes.byteLength <= this.inlineMax || this.dir === null) {
      await this.db.query(
        "insert into nianbao_queue_files (key, bytes, size) values ($1, $2, $3) on conflict (key) do nothing",
        [key, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes.byteLength],
      );
      return "database";
    }
    await mkdir(this.dir, { recursive: true });
    const path = join(this.dir, `${key.replace(/[^A-Za-z0-9_-]/g, "_")}.bin`);
    // Write then rename would be atomic; a partial file is harmless here because the row that names
    // it is written after the file is complete.
    await writeFile(path, bytes);
    await this.db.query(
      "insert into nianbao_queue_files (key, path, size) values ($1, $2, $3) on conflict (key) do nothing",
      [key, path, bytes.byteLength],
    );
    return "directory";
  }

  /** The bytes, or null when they are gone (the job finished elsewhere, or the file was lost). */
  async get(key: string): Promise<Uint8Array | null> {
    const { rows } = await this.db.query<{ bytes: Buffer | null; path: string | null }>(
      "select bytes, path from nianbao_queue_files where key = $1",
      [key],
    );
    const row = rows[0];
    if (!row) return null;
    if (row.bytes) return new Uint8Array(row.bytes.buffer, row.bytes.byteOffset, row.bytes.byteLength);
    if (row.path) return new Uint8Array(await readFile(row.path).catch(() => Buffer.alloc(0)));
    return null;
  }

  /** Drop the bytes once the outcome is stored. */
  async remove(key: string): Promise<void> {
    const { rows } = await this.db.query<{ path: string | null }>(
      "delete from nianbao_queue_files where key = $1 returning path",
      [key],
    );
    const path = rows[0]?.path;
    if (path) await rm(path, { force: true });
  }
}
