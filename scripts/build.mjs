#!/usr/bin/env node
// Compiles the TypeScript sources to plain JavaScript in dist/ (run by `prepare` at `npm ci`/`npm install`,
// by `npm test` first, and by `npm run build`), so that the CLI, the bot and their workers start in plain
// Node without tsx. Each source file becomes one module at the same place under dist/ (no bundling: lazy
// `import()`s stay lazy, `new URL("./x", import.meta.url)` finds its sibling), relative imports of `.ts`
// files are rewritten to `.js`, and every other file (worker entries in .mjs, prompts in .md, JSON) is
// copied beside them. What is compiled is whatever exists now: every top-level folder of the repository
// except tests, dist, node_modules and hidden or data folders, and the *.ts at the top.
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(ROOT, "dist");
const SKIP = new Set(["tests", "dist", "node_modules", "data", "coverage", "docs", "scripts", "tmp"]);
/** The launcher itself is not part of dist/. */
const LAUNCHER = "bin/nianbao.js";

/** Files to compile (.ts, not .d.ts) and to copy (the rest), relative to the root. */
function sources() {
  const compile = [];
  const copy = [];
  const walk = (dir) => {
    for (const e of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
      if (e.name.startsWith(".")) continue;
      const rel = dir ? `${dir}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (!(dir === "" && SKIP.has(e.name))) walk(rel);
      } else if (dir === "") {
        if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts") && !e.name.endsWith(".config.ts"))
          compile.push(rel);
      } else if (e.name.endsWith(".ts") && !e.name.endsWith(".d.ts")) compile.push(rel);
      else if (rel !== LAUNCHER) copy.push(rel);
    }
  };
  walk("");
  return { compile, copy };
}

/** Relative `.ts` imports become `.js`; everything imported stays external (one output per source). */
const externalImports = {
  name: "external-imports",
  setup(b) {
    b.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === "entry-point") return undefined;
      const path = /^\.\.?\//.test(args.path) ? args.path.replace(/\.([mc]?)ts$/, ".$1js") : args.path;
      return { path, external: true };
    });
  },
};

const started = performance.now();
const { compile, copy } = sources();
rmSync(OUT, { recursive: true, force: true });
await build({
  absWorkingDir: ROOT,
  entryPoints: compile,
  outdir: OUT,
  outbase: ROOT,
  bundle: true,
  format: "esm",
  platform: "node",
  charset: "utf8",
  target: "node20",
  sourcemap: "linked",
  logLevel: "warning",
  plugins: [externalImports],
});
for (const rel of copy) {
  mkdirSync(dirname(join(OUT, rel)), { recursive: true });
  copyFileSync(join(ROOT, rel), join(OUT, rel));
}
// The audit worker's task module bundled into a few files (dist/bundle/: the entry, lazy chunks for the
// readers that load on demand), which a worker thread loads several times faster than ~250 modules one by
// one (issue 13, docs/pdf.md "Cold start"). Packages stay external where bundling gains nothing: pdf.js
// (imported under a computed URL anyway), iconv-lite (its 500 KB of tables load on first use when it is
// left to require). A module's `import.meta.url` is rewritten to its own file in dist/, so that URLs
// relative to it (the page worker's entry) still point at the compiled files beside it; its
// `import.meta.dirname` and `import.meta.filename` likewise.
const BUNDLE = join(OUT, "bundle");
const keepOwnUrl = {
  name: "keep-own-url",
  setup(b) {
    b.onLoad({ filter: /\/dist\/.*\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      if (!/import\.meta\.(?:url|dirname|filename)/.test(source)) return undefined;
      const own = `new URL(${JSON.stringify(relative(BUNDLE, args.path).split("\\").join("/"))}, import.meta.url)`;
      // import.meta.dirname and .filename too (prompts/load-prompts.ts finds its .md files by its own
      // folder: left alone, the bundled LLM extractor looked for them in dist/bundle/ and failed).
      const rewrite = {
        url: `${own}.href`,
        filename: `nianbaoFileURLToPath(${own})`,
        dirname: `nianbaoDirname(nianbaoFileURLToPath(${own}))`,
      };
      return {
        contents: source.replace(/import\.meta\.(url|dirname|filename)\b/g, (_, key) => rewrite[key]),
        loader: "js",
      };
    });
  },
};
await build({
  absWorkingDir: ROOT,
  entryPoints: { "staged-audit": join(OUT, "bot/worker/staged-audit.js") },
  outdir: BUNDLE,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  charset: "utf8",
  target: "node20",
  logLevel: "error",
  external: ["pdfjs-dist", "pdf-parse", "iconv-lite"],
  // CommonJS packages inside an ES module bundle call require(): give them Node's.
  banner: {
    js: [
      'import { createRequire as nianbaoCreateRequire } from "node:module";',
      'import { dirname as nianbaoDirname } from "node:path";',
      'import { fileURLToPath as nianbaoFileURLToPath } from "node:url";',
      "const require = nianbaoCreateRequire(import.meta.url);",
    ].join(" "),
  },
  plugins: [keepOwnUrl],
});
// The stamp bin/nianbao.js compares with the sources' times (a stale dist/ is not used).
writeFileSync(join(OUT, "BUILT"), `${new Date().toISOString()}\n`);
const stamp = statSync(join(OUT, "BUILT")).mtimeMs;
if (!Number.isFinite(stamp)) throw new Error("dist/BUILT was not written");
process.stdout.write(
  `build: ${compile.length} TypeScript files compiled, ${copy.length} copied to ${relative(ROOT, OUT)}/ in ${Math.round(performance.now() - started)} ms\n`,
);
