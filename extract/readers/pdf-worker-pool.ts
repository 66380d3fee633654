/**
 * A small persistent pool of PDF page workers (pdf-worker.ts), so that the reader can read a document's
 * pages on several cores: the workers take pages from the front, the reader's thread from the back (see
 * READER_CLAIM), and the reader lays out all of them.
 *
 * Off unless NIANBAO_PDF_WORKERS sets a number of workers. Measured on the project's 2-vCPU machines a
 * worker pays only while the second core is really idle (ten-pages.pdf read ≈ 12 ms faster); when it is
 * busy, the worker's own copy of the fixed per-document cost (loading the document and its fonts, about
 * half of a 10-page read) makes the read ≈ 35 ms slower. Where it is on, the pool starts on the second
 * PDF read of a process (a one-file command never starts it; reads while the workers load stay on one
 * thread), holds at most MAX_WORKERS workers and none for a reader that itself runs on a worker thread
 * (the bot's audits, which are parallel already), and never keeps the process alive while idle. A worker
 * that fails, crashes or does not stop when asked is dropped (and replaced on a later read); the reader
 * reads the pages it did not deliver.
 */
import { availableParallelism } from "node:os";
import { isMainThread, Worker } from "node:worker_threads";
import type { RawPage } from "./pdf-pages.ts";
import type { WorkerReply, WorkerRequest } from "./pdf-worker.ts";

const MAX_WORKERS = 3;
/** Pages that can be claimed by workers (the reader reads any beyond). */
const CLAIMABLE_PAGES = 4096;
/** A cancelled worker still busy after this long is terminated. */
const CANCEL_GRACE_MS = 1_000;
/** Workers that failed to start: after this many the pool stays off for the process. */
const MAX_START_FAILURES = 3;

export interface PageJob {
  /** Shared page claims (pdf-pages.ts, READER_CLAIM); worker w marks its pages w. */
  readonly claims: Int32Array;
  /** Page `n` (1-based) as a worker read it; rejects if the worker stopped without delivering it. */
  page(n: number): Promise<RawPage>;
  /**
   * The reader is done with the job (read, failed or timed out): the workers are free for the next one
   * at once, and told to stop whatever is left of this one.
   */
  finish(): void;
}

/** One worker's part in a job. */
interface Share {
  readonly id: number;
  readonly pages: Map<number, Deferred>;
  /** Set once the worker will deliver no more pages. */
  ended: boolean;
}

interface Deferred {
  readonly promise: Promise<RawPage>;
  resolve(raw: RawPage): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve: (raw: RawPage) => void = () => undefined;
  let reject: (error: Error) => void = () => undefined;
  const promise = new Promise<RawPage>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

interface Slot {
  readonly worker: Worker;
  ready: boolean;
  /** Dropped or stopped: no longer in the pool. */
  gone: boolean;
  /** The job this worker takes pages for (a new one may start while an old request winds down). */
  share: Share | undefined;
  /** Requests not yet answered with "done" or "failed". */
  readonly running: Set<number>;
  readonly whenReady: Promise<void>;
}

/** NIANBAO_PDF_WORKERS: a number of workers, or "auto" for one per spare core; unset or 0: none. */
function configuredSize(): number {
  const env = (process.env.NIANBAO_PDF_WORKERS ?? "").trim();
  // A reader on a worker thread (the bot's audit workers) is already one of several in parallel.
  if (env === "" || !isMainThread) return 0;
  const n = env === "auto" ? availableParallelism() - 1 : Number(env);
  return Number.isInteger(n) && n > 0 ? Math.min(n, MAX_WORKERS) : 0;
}

const slots: Slot[] = [];
let startFailures = 0;
let nextId = 1;
let reads = 0;
const stats = { shares: 0, pages: 0, failed: 0 };

/** Worker shares handed out so far, pages they delivered, shares that failed (for tests and benches). */
export function pdfWorkerStats(): { shares: number; pages: number; failed: number } {
  return { ...stats };
}

/** The share will deliver nothing more: pages not delivered are rejected (the reader reads them). */
function end(share: Share, reason: string | undefined): void {
  if (share.ended) return;
  share.ended = true;
  if (reason !== undefined) stats.failed++;
  for (const page of share.pages.values()) page.reject(new Error(reason ?? "page not read by the worker"));
}

function release(slot: Slot, reason: string | undefined): void {
  const share = slot.share;
  if (!share) return;
  slot.share = undefined;
  end(share, reason);
  if (!slot.gone && slot.running.size === 0) slot.worker.unref();
}

function drop(slot: Slot, reason: string): void {
  if (slot.gone) return;
  slot.gone = true;
  const i = slots.indexOf(slot);
  if (i >= 0) slots.splice(i, 1);
  if (!slot.ready) startFailures++;
  release(slot, reason);
  slot.worker.terminate().catch(() => undefined);
}

function pageOf(share: Share, n: number): Deferred {
  let page = share.pages.get(n);
  if (!page) {
    page = deferred();
    share.pages.set(n, page);
    if (share.ended) page.reject(new Error("page not read by the worker"));
  }
  return page;
}

function spawn(): Slot {
  // From dist/ the compiled worker itself; from the sources an entry that registers tsx first.
  const entry = import.meta.url.endsWith(".ts") ? "./pdf-worker.mjs" : "./pdf-worker.js";
  const worker = new Worker(new URL(entry, import.meta.url), {
    // The parent's loader flags (tsx, profilers) are not inherited.
    execArgv: [],
  });
  let markReady: () => void = () => undefined;
  const slot: Slot = {
    worker,
    ready: false,
    gone: false,
    share: undefined,
    running: new Set(),
    whenReady: new Promise<void>((resolve) => {
      markReady = resolve;
    }),
  };
  worker.on("message", (reply: WorkerReply) => {
    if (reply.type === "ready") {
      slot.ready = true;
      markReady();
      return;
    }
    const share = slot.share?.id === reply.id ? slot.share : undefined;
    if (reply.type === "page") {
      if (!share) return;
      stats.pages++;
      pageOf(share, reply.page).resolve(reply.raw);
      return;
    }
    slot.running.delete(reply.id);
    if (share) release(slot, reply.type === "failed" ? `page worker: ${reply.reason}` : undefined);
    if (slot.running.size === 0 && !slot.share) worker.unref();
  });
  worker.on("error", (error) => drop(slot, `page worker failed: ${error.message}`));
  worker.on("exit", (code) => {
    drop(slot, `page worker exited (${code})`);
    markReady();
  });
  // After the listeners: adding a "message" listener refs the worker's port again.
  worker.unref();
  return slot;
}

/** Start the workers not yet running. */
function fill(): void {
  if (startFailures >= MAX_START_FAILURES) return;
  const size = configuredSize();
  while (slots.length < size) slots.push(spawn());
}

/**
 * Let every idle worker take pages of `bytes`; undefined when none is idle and ready (the pool is then
 * started or refilled for later reads).
 */
export function startPageJob(bytes: Uint8Array, deadline: number): PageJob | undefined {
  // The first read of a process (a command-line audit of one file) does not start the pool.
  if (reads++ === 0) return undefined;
  fill();
  const idle = slots.filter((s) => s.ready && !s.share);
  if (idle.length === 0) return undefined;
  const claims = new Int32Array(new SharedArrayBuffer(CLAIMABLE_PAGES * Int32Array.BYTES_PER_ELEMENT));
  const shares = idle.map((slot, i) => {
    const share: Share = { id: nextId++, pages: new Map(), ended: false };
    slot.share = share;
    slot.running.add(share.id);
    stats.shares++;
    slot.worker.ref();
    const request: WorkerRequest = { type: "read", id: share.id, worker: i + 1, bytes, claims, deadline };
    slot.worker.postMessage(request);
    return share;
  });
  return {
    claims,
    page(n) {
      const owner = n - 1 < claims.length ? Atomics.load(claims, n - 1) : 0;
      const share = owner >= 1 ? shares[owner - 1] : undefined;
      if (!share) return Promise.reject(new Error(`page ${n} was not claimed by a worker`));
      return pageOf(share, n).promise;
    },
    finish() {
      idle.forEach((slot, i) => {
        const share = shares[i];
        if (!share) return;
        if (slot.share === share) release(slot, undefined);
        if (!slot.running.has(share.id)) return;
        // Still busy with it: stop it, and drop the worker if it does not stop.
        slot.worker.postMessage({ type: "cancel", id: share.id } satisfies WorkerRequest);
        const timer = setTimeout(() => {
          if (slot.running.has(share.id)) drop(slot, "page worker did not stop");
        }, CANCEL_GRACE_MS);
        timer.unref();
      });
    },
  };
}

/** Start the pool (if not running) and wait until its workers are ready; the number ready. */
export async function pdfWorkersReady(): Promise<number> {
  reads++;
  fill();
  const starting = slots.filter((s) => !s.ready);
  // Keep the process alive while waiting (idle workers do not).
  for (const s of starting) s.worker.ref();
  await Promise.all(starting.map((s) => s.whenReady));
  for (const s of starting) if (!s.share) s.worker.unref();
  return slots.filter((s) => s.ready).length;
}

/** Terminate the workers (a later read starts new ones). */
export async function stopPdfWorkers(): Promise<void> {
  const all = slots.splice(0, slots.length);
  // A terminating worker does not keep the process alive by itself, even referenced: this timer does,
  // until every one has exited.
  const keepAlive = setInterval(() => undefined, 1_000);
  try {
    await Promise.all(
      all.map(async (slot) => {
        slot.gone = true;
        release(slot, "page workers stopped");
        await slot.worker.terminate().catch(() => undefined);
      }),
    );
  } finally {
    clearInterval(keepAlive);
  }
}
