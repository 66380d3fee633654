/**
 * A tiny PDF writer for reader tests: pages are content streams written by hand, with two fonts —
 * /F1 Helvetica (ASCII) and /F2 STSong-Light (non-embedded Adobe-GB1, UniGB-UCS2-H: text as UCS-2 hex),
 * so a test controls exactly where each word and each ruling is, and how rulings are drawn.
 */

/** UCS-2 big-endian hex of a BMP string, for /F2. */
export function ucs2(text: string): string {
  return [...text]
    .map((ch) => (ch.codePointAt(0) ?? 0).toString(16).padStart(4, "0"))
    .join("")
    .toUpperCase();
}

/** Content-stream snippet: `text` at (x, y) (PDF units, y up) in font size `size`; CJK goes through /F2. */
export function textAt(x: number, y: number, text: string, size = 10): string {
  const cjk = /[^\x20-\x7e]/.test(text);
  const shown = cjk ? `<${ucs2(text)}>` : `(${text.replace(/[()\\]/g, "\\$&")})`;
  return `BT /${cjk ? "F2" : "F1"} ${size} Tf ${x} ${y} Td ${shown} Tj ET\n`;
}

/** A stroked line. */
export function strokeLine(x1: number, y1: number, x2: number, y2: number): string {
  return `0.5 w ${x1} ${y1} m ${x2} ${y2} l S\n`;
}

/** A ruling drawn as a thin filled rectangle (as Word and WPS do). */
export function fillLine(x1: number, y1: number, x2: number, y2: number): string {
  const w = Math.max(Math.abs(x2 - x1), 0.5);
  const h = Math.max(Math.abs(y2 - y1), 0.5);
  return `${Math.min(x1, x2)} ${Math.min(y1, y2)} ${w} ${h} re f\n`;
}

export function makePdf(pages: readonly string[]): Uint8Array {
  const objects: string[] = [];
  const add = (body: string) => objects.push(body) - 1 + 1;
  const catalog = add("");
  const pagesObj = add("");
  const helvetica = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  const descriptor = add(
    "<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
  );
  const cidFont = add(
    `<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor ${descriptor} 0 R /DW 1000 /W [1 95 500] >>`,
  );
  const song = add(
    `<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light-UniGB-UCS2-H /Encoding /UniGB-UCS2-H /DescendantFonts [${cidFont} 0 R] >>`,
  );
  const kids: number[] = [];
  for (const content of pages) {
    const stream = add(
      `<< /Length ${Buffer.byteLength(content, "latin1")} >>\nstream\n${content}\nendstream`,
    );
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${helvetica} 0 R /F2 ${song} 0 R >> >> /Contents ${stream} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesObj} 0 R >>`;
  objects[pagesObj - 1] =
    `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`;
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, "latin1"));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, "latin1");
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}
