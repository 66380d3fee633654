/**
 * The hostile corpus of issue 14, generated (nothing large is committed): a pathological PDF content
 * stream, 2,000 blank pages, deep PDF object nesting, a zip-bomb DOCX, a ZIP with a 1 GiB member,
 * 19 MB of nested HTML, 10 MB of digits, 100,000 rows of text, NUL bytes, UTF-16 without a BOM, and
 * a ZIP upload with a report beside the 1 GiB member.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { crc32, deflateRawSync } from "node:zlib";

const SEED = fileURLToPath(new URL("../../tests/fixtures/seeds/002_a01f0cf12a106081.txt", import.meta.url));

export interface HostileFile {
  readonly name: string;
  readonly what: string;
}

/** A PDF with the given page content streams (one page each), xref offsets computed. */
export function makePdf(pages: readonly Uint8Array[], extraObjects: readonly string[] = []): Uint8Array {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const push = (b: Buffer) => {
    parts.push(b);
    length += b.length;
  };
  push(Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1"));
  const n = pages.length;
  // 1 catalog, 2 pages, 3 font, then per page: page, content; then extras.
  const kids = Array.from({ length: n }, (_, i) => `${4 + 2 * i} 0 R`).join(" ");
  const objects: Array<string | Buffer> = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  pages.forEach((content, i) => {
    objects.push(
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${5 + 2 * i} 0 R /Resources << /Font << /F1 3 0 R >> >> >>`,
    );
    const z = deflateRawSync(content, { level: 9 });
    // zlib wrapper for FlateDecode: header, raw deflate, adler32 (pdf.js accepts a wrong checksum).
    const body = Buffer.concat([Buffer.from([0x78, 0xda]), z, Buffer.alloc(4)]);
    objects.push(
      Buffer.concat([
        Buffer.from(`<< /Length ${body.length} /Filter /FlateDecode >>\nstream\n`, "latin1"),
        body,
        Buffer.from("\nendstream", "latin1"),
      ]),
    );
  });
  objects.push(...extraObjects);
  objects.forEach((o, i) => {
    offsets.push(length);
    push(Buffer.from(`${i + 1} 0 obj\n`, "latin1"));
    push(typeof o === "string" ? Buffer.from(o, "latin1") : o);
    push(Buffer.from("\nendobj\n", "latin1"));
  });
  const xref = length;
  let table = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) table += `${String(off).padStart(10, "0")} 00000 n \n`;
  table += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  push(Buffer.from(table, "latin1"));
  return new Uint8Array(Buffer.concat(parts));
}

interface ZipMember {
  readonly name: string;
  /** Raw deflate data and the real size and CRC, or stored bytes. */
  readonly deflated?: { readonly data: Buffer; readonly size: number; readonly crc: number };
  readonly stored?: Buffer;
  /** Size written in the headers (a lying archive declares less than it inflates to). */
  readonly declaredSize?: number;
}

export function makeZipOf(members: readonly ZipMember[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, "utf-8");
    const data = m.deflated?.data ?? m.stored ?? Buffer.alloc(0);
    const size = m.declaredSize ?? m.deflated?.size ?? data.length;
    const crc = m.deflated?.crc ?? crc32(data) >>> 0;
    const method = m.deflated ? 8 : 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(method, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, data);
    centrals.push(central, name);
    offset += 30 + name.length + data.length;
  }
  const dir = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(dir.length, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, end]));
}

/** `head`, then `fill` repeated up to `size` bytes in all, then `tail`: slices of one 1 MB buffer, and their CRC. */
function repeated(head: string, fill: string, size: number, tail: string): { chunks: Buffer[]; crc: number } {
  const slice = Buffer.from(fill.repeat(Math.ceil((1 << 20) / fill.length)), "utf-8").subarray(0, 1 << 20);
  const headB = Buffer.from(head, "utf-8");
  const tailB = Buffer.from(tail, "utf-8");
  const chunks: Buffer[] = [headB];
  let crc = crc32(headB);
  for (let remaining = size - headB.length - tailB.length; remaining > 0; ) {
    const piece = remaining >= slice.length ? slice : slice.subarray(0, remaining);
    chunks.push(piece);
    crc = crc32(piece, crc);
    remaining -= piece.length;
  }
  chunks.push(tailB);
  return { chunks, crc: crc32(tailB, crc) >>> 0 };
}

/** Deflated as a stream (the whole would be the 1 GiB this corpus is about). */
async function deflateStream(chunks: readonly Buffer[]): Promise<Buffer> {
  const { createDeflateRaw } = await import("node:zlib");
  const out: Buffer[] = [];
  const z = createDeflateRaw({ level: 9, memLevel: 9 });
  z.on("data", (d: Buffer) => out.push(d));
  const done = new Promise<void>((resolve, reject) => {
    z.on("end", resolve);
    z.on("error", reject);
  });
  for (const c of chunks) if (!z.write(c)) await new Promise((r) => z.once("drain", r));
  z.end();
  await done;
  return Buffer.concat(out);
}

const DOCX_TYPES =
  '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const DOCX_RELS =
  '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"';

async function bigMember(
  name: string,
  head: string,
  fill: string,
  size: number,
  tail: string,
  declaredSize?: number,
): Promise<ZipMember> {
  const { chunks, crc } = repeated(head, fill, size, tail);
  const data = await deflateStream(chunks);
  return { name, deflated: { data, size, crc }, ...(declaredSize !== undefined ? { declaredSize } : {}) };
}

/** Writes the corpus into `dir`; returns the files in order. */
export async function writeHostileCorpus(dir: string): Promise<HostileFile[]> {
  mkdirSync(dir, { recursive: true });
  const files: HostileFile[] = [];
  const put = (name: string, what: string, bytes: Uint8Array | string) => {
    writeFileSync(join(dir, name), bytes);
    files.push({ name, what });
  };
  const seed = readFileSync(SEED, "utf-8");
  const GiB = 1 << 30;

  // 1. One page whose content stream is a table of numbers followed by 3.5 million path operators:
  //    its operator list is what the reader builds for a page that may hold a table.
  {
    let ops = "BT /F1 10 Tf 50 800 Td (1 2 3 4 5 6 7) Tj ET\n";
    ops += "0.1 w 10 10 m 20 20 l S q 1 0 0 1 0 0 cm 5 5 2 2 re f Q\n".repeat(700_000);
    put(
      "01-pathological-stream.pdf",
      "pathological PDF content stream",
      makePdf([Buffer.from(ops, "latin1")]),
    );
  }
  // 2. 2,000 blank pages.
  put(
    "02-blank-2000-pages.pdf",
    "PDF with 2,000 blank pages",
    makePdf(Array.from({ length: 2000 }, () => Buffer.from(" "))),
  );
  // 3. Deep object nesting: arrays and dictionaries 200,000 deep in the page's resources.
  {
    const deep = `${"[".repeat(100_000)}${"]".repeat(100_000)}`;
    const dict = `${"<< /A ".repeat(50_000)}1${" >>".repeat(50_000)}`;
    put(
      "03-deep-nesting.pdf",
      "deep PDF object nesting",
      makePdf([Buffer.from("BT /F1 12 Tf 50 800 Td (deep) Tj ET", "latin1")], [deep, dict]),
    );
  }
  // 4. Zip-bomb DOCX: document.xml inflates to 1 GiB (declares that honestly).
  {
    const doc = await bigMember(
      "word/document.xml",
      `<?xml version="1.0" encoding="UTF-8"?><w:document ${W}><w:body><w:p><w:r><w:t>`,
      " ",
      GiB,
      "</w:t></w:r></w:p></w:body></w:document>",
    );
    put(
      "04-zip-bomb.docx",
      "zip-bomb DOCX (document.xml → 1 GiB)",
      makeZipOf([
        { name: "[Content_Types].xml", stored: Buffer.from(DOCX_TYPES) },
        { name: "_rels/.rels", stored: Buffer.from(DOCX_RELS) },
        doc,
      ]),
    );
    // 5. A ZIP upload whose one member is 1 GiB of report-like text and declares 1 KB.
    const member = await bigMember("report.txt", seed, "1234567890\t", GiB, "", 1024);
    put("05-gib-member.zip", "ZIP with a 1 GiB member (declares 1 KB)", makeZipOf([member]));
    // 11. The same member beside a good report: the member is answered on its own (inflating stops
    //     past its declared size) and the report is audited.
    put(
      "11-gib-member-and-report.zip",
      "ZIP: a report and a 1 GiB member (declares 1 KB)",
      makeZipOf([{ name: "good.txt", stored: Buffer.from(seed, "utf-8") }, member]),
    );
  }
  // 6. 19 MB of nested <div>s.
  put(
    "06-nested.html",
    "19 MB nested HTML",
    `<html><body>${"<div>".repeat((19 * 1024 * 1024) / 5)}x</body></html>`,
  );
  // 7. 10 MB of digits.
  put("07-digits.txt", "10 MB of digits", "1234567890".repeat(1024 * 1024));
  // 8. 100,000 rows of a table in text.
  {
    const row = "（一）本年新收政府信息公开申请数量\t1\t2\t3\t4\t5\t6\t21\n";
    put("08-100k-rows.txt", "100k-row text", `${seed}\n${row.repeat(100_000)}`);
  }
  // 9. NUL bytes: the seed report with a NUL after every character, and 5 MB of NULs.
  put(
    "09-nul-bytes.txt",
    "NUL bytes (report text interleaved with NULs)",
    `${[...seed].join("\0")}${"\0".repeat(5 * 1024 * 1024)}`,
  );
  // 10. UTF-16 (little-endian) without a BOM.
  put("10-utf16-no-bom.txt", "UTF-16 without BOM", Buffer.from(seed, "utf16le"));
  return files;
}
