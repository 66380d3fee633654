#!/usr/bin/env node
// Compiles the TypeScript sources to plain JavaScript in dist/ (run by `prepare` at `npm ci`/`npm install`,
// by `npm test` first, and by `npm run build`), so that the CLI, the bot and their workers start in plain
// Node without tsx. Each source file becomes one module at the same place under dist/ (no bundling: lazy
// `import()`s stay lazy, `new URL("./x", import.meta.url)` finds its sibling), relative imports of `.ts`
// files are rewritten to `.js`, and every other file (worker entries in .mjs, prompts in .md, JSON) is
// copied beside them. What is compiled is whatever exists now: every top-level folder of the repository
// except tests, dist, node_modules and hidden or data folders, and the *.ts at the top.
import { copyFileSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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
// The stamp bin/nianbao.js compares with the sources' times (a stale dist/ is not used).
writeFileSync(join(OUT, "BUILT"), `${new Date().toISOString()}\n`);
const stamp = statSync(join(OUT, "BUILT")).mtimeMs;
if (!Number.isFinite(stamp)) throw new Error("dist/BUILT was not written");
process.stdout.write(
  `build: ${compile.length} TypeScript files compiled, ${copy.length} copied to ${relative(ROOT, OUT)}/ in ${Math.round(performance.now() - started)} ms\n`,
);
