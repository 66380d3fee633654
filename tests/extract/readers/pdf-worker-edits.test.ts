/**
 * The edits made to pdf.js's worker half (pdf-pages.ts WORKER_EDITS): they apply to the installed
 * pdfjs-dist (else the reader silently runs the shipped worker, slower), they are refused where the source
 * is not as expected, pages read with them give exactly the text content and paths the shipped worker
 * gives, and flate streams read alike whether zlib inflates them or pdf.js's own decoder takes over
 * (truncated streams, which zlib refuses and pdf.js reads as far as they go).
 */
import { readFileSync } from "node:fs";
import { deflateRawSync, constants as zlibConstants } from "node:zlib";
import { describe, expect, it } from "vitest";
import { OPS } from "../../../extract/readers/pdf-ops.ts";
import {
  applyWorkerEdits,
  loadPdfjs,
  loadPdfjsVariant,
  openPdf,
  type Pdfjs,
  WORKER_EDITS,
} from "../../../extract/readers/pdf-pages.ts";
import { textAt } from "./make-pdf.ts";

/** A one-page PDF whose content stream is `compressed` (zlib format: header, deflate data, checksum). */
function flatePdf(compressed: Uint8Array): Uint8Array {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let length = 0;
  const put = (chunk: Buffer | string) => {
    const b = typeof chunk === "string" ? Buffer.from(chunk, "latin1") : chunk;
    parts.push(b);
    length += b.length;
  };
  const object = (n: number, body: string | Buffer[]) => {
    offsets[n - 1] = length;
    put(`${n} 0 obj\n`);
    for (const piece of typeof body === "string" ? [body] : body) put(piece);
    put("\nendobj\n");
  };
  put("%PDF-1.4\n");
  object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
  object(
    3,
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
  );
  object(4, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
  object(5, [
    Buffer.from(`<< /Length ${compressed.length} /Filter /FlateDecode >>\nstream\n`, "latin1"),
    Buffer.from(compressed),
    Buffer.from("\nendstream", "latin1"),
  ]);
  const xref = length;
  put(`xref\n0 6\n0000000000 65535 f \n`);
  for (const offset of offsets) put(`${String(offset).padStart(10, "0")} 00000 n \n`);
  put(`trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  return new Uint8Array(Buffer.concat(parts));
}

/** zlib header, then `raw` deflate data (and whatever follows it). */
const zlibStream = (...raw: Uint8Array[]) =>
  new Uint8Array(Buffer.concat([Buffer.from([0x78, 0x9c]), ...raw]));

/** Space-joined text of page 1. */
async function pageText(bytes: Uint8Array): Promise<string> {
  const opened = openPdf(await loadPdfjs(), bytes);
  try {
    const doc = await opened.loaded;
    const page = await doc.getPage(1);
    const content = await page.getTextContent();
    return content.items
      .map((i) => ("str" in i ? i.str : ""))
      .filter((s) => s.trim() !== "")
      .join(" ");
  } finally {
    await opened.destroy();
  }
}

/** Filler for a content stream: comments, which draw nothing. */
const filler = (n: number) => Array.from({ length: n }, (_, i) => `% filler line ${i * 7919}\n`).join("");

describe("pdf.js worker edits", () => {
  it("apply to the installed pdfjs-dist", async () => {
    expect((await loadPdfjs()).edited).toBe(true);
  });

  it("are refused where a shipped text is missing or not unique", () => {
    const all = WORKER_EDITS.map(([from]) => from).join("\n");
    expect(applyWorkerEdits(all)).toBeTypeOf("string");
    expect(
      applyWorkerEdits(
        WORKER_EDITS.slice(1)
          .map(([from]) => from)
          .join("\n"),
      ),
    ).toBeUndefined();
    expect(applyWorkerEdits(`${all}\n${WORKER_EDITS[0]?.[0]}`)).toBeUndefined();
  });

  it("keep every line count (stack traces point at the shipped file's lines)", () => {
    for (const [from, to] of WORKER_EDITS) expect(to.split("\n").length).toBe(from.split("\n").length);
  });
});

describe("flate streams", () => {
  const content = `${textAt(50, 700, "First words")}${filler(200)}${textAt(50, 600, "Last words")}`;

  it("read whole where zlib inflates them", async () => {
    const raw = deflateRawSync(Buffer.from(content, "latin1"));
    expect(await pageText(flatePdf(zlibStream(raw)))).toBe("First words Last words");
    // Checksum left off, or data after the end: the deflate data alone decides (as in pdf.js).
    const trailing = Buffer.from("garbage after the final block", "latin1");
    expect(await pageText(flatePdf(zlibStream(raw, trailing)))).toBe("First words Last words");
  });

  it("read as far as they go where they are cut off (pdf.js's own decoder)", async () => {
    // Complete blocks, none final (the stream stops after a flush), then the same cut inside the flush.
    const head = deflateRawSync(Buffer.from(`${textAt(50, 700, "First words")}${filler(20)}`, "latin1"), {
      finishFlush: zlibConstants.Z_SYNC_FLUSH,
    });
    expect(await pageText(flatePdf(zlibStream(head)))).toBe("First words");
    expect(await pageText(flatePdf(zlibStream(head.subarray(0, head.length - 3))))).toBe("First words");
  });
});

// ---------------------------------------------------------------- edited and shipped worker alike

const fixture = (path: string) =>
  new Uint8Array(readFileSync(new URL(`../../fixtures/${path}`, import.meta.url)));

/** `pdf` with every Widths array blanked out (same length, so offsets hold): widths come from the fonts. */
function withoutWidths(pdf: Uint8Array): Uint8Array {
  const text = Buffer.from(pdf).toString("latin1");
  const blanked = text.replace(/\/Widths\s*\[[^\]]*\]/g, (m) => " ".repeat(m.length));
  expect(blanked).not.toBe(text);
  return new Uint8Array(Buffer.from(blanked, "latin1"));
}

/**
 * What a document gives the reader, page by page: text items and styles (font names renumbered in order
 * of appearance, as they are named per document), and the operator list's operators with the arguments
 * of its paths (glyph arguments of text operators are the renderer's business).
 */
async function readAll(pdfjs: Pdfjs, bytes: Uint8Array): Promise<unknown[]> {
  const opened = openPdf(pdfjs, bytes);
  try {
    const doc = await opened.loaded;
    const pages: unknown[] = [];
    const names = new Map<string, string>();
    const rename = (name: string) => names.get(name) ?? names.set(name, `font${names.size}`).get(name);
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = (await page.getTextContent()) as unknown as {
        items: Array<Record<string, unknown>>;
        styles: Record<string, unknown>;
      };
      const items = content.items.map((i) => ({ ...i, fontName: rename(String(i.fontName)) }));
      const styles = Object.entries(content.styles).map(([name, style]) => [rename(name), style]);
      const ops = await page.getOperatorList();
      const fnArray = Array.from(ops.fnArray);
      const paths = fnArray.flatMap((fn, i) => (fn === OPS.constructPath ? [ops.argsArray[i]] : []));
      pages.push({ items, styles, fnArray, paths });
      page.cleanup();
    }
    return pages;
  } finally {
    await opened.destroy();
  }
}

/** A PDF from its objects (1-based; a `stream` entry becomes the object's stream), object 1 the catalog. */
function pdfOf(objects: ReadonlyArray<string | { dict: string; stream: string }>): Uint8Array {
  let out = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(out.length);
    const body =
      typeof o === "string"
        ? o
        : `<< ${o.dict} /Length ${o.stream.length} >>\nstream\n${o.stream}\nendstream`;
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = out.length;
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) out += `${String(offset).padStart(10, "0")} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new Uint8Array(Buffer.from(out, "latin1"));
}

/**
 * One page that sets its fonts in every way the known-font edits meet: a Tf per q … Q run, the same name
 * again after a Form XObject whose own resources give that name another font, a font changed within one
 * text object and back, a Type 3 font set twice, and a font set by an ExtGState (gs) rather than Tf.
 */
function fontSettingPdf(): Uint8Array {
  const run = (font: string, y: number, text: string) => `q BT /${font} 12 Tf 50 ${y} Td (${text}) Tj ET Q\n`;
  const content =
    run("F1", 700, "one") +
    run("F1", 680, "two") +
    run("F3", 660, "three") +
    "/X1 Do\n" +
    run("F1", 620, "four") +
    run("T3", 600, "ab") +
    run("T3", 580, "ba") +
    "q /GS1 gs BT 50 560 Td (five) Tj ET Q\n" +
    "q BT /F1 12 Tf 50 540 Td (six) Tj /F3 10 Tf (seven) Tj /F1 12 Tf (eight) Tj ET Q\n" +
    "0.5 w 50 500 m 300 500 l S\n";
  const glyph = "800 0 0 0 750 750 d1 0 0 750 750 re f";
  return pdfOf([
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << " +
      "/Font << /F1 5 0 R /F3 6 0 R /T3 8 0 R >> /XObject << /X1 7 0 R >> /ExtGState << /GS1 << /Font [6 0 R 9] >> >> >> >>",
    { dict: "", stream: content },
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>",
    {
      dict: "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 9 0 R >> >>",
      stream: run("F1", 640, "form"),
    },
    "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 750 750] /FontMatrix [0.001 0 0 0.001 0 0] " +
      "/CharProcs << /square 10 0 R /other 11 0 R >> /Encoding << /Type /Encoding /Differences [97 /square /other] >> " +
      "/FirstChar 97 /LastChar 98 /Widths [800 800] /Resources << >> >>",
    "<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman /Encoding /WinAnsiEncoding >>",
    { dict: "", stream: glyph },
    { dict: "", stream: glyph.replace("750 750 re", "500 750 re") },
  ]);
}

describe("the edited worker", () => {
  it("keeps each font where names repeat, across form resources, Type 3 fonts and gs", async () => {
    const [edited, shipped] = await Promise.all([loadPdfjs(), loadPdfjsVariant([])]);
    const pdf = fontSettingPdf();
    const pages = await readAll(edited, pdf);
    expect(pages).toEqual(await readAll(shipped, pdf));
    const items = (pages[0] as { items: Array<{ str: string; fontName: string }> }).items;
    const fontOf = (str: string) => items.find((i) => i.str === str)?.fontName;
    for (const word of ["one", "two", "four", "six", "eight"]) expect(fontOf(word)).toBe(fontOf("one"));
    // The form's /F1 is Times, the gs font Courier: neither is the page's /F1.
    expect(fontOf("form")).toMatch(/^font\d+$/);
    expect(fontOf("form")).not.toBe(fontOf("one"));
    expect(fontOf("five")).toBe(fontOf("three"));
    expect(fontOf("seven")).toBe(fontOf("three"));
  });

  const documents: Array<[string, () => Uint8Array]> = [
    ["Type 1 fonts (LibreOffice)", () => fixture("bench/ten-pages.pdf")],
    ["Type 1 fonts, widths from the font programs", () => withoutWidths(fixture("bench/ten-pages.pdf"))],
    ["CID TrueType fonts (Chromium)", () => fixture("bench/ten-pages-truetype.pdf")],
    ["a seed report", () => fixture("seeds/003_1c640710511402cf.pdf")],
  ];
  for (const [what, bytes] of documents) {
    it(`reads what the shipped one reads: ${what}`, async () => {
      const [edited, shipped] = await Promise.all([loadPdfjs(), loadPdfjsVariant([])]);
      expect(edited.edited).toBe(true);
      const pdf = bytes();
      expect(await readAll(edited, pdf)).toEqual(await readAll(shipped, pdf));
    });
  }
});
