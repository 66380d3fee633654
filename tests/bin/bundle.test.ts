/**
 * The audit worker's bundle (dist/bundle/staged-audit.cjs with its V8 code cache, scripts/build.mjs): the
 * installed command audits with it; Node accepts the cache; a PDF audit loads no zod; the bundled LLM
 * extractor finds its prompts; and it gives the same result as the unbundled modules it is made of, for a
 * PDF the lite reader takes, a PDF it passes on to pdf.js and a DOCX.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { AuditPool } from "../../bot/worker/audit-pool.ts";
import { silentLogger } from "../../logger.ts";

const root = join(import.meta.dirname, "../..");
const fixtures = join(root, "tests/fixtures");
const BUNDLE = join(root, "dist/bundle/staged-audit.cjs");
const LOADER = pathToFileURL(join(root, "bot/worker/load-task.mjs")).href;

type RunAudit = (
  bytes: Uint8Array,
  file: string,
  options: object,
  onStage: () => void,
  task: { useLlm: boolean; keepDocument: boolean },
) => Promise<{ result: Record<string, unknown> }>;

async function auditWith(runAudit: RunAudit, file: string) {
  const { result } = await runAudit(new Uint8Array(readFileSync(file)), file, {}, () => {}, {
    useLlm: false,
    keepDocument: false,
  });
  const { elapsedMs: _elapsed, ...rest } = result;
  return rest;
}

async function bundled(): Promise<RunAudit> {
  const { runCommonJsBundle } = (await import(LOADER)) as {
    runCommonJsBundle: (file: string) => { exports: { runAudit: RunAudit } };
  };
  return runCommonJsBundle(BUNDLE).exports.runAudit;
}

async function unbundled(): Promise<RunAudit> {
  const module = (await import(pathToFileURL(join(root, "dist/bot/worker/staged-audit.js")).href)) as {
    runAudit: RunAudit;
  };
  return module.runAudit;
}

/** Run `code` (an ES module body) in a fresh Node process, as a worker would load the bundle. */
function fresh(code: string): string {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], {
    encoding: "utf8",
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout.trim();
}

describe("audit worker bundle", () => {
  it("is built, with its code cache", () => {
    expect(existsSync(BUNDLE)).toBe(true);
    expect(readFileSync(`${BUNDLE}.cache`).byteLength).toBeGreaterThan(100_000);
  });

  // The cache was written by another process: V8 takes it only where its version, its flags and the
  // source match (it would compile from the source otherwise, and the cache would be dead weight).
  // And the bundle compiled from the cache still imports pdf.js (a script compiled from a code cache has
  // no import() of its own: an encrypted PDF, passed to pdf.js, came out as corrupt).
  it("a fresh process accepts the code cache, and pdf.js still loads from the bundle", () => {
    const file = join(fixtures, "bad/encrypted.pdf");
    const out = fresh(`
      import { readFileSync } from "node:fs";
      const { runCommonJsBundle } = await import(${JSON.stringify(LOADER)});
      const { exports, cacheRejected } = runCommonJsBundle(${JSON.stringify(BUNDLE)});
      const { result } = await exports.runAudit(new Uint8Array(readFileSync(${JSON.stringify(file)})), "x.pdf", {}, () => {}, {});
      console.log(JSON.stringify({ cacheRejected, status: result.status, message: result.statusMessage }));`);
    expect(JSON.parse(out)).toEqual({
      cacheRejected: false,
      status: "unreadable",
      message: expect.stringContaining("加密"),
    });
  });

  // zod (the result's and the report's schemas, ~700 KB and ~150 ms to load and build) is for the LLM
  // path and the exports: the audit itself never parses with a schema (issue 13: cold start).
  it("a PDF audit with the bundle loads no zod", () => {
    const file = join(fixtures, "seeds/002_a01f0cf12a106081.pdf");
    const out = fresh(`
      import { readFileSync } from "node:fs";
      import { createRequire } from "node:module";
      const { runCommonJsBundle } = await import(${JSON.stringify(LOADER)});
      const { runAudit } = runCommonJsBundle(${JSON.stringify(BUNDLE)}).exports;
      const { result } = await runAudit(new Uint8Array(readFileSync(${JSON.stringify(file)})), "002.pdf", {}, () => {}, {});
      const loaded = Object.keys(createRequire(import.meta.url).cache);
      console.log(JSON.stringify({ status: result.status, zod: loaded.filter((k) => k.includes("/node_modules/zod/")).length, modules: loaded.length }));`);
    const { status, zod, modules } = JSON.parse(out) as { status: string; zod: number; modules: number };
    expect(status).toBe("ok");
    expect(modules).toBeGreaterThan(0);
    expect(zod).toBe(0);
  });

  // A bundled module's own folder is its file's in dist/, not dist/bundle/: the LLM extractor (built in
  // the audit worker when the bot has a model) reads its prompts from prompts/ beside load-prompts.js.
  // Against a closed port the model fails and the parser's reading stands; without its prompts the
  // worker could not even build the extractor and the audit failed.
  it("the bundled LLM extractor finds its prompts", async () => {
    expect(readFileSync(BUNDLE, "utf8")).not.toMatch(/import\.meta\.(?:url|dirname|filename)/);
    const pool = new AuditPool({
      size: 1,
      timeoutMs: 30_000,
      memoryMb: 512,
      warmUp: false,
      taskModule: pathToFileURL(BUNDLE),
      llm: {
        env: { OPENAI_API_KEY: "k", NIANBAO_LLM_MODEL: "m", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" },
        extraMs: 30_000,
      },
      log: silentLogger,
    });
    try {
      const file = join(fixtures, "seeds/002_a01f0cf12a106081.txt");
      const out = await pool.run(new Uint8Array(readFileSync(file)), "002.txt", () => {}, { useLlm: true });
      expect(out.kind).toBe("result");
      if (out.kind !== "result") return;
      expect(out.result.status).toBe("ok");
      expect(out.result.llm?.status).toBe("failed");
    } finally {
      await pool.close();
    }
  });

  // `nianbao bot` loads its entry from dist/bundle/bot/ (bin/cli.ts): its ~180 modules as a few chunks, each
  // module's import.meta rewritten to its own file (the pool finds its worker entry and the task bundle).
  it("the bot's bundle exports runBot and finds the audit worker's files", async () => {
    const entry = join(root, "dist/bundle/bot/run-bot.js");
    const { runBot } = (await import(pathToFileURL(entry).href)) as { runBot: unknown };
    expect(typeof runBot).toBe("function");
    const { readdirSync } = await import("node:fs");
    const chunks = readdirSync(join(root, "dist/bundle/bot")).filter((n) => n.endsWith(".js"));
    const pool = chunks
      .map((n) => readFileSync(join(root, "dist/bundle/bot", n), "utf8"))
      .find((source) => source.includes("audit-worker.mjs"));
    expect(pool).toContain('new URL("../../bot/worker/audit-pool.js", import.meta.url)');
    for (const n of chunks)
      expect(readFileSync(join(root, "dist/bundle/bot", n), "utf8")).not.toMatch(
        /import\.meta\.(?:dirname|filename)\b/,
      );
  });

  it.each(["seeds/002_a01f0cf12a106081.pdf", "eval-slice/g00013.pdf", "seeds/001_77c3b53386b2261e.docx"])(
    "%s: same result as the unbundled modules",
    async (name) => {
      const file = join(fixtures, name);
      const fromBundle = await auditWith(await bundled(), file);
      const fromModules = await auditWith(await unbundled(), file);
      expect(fromBundle).toEqual(fromModules);
    },
  );

  it("a PDF the lite reader passes on: pdf.js runs from the bundle too", async () => {
    // Encrypted: the lite reader passes it on, and pdf.js's password exception gives the message.
    const file = join(fixtures, "bad/encrypted.pdf");
    const fromBundle = await auditWith(await bundled(), file);
    const fromModules = await auditWith(await unbundled(), file);
    expect(fromBundle).toMatchObject({
      status: "unreadable",
      statusMessage: expect.stringContaining("加密"),
    });
    expect(fromBundle).toEqual(fromModules);
  });
});
