#!/usr/bin/env node
// Writes the V8 code cache of the audit worker's bundle (scripts/build.mjs runs it in a fresh process):
// loads the bundle as the worker does (bot/worker/load-task.mjs), audits what it is given to make V8
// compile the functions an audit runs, and writes the cache beside the bundle. Usage:
//   node scripts/code-cache.mjs dist/bundle/staged-audit.cjs [FILE...]
// (no FILE: two PDFs from tests/fixtures where present, else the bundle's own warm-up PDF).
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const [bundle, ...given] = process.argv.slice(2);
if (!bundle) throw new Error("usage: node scripts/code-cache.mjs BUNDLE [FILE...]");
const { CODE_CACHE_SUFFIX, runCommonJsBundle } = await import(
  pathToFileURL(join(ROOT, "dist/bot/worker/load-task.mjs")).href
);
const started = performance.now();
const { exports, script } = runCommonJsBundle(bundle, { cache: false });
const files = given.length
  ? given
  : ["tests/fixtures/seeds/002_a01f0cf12a106081.pdf", "tests/fixtures/bench/six-pages-truetype.pdf"]
      .map((f) => join(ROOT, f))
      .filter((f) => existsSync(f));
if (files.length === 0) await exports.warmUp();
for (const file of files) {
  const { result } = await exports.runAudit(new Uint8Array(readFileSync(file)), file, {}, () => {}, {});
  if (result.status !== "ok") throw new Error(`${file}: ${result.status} while warming the code cache`);
}
const data = script.createCachedData();
const out = `${bundle}${CODE_CACHE_SUFFIX}`;
writeFileSync(`${out}.tmp`, data);
renameSync(`${out}.tmp`, out);
process.stdout.write(
  `code cache: ${Math.round(data.length / 1024)} KB after ${files.length || "the warm-up"} audit(s), ${Math.round(performance.now() - started)} ms\n`,
);
