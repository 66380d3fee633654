/**
 * Members of a ZIP archive for a batch audit, read in memory with limits (never written to disk).
 * The whole archive is refused for what only a crafted or hostile archive does, as its central
 * directory shows it: a zip bomb (declared total size, compression ratio), path traversal or absolute
 * names, too many members, ZIP64. Single members that cannot be audited (encrypted, nested archive,
 * not a report type, too large, corrupt, or inflating to more than they declare) are listed and
 * skipped, and the others are audited. Members are inflated as streams with a hard cap on the bytes
 * produced (extract/readers/inflate-capped.ts): a member that declares 1 KB and inflates to 1 GiB
 * costs 1 KB and a few chunks before it is stopped, and the event loop is never blocked by it.
 */
import iconv from "iconv-lite";
import { inflateCapped } from "../extract/readers/inflate-capped.ts";
import { entryData, listZipEntries, type ZipEntry } from "../extract/readers/zip.ts";

export interface ArchiveLimits {
  /** Sum of the members' uncompressed sizes (default 200 MB). */
  readonly maxTotalBytes: number;
  /** One member's uncompressed size (default 20 MB, as a single upload). */
  readonly maxMemberBytes: number;
  /** Uncompressed ÷ compressed size of one member above `ratioFloorBytes` (default 100). */
  readonly maxRatio: number;
  /** Members smaller than this are not ratio-checked (default 1 MB): small text compresses well. */
  readonly ratioFloorBytes: number;
  /** Number of entries (default 1000). */
  readonly maxMembers: number;
}

export const DEFAULT_ARCHIVE_LIMITS: ArchiveLimits = {
  maxTotalBytes: 200 * 1024 * 1024,
  maxMemberBytes: 20 * 1024 * 1024,
  maxRatio: 100,
  ratioFloorBytes: 1024 * 1024,
  maxMembers: 1000,
};

export interface ArchiveMember {
  /** "archive.zip/folder/file.pdf". */
  readonly name: string;
  readonly bytes: Uint8Array;
}

export interface SkippedMember {
  readonly name: string;
  /** Chinese, for the list of problem files. */
  readonly message: string;
}

export type ArchiveResult =
  | { readonly ok: true; readonly members: ArchiveMember[]; readonly skipped: SkippedMember[] }
  | { readonly ok: false; readonly reason: ArchiveRefusal; readonly message: string };

export type ArchiveRefusal =
  | "not_a_zip"
  | "too_many_members"
  | "total_too_large"
  | "ratio"
  | "path_traversal"
  | "zip64";

const REPORT_EXTENSIONS = /\.(pdf|docx|html?|txt|text|mht)$/i;
const ARCHIVE_EXTENSIONS = /\.(zip|rar|7z|tar|gz|tgz|bz2|xz|jar)$/i;
const MB = 1024 * 1024;

function mb(n: number): string {
  return `${Math.round((n / MB) * 10) / 10} MB`;
}

/** Member name: UTF-8 when flagged or valid, else GBK (archives made on Chinese Windows). */
function memberName(entry: ZipEntry): string {
  if (entry.flags & 0x800) return entry.name;
  const utf8 = new TextDecoder("utf-8", { fatal: true });
  try {
    return utf8.decode(entry.rawName);
  } catch {
    return iconv.decode(Buffer.from(entry.rawName), "gbk");
  }
}

/** A name that would leave the extraction folder if written to disk: "../x", "/etc/x", "C:\\x", "\\\\host\\x". */
export function unsafeName(name: string): boolean {
  const n = name.replace(/\\/g, "/");
  if (n.startsWith("/") || /^[a-zA-Z]:/.test(n)) return true;
  return n.split("/").some((part) => part === "..");
}

function hidden(name: string): boolean {
  return name.split("/").some((part) => part.startsWith(".") || part === "__MACOSX");
}

function isZipBytes(bytes: Uint8Array): boolean {
  return bytes[0] === 0x50 && bytes[1] === 0x4b && (bytes[2] === 0x03 || bytes[2] === 0x05);
}

function isDocx(bytes: Uint8Array): boolean {
  return listZipEntries(bytes)?.some((e) => e.name === "word/document.xml") ?? false;
}

function refuse(reason: ArchiveRefusal, message: string): ArchiveResult {
  return { ok: false, reason, message };
}

/** Reads the members of `bytes` (a ZIP called `archiveName`) within `limits`. */
export async function readArchive(
  bytes: Uint8Array,
  archiveName: string,
  limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
): Promise<ArchiveResult> {
  const entries = listZipEntries(bytes);
  if (entries === null)
    return refuse("not_a_zip", `压缩包「${archiveName}」无法读取（不是 ZIP 文件或文件已损坏），未做审核。`);
  if (entries.length > limits.maxMembers)
    return refuse(
      "too_many_members",
      `压缩包「${archiveName}」含 ${entries.length} 个文件，超过上限 ${limits.maxMembers} 个，未做审核；请分批发送。`,
    );

  // Checks on the central directory first: nothing is inflated from a hostile archive.
  const files = entries.filter((e) => !memberName(e).endsWith("/"));
  for (const e of files) {
    const name = memberName(e);
    if (unsafeName(name))
      return refuse(
        "path_traversal",
        `压缩包「${archiveName}」含有不安全的文件路径「${name}」（包含“..”或绝对路径），疑似恶意压缩包，整个压缩包未做审核。`,
      );
    if (e.size === 0xffffffff || e.compressedSize === 0xffffffff)
      return refuse("zip64", `压缩包「${archiveName}」使用 ZIP64 格式（单个文件超过 4 GB），不予处理。`);
  }
  const declaredTotal = files.reduce((sum, e) => sum + e.size, 0);
  if (declaredTotal > limits.maxTotalBytes)
    return refuse(
      "total_too_large",
      `压缩包「${archiveName}」解压后共 ${mb(declaredTotal)}，超过上限 ${mb(limits.maxTotalBytes)}，疑似压缩炸弹，未做审核。`,
    );
  for (const e of files) {
    if (e.size >= limits.ratioFloorBytes && e.size > limits.maxRatio * Math.max(1, e.compressedSize))
      return refuse(
        "ratio",
        `压缩包「${archiveName}」中「${memberName(e)}」压缩比约 ${Math.round(e.size / Math.max(1, e.compressedSize))}:1，超过上限 ${limits.maxRatio}:1，疑似压缩炸弹，整个压缩包未做审核。`,
      );
  }

  const members: ArchiveMember[] = [];
  const skipped: SkippedMember[] = [];
  let total = 0;
  for (const e of files) {
    const inner = memberName(e);
    const name = `${archiveName}/${inner}`;
    if (hidden(inner)) continue;
    if (e.flags & 0x1) {
      skipped.push({ name, message: "文件已加密（设有密码），无法读取；请发送未加密的文件。" });
      continue;
    }
    if (ARCHIVE_EXTENSIONS.test(inner)) {
      skipped.push({ name, message: "压缩包内嵌套的压缩包不予解压；请把其中的报告直接放入压缩包。" });
      continue;
    }
    if (!REPORT_EXTENSIONS.test(inner)) {
      skipped.push({ name, message: "不是可审核的报告文件类型（支持 PDF、DOCX、HTML、TXT），已跳过。" });
      continue;
    }
    if (e.size > limits.maxMemberBytes) {
      skipped.push({
        name,
        message: `文件解压后 ${mb(e.size)}，超过单个文件上限 ${mb(limits.maxMemberBytes)}，已跳过。`,
      });
      continue;
    }
    if (e.method !== 0 && e.method !== 8) {
      skipped.push({ name, message: `文件使用不支持的压缩方式（${e.method}），无法读取。` });
      continue;
    }
    const stored = entryData(bytes, e);
    if (stored === null) {
      skipped.push({ name, message: "压缩包中此文件的数据不完整（压缩包可能已损坏），无法读取。" });
      continue;
    }
    // The declared size may lie: inflate as a stream that stops past the declared size (the sum of
    // declared sizes is within maxTotalBytes, so the total is bounded too).
    let data: Uint8Array;
    if (e.method === 0) data = stored;
    else {
      const inflated = await inflateCapped(stored, Math.min(e.size, limits.maxTotalBytes - total));
      if (!inflated.ok) {
        skipped.push({
          name,
          message:
            inflated.reason === "over_cap"
              ? `文件解压后大于其声明的大小（${mb(e.size)}），疑似压缩炸弹，已在解压 ${mb(inflated.bytes)} 时停止并跳过。`
              : "压缩包中此文件的数据已损坏，无法解压。",
        });
        continue;
      }
      data = inflated.data ?? new Uint8Array(0);
    }
    if (data.byteLength !== e.size) {
      skipped.push({ name, message: "文件解压后大小与声明不符（压缩包可能已损坏或被篡改），已跳过。" });
      continue;
    }
    total += data.byteLength;
    // A damaged .docx goes to the reader, which explains what is wrong with it.
    if (isZipBytes(data) && !/\.docx$/i.test(inner) && !isDocx(data)) {
      skipped.push({ name, message: "压缩包内嵌套的压缩包不予解压；请把其中的报告直接放入压缩包。" });
      continue;
    }
    members.push({ name, bytes: data });
  }
  return { ok: true, members, skipped };
}
