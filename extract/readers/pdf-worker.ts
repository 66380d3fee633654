/**
 * A PDF page worker: a worker_threads thread (started by pdf-worker-pool.ts through pdf-worker.mjs) that
 * loads a document and reads pages into RawPages, with the same code the reader runs on its own thread
 * (pdf-pages.ts). Pages are claimed one at a time in a shared claims array: the workers take them from
 * the front, the reader from the back, so each is read once and the work splits itself between however
 * many cores are really free. Each page is posted as soon as it is read; the reader lays them out.
 */
import { parentPort } from "node:worker_threads";
import { loadPdfjs, openPdf, type RawPage, READER_CLAIM, readRawPage } from "./pdf-pages.ts";

export interface ReadRequest {
  readonly type: "read";
  readonly id: number;
  /** This worker's claim mark (1 …). */
  readonly worker: number;
  readonly bytes: Uint8Array;
  /** Shared page claims (see READER_CLAIM; pages past its length are the reader's). */
  readonly claims: Int32Array;
  /** Date.now() after which the read is abandoned. */
  readonly deadline: number;
}

export interface CancelRequest {
  readonly type: "cancel";
  readonly id: number;
}

export type WorkerRequest = ReadRequest | CancelRequest;

export type WorkerReply =
  | { readonly type: "ready" }
  | { readonly type: "page"; readonly id: number; readonly page: number; readonly raw: RawPage }
  /** No more pages from this request (its claimed pages all posted before). */
  | { readonly type: "done"; readonly id: number }
  /** Stopped early: pages it claimed and did not post are left to the reader. */
  | { readonly type: "failed"; readonly id: number; readonly reason: string };

const port = parentPort;
if (!port) throw new Error("pdf-worker.ts runs as a worker thread");

const pdfjs = await loadPdfjs();
/** Requests being served, with what ends them early. */
const running = new Map<number, { cancelled: boolean; destroy?: () => Promise<void> }>();

async function read(request: ReadRequest): Promise<WorkerReply> {
  const state: { cancelled: boolean; destroy?: () => Promise<void> } = { cancelled: false };
  running.set(request.id, state);
  const { claims } = request;
  try {
    const { loaded, destroy } = openPdf(pdfjs, request.bytes);
    state.destroy = destroy;
    const doc = await loaded.catch(async (error: unknown) => {
      await destroy();
      throw error;
    });
    try {
      const last = Math.min(doc.numPages, claims.length);
      for (let k = 0; k < last; k++) {
        if (state.cancelled) return { type: "failed", id: request.id, reason: "cancelled" };
        if (Date.now() > request.deadline) return { type: "failed", id: request.id, reason: "timeout" };
        const owner = Atomics.compareExchange(claims, k, 0, request.worker);
        // The reader claims from the back: its first page met means the rest are its own.
        if (owner === READER_CLAIM) break;
        if (owner !== 0) continue;
        const raw = await readRawPage(doc, k + 1);
        port?.postMessage({ type: "page", id: request.id, page: k + 1, raw } satisfies WorkerReply);
      }
      return { type: "done", id: request.id };
    } finally {
      // The reply goes out first; the document is torn down after it.
      setImmediate(() => destroy().catch(() => undefined));
    }
  } catch (error) {
    return { type: "failed", id: request.id, reason: error instanceof Error ? error.message : String(error) };
  } finally {
    running.delete(request.id);
  }
}

port.on("message", (request: WorkerRequest) => {
  if (request.type === "cancel") {
    const state = running.get(request.id);
    if (state) {
      state.cancelled = true;
      state.destroy?.().catch(() => undefined);
    }
    return;
  }
  read(request).then(
    (reply) => port.postMessage(reply),
    (error: unknown) => port.postMessage({ type: "failed", id: request.id, reason: String(error) }),
  );
});

port.postMessage({ type: "ready" } satisfies WorkerReply);
