/**
 * Reads PDFs with both readers (pdf.js as the reader drives it, and pdf-lite) and prints, per file,
 * whether the lite reader took it, why not, and whether the RawPages and metadata are identical.
 * `npx tsx eval/lite-compare.ts FILE.pdf…`
 */
import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { openLite } from "../extract/readers/pdf-lite/index.ts";
import { loadPdfjs, openPdf, type RawPage, readMetadata, readRawPage } from "../extract/readers/pdf-pages.ts";

process.on("unhandledRejection", () => {});
const pdfjs = await loadPdfjs();
for (const file of process.argv.slice(2)) {
  const bytes = new Uint8Array(readFileSync(file));
  let lite: Awaited<ReturnType<typeof openLite>> | undefined;
  let reason = "";
  try {
    lite = openLite(bytes);
  } catch (error) {
    reason = error instanceof Error ? error.message : String(error);
  }
  const opened = openPdf(pdfjs, bytes);
  try {
    const doc = await opened.loaded;
    const meta = await readMetadata(pdfjs, doc);
    if (!lite) {
      console.log(`${file}: fallback (${reason})`);
      continue;
    }
    const diffs: string[] = [];
    if (lite.numPages !== doc.numPages) diffs.push(`pages ${lite.numPages} vs ${doc.numPages}`);
    const m = {
      info: { Title: meta.info.Title, Author: meta.info.Author },
      created: meta.created,
      modified: meta.modified,
    };
    const lm = {
      info: { Title: lite.metadata.info.Title, Author: lite.metadata.info.Author },
      created: lite.metadata.created,
      modified: lite.metadata.modified,
    };
    if (!isDeepStrictEqual(JSON.stringify(m), JSON.stringify(lm)))
      diffs.push(`metadata ${JSON.stringify(lm)} vs ${JSON.stringify(m)}`);
    for (let n = 1; n <= doc.numPages && diffs.length < 5; n++) {
      let a: RawPage;
      try {
        a = await lite.readPage(n);
      } catch (error) {
        diffs.push(`page ${n}: fallback (${error instanceof Error ? error.message : error})`);
        break;
      }
      const b = await readRawPage(doc, n);
      if (!isDeepStrictEqual(a, b)) {
        const detail: string[] = [];
        if (a.height !== b.height) detail.push(`height ${a.height} vs ${b.height}`);
        if (a.boxes.length !== b.boxes.length) detail.push(`boxes ${a.boxes.length} vs ${b.boxes.length}`);
        for (let i = 0; i < Math.min(a.boxes.length, b.boxes.length); i++) {
          if (!isDeepStrictEqual(a.boxes[i], b.boxes[i])) {
            detail.push(`box ${i}: ${JSON.stringify(a.boxes[i])} vs ${JSON.stringify(b.boxes[i])}`);
            break;
          }
        }
        if (!isDeepStrictEqual(a.rulings, b.rulings))
          detail.push(
            `rulings ${a.rulings?.length} vs ${b.rulings?.length}: ${JSON.stringify(a.rulings?.slice(0, 2))} vs ${JSON.stringify(b.rulings?.slice(0, 2))}`,
          );
        diffs.push(`page ${n}: ${detail.join("; ")}`);
      }
    }
    console.log(`${file}: lite, ${diffs.length === 0 ? "identical" : `DIFFERS: ${diffs.join(" | ")}`}`);
  } catch (error) {
    console.log(
      `${file}: pdf.js failed (${error instanceof Error ? error.message : error}); lite ${lite ? "took it" : `fallback (${reason})`}`,
    );
  } finally {
    await opened.destroy();
  }
}
