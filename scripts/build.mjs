#!/usr/bin/env node
import { execFileSync } from "node:child_process";
// Compiles the TypeScript sources to plain JavaScript in dist/ (run by `prepare` at `npm ci`/`npm install`,
// by `npm test` first, and by `npm run build`), so that the CLI, the bot and their workers start in plain
// Node without tsx. Each source file becomes one module at the same place under dist/ (no bundling: lazy
// `import()`s stay lazy, `new URL("./x", import.meta.url)` finds its sibling), relative imports of `.ts`
// files are rewritten to `.js`, and every other file (worker entries in .mjs, prompts in .md, JSON) is
// copied beside them. What is compiled is whatever exists now: every top-level folder of the repository
// except tests, dist, node_modules and hidden or data folders, and the *.ts at the top.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
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
// The audit worker's task module bundled into one CommonJS file, dist/bundle/staged-audit.cjs, which a
// worker thread loads several times faster than the ~250 modules it is made of (issue 13, docs/pdf.md
// "Cold start"), and through a V8 code cache (below). The modules that load on demand (the DOCX, HTML,
// OFD, OCR and LLM paths) stay lazy inside it: esbuild runs a module imported with import() only when
// it is. Packages Node can require() stay outside (loaded when a path needs them); an ES-module-only one
// is bundled (require() of an ES module needs Node ≥ 20.19). pdf.js is imported under a computed URL and
// stays outside anyway. A module's `import.meta.url`, `.dirname` and `.filename` are rewritten to its own
// file in dist/, so that what it finds beside itself (the page worker's entry, the prompts) is still found.
const BUNDLE = join(OUT, "bundle");
const TASK_BUNDLE = join(BUNDLE, "staged-audit.cjs");
/**
 * Rewrites each dist/ module's `import.meta.url`, `.dirname` and `.filename` to its own file, as seen from
 * the bundle's output folder `outDir` whose URL the expression `base` gives (the chunk's import.meta.url
 * in an ES module bundle; the bundle file's URL in a CommonJS one). `loaderImport`: import() of an ES
 * module goes through the loader's own import (a parameter of the CommonJS bundle's wrapper,
 * load-task.mjs): a script compiled with a code cache cannot import().
 */
function keepOwnUrl({ outDir, base, loaderImport }) {
  return {
    name: "keep-own-url",
    setup(b) {
      b.onLoad({ filter: /\/dist\/.*\.js$/ }, (args) => {
        let source = readFileSync(args.path, "utf8");
        const dynamic = /(?<![\w$.])import\((?!\s*["'`]\.)/g;
        if (loaderImport && dynamic.test(source)) source = source.replace(dynamic, "nianbaoImport(");
        if (!/import\.meta\.(?:url|dirname|filename)/.test(source)) return { contents: source, loader: "js" };
        const own = `new URL(${JSON.stringify(relative(outDir, args.path).split("\\").join("/"))}, ${base})`;
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
}
/** A package's package.json (where its "exports" hide it: the folder above its entry that holds it). */
function packageJsonOf(resolver, name) {
  try {
    return resolver.resolve(`${name}/package.json`);
  } catch {
    let dir = dirname(resolver.resolve(name));
    while (!existsSync(join(dir, "package.json")) || !dir.endsWith(name)) {
      if (dirname(dir) === dir) throw new Error(`${name}: no package.json found`);
      dir = dirname(dir);
    }
    return join(dir, "package.json");
  }
}
/** Packages stay outside where Node can require() them (CommonJS, or a "require" export). */
const requirablePackages = {
  name: "requirable-packages",
  setup(b) {
    const resolver = createRequire(join(ROOT, "package.json"));
    const verdicts = new Map();
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith("node:")) return { path: args.path, external: true };
      const name = args.path.startsWith("@")
        ? args.path.split("/").slice(0, 2).join("/")
        : args.path.split("/")[0];
      if (!verdicts.has(name)) {
        const pkg = JSON.parse(readFileSync(packageJsonOf(resolver, name), "utf8"));
        const root = pkg.exports?.["."] ?? pkg.exports;
        const requireCondition = typeof root === "object" && root !== null && "require" in root;
        verdicts.set(name, pkg.type !== "module" || requireCondition);
      }
      return verdicts.get(name) ? { path: args.path, external: true } : undefined;
    });
  },
};
await build({
  absWorkingDir: ROOT,
  entryPoints: [join(OUT, "bot/worker/staged-audit.js")],
  outfile: TASK_BUNDLE,
  bundle: true,
  format: "cjs",
  platform: "node",
  charset: "utf8",
  target: "node20",
  logLevel: "error",
  banner: {
    js: [
      'var nianbaoBundleUrl = require("node:url").pathToFileURL(__filename).href;',
      'var nianbaoFileURLToPath = require("node:url").fileURLToPath;',
      'var nianbaoDirname = require("node:path").dirname;',
    ].join(" "),
  },
  plugins: [keepOwnUrl({ outDir: BUNDLE, base: "nianbaoBundleUrl", loaderImport: true }), requirablePackages],
});
// Every import() of the bundle is one of the loader's (above); one left would fail under the code cache.
if (/(?<![\w$.])import\(/.test(readFileSync(TASK_BUNDLE, "utf8")))
  throw new Error(`${TASK_BUNDLE}: an import() is left (see the keep-own-url plugin)`);
// The code cache: a fresh Node process (no flags: a worker's, which V8 checks) loads the bundle, audits
// two reports from the fixtures (a LibreOffice PDF and a Chromium one with CID TrueType fonts), and
// writes the bytecode of everything that ran. Without the fixtures (a copy without tests/) its warm-up
// PDF stands in.
// A cache that cannot be made is not an error: the worker compiles the bundle from its source (slower).
rmSync(`${TASK_BUNDLE}.cache`, { force: true });
try {
  execFileSync(process.execPath, [join(ROOT, "scripts/code-cache.mjs"), TASK_BUNDLE], { stdio: "inherit" });
} catch (error) {
  rmSync(`${TASK_BUNDLE}.cache`, { force: true });
  process.stderr.write(`build: no code cache for the audit worker (${error.message.split("\n")[0]})\n`);
}
// The bot's own modules (~180: the bot, the store, the renderers, the pipeline it links years with) bundled
// as well, into ES module chunks in dist/bundle/bot/ (what it imports on demand stays in chunks of its
// own); packages stay outside. `nianbao bot` loads run-bot.js from there (bin/cli.ts): a bot is ready to
// poll sooner (issue 13: ≤ 1 s).
const BOT_BUNDLE = join(BUNDLE, "bot");
await build({
  absWorkingDir: ROOT,
  entryPoints: { "run-bot": join(OUT, "bot/run-bot.js") },
  outdir: BOT_BUNDLE,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  charset: "utf8",
  target: "node20",
  logLevel: "error",
  packages: "external",
  banner: {
    js: 'import { dirname as nianbaoDirname } from "node:path"; import { fileURLToPath as nianbaoFileURLToPath } from "node:url";',
  },
  plugins: [keepOwnUrl({ outDir: BOT_BUNDLE, base: "import.meta.url", loaderImport: false })],
});
// The stamp bin/nianbao.js compares with the sources' times (a stale dist/ is not used).
writeFileSync(join(OUT, "BUILT"), `${new Date().toISOString()}\n`);
const stamp = statSync(join(OUT, "BUILT")).mtimeMs;
if (!Number.isFinite(stamp)) throw new Error("dist/BUILT was not written");
process.stdout.write(
  `build: ${compile.length} TypeScript files compiled, ${copy.length} copied to ${relative(ROOT, OUT)}/ in ${Math.round(performance.now() - started)} ms\n`,
);
