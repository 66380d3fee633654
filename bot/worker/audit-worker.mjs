// Entry of a parser worker thread. Plain JavaScript so that Node can start it without a loader:
// it loads the task module (the compiled bundle from dist/ with its code cache, load-task.mjs; or a .ts
// file, for which it first registers tsx: tests and development), which exports `runAudit`, and then serves
// { id, bytes, file, options } messages one at a time, posting stages and the result back.
// The module may export `warmUp()`, run once right after the worker reports ready.
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";
import { loadTaskModule } from "./load-task.mjs";

// pdf.js is not preloaded here: the reader imports it under a URL tsx passes through untransformed, and
// puts back the natives its polyfills replace (extract/readers/pdf-pages.ts). A preload under another URL
// would load its 3 MB a second time.
const require = createRequire(import.meta.url);

// Child processes (tesseract, pdftoppm for OCR; soffice for an old .doc) belong to the process, not to
// this thread: terminating the thread at the time cap would leave them running. Every child started
// here is reported to the pool (which kills what is left when it cuts a file off or shuts down) and,
// where prlimit is installed, gets an address-space cap. The builtin's exports are patched before any
// reader is imported, and synced so that `import { execFile } from "node:child_process"` sees them.
let currentTask = 0;
{
  const childProcess = require("node:child_process");
  const { syncBuiltinESMExports } = require("node:module");
  const { execFile, spawn } = childProcess;
  const memoryMb = Number(workerData.childMemoryMb) || 0;
  // The OCR binaries get the address-space cap; LibreOffice maps far more than it uses and is not capped.
  const ocrBinaries = new Set(
    ["tesseract", "pdftoppm", process.env.NIANBAO_TESSERACT, process.env.NIANBAO_PDFTOPPM].filter(Boolean),
  );
  const capped = (file) =>
    typeof file === "string" && (ocrBinaries.has(file) || ocrBinaries.has(file.split("/").pop()));
  const track = (child, file) => {
    const pid = child?.pid;
    if (!pid) return child;
    const task = currentTask;
    parentPort.postMessage({ type: "child", id: task, pid, alive: true });
    child.once("exit", () => parentPort.postMessage({ type: "child", id: task, pid, alive: false }));
    if (memoryMb > 0 && capped(file)) {
      const bytes = String(memoryMb * 1024 * 1024);
      // Not itself tracked (original execFile); a machine without prlimit runs the child uncapped.
      execFile("prlimit", ["--pid", String(pid), `--as=${bytes}:${bytes}`], () => {});
    }
    return child;
  };
  childProcess.execFile = function trackedExecFile(...args) {
    return track(execFile.apply(this, args), args[0]);
  };
  childProcess.spawn = function trackedSpawn(...args) {
    return track(spawn.apply(this, args), args[0]);
  };
  syncBuiltinESMExports();
}

if (workerData.taskModule.endsWith(".ts")) {
  const { register } = await import("tsx/esm/api");
  register();
}
const { runAudit, warmUp } = await loadTaskModule(workerData.taskModule);

// Temporary files (a scan's page images, an old .doc's conversion) go into a directory of this worker's
// own: a reader removes its files when it finishes, but a worker cut off at the time cap never gets
// there. The pool removes the directory when the worker exits; one left by a process that was killed
// outright (its pid in the name, no longer running) is removed by the next worker that starts. Set after
// the task module is loaded: tsx keeps its compile cache in the shared temporary directory.
try {
  const root = tmpdir();
  for (const name of readdirSync(root)) {
    const pid = Number(/^nianbao-worker-(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (error?.code === "ESRCH") rmSync(join(root, name), { recursive: true, force: true });
    }
  }
  const scratch = mkdtempSync(join(root, `nianbao-worker-${process.pid}-`));
  // This thread's own copy of the environment: tmpdir() here, and the children started here, use it.
  process.env.TMPDIR = scratch;
  parentPort.postMessage({ type: "scratch", dir: scratch });
} catch {
  // A temporary directory that cannot be listed or written: the readers report that themselves.
}

// pdf.js can reject a promise nobody awaits any more after a read was given up (a PDF whose xref is
// broken: "Bad (uncompressed) XRef entry"). Unhandled, it would kill this worker and fail the next,
// innocent file with it (found by the fuzzer); the file it belonged to has had its answer already.
process.on("unhandledRejection", () => {});

parentPort.on("message", async (task) => {
  currentTask = task.id;
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
