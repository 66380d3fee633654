/**
 * Page workers (pdf-worker-pool.ts): a document read with its pages shared between this thread and the
 * workers is the very Document read on one thread, for every seed and bench PDF, however the pages
 * happen to be split; a page a worker reads is the page this thread reads; a worker that goes away
 * mid-read costs time, never a difference. Page workers belong to the pdf.js path: the reads here are made
 * with NIANBAO_PDF_READER=pdfjs (the lite reader reads a whole document on one thread).
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readPdf } from "../../../extract/readers/pdf.ts";
import { loadPdfjs, openPdf, readRawPage } from "../../../extract/readers/pdf-pages.ts";
import {
  pdfWorkerStats,
  pdfWorkersReady,
  startPageJob,
  stopPdfWorkers,
} from "../../../extract/readers/pdf-worker-pool.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const pdfs = ["seeds", "bench"].flatMap((dir) =>
  readdirSync(join(FIXTURES, dir))
    .filter((f) => f.endsWith(".pdf"))
    .map((f) => `${dir}/${f}`),
);
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));

describe("readPdf with page workers", () => {
  const configured = process.env.NIANBAO_PDF_WORKERS;
  beforeAll(async () => {
    process.env.NIANBAO_PDF_WORKERS = "1";
    expect(await pdfWorkersReady()).toBe(1);
  });
  afterAll(async () => {
    await stopPdfWorkers();
    if (configured === undefined) delete process.env.NIANBAO_PDF_WORKERS;
    else process.env.NIANBAO_PDF_WORKERS = configured;
  });

  it("gets from a worker the very pages this thread reads", async () => {
    const bytes = bytesOf("bench/ten-pages.pdf");
    // This thread claims nothing here: the worker takes every page.
    const job = startPageJob(bytes, Date.now() + 60_000);
    // A pool with an idle worker takes the job and shares its page claims.
    expect(job?.claims).toBeInstanceOf(Int32Array);
    const opened = openPdf(await loadPdfjs(), bytes);
    try {
      const doc = await opened.loaded;
      // Wait until the worker has claimed every page.
      while (job && Atomics.load(job.claims, doc.numPages - 1) === 0) {
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      for (let n = 1; n <= doc.numPages; n++) {
        expect(await job?.page(n)).toEqual(await readRawPage(doc, n));
      }
    } finally {
      job?.finish();
      await opened.destroy();
    }
  });

  it.each(pdfs)("%s: the same Document as on one thread", async (path) => {
    const bytes = bytesOf(path);
    const serial = await readPdf(bytes, { parallel: false, reader: "pdfjs" });
    const before = pdfWorkerStats();
    const parallel = await readPdf(bytes, { reader: "pdfjs" });
    expect(parallel).toEqual(serial);
    expect(pdfWorkerStats().shares).toBe(before.shares + 1);
  });

  it("reads a worker's pages itself when the worker goes away mid-read", async () => {
    const bytes = bytesOf("bench/ten-pages.pdf");
    const serial = await readPdf(bytes, { parallel: false, reader: "pdfjs" });
    const reading = readPdf(bytes, { reader: "pdfjs" });
    await new Promise((resolve) => setImmediate(resolve));
    await stopPdfWorkers();
    expect(await reading).toEqual(serial);
    // Later reads start a new worker and use it once it is ready.
    expect(await pdfWorkersReady()).toBe(1);
    expect(await readPdf(bytes, { reader: "pdfjs" })).toEqual(serial);
  });

  it("gives up a stopped worker's undelivered pages (so that the reader reads them)", async () => {
    const job = startPageJob(bytesOf("bench/ten-pages.pdf"), Date.now() + 60_000);
    expect(job?.claims).toBeInstanceOf(Int32Array);
    const before = pdfWorkerStats();
    await stopPdfWorkers();
    expect(pdfWorkerStats().failed).toBe(before.failed + 1);
    if (job) Atomics.store(job.claims, 0, 1);
    await expect(job?.page(1)).rejects.toThrow();
    expect(await pdfWorkersReady()).toBe(1);
  });
});
