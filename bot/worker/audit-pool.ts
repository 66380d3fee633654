/**
 * Runs audits off the event loop: a fixed set of warm worker threads (bot/worker/audit-worker.mjs),
 * one file each at a time, a queue in front, and per file a time cap (the worker is terminated and
 * replaced) and a heap cap (resourceLimits; a worker that runs out of memory dies and is replaced).
 */
import { existsSync, rmSync } from "node:fs";
import { Worker, type WorkerOptions } from "node:worker_threads";
import type { AuditResult } from "../../audit/result.ts";
import type { AuditOptions } from "../../audit/run-audit.ts";
import type { Document } from "../../extract/document.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { Logger } from "../../logger.ts";

/** What the pool logs with (a pino Logger has it). */
export type PoolLog = Pick<Logger, "warn" | "error" | "fatal">;

import type { AuditStage, OcrPageProgress, WorkerProgress } from "./staged-audit.ts";

/** Thrown by `run` for tasks that were queued or running when the pool was closed (shutdown). */
export class PoolClosedError extends Error {
  constructor() {
    super("the audit pool is closed");
    this.name = "PoolClosedError";
  }
}

export type PoolOutcome =
  | {
      readonly kind: "result";
      readonly result: AuditResult;
      /** The parsed report behind the result (null when the file was not read). */
      readonly report: ParsedReport | null;
      /** The document read, when the task asked to keep it (`keepDocument`) and it was parsed. */
      readonly document?: Document;
      readonly ms: number;
    }
  /**
   * The file took longer than the time cap; its worker was terminated. `capMs` is the cap it had (a
   * scan's grows with its pages) and `ocr` the page OCR had reached, if it was a scan or photo.
   */
  | {
      readonly kind: "timeout";
      readonly ms: number;
      readonly capMs?: number;
      readonly ocr?: OcrPageProgress;
    }
  /** The worker died: out of memory (heap cap) or another fatal error. */
  | {
      readonly kind: "crashed";
      readonly reason: "memory" | "error";
      readonly detail: string;
      readonly ms: number;
    };

export interface AuditPoolOptions {
  /** Worker threads (= audits in parallel). */
  readonly size: number;
  /** Time cap per file, from the moment a worker takes it. */
  readonly timeoutMs: number;
  /** Old-generation heap cap per worker. */
  readonly memoryMb: number;
  /** Module exporting `runAudit` (default: the real staged audit; tests inject slow ones). */
  readonly taskModule?: URL;
  /**
   * Run the task module's warmUp() once a worker has loaded (default true: a long-lived pool's first file
   * is then not the slow one). A one-shot command leaves it off: its file is already waiting.
   */
  readonly warmUp?: boolean;
  /** Options passed to the audit (the reader's own time budget stays below the cap). */
  readonly audit?: AuditOptions;
  /**
   * The LLM variables (OPENAI_*, NIANBAO_LLM_*) each worker builds its extractor from, and the time
   * a task that uses it gets on top of the cap (the model's own time budget).
   */
  readonly llm?: { readonly env: Readonly<Record<string, string>>; readonly extraMs: number };
  /** The time cap of a scan or photo under OCR (default OCR_BUDGET). */
  readonly ocr?: OcrBudget;
  /** Address-space cap of each child process a worker starts (tesseract, pdftoppm, soffice); 0: none. */
  readonly childMemoryMb?: number;
  readonly log: PoolLog;
}

/**
 * OCR takes seconds per page, so a scan's cap is not the flat one: once the worker says how many
 * pages it recognises, the cap becomes the flat cap plus `pageMs` per page, at most `documentMs`.
 */
export interface OcrBudget {
  readonly pageMs: number;
  readonly documentMs: number;
}

/**
 * Measured on this 2-core machine under a load average of 10–20: 5–24 s wall per page at 200 dpi
 * (docs/ocr.md). 30 s a page, and at most 3 minutes (the OCR reader's own budget) for a document.
 */
export const OCR_BUDGET: OcrBudget = { pageMs: 30_000, documentMs: 180_000 };

/** Default address-space cap of an OCR child process (Tesseract peaks near 120 MB here). */
export const CHILD_MEMORY_MB = 1024;

/** The time cap of a file: the flat cap, or for OCR of `pages` pages the per-page budget. */
export function capFor(flatMs: number, ocr: OcrBudget, pages: number | null): number {
  if (pages === null) return flatMs;
  return Math.max(flatMs, Math.min(ocr.documentMs, flatMs + pages * ocr.pageMs));
}

export interface PoolStats {
  readonly size: number;
  readonly busy: number;
  readonly queued: number;
  readonly completed: number;
  readonly timeouts: number;
  readonly crashes: number;
}

interface Task {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly file: string;
  readonly onStage: (stage: AuditStage) => void;
  /** OCR is starting a page (scans and photos). */
  readonly onOcrPage: (progress: OcrPageProgress) => void;
  /** Also read the tables with the LLM (when the pool has one). */
  readonly useLlm: boolean;
  /** Send the document read back with the result (for an LLM step on the asking thread). */
  readonly keepDocument: boolean;
  /** This file's options over the pool's (a CLI's --max-size or --date). */
  readonly audit: AuditOptions;
  readonly resolve: (outcome: PoolOutcome) => void;
  readonly reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  ready: boolean;
  /** The task module's warmUp() has run. */
  warmed: boolean;
  task: Task | null;
  timer: NodeJS.Timeout | null;
  started: number;
  /** The running task's time cap (grows when OCR says how many pages it has). */
  capMs: number;
  /** The page OCR has reached on the running task. */
  ocr: OcrPageProgress | null;
  /** Child processes this worker started that are still running (pids). */
  children: Set<number>;
  /** The worker was cut off or the pool closed: a child it reports late is killed at once. */
  retired: boolean;
  /** Called when a retired worker's last child has exited (and was reaped by the worker's loop). */
  onChildrenGone: (() => void) | null;
}

/**
 * How long a cut-off worker is kept alive after its children were killed, so that its event loop reaps
 * them (a child is reaped by the thread that started it; terminated first, it would stay a zombie).
 */
const REAP_GRACE_MS = 1000;

const MAX_BOOT_FAILURES = 3;
const WORKER_ENTRY = new URL("./audit-worker.mjs", import.meta.url);
/**
 * The task module: staged-audit.ts from the sources; from dist/, its bundle (dist/bundle/staged-audit.cjs,
 * made by scripts/build.mjs with a V8 code cache: a worker loads it several times faster than the ~250
 * modules it is made of; load-task.mjs) where it was built, else staged-audit.js beside this one.
 */
const DEFAULT_TASK = (() => {
  if (import.meta.url.endsWith(".ts")) return new URL("./staged-audit.ts", import.meta.url);
  const bundled = new URL("../../bundle/staged-audit.cjs", import.meta.url);
  return existsSync(bundled) ? bundled : new URL("./staged-audit.js", import.meta.url);
})();

/** How a pool's worker is started: its entry, data and heap cap. */
interface WorkerSpec {
  readonly entry: URL;
  readonly options: WorkerOptions;
  /** Equal keys: a worker started for one spec can serve the other. */
  readonly key: string;
}

function workerSpec(options: {
  readonly memoryMb: number;
  readonly taskModule?: URL;
  readonly warmUp?: boolean;
  readonly llm?: AuditPoolOptions["llm"];
  readonly childMemoryMb?: number;
}): WorkerSpec {
  const workerData = {
    taskModule: (options.taskModule ?? DEFAULT_TASK).href,
    llmEnv: options.llm?.env ?? null,
    warmUp: options.warmUp !== false,
    childMemoryMb: options.childMemoryMb ?? CHILD_MEMORY_MB,
  };
  const resourceLimits = { maxOldGenerationSizeMb: options.memoryMb };
  return {
    entry: WORKER_ENTRY,
    options: { workerData, resourceLimits, execArgv: [], stdout: false, stderr: false },
    key: JSON.stringify([workerData, resourceLimits]),
  };
}

/** A worker started before its pool exists, with what it said and did meanwhile. */
interface EarlyWorker {
  readonly key: string;
  readonly worker: Worker;
  readonly messages: unknown[];
  failed: boolean;
  readonly listeners: { message: (m: unknown) => void; error: () => void; exit: () => void };
}

/** Scratch directories of the workers running (audit-worker.mjs makes one per worker). */
const scratchDirs = new Set<string>();

function removeScratch(dir: string): void {
  scratchDirs.delete(dir);
  try {
    rmSync(dir, { recursive: true, force: true });
  } catch {
    // Removed already, or not ours to remove: nothing to do.
  }
}

/**
 * Remove a worker's scratch directory when it exits, however it ends (finished, cut off at the time cap,
 * out of memory), and when this process exits with workers still running.
 */
function removeScratchOnExit(worker: Worker): void {
  let dir: string | null = null;
  worker.on("message", (m: { type?: unknown; dir?: unknown } | null) => {
    if (m?.type !== "scratch" || typeof m.dir !== "string") return;
    dir = m.dir;
    if (scratchDirs.size === 0) process.once("exit", () => [...scratchDirs].forEach(removeScratch));
    scratchDirs.add(dir);
  });
  worker.once("exit", () => {
    if (dir) removeScratch(dir);
  });
}

let early: EarlyWorker | null = null;
const replay = new WeakMap<Worker, unknown[]>();

/**
 * Start the audit worker a pool with these options will use, before the pool (and the code that makes
 * it) is loaded: a one-shot command (`nianbao audit FILE`) calls this first thing, so that the worker
 * loads the audit code on the second core while the command's own thread loads its modules and reads
 * the file (issue 13: cold start). The next pool with an equal spec adopts it; a worker that failed
 * meanwhile is dropped and a new one started. Unadopted, it is unref'd and does not keep the process up.
 */
export function startWorkerEarly(options: {
  readonly memoryMb: number;
  readonly warmUp?: boolean;
  readonly taskModule?: URL;
}): EarlyWorkerHandle | null {
  if (early) return null;
  const spec = workerSpec(options);
  const worker = new Worker(spec.entry, spec.options);
  removeScratchOnExit(worker);
  const entry: EarlyWorker = {
    key: spec.key,
    worker,
    messages: [],
    failed: false,
    listeners: {
      // Messages emitted with no listener are lost: kept here until the pool's listener replays them.
      message: (m) => entry.messages.push(m),
      error: () => {
        entry.failed = true;
      },
      exit: () => {
        entry.failed = true;
      },
    },
  };
  worker.on("message", entry.listeners.message);
  worker.on("error", entry.listeners.error);
  worker.on("exit", entry.listeners.exit);
  worker.unref();
  early = entry;
  return {
    threadId: worker.threadId,
    said: (type) => entry.messages.some((m) => (m as { type?: unknown } | null)?.type === type),
  };
}

/** The early worker, as its starter sees it (tests: which thread, and what it has said so far). */
export interface EarlyWorkerHandle {
  readonly threadId: number;
  /** The worker has posted a message of this type (`ready`: its task module loaded) before any pool took it. */
  readonly said: (type: string) => boolean;
}

/** Stop an early worker no pool took (the command turned out to need none). */
export async function stopEarlyWorker(): Promise<void> {
  const entry = early;
  early = null;
  if (entry) await entry.worker.terminate();
}

/** The early worker, if it was started for this spec and is still healthy; its listeners removed. */
function adoptEarlyWorker(spec: WorkerSpec): Worker | null {
  const entry = early;
  if (!entry || entry.key !== spec.key) return null;
  early = null;
  const { worker, listeners } = entry;
  worker.off("message", listeners.message);
  worker.off("error", listeners.error);
  worker.off("exit", listeners.exit);
  if (entry.failed) {
    void worker.terminate();
    return null;
  }
  replay.set(worker, entry.messages);
  return worker;
}

function newWorker(spec: WorkerSpec): Worker {
  const worker = new Worker(spec.entry, spec.options);
  removeScratchOnExit(worker);
  return worker;
}

/** Deliver what an adopted worker said before its pool listened, in order, to the pool's listener. */
function replayEarlyMessages(worker: Worker): void {
  const messages = replay.get(worker);
  if (!messages) return;
  replay.delete(worker);
  for (const m of messages) worker.emit("message", m);
}

export class AuditPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Task[] = [];
  private nextId = 1;
  private closed = false;
  /** Idle workers that died before warming up, in a row: the audit code cannot load at all. */
  private bootFailures = 0;
  private broken: string | null = null;
  private counts = { completed: 0, timeouts: 0, crashes: 0 };

  constructor(private readonly options: AuditPoolOptions) {
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  /** Audit one file; resolves with the result or with how it was cut off. */
  run(
    bytes: Uint8Array,
    file: string,
    onStage: (stage: AuditStage) => void = () => {},
    task: {
      readonly useLlm?: boolean;
      readonly keepDocument?: boolean;
      readonly audit?: AuditOptions;
      readonly onOcrPage?: (progress: OcrPageProgress) => void;
    } = {},
  ): Promise<PoolOutcome> {
    if (this.closed) return Promise.reject(new PoolClosedError());
    if (this.broken) return Promise.resolve({ kind: "crashed", reason: "error", detail: this.broken, ms: 0 });
    return new Promise((resolve, reject) => {
      // A private copy: its buffer is transferred to the worker.
      const useLlm = task.useLlm === true && this.options.llm !== undefined;
      this.queue.push({
        id: this.nextId++,
        bytes: new Uint8Array(bytes),
        file,
        onStage,
        onOcrPage: task.onOcrPage ?? (() => {}),
        useLlm,
        keepDocument: task.keepDocument === true,
        audit: task.audit ?? {},
        resolve,
        reject,
      });
      this.dispatch();
    });
  }

  /** The worker threads serving the pool (tests). */
  threadIds(): number[] {
    return this.slots.map((slot) => slot.worker.threadId);
  }

  stats(): PoolStats {
    return {
      size: this.slots.length,
      busy: this.slots.filter((s) => s.task).length,
      queued: this.queue.length,
      ...this.counts,
    };
  }

  /** Wait until every worker has loaded and warmed up the audit code (benchmarks, tests). */
  async warm(): Promise<void> {
    while (!this.closed && !this.broken && this.slots.some((s) => !s.warmed))
      await new Promise((r) => setTimeout(r, 20));
    if (this.broken) throw new Error(`audit workers cannot start: ${this.broken}`);
  }

  /** Reject queued and running tasks with PoolClosedError and stop the workers. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const task of this.queue.splice(0)) task.reject(new PoolClosedError());
    await Promise.all(
      this.slots.map(async (slot) => {
        const task = slot.task;
        this.release(slot);
        task?.reject(new PoolClosedError());
        await this.retire(slot);
      }),
    );
  }

  private spawn(): Slot {
    const spec = workerSpec(this.options);
    const worker = adoptEarlyWorker(spec) ?? newWorker(spec);
    const slot: Slot = {
      worker,
      ready: false,
      warmed: false,
      task: null,
      timer: null,
      started: 0,
      capMs: 0,
      ocr: null,
      children: new Set(),
      retired: false,
      onChildrenGone: null,
    };
    worker.on("message", (msg: WorkerMessage) => this.onMessage(slot, msg));
    worker.on("error", (error: Error & { code?: string }) => {
      const memory = error.code === "ERR_WORKER_OUT_OF_MEMORY";
      this.fail(slot, memory ? "memory" : "error", error.message);
    });
    worker.on("exit", (code) => {
      if (this.closed || !this.slots.includes(slot)) return;
      this.fail(slot, "error", `worker exited with code ${code}`);
    });
    worker.unref();
    // After the slot has joined the pool, before any later message (a microtask runs first).
    queueMicrotask(() => replayEarlyMessages(worker));
    return slot;
  }

  private onMessage(slot: Slot, msg: WorkerMessage): void {
    if (msg.type === "ready") {
      slot.ready = true;
      this.dispatch();
      return;
    }
    if (msg.type === "warmed") {
      slot.warmed = true;
      this.bootFailures = 0;
      return;
    }
    // Its scratch directory: removed when the worker exits (removeScratchOnExit).
    if (msg.type === "scratch") return;
    if (msg.type === "child") {
      if (msg.alive) slot.children.add(msg.pid);
      else slot.children.delete(msg.pid);
      // Started just before its worker was cut off, reported just after: killed at once.
      if (slot.retired) {
        killChildren(slot);
        if (slot.children.size === 0) slot.onChildrenGone?.();
      }
      return;
    }
    const task = slot.task;
    if (!task || msg.id !== task.id) return;
    if (msg.type === "stage") {
      if (typeof msg.stage === "string") task.onStage(msg.stage);
      else this.ocrPage(slot, task, msg.stage);
      return;
    }
    const ms = Math.round(performance.now() - slot.started);
    this.release(slot);
    if (msg.type === "result") {
      this.counts.completed++;
      task.resolve({
        kind: "result",
        result: msg.result,
        report: msg.report,
        ...(msg.document ? { document: msg.document } : {}),
        ms,
      });
    } else {
      this.counts.crashes++;
      task.resolve({ kind: "crashed", reason: "error", detail: msg.message, ms });
    }
    this.dispatch();
  }

  /** OCR reached a page: the first time, the cap becomes the scan's (flat + per page, with a ceiling). */
  private ocrPage(slot: Slot, task: Task, progress: OcrPageProgress): void {
    const first = slot.ocr === null;
    slot.ocr = { page: progress.page, pages: progress.pages };
    if (first) {
      const cap = capFor(slot.capMs, this.options.ocr ?? OCR_BUDGET, progress.pages);
      if (cap > slot.capMs) this.arm(slot, cap);
    }
    task.onOcrPage(slot.ocr);
  }

  /**
   * Stop a worker that was cut off or is closing: kill its children, give its event loop a moment to
   * reap them (their exit reports empty the set), then terminate it.
   */
  private retire(slot: Slot): Promise<void> {
    killChildren(slot);
    return new Promise<void>((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = () => {
        clearTimeout(timer);
        slot.onChildrenGone = null;
        slot.worker.terminate().then(
          () => resolve(),
          () => resolve(),
        );
      };
      if (slot.children.size === 0) return done();
      slot.onChildrenGone = done;
      timer = setTimeout(done, REAP_GRACE_MS);
    });
  }

  /** (Re)start the time cap of the running task: `capMs` from when the worker took it. */
  private arm(slot: Slot, capMs: number): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.capMs = capMs;
    const left = Math.max(0, slot.started + capMs - performance.now());
    slot.timer = setTimeout(() => this.fail(slot, "timeout", `over ${capMs} ms`), left);
  }

  /** The worker of `slot` is gone or must go: answer its task and put a fresh worker in its place. */
  private fail(slot: Slot, reason: "memory" | "error" | "timeout", detail: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.task;
    const ms = Math.round(performance.now() - slot.started);
    const capMs = slot.capMs;
    const ocr = slot.ocr;
    this.release(slot);
    this.slots.splice(index, 1);
    const killed = slot.children.size;
    void this.retire(slot);
    if (task) {
      this.options.log.warn({ file: task.file, reason, detail, ms, killed }, "audit worker cut off");
      if (reason === "timeout") {
        this.counts.timeouts++;
        task.resolve({ kind: "timeout", ms, capMs, ...(ocr ? { ocr } : {}) });
      } else {
        this.counts.crashes++;
        task.resolve({ kind: "crashed", reason, detail, ms });
      }
    } else {
      this.options.log.error({ reason, detail }, "idle audit worker died");
    }
    if (!slot.warmed && !task && ++this.bootFailures >= MAX_BOOT_FAILURES) {
      // Respawning would loop forever: answer what waits and take no more work.
      this.broken = detail;
      this.options.log.fatal({ detail }, "audit workers fail to start; the pool stops");
      for (const t of this.queue.splice(0)) t.resolve({ kind: "crashed", reason: "error", detail, ms: 0 });
      return;
    }
    if (!this.closed) {
      this.slots.splice(index, 0, this.spawn());
      this.dispatch();
    }
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.task = null;
    slot.ocr = null;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      slot.started = performance.now();
      slot.ocr = null;
      this.arm(slot, this.options.timeoutMs + (task.useLlm ? (this.options.llm?.extraMs ?? 0) : 0));
      slot.worker.postMessage(
        {
          id: task.id,
          bytes: task.bytes,
          file: task.file,
          options: { ...this.options.audit, ...task.audit },
          useLlm: task.useLlm,
          keepDocument: task.keepDocument,
        },
        [task.bytes.buffer as ArrayBuffer],
      );
    }
  }
}

type WorkerMessage =
  | { readonly type: "ready" }
  | { readonly type: "warmed" }
  | { readonly type: "stage"; readonly id: number; readonly stage: WorkerProgress }
  | { readonly type: "child"; readonly id: number; readonly pid: number; readonly alive: boolean }
  | { readonly type: "scratch"; readonly dir: string }
  | {
      readonly type: "result";
      readonly id: number;
      readonly result: AuditResult;
      readonly report: ParsedReport | null;
      readonly document?: Document;
    }
  | { readonly type: "error"; readonly id: number; readonly message: string };

/**
 * Kill the child processes a worker started and that still run (SIGKILL: a cut-off OCR run has no
 * cleanup worth waiting for). They stay in the set until the worker reports their exit.
 */
function killChildren(slot: Slot): void {
  slot.retired = true;
  for (const pid of slot.children) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // Already gone.
      slot.children.delete(pid);
    }
  }
}
