/**
 * Writes the committed DOCX/PDF slice of the eval gate (tests/fixtures/eval-slice/): a few generated
 * reports converted by LibreOffice, with their golds, so that the gate covers DOCX and PDF on a machine
 * without LibreOffice. Needs soffice (and pdftotext for the page facts); run it again, and commit the
 * result, when the generator's version changes. Usage: npx tsx eval/make-slice.ts
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SLICE_DIR, SLICE_SEEDS } from "./cases.ts";
import { ensureCorpus } from "./generate/corpus.ts";
import { GENERATOR_VERSION } from "./generate/report.ts";

const first = Math.min(...SLICE_SEEDS);
const corpus = await ensureCorpus({
  count: Math.max(...SLICE_SEEDS) - first + 1,
  firstSeed: first,
  formats: ["docx", "pdf"],
  log: (line) => process.stderr.write(`${line}\n`),
});
if (corpus.skipped.length > 0) {
  process.stderr.write(`make-slice: ${corpus.skipped.map((s) => s.reason).join("; ")}\n`);
  process.exit(1);
}
mkdirSync(SLICE_DIR, { recursive: true });
for (const f of readdirSync(SLICE_DIR)) rmSync(join(SLICE_DIR, f));
for (const c of corpus.cases) {
  if (!SLICE_SEEDS.includes(c.seed)) continue;
  const files = { docx: c.files.docx, pdf: c.files.pdf };
  for (const f of Object.values(files)) if (f) copyFileSync(join(corpus.dir, f), join(SLICE_DIR, f));
  writeFileSync(join(SLICE_DIR, `${c.id}.json`), `${JSON.stringify({ ...c, files }, null, 1)}\n`);
}
writeFileSync(
  join(SLICE_DIR, "slice.json"),
  `${JSON.stringify({ generatorVersion: GENERATOR_VERSION, seeds: SLICE_SEEDS }, null, 1)}\n`,
);
process.stderr.write(`make-slice: ${SLICE_SEEDS.length} reports written to ${SLICE_DIR}\n`);
