/**
 * Runs audits off the event loop: a fixed set of warm worker threads (bot/worker/audit-worker.mjs),
 * one file each at a time, a queue in front, and per file a time cap (the worker is terminated and
 * replaced) and a heap cap (resourceLimits; a worker that runs out of memory dies and is replaced).
 */
import { Worker } from "node:worker_threads";
import type { AuditResult } from "../../audit/result.ts";
import type { AuditOptions } from "../../audit/run-audit.ts";
import type { Document } from "../../extract/document.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { Logger } from "../../logger.ts";

/** What the pool logs with (a pino Logger has it). */
export type PoolLog = Pick<Logger, "warn" | "error" | "fatal">;

import type { AuditStage } from "./staged-audit.ts";

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
  /** The file took longer than the time cap; its worker was terminated. */
  | { readonly kind: "timeout"; readonly ms: number }
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
  readonly log: PoolLog;
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
}

const MAX_BOOT_FAILURES = 3;
const WORKER_ENTRY = new URL("./audit-worker.mjs", import.meta.url);
/** The task module beside this one: staged-audit.ts from the sources, staged-audit.js from dist/. */
const DEFAULT_TASK = new URL(
  import.meta.url.endsWith(".ts") ? "./staged-audit.ts" : "./staged-audit.js",
  import.meta.url,
);

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
    task: { readonly useLlm?: boolean; readonly keepDocument?: boolean; readonly audit?: AuditOptions } = {},
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
        useLlm,
        keepDocument: task.keepDocument === true,
        audit: task.audit ?? {},
        resolve,
        reject,
      });
      this.dispatch();
    });
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
        await slot.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(WORKER_ENTRY, {
      workerData: {
        taskModule: (this.options.taskModule ?? DEFAULT_TASK).href,
        llmEnv: this.options.llm?.env ?? null,
        warmUp: this.options.warmUp !== false,
      },
      resourceLimits: { maxOldGenerationSizeMb: this.options.memoryMb },
      execArgv: [],
      stdout: false,
      stderr: false,
    });
    const slot: Slot = { worker, ready: false, warmed: false, task: null, timer: null, started: 0 };
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
    const task = slot.task;
    if (!task || msg.id !== task.id) return;
    if (msg.type === "stage") {
      task.onStage(msg.stage);
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

  /** The worker of `slot` is gone or must go: answer its task and put a fresh worker in its place. */
  private fail(slot: Slot, reason: "memory" | "error" | "timeout", detail: string): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    const task = slot.task;
    const ms = Math.round(performance.now() - slot.started);
    this.release(slot);
    this.slots.splice(index, 1);
    void slot.worker.terminate();
    if (task) {
      this.options.log.warn({ file: task.file, reason, detail, ms }, "audit worker cut off");
      if (reason === "timeout") {
        this.counts.timeouts++;
        task.resolve({ kind: "timeout", ms });
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
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (!slot.ready || slot.task) continue;
      const task = this.queue.shift();
      if (!task) return;
      slot.task = task;
      slot.started = performance.now();
      const cap = this.options.timeoutMs + (task.useLlm ? (this.options.llm?.extraMs ?? 0) : 0);
      slot.timer = setTimeout(() => this.fail(slot, "timeout", `over ${cap} ms`), cap);
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
  | { readonly type: "stage"; readonly id: number; readonly stage: AuditStage }
  | {
      readonly type: "result";
      readonly id: number;
      readonly result: AuditResult;
      readonly report: ParsedReport | null;
      readonly document?: Document;
    }
  | { readonly type: "error"; readonly id: number; readonly message: string };
