#!/usr/bin/env node
// Issue 13 experiment: bundles scripts/snapshot/audit-entry.ts (one cold audit in-process) into one
// CommonJS file with everything it imports, pdf.js included (a snapshot's entry may require built-ins
// only), then builds a V8 startup snapshot from it. Output in tmp/snapshot/ (git-ignored):
//   audit.cjs   run: node tmp/snapshot/audit.cjs FILE
//   audit.blob  run: node --max-old-space-size=512 --snapshot-blob tmp/snapshot/audit.blob FILE
//               (a blob is bound to the node binary and to the V8 flags it was built with: the heap cap
//               that the audit worker has is given at build time too, and must be given, the same, at start)
// and the same entry unbundled beside the CLI's modules in dist/ (made by npm run build first):
//   dist/scripts/snapshot/audit-entry.js  run: node dist/scripts/snapshot/audit-entry.js FILE
// Usage: node scripts/snapshot/build.mjs [--no-blob]. Prints sizes and build times.
import { execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const OUT = join(ROOT, "tmp/snapshot");
const ENTRY = join(ROOT, "scripts/snapshot/audit-entry.ts");
const PDF_PAGES = join(ROOT, "extract/readers/pdf-pages.ts");
// pdfjs-dist as the reader finds it (next to pdf-parse), patched by patch-package.
const PDFJS = dirname(createRequire(join(ROOT, "package.json")).resolve("pdfjs-dist/package.json"));

/** The reader imports pdf.js by a computed URL (left alone by tsx); here by path, so that it is bundled. */
const staticPdfjs = {
  name: "static-pdfjs",
  setup(b) {
    b.onLoad({ filter: /extract[\\/]readers[\\/]pdf-pages\.ts$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      const patched = source
        .replace(
          'import(url("pdf.worker.mjs"))',
          `import(${JSON.stringify(join(PDFJS, "legacy/build/pdf.worker.mjs"))})`,
        )
        .replace('import(url("pdf.mjs"))', `import(${JSON.stringify(join(PDFJS, "legacy/build/pdf.mjs"))})`);
      if (patched.split(JSON.stringify(PDFJS).slice(0, -1)).length !== 3)
        throw new Error(`${PDF_PAGES}: the two pdf.js imports were not found`);
      return { contents: patched, loader: "ts" };
    });
  },
};

/** The audit worker's heap cap (bot/worker/pool-auditor.ts DEFAULT_WORKER_MEMORY_MB). */
const HEAP_MB = 512;

const t0 = performance.now();
await build({
  absWorkingDir: ROOT,
  entryPoints: [ENTRY],
  outfile: join(OUT, "audit.cjs"),
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  charset: "utf8",
  logLevel: "error",
  // Native addons and what only other readers need at run time stay outside (never loaded for a PDF).
  external: ["better-sqlite3", "@napi-rs/canvas", "@resvg/resvg-js", "pg-native"],
  // Every module's import.meta.url is the entry's source path: it only locates packages and siblings.
  define: { "import.meta.url": "__nianbaoImportMetaUrl" },
  banner: { js: `var __nianbaoImportMetaUrl = ${JSON.stringify(pathToFileURL(ENTRY).href)};` },
  plugins: [staticPdfjs],
});
const bundleMs = performance.now() - t0;
// Unbundled: one module, its relative imports pointing at dist/ (as scripts/build.mjs compiles them).
await build({
  absWorkingDir: ROOT,
  entryPoints: [ENTRY],
  outfile: join(ROOT, "dist/scripts/snapshot/audit-entry.js"),
  bundle: true,
  format: "esm",
  platform: "node",
  target: "node20",
  charset: "utf8",
  logLevel: "error",
  plugins: [
    {
      name: "external-imports",
      setup(b) {
        b.onResolve({ filter: /.*/ }, (args) =>
          args.kind === "entry-point"
            ? undefined
            : { path: args.path.replace(/\.ts$/, ".js"), external: true },
        );
      },
    },
  ],
});
const mb = (file) => (statSync(file).size / 1024 / 1024).toFixed(1);
process.stdout.write(
  `bundle: tmp/snapshot/audit.cjs ${mb(join(OUT, "audit.cjs"))} MB in ${Math.round(bundleMs)} ms\n`,
);
// --warm: a second blob, audit-warm.blob, built after auditing the worker's tiny warm-up PDF.
const blobs = process.argv.includes("--no-blob")
  ? []
  : ["audit", ...(process.argv.includes("--warm") ? ["audit-warm"] : [])];
for (const blob of blobs) {
  const t1 = performance.now();
  execFileSync(
    process.execPath,
    [
      `--max-old-space-size=${HEAP_MB}`,
      "--snapshot-blob",
      join(OUT, `${blob}.blob`),
      "--build-snapshot",
      join(OUT, "audit.cjs"),
    ],
    {
      stdio: "inherit",
      env: { ...process.env, NIANBAO_SNAPSHOT_WARM: blob === "audit-warm" ? "1" : "0" },
    },
  );
  process.stdout.write(
    `snapshot: tmp/snapshot/${blob}.blob ${mb(join(OUT, `${blob}.blob`))} MB in ${Math.round(performance.now() - t1)} ms\n`,
  );
}
