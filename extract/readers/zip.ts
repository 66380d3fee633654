/**
 * A minimal ZIP reader over the central directory: enough to tell a DOCX from another ZIP and to read
 * small metadata parts (docProps/core.xml). Stored and deflated entries only; no ZIP64, no encryption.
 */
import { inflateRawSync } from "node:zlib";

export interface ZipEntry {
  readonly name: string;
  readonly method: number;
  readonly compressedSize: number;
  readonly size: number;
  readonly localHeaderOffset: number;
  /** General-purpose bit flags (bit 0: encrypted; bit 11: UTF-8 name). */
  readonly flags: number;
  /** The name as stored (for archives whose names are GBK without the UTF-8 flag). */
  readonly rawName: Uint8Array;
}

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
/** End-of-central-directory record (22 bytes) plus the longest possible comment. */
const EOCD_SEARCH = 22 + 0xffff;

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Entries of the central directory, or null when there is none (not a ZIP, or truncated). */
export function listZipEntries(bytes: Uint8Array): ZipEntry[] | null {
  if (bytes.byteLength < 22) return null;
  const dv = view(bytes);
  let eocd = -1;
  for (let i = bytes.byteLength - 22; i >= Math.max(0, bytes.byteLength - EOCD_SEARCH); i--) {
    if (dv.getUint32(i, true) === EOCD_SIGNATURE) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  const count = dv.getUint16(eocd + 10, true);
  const dirOffset = dv.getUint32(eocd + 16, true);
  const decoder = new TextDecoder("utf-8");
  const entries: ZipEntry[] = [];
  let p = dirOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.byteLength || dv.getUint32(p, true) !== CENTRAL_SIGNATURE) return null;
    const nameLength = dv.getUint16(p + 28, true);
    const extraLength = dv.getUint16(p + 30, true);
    const commentLength = dv.getUint16(p + 32, true);
    if (p + 46 + nameLength > bytes.byteLength) return null;
    entries.push({
      method: dv.getUint16(p + 10, true),
      flags: dv.getUint16(p + 8, true),
      rawName: bytes.subarray(p + 46, p + 46 + nameLength),
      compressedSize: dv.getUint32(p + 20, true),
      size: dv.getUint32(p + 24, true),
      localHeaderOffset: dv.getUint32(p + 42, true),
      name: decoder.decode(bytes.subarray(p + 46, p + 46 + nameLength)),
    });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** The stored (possibly compressed) bytes of one entry, or null when its local header is missing or cut off. */
export function entryData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | null {
  const dv = view(bytes);
  const p = entry.localHeaderOffset;
  if (p + 30 > bytes.byteLength || dv.getUint32(p, true) !== LOCAL_SIGNATURE) return null;
  const start = p + 30 + dv.getUint16(p + 26, true) + dv.getUint16(p + 28, true);
  const end = start + entry.compressedSize;
  return end > bytes.byteLength ? null : bytes.subarray(start, end);
}

/** Bytes of one entry, or null if it cannot be read. `maxSize` bounds the inflated size. */
export function readZipEntry(
  bytes: Uint8Array,
  entry: ZipEntry,
  maxSize = 4 * 1024 * 1024,
): Uint8Array | null {
  if (entry.size > maxSize) return null;
  const data = entryData(bytes, entry);
  if (data === null) return null;
  if (entry.method === 0) return data;
  if (entry.method !== 8) return null;
  try {
    return new Uint8Array(inflateRawSync(data, { maxOutputLength: maxSize }));
  } catch {
    return null;
  }
}

/** Text of the named entry (UTF-8), or null. */
export function readZipText(bytes: Uint8Array, name: string): string | null {
  const entry = listZipEntries(bytes)?.find((e) => e.name === name);
  if (!entry) return null;
  const data = readZipEntry(bytes, entry);
  return data ? new TextDecoder("utf-8").decode(data) : null;
}
