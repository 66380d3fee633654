/**
 * The gain of each change in the pdf.js patch (patches/pdfjs-dist+<version>.patch, docs/pdf.md): the
 * reader's page reads (text content of every page, operator lists where it reads them) of the bench PDFs
 * with the whole patch, with none of it, and with the whole patch but one group of hunks. Timed as CPU
 * time of this process, so that a busy machine's waiting is not counted; variants interleaved.
 * Usage: npx tsx eval/bench-edits.ts [--runs N]
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openPdf, type Pdfjs, readRawPage } from "../extract/readers/pdf-pages.ts";
import { loadPdfjsVariant, workerPatch, workerSource } from "../tests/extract/readers/pdfjs-variants.ts";

const root = new URL("..", import.meta.url).pathname;
const { values } = parseArgs({ options: { runs: { type: "string", default: "21" } } });
const runs = Math.max(3, Number(values.runs));
const files = [
  "tests/fixtures/bench/ten-pages.pdf",
  "tests/fixtures/bench/ten-pages-truetype.pdf",
  "tests/fixtures/seeds/002_a01f0cf12a106081.pdf",
];

/** Hunk groups, by a word of the patch's comment in them. */
const GROUPS: Record<string, RegExp> = {
  "Type 1 (no CFF/OpenType)": /CFF|OpenType|glyph program/,
  "known fonts in text content": /fonts this call has loaded|loaded already/,
};

async function read(pdfjs: Pdfjs, bytes: Uint8Array): Promise<number> {
  const t = process.cpuUsage();
  const opened = openPdf(pdfjs, bytes);
  const doc = await opened.loaded;
  for (let n = 1; n <= doc.numPages; n++) await readRawPage(doc, n);
  await opened.destroy();
  const used = process.cpuUsage(t);
  return (used.user + used.system) / 1000;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

const hunks = workerPatch().hunks.map((h) => h.lines.join("\n"));
const variants: Array<[string, Pdfjs]> = [
  ["patched", await loadPdfjsVariant(workerSource(() => true))],
  ["shipped", await loadPdfjsVariant(workerSource(() => false))],
];
for (const [name, re] of Object.entries(GROUPS)) {
  const source = workerSource((i) => !re.test(hunks[i] ?? ""));
  variants.push([`without: ${name}`, await loadPdfjsVariant(source)]);
}
for (const file of files) {
  const bytes = new Uint8Array(readFileSync(join(root, file)));
  const times = new Map<string, number[]>(variants.map(([n]) => [n, []]));
  for (const [, p] of variants) await read(p, bytes);
  for (let i = 0; i < runs; i++) {
    for (const [n, p] of i % 2 ? [...variants].reverse() : variants) times.get(n)?.push(await read(p, bytes));
  }
  const base = median(times.get("patched") ?? []);
  console.log(`${file} (CPU ms, median of ${runs})`);
  for (const [n, t] of times) {
    const m = median(t);
    console.log(
      `  ${n.padEnd(44)} ${m.toFixed(1).padStart(7)}   ${((m / base - 1) * 100).toFixed(0).padStart(4)}% vs patched`,
    );
  }
}
