/**
 * The lite PDF reader (extract/readers/pdf-lite/): identical RawPages and metadata to the pdf.js path on
 * every PDF in the repository it takes, the documents it must take (the seeds, the bench and eval
 * fixtures, and where present the real PDFs kept outside the repository, see REAL_PDF_DIR), the documents
 * it must pass on and why, the cap on inflated bytes, and the reader choice of pdf.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { deflateSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { pdfReaderChoice, readPdf } from "../../../extract/readers/pdf.ts";
import { parseToUnicode } from "../../../extract/readers/pdf-lite/fonts.ts";
import { LiteOverCap, LiteUnsupported, openLite } from "../../../extract/readers/pdf-lite/index.ts";
import { loadPdfjs, openPdf, readMetadata, readRawPage } from "../../../extract/readers/pdf-pages.ts";
import { ReadError } from "../../../extract/readers/read-error.ts";

const root = join(import.meta.dirname, "../../..");
const fixtures = join(root, "tests/fixtures");

function pdfsUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...pdfsUnder(path));
    else if (name.endsWith(".pdf")) out.push(path);
  }
  return out;
}

/**
 * Real PDFs written by Word and other producers (pdf.js's own regression files; sources in the folder's
 * README). They come from a repository snapshot, so they are kept beside the project (`../shared/real-pdf`,
 * or NIANBAO_REAL_PDF_DIR), never committed; `lite-*` files must be taken, `fallback-*` passed on.
 */
const REAL_PDF_DIR = process.env.NIANBAO_REAL_PDF_DIR ?? join(root, "../shared/real-pdf");
const HAS_REAL = existsSync(REAL_PDF_DIR);
if (!HAS_REAL)
  console.warn(
    `real PDFs not found at ${REAL_PDF_DIR} (set NIANBAO_REAL_PDF_DIR) — skipped: the lite reader on Word-made PDFs; the repository's fixtures are still compared`,
  );

const ALL = [...pdfsUnder(fixtures), ...(HAS_REAL ? pdfsUnder(REAL_PDF_DIR) : [])];
/** Fixtures the lite reader must take (else the equivalence test below would prove nothing). */
const MUST_TAKE = ALL.filter(
  (f) => /\/(seeds|bench|eval-slice)\//.test(f) || (f.startsWith(REAL_PDF_DIR) && /\/lite-[^/]*$/.test(f)),
);

function liteOrReason(bytes: Uint8Array): ReturnType<typeof openLite> | string {
  try {
    return openLite(bytes);
  } catch (error) {
    if (error instanceof LiteUnsupported) return error.reason;
    throw error;
  }
}

describe("lite reader: same RawPages and metadata as pdf.js", () => {
  it("finds the fixtures", () => {
    // 5 seeds, 2 bench files and 6 of the eval slice in the repository; 5 Word-made files beside it.
    expect(MUST_TAKE.filter((f) => f.startsWith(fixtures)).length).toBeGreaterThanOrEqual(13);
    if (HAS_REAL)
      expect(MUST_TAKE.filter((f) => f.startsWith(REAL_PDF_DIR)).length).toBeGreaterThanOrEqual(5);
  });

  it.each(
    ALL.map((f) => [
      f.startsWith(fixtures) ? relative(fixtures, f) : `real: ${relative(REAL_PDF_DIR, f)}`,
      f,
    ]),
  )("%s", async (_name, file) => {
    const bytes = new Uint8Array(readFileSync(file));
    const lite = liteOrReason(bytes);
    if (MUST_TAKE.includes(file)) expect(lite).not.toBeTypeOf("string");
    if (typeof lite === "string") return;
    const pdfjs = await loadPdfjs();
    const opened = openPdf(pdfjs, bytes);
    try {
      const doc = await opened.loaded;
      expect(lite.numPages).toBe(doc.numPages);
      const meta = await readMetadata(pdfjs, doc);
      expect({
        title: lite.metadata.info.Title,
        author: lite.metadata.info.Author,
        created: lite.metadata.created,
        modified: lite.metadata.modified,
      }).toEqual({
        title: meta.info.Title,
        author: meta.info.Author,
        created: meta.created,
        modified: meta.modified,
      });
      for (let n = 1; n <= doc.numPages; n++) {
        let page: Awaited<ReturnType<typeof lite.readPage>> | string;
        try {
          page = await lite.readPage(n);
        } catch (error) {
          if (!(error instanceof LiteUnsupported) || MUST_TAKE.includes(file)) throw error;
          return;
        }
        expect(page).toStrictEqual(await readRawPage(doc, n));
      }
    } finally {
      await opened.destroy();
    }
  });
});

// ---------------------------------------------------------------- documents passed on to pdf.js

/** A one-page PDF with `content` and the given font and extra objects (numbered from 5). */
function tinyPdf(
  content: Uint8Array | string,
  font: string,
  extra: string[] = [],
  streamDict = "",
): Uint8Array {
  const body = typeof content === "string" ? Buffer.from(content, "latin1") : Buffer.from(content);
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n", "latin1")];
  const offsets: number[] = [];
  let size = parts[0]?.length ?? 0;
  const add = (chunk: Buffer) => {
    parts.push(chunk);
    size += chunk.length;
  };
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>", "latin1"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>", "latin1"),
    Buffer.from(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
      "latin1",
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${body.length}${streamDict} >>\nstream\n`, "latin1"),
      body,
      Buffer.from("\nendstream", "latin1"),
    ]),
    Buffer.from(font, "latin1"),
    ...extra.map((e) => Buffer.from(e, "latin1")),
  ];
  objects.forEach((object, i) => {
    offsets.push(size);
    add(Buffer.from(`${i + 1} 0 obj\n`, "latin1"));
    add(object);
    add(Buffer.from("\nendobj\n", "latin1"));
  });
  const xref = size;
  let table = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) table += `${String(offset).padStart(10, "0")} 00000 n \n`;
  add(
    Buffer.from(
      `${table}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`,
      "latin1",
    ),
  );
  return new Uint8Array(Buffer.concat(parts));
}

const HELVETICA = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>";
const TEXT = [700, 680, 660]
  .map((y) => `BT /F1 12 Tf 72 ${y} Td (Government information disclosure annual report 2024) Tj ET\n`)
  .join("");

/** Why the lite reader passes the whole document on (opening it and reading every page), or null. */
async function reasonOf(bytes: Uint8Array): Promise<string | null> {
  try {
    const lite = openLite(bytes);
    for (let n = 1; n <= lite.numPages; n++) await lite.readPage(n);
    return null;
  } catch (error) {
    if (error instanceof LiteUnsupported) return error.reason;
    throw error;
  }
}

describe("lite reader: what it passes on to pdf.js, and why", () => {
  it("a standard font without an embedded program or Widths", async () => {
    expect(await reasonOf(tinyPdf(TEXT, HELVETICA))).toBe("simple font without a descriptor");
  });

  it("an encrypted document", () => {
    expect(liteOrReason(new Uint8Array(readFileSync(join(fixtures, "bad/encrypted.pdf"))))).toBe("encrypted");
  });

  it("a broken cross-reference table (pdf.js has the recovery scan)", () => {
    const bytes = new Uint8Array(
      readFileSync(join(fixtures, "fuzz-found/crash-1796585708-465-pdf-broken-xref.pdf")),
    );
    expect(liteOrReason(bytes)).toBe("xref offset does not point at its object");
  });

  it("a Type 3 font", async () => {
    const type3 =
      "<< /Type /Font /Subtype /Type3 /FontBBox [0 0 1 1] /FontMatrix [1 0 0 1 0 0] /CharProcs << >> /Encoding << /Differences [65 /A] >> /FirstChar 65 /LastChar 65 /Widths [1] >>";
    expect(await reasonOf(tinyPdf(TEXT, type3))).toBe("font without a ToUnicode CMap (Type3)");
  });

  it("auto reads such a document with pdf.js (same Document); lite alone refuses it", async () => {
    const bytes = tinyPdf(TEXT, HELVETICA);
    const auto = await readPdf(bytes, { reader: "auto", parallel: false });
    const pdfjs = await readPdf(bytes, { reader: "pdfjs", parallel: false });
    expect(auto).toEqual(pdfjs);
    expect(JSON.stringify(auto.lines)).toContain("annual report 2024");
    await expect(readPdf(bytes, { reader: "lite", parallel: false })).rejects.toMatchObject({
      failure: "corrupt",
      detail: "lite reader: simple font without a descriptor",
    });
  });
});

describe("lite reader: caps and choice", () => {
  it("refuses a ToUnicode CMap that repeats whole ranges (work bounded, not a hang)", () => {
    const cmap = `100 beginbfrange\n${"<0000> <FFFF> <0000>\n".repeat(100)}endbfrange\n`;
    const started = performance.now();
    expect(() => parseToUnicode(new Uint8Array(Buffer.from(cmap, "latin1")))).toThrow(LiteUnsupported);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("refuses a flate bomb (over the stream cap) instead of inflating it", async () => {
    // 80 MB of zeros: 78 KB deflated.
    const bomb = deflateSync(Buffer.alloc(80 * 1024 * 1024));
    const bytes = tinyPdf(bomb, HELVETICA, [], " /Filter /FlateDecode");
    const doc = openLite(bytes);
    await expect(doc.readPage(1)).rejects.toBeInstanceOf(LiteOverCap);
    const before = process.memoryUsage().rss;
    const error = await readPdf(bytes, { parallel: false }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ReadError);
    expect(error).toMatchObject({ failure: "over_limit" });
    expect(process.memoryUsage().rss - before).toBeLessThan(200 * 1024 * 1024);
  });

  it("reads NIANBAO_PDF_READER", () => {
    expect(pdfReaderChoice({})).toBe("auto");
    expect(pdfReaderChoice({ NIANBAO_PDF_READER: "lite" })).toBe("lite");
    expect(pdfReaderChoice({ NIANBAO_PDF_READER: " PDFJS " })).toBe("pdfjs");
    expect(pdfReaderChoice({ NIANBAO_PDF_READER: "other" })).toBe("auto");
  });

  // A process that reads a PDF the lite reader takes never imports pdf.js; with NIANBAO_PDF_READER=pdfjs
  // it does (which shows the trace sees the import).
  it.each([
    ["auto", false],
    ["pdfjs", true],
  ])("NIANBAO_PDF_READER=%s: pdf.js imported: %s", (choice, imported) => {
    const script = `
      import { readFileSync } from "node:fs";
      import { readPdf } from ${JSON.stringify(join(root, "extract/readers/pdf.ts"))};
      await readPdf(new Uint8Array(readFileSync(${JSON.stringify(join(fixtures, "seeds/002_a01f0cf12a106081.pdf"))})), { parallel: false });
    `;
    const r = spawnSync(
      process.execPath,
      [
        "--import",
        "tsx/esm",
        "--import",
        join(root, "tests/bin/trace-packages.mjs"),
        "--input-type=module",
        "-e",
        script,
      ],
      { cwd: root, encoding: "utf8", timeout: 60_000, env: { ...process.env, NIANBAO_PDF_READER: choice } },
    );
    expect(r.status).toBe(0);
    expect(r.stderr.includes("package pdfjs-dist")).toBe(imported);
  });
});
