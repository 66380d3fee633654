// Entry of a parser worker thread. Plain JavaScript so that Node can start it without a loader:
// it imports the task module (compiled .js from dist/, or a .ts file, for which it first registers
// tsx: tests and development), which exports `runAudit`, and then serves
// { id, bytes, file, options } messages one at a time, posting stages and the result back.
// The module may export `warmUp()`, run once right after the worker reports ready.
import { parentPort, workerData } from "node:worker_threads";

// pdf.js is not preloaded here: the reader imports it under a URL tsx passes through untransformed, and
// puts back the natives its polyfills replace (extract/readers/pdf-pages.ts). A preload under another URL
// would load its 3 MB a second time.
if (workerData.taskModule.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { runAudit, warmUp } = await import(workerData.taskModule);

// pdf.js can reject a promise nobody awaits any more after a read was given up (a PDF whose xref is
// broken: "Bad (uncompressed) XRef entry"). Unhandled, it would kill this worker and fail the next,
// innocent file with it (found by the fuzzer); the file it belonged to has had its answer already.
process.on("unhandledRejection", () => {});

parentPort.on("message", async (task) => {
  const onStage = (stage) => parentPort.postMessage({ id: task.id, type: "stage", stage });
  try {
    const { result, report, document } = await runAudit(task.bytes, task.file, task.options, onStage, {
      useLlm: task.useLlm === true,
      keepDocument: task.keepDocument === true,
    });
    parentPort.postMessage({ id: task.id, type: "result", result, report, document });
  } catch (error) {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    parentPort.postMessage({ id: task.id, type: "error", message });
  }
});
parentPort.postMessage({ type: "ready" });
// Load the readers before the first file arrives (a file that comes sooner runs alongside).
if (workerData.warmUp !== false && typeof warmUp === "function") await warmUp().catch(() => {});
parentPort.postMessage({ type: "warmed" });
