/**
 * Checks a DOCX before mammoth opens it: mammoth's ZIP library inflates whole parts into memory,
 * trusting them, so a 3 MB file whose document.xml inflates to 1 GiB would take gigabytes. Every part
 * mammoth may read (the XML and .rels parts) is inflated here as a stream and only counted, each up to
 * MAX_DOCX_PART_BYTES and all together up to MAX_DOCX_XML_BYTES; past either the file is refused.
 * Pictures are never inflated (the reader drops them unread).
 */
import { inflateCapped } from "./inflate-capped.ts";
import { MAX_DOCX_MEMBERS, MAX_DOCX_PART_BYTES, MAX_DOCX_XML_BYTES } from "./limits.ts";
import { ReadError } from "./read-error.ts";
import { entryData, type ZipEntry } from "./zip.ts";

const MB = 1024 * 1024;

function overLimit(detail: string, limit: string): ReadError {
  return new ReadError("over_limit", "docx", detail, { limit });
}

/** Throws ReadError "over_limit" for a DOCX whose parts inflate past the caps; "corrupt" for broken parts. */
export async function guardDocx(bytes: Uint8Array, entries: readonly ZipEntry[]): Promise<void> {
  if (entries.length > MAX_DOCX_MEMBERS)
    throw overLimit(
      `${entries.length} zip entries`,
      `压缩包内含 ${entries.length} 个部件，超过 ${MAX_DOCX_MEMBERS} 个`,
    );
  let total = 0;
  for (const entry of entries) {
    if (!/\.(xml|rels)$/i.test(entry.name)) continue;
    const data = entryData(bytes, entry);
    if (data === null) continue; // mammoth reports what it cannot find
    let size: number;
    if (entry.method === 0) size = data.byteLength;
    else if (entry.method === 8) {
      const cap = Math.min(MAX_DOCX_PART_BYTES, MAX_DOCX_XML_BYTES - total);
      const inflated = await inflateCapped(data, cap, false);
      if (!inflated.ok && inflated.reason === "over_cap")
        throw overLimit(
          `${entry.name} inflates past ${cap} bytes`,
          `「${entry.name}」解压后超过 ${Math.round(cap / MB)} MB，疑似压缩炸弹`,
        );
      if (!inflated.ok) throw new ReadError("corrupt", "docx", `${entry.name}: deflate data is corrupt`);
      size = inflated.bytes;
    } else continue;
    total += size;
    if (size > MAX_DOCX_PART_BYTES || total > MAX_DOCX_XML_BYTES)
      throw overLimit(
        `xml parts total ${total} bytes`,
        `解压后超过 ${Math.round(MAX_DOCX_XML_BYTES / MB)} MB`,
      );
  }
}
