// Loads an audit worker's task module. Plain JavaScript, like audit-worker.mjs, which imports it.
//
// An ES module URL is imported as it is (the sources through tsx, tests' task modules). The compiled
// worker's bundle is one CommonJS file (dist/bundle/staged-audit.cjs, made by scripts/build.mjs): it is
// compiled here through `vm.Script` with the V8 code cache the build wrote beside it
// (staged-audit.cjs.cache, made after auditing two reports, so it holds the bytecode of every function a
// PDF audit runs). A cold worker then neither parses the bundle nor compiles those functions on first
// call (issue 13: cold start). V8 checks the cache against its version, its flags and the source, and
// compiles from the source where it does not match (a Node upgraded since the build): slower, never wrong.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

/** The code cache of a CommonJS task bundle: beside it, with this suffix. */
export const CODE_CACHE_SUFFIX = ".cache";

/**
 * Compile and run a CommonJS bundle as Node's loader would (the same wrapper, its own require), with the
 * code cache where one is given. Returns its exports, the script (for createCachedData) and whether V8
 * rejected the cache (undefined: none was given).
 */
export function runCommonJsBundle(file, { cache = true } = {}) {
  const source = readFileSync(file, "utf8");
  let cachedData;
  if (cache) {
    try {
      cachedData = readFileSync(`${file}${CODE_CACHE_SUFFIX}`);
    } catch {
      cachedData = undefined;
    }
  }
  // Node's CommonJS wrapper, and `nianbaoImport`: the bundle's import() of an ES module (pdf.js, under a
  // computed URL) is rewritten to call it (scripts/build.mjs). A script compiled with a code cache has
  // no import() of its own: V8 drops the host options that make it work, and the read fails.
  const script = new vm.Script(
    `(function (exports, require, module, __filename, __dirname, nianbaoImport) {${source}\n})`,
    { filename: file, cachedData },
  );
  const module = { exports: {} };
  const importModule = (specifier) => import(specifier);
  script.runInThisContext()(module.exports, createRequire(file), module, file, dirname(file), importModule);
  return { exports: module.exports, script, cacheRejected: script.cachedDataRejected };
}

/** The task module at `url` (a file: URL string): its exports. */
export async function loadTaskModule(url) {
  if (url.endsWith(".cjs")) return runCommonJsBundle(fileURLToPath(url)).exports;
  return import(url);
}
