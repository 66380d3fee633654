/**
 * Issue 13 experiment (see docs/pdf.md, "Cold start: what would reach 10×"): `nianbao audit --json FILE`
 * for one file, in this process (no worker thread), as one script that scripts/snapshot/build.mjs bundles
 * to one CommonJS file and, from that, into a V8 startup snapshot with pdf.js and the pipeline loaded.
 * It prints the same line as the CLI: JSON.stringify of the result of the same steps (readInput, then the
 * worker's runAudit with the reader budget the pool gives it).
 */
import { startupSnapshot } from "node:v8";
import { readInput } from "../../audit/read-input.ts";
import { DEFAULT_BUDGET_MS, readerBudgetMs } from "../../bot/worker/pool-auditor.ts";
import { runAudit, warmUp } from "../../bot/worker/staged-audit.ts";
import { loadPdfjs } from "../../extract/readers/pdf-pages.ts";

const MAX_BYTES = 20 * 1024 * 1024; // the CLI's default --max-size

async function auditOne(file: string | undefined): Promise<number> {
  if (!file) {
    process.stderr.write("usage: audit FILE\n");
    return 1;
  }
  const input = await readInput(file, MAX_BYTES);
  const result =
    "result" in input
      ? input.result
      : (
          await runAudit(
            input.bytes,
            file,
            { maxBytes: MAX_BYTES, timeoutMs: readerBudgetMs(DEFAULT_BUDGET_MS) },
            () => {},
          )
        ).result;
  process.stdout.write(`${JSON.stringify(result)}\n`);
  return 0;
}

const run = (file: string | undefined) =>
  auditOne(file).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`audit: ${error instanceof Error ? error.stack : String(error)}\n`);
      process.exitCode = 2;
    },
  );

/** The built-ins and their prototypes, whose own properties pdf.js's core-js polyfills may add to. */
function builtins(): Map<string, object> {
  const objects = new Map<string, object>([["globalThis", globalThis]]);
  for (const name of Object.getOwnPropertyNames(globalThis)) {
    // The value, not through a getter (Node's lazy globals, e.g. fetch, would load undici here).
    const value: unknown = Object.getOwnPropertyDescriptor(globalThis, name)?.value;
    if (typeof value !== "function" && (typeof value !== "object" || value === null)) continue;
    objects.set(name, value);
    const proto = (value as { prototype?: unknown }).prototype;
    if (typeof proto === "object" && proto !== null) objects.set(`${name}.prototype`, proto);
  }
  // %TypedArray% and its prototype are no globals (core-js adds toSorted, toReversed, with to the latter).
  const typedArray = Object.getPrototypeOf(Uint8Array) as { prototype: object };
  objects.set("TypedArray", typedArray);
  objects.set("TypedArray.prototype", typedArray.prototype);
  return objects;
}

if (startupSnapshot?.isBuildingSnapshot()) {
  // Loaded (both halves of pdf.js, with the natives put back) while the snapshot is built; the event loop
  // runs to its end before V8 serialises the heap.
  const before = builtins();
  const had = new Map([...before].map(([name, o]) => [name, new Set(Reflect.ownKeys(o))]));
  // NIANBAO_SNAPSHOT_WARM=1 at build: also audit the worker's tiny warm-up PDF, as the bot's pool does.
  void (process.env.NIANBAO_SNAPSHOT_WARM === "1" ? warmUp() : loadPdfjs());
  // What the polyfills added to the built-ins (Iterator, Set.prototype.union, TypedArray.prototype.toSorted,
  // Promise.withResolvers…) is taken off before the heap is serialised and put back when the snapshot starts:
  // V8 installs its staged globals again when it deserialises a context, and one that a polyfill already
  // defined there aborts the process ("Check failed: current_key != *desc->GetKey()").
  const added: Array<readonly [object, PropertyKey, PropertyDescriptor]> = [];
  startupSnapshot.addSerializeCallback(() => {
    for (const [name, o] of before) {
      for (const key of Reflect.ownKeys(o)) {
        if (had.get(name)?.has(key)) continue;
        const descriptor = Object.getOwnPropertyDescriptor(o, key);
        if (!descriptor?.configurable) continue;
        added.push([o, key, descriptor]);
      }
    }
    for (const [o, key] of added) Reflect.deleteProperty(o, key);
  });
  // The file is the first argument after the blob.
  startupSnapshot.setDeserializeMainFunction(() => {
    // What V8 has just installed itself (Array and TypedArray toSorted…) stays native, as in a process
    // that loads pdf.js after its start; the rest gets the polyfill back.
    for (const [o, key, descriptor] of added)
      if (!Object.hasOwn(o, key)) Object.defineProperty(o, key, descriptor);
    void run(process.argv[1]);
  });
} else void run(process.argv[2]);
