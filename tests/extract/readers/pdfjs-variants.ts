/**
 * pdf.js's worker half as shipped, or with only some of the patch's hunks, next to the reader's patched
 * one (for the byte-for-byte tests and for eval/bench-edits.ts). The source is the installed (patched)
 * pdf.worker.mjs with hunks of patches/pdfjs-dist+<version>.patch reversed, evaluated as a function
 * (its declarations in the function's scope, as in the module's): its only module syntax is one
 * `import.meta.url` (pdf.js locates wasm files with it) and its closing exports, both replaced.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { runInThisContext } from "node:vm";
import { applyPatch, parsePatch, reversePatch, type StructuredPatch } from "diff";
import { loadPdfjs, type Pdfjs, pdfjsBuildDir, withNatives } from "../../../extract/readers/pdf-pages.ts";

const root = new URL("../../../", import.meta.url);
const WORKER = "legacy/build/pdf.worker.mjs";

/** The patch file's part for pdf.worker.mjs. */
export function workerPatch(): StructuredPatch {
  const version = JSON.parse(readFileSync(join(pdfjsBuildDir(), "../../package.json"), "utf8")).version;
  const text = readFileSync(new URL(`patches/pdfjs-dist+${version}.patch`, root), "utf8");
  const part = parsePatch(text).find((p) => p.newFileName?.endsWith(`pdfjs-dist/${WORKER}`));
  if (!part) throw new Error(`the patch has no part for ${WORKER}`);
  return part;
}

/** The installed worker source with the hunks `keep` refuses reversed (keep none: as shipped). */
export function workerSource(keep: (hunk: number) => boolean = () => false): string {
  const patched = readFileSync(join(pdfjsBuildDir(), "pdf.worker.mjs"), "utf8");
  const part = workerPatch();
  const undo = reversePatch({ ...part, hunks: part.hunks.filter((_, i) => !keep(i)) }) as StructuredPatch;
  const source = applyPatch(patched, undo);
  if (source === false) throw new Error("the patch does not reverse on the installed pdf.worker.mjs");
  return source;
}

interface WorkerSide {
  readonly WorkerMessageHandler: Pdfjs["workerSide"]["WorkerMessageHandler"];
}

function evaluate(source: string): WorkerSide {
  const file = join(pdfjsBuildDir(), "pdf.worker.mjs");
  const body = source
    .replace("import.meta.url", JSON.stringify(pathToFileURL(file).href))
    .replace(/^export \{ WorkerMessageHandler \};$/m, "")
    .replace(/^export const /gm, "const ");
  if (/^(?:import|export) /m.test(body) || body.includes("import.meta")) {
    throw new Error("pdf.worker.mjs has module syntax this helper does not replace");
  }
  const run = runInThisContext(`(function () { "use strict"; ${body}\nreturn { WorkerMessageHandler };\n})`, {
    filename: `${file}?variant`,
  }) as () => WorkerSide;
  return run();
}

/**
 * pdf.js with a worker half of its own, from `source` (default: as shipped), next to the reader's (same
 * API half; documents opened with it are parsed by that worker half alone).
 */
export async function loadPdfjsVariant(source: string = workerSource()): Promise<Pdfjs> {
  const pdfjs = await loadPdfjs();
  const global = globalThis as { pdfjsWorker?: unknown };
  const registered = global.pdfjsWorker;
  try {
    const workerSide = await withNatives(async () => evaluate(source));
    return { api: pdfjs.api, workerSide, patched: source.includes("nianbaoPatched") };
  } finally {
    global.pdfjsWorker = registered;
  }
}
