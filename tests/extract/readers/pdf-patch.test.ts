/**
 * The patch to pdf.js (patches/pdfjs-dist+5.4.296.patch, applied by patch-package at install): it is
 * applied to the installed pdfjs-dist (else the reader runs the shipped worker half, slower), it reverses
 * cleanly to the shipped file, reading text loads no canvas package, pdf.js's replacement of natives is undone after loading, and pages read
 * with the patched worker half give exactly the text content and paths the shipped one gives.
 */
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { applyPatch } from "diff";
import { describe, expect, it } from "vitest";
import { OPS } from "../../../extract/readers/pdf-ops.ts";
import { loadPdfjs, openPdf, type Pdfjs, pdfjsBuildDir } from "../../../extract/readers/pdf-pages.ts";
import { loadPdfjsVariant, workerPatch, workerSource } from "./pdfjs-variants.ts";

// The natives as this file found them, before it loads pdf.js.
const NATIVE_PUSH = Array.prototype.push;
const NATIVE_PARSE = JSON.parse;

describe("the pdf.js patch", () => {
  it("is applied to the installed pdfjs-dist", async () => {
    expect((await loadPdfjs()).patched).toBe(true);
  });

  it("reverses to a file without it, and applies again to give the installed one", () => {
    const installed = readFileSync(join(pdfjsBuildDir(), "pdf.worker.mjs"), "utf8");
    const shipped = workerSource();
    expect(shipped).not.toContain("nianbao");
    expect(shipped.length).toBeLessThan(installed.length);
    expect(applyPatch(shipped, workerPatch())).toBe(installed);
  });

  it("loads no canvas package to read text (pdf.js polyfills canvas globals on the first canvas made)", async () => {
    await loadPdfjs();
    const loaded = Object.keys(createRequire(import.meta.url).cache);
    expect(loaded.filter((path) => path.includes("@napi-rs/canvas"))).toEqual([]);
    expect((globalThis as { DOMMatrix?: unknown }).DOMMatrix).toBeUndefined();
  });

  it("leaves Array.prototype.push and JSON.parse native once pdf.js is loaded", async () => {
    await loadPdfjs();
    await loadPdfjsVariant();
    expect(Array.prototype.push).toBe(NATIVE_PUSH);
    expect(JSON.parse).toBe(NATIVE_PARSE);
    // Which they would not be otherwise: pdf.js's core-js polyfills replace them on import (and give
    // their replacements a native-looking toString).
    const build = pathToFileURL(`${pdfjsBuildDir()}/`).href;
    const script = `const push = Array.prototype.push, parse = JSON.parse;
      await import(${JSON.stringify(`${build}pdf.mjs`)}); await import(${JSON.stringify(`${build}pdf.worker.mjs`)});
      console.log(JSON.stringify([Array.prototype.push === push, JSON.parse === parse]));`;
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
    expect(JSON.parse(out)).toEqual([false, false]);
  });
});

// ---------------------------------------------------------------- patched and shipped worker alike

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
 * One page that sets its fonts in every way the known-font hunk meets: a Tf per q … Q run, the same name
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

describe("the patched worker", () => {
  it("keeps each font where names repeat, across form resources, Type 3 fonts and gs", async () => {
    const [patched, shipped] = await Promise.all([loadPdfjs(), loadPdfjsVariant()]);
    const pdf = fontSettingPdf();
    const pages = await readAll(patched, pdf);
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
      const [patched, shipped] = await Promise.all([loadPdfjs(), loadPdfjsVariant()]);
      expect(patched.patched).toBe(true);
      expect(shipped.patched).toBe(false);
      const pdf = bytes();
      expect(await readAll(patched, pdf)).toEqual(await readAll(shipped, pdf));
    });
  }
});
