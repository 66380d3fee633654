/**
 * A small deterministic mutator for the fuzzer: from a seed file and a case number, one hostile variant.
 * Same seed, same case number, same bytes (mulberry32), so every case can be replayed from the seed the
 * run printed. Mutations: bit flips, truncation, chunk duplication, deep nesting, huge numbers, random
 * bytes inside a ZIP member's compressed data (DOCX), a broken PDF xref, random junk, and a few stacked.
 */
import { entryData, listZipEntries } from "../../extract/readers/zip.ts";

export type MutationKind =
  | "bit_flips"
  | "truncate"
  | "duplicate_chunk"
  | "deep_nesting"
  | "huge_numbers"
  | "zip_member_bytes"
  | "broken_xref"
  | "random_bytes"
  | "stacked";

export const MUTATIONS: readonly MutationKind[] = [
  "bit_flips",
  "truncate",
  "duplicate_chunk",
  "deep_nesting",
  "huge_numbers",
  "zip_member_bytes",
  "broken_xref",
  "random_bytes",
  "stacked",
];

/** mulberry32: a fast 32-bit PRNG; `next()` in [0, 1). */
export function prng(seed: number): { next(): number; int(n: number): number } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n: number) => Math.floor(next() * Math.max(1, n)) };
}

type Rng = ReturnType<typeof prng>;

const enc = new TextEncoder();

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}

function insertAt(bytes: Uint8Array, at: number, piece: Uint8Array): Uint8Array {
  return concat(bytes.subarray(0, at), piece, bytes.subarray(at));
}

function bitFlips(bytes: Uint8Array, rng: Rng): Uint8Array {
  const out = new Uint8Array(bytes);
  const flips = 1 + rng.int(Math.min(64, Math.max(1, bytes.byteLength / 100)));
  for (let i = 0; i < flips && out.byteLength > 0; i++) {
    const at = rng.int(out.byteLength);
    out[at] = (out[at] ?? 0) ^ (1 << rng.int(8));
  }
  return out;
}

function truncate(bytes: Uint8Array, rng: Rng): Uint8Array {
  return bytes.slice(0, rng.int(bytes.byteLength));
}

function duplicateChunk(bytes: Uint8Array, rng: Rng): Uint8Array {
  if (bytes.byteLength === 0) return bytes;
  const start = rng.int(bytes.byteLength);
  const len = 1 + rng.int(Math.min(8192, bytes.byteLength - start));
  const chunk = bytes.slice(start, start + len);
  const times = 1 + rng.int(rng.next() < 0.2 ? 200 : 4);
  let out = bytes;
  const at = rng.int(bytes.byteLength);
  for (let i = 0; i < times; i++) out = insertAt(out, at, chunk);
  return out;
}

/** Nesting in the grammar of the format: HTML tags, PDF arrays and dictionaries, brackets in text. */
function deepNesting(bytes: Uint8Array, rng: Rng, format: string): Uint8Array {
  const depth = 100 + rng.int(rng.next() < 0.3 ? 50_000 : 2_000);
  const open =
    format === "html"
      ? ["<div>", "<table><tr><td>", "<span>", "<b><i>"][rng.int(4)]
      : format === "pdf"
        ? ["[", "<<", "q ", "BT "][rng.int(4)]
        : ["(", "（", "[", "一、"][rng.int(4)];
  const close = format === "html" ? "" : format === "pdf" ? ["]", ">>", "Q ", "ET "][rng.int(4)] : "";
  const piece = enc.encode(
    `${(open ?? "(").repeat(depth)}1${(close ?? "").repeat(rng.next() < 0.5 ? depth : 0)}`,
  );
  return insertAt(bytes, rng.int(bytes.byteLength + 1), piece);
}

/** Digit runs replaced by absurd numbers (where the text is readable: TXT, HTML, uncompressed PDF parts). */
function hugeNumbers(bytes: Uint8Array, rng: Rng): Uint8Array {
  const text = Buffer.from(bytes).toString("latin1");
  const huge = [
    "9".repeat(400),
    "1e308",
    "-99999999999999999999",
    "18446744073709551616",
    "NaN",
    "0.000000000000000000001",
    "1,000,000,000,000,000",
    "9".repeat(20_000),
  ];
  let n = 0;
  const out = text.replace(/\d+/g, (m) =>
    rng.next() < 0.15 && n++ < 50 ? (huge[rng.int(huge.length)] ?? m) : m,
  );
  return new Uint8Array(Buffer.from(out, "latin1"));
}

/** Random bytes over part of a member's compressed data (DOCX); other inputs get random bytes anywhere. */
function zipMemberBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const entries = listZipEntries(bytes);
  const out = new Uint8Array(bytes);
  if (!entries || entries.length === 0) return randomBytes(bytes, rng);
  const entry = entries[rng.int(entries.length)];
  const data = entry ? entryData(bytes, entry) : null;
  if (!data || data.byteLength === 0) return randomBytes(bytes, rng);
  const offset = data.byteOffset - bytes.byteOffset;
  const len = 1 + rng.int(Math.min(256, data.byteLength));
  const start = offset + rng.int(data.byteLength - len + 1);
  for (let i = start; i < start + len; i++) out[i] = rng.int(256);
  return out;
}

/** startxref pointing elsewhere, xref offsets garbled, or the trailer cut. */
function brokenXref(bytes: Uint8Array, rng: Rng): Uint8Array {
  let text = Buffer.from(bytes).toString("latin1");
  const choice = rng.int(3);
  if (choice === 0) text = text.replace(/startxref\s+\d+/g, `startxref\n${rng.int(bytes.byteLength * 2)}`);
  else if (choice === 1)
    text = text.replace(/(\d{10}) (\d{5}) ([nf])/g, (m, _o, g, t) =>
      rng.next() < 0.3 ? `${String(rng.int(1e10)).padStart(10, "0")} ${g} ${t}` : m,
    );
  else text = text.replace(/trailer[\s\S]*$/, "trailer\n<< /Size 999999 /Root 1 0 R /Prev 0 >>\n");
  return new Uint8Array(Buffer.from(text, "latin1"));
}

function randomBytes(bytes: Uint8Array, rng: Rng): Uint8Array {
  const len = 1 + rng.int(rng.next() < 0.2 ? 65_536 : 512);
  const junk = new Uint8Array(len);
  for (let i = 0; i < len; i++) junk[i] = rng.int(256);
  return rng.next() < 0.5
    ? insertAt(bytes, rng.int(bytes.byteLength + 1), junk)
    : (() => {
        const out = new Uint8Array(bytes);
        const at = rng.int(Math.max(1, out.byteLength - len));
        out.set(junk.subarray(0, Math.min(len, out.byteLength - at)), at);
        return out;
      })();
}

function apply(
  kind: Exclude<MutationKind, "stacked">,
  bytes: Uint8Array,
  rng: Rng,
  format: string,
): Uint8Array {
  switch (kind) {
    case "bit_flips":
      return bitFlips(bytes, rng);
    case "truncate":
      return truncate(bytes, rng);
    case "duplicate_chunk":
      return duplicateChunk(bytes, rng);
    case "deep_nesting":
      return deepNesting(bytes, rng, format);
    case "huge_numbers":
      return hugeNumbers(bytes, rng);
    case "zip_member_bytes":
      return zipMemberBytes(bytes, rng);
    case "broken_xref":
      return brokenXref(bytes, rng);
    case "random_bytes":
      return randomBytes(bytes, rng);
  }
}

export interface Mutant {
  readonly kind: MutationKind;
  readonly bytes: Uint8Array;
}

/** Case `index` of a run with `seed`, over `seedBytes` of `format` ("pdf", "docx", "html", "text"). */
export function mutate(seedBytes: Uint8Array, format: string, seed: number, index: number): Mutant {
  const rng = prng((seed ^ Math.imul(index + 1, 0x9e3779b1)) >>> 0);
  const kind = MUTATIONS[rng.int(MUTATIONS.length)] as MutationKind;
  if (kind !== "stacked") return { kind, bytes: apply(kind, seedBytes, rng, format) };
  let bytes = seedBytes;
  const simple = MUTATIONS.filter((k): k is Exclude<MutationKind, "stacked"> => k !== "stacked");
  for (let i = 0, n = 2 + rng.int(3); i < n; i++)
    bytes = apply(simple[rng.int(simple.length)] ?? "bit_flips", bytes, rng, format);
  return { kind, bytes };
}
