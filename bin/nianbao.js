#!/usr/bin/env node
// Entry point of the `nianbao` command. Runs the compiled CLI (dist/, made by `npm run build`, which
// `npm ci` runs through `prepare`) in plain Node. Where dist/ is missing or older than a source file
// (someone edited the sources since the build), it says so in one line and runs the TypeScript sources
// through tsx instead (a devDependency), so that the command never runs stale code.
import { existsSync, readdirSync, statSync } from "node:fs";

const root = new URL("../", import.meta.url);
const built = new URL("dist/BUILT", root);

/** The newest modification time of a .ts/.mjs/.md/.json source (the folders dist/ is built from). */
function newestSource() {
  let newest = 0;
  const skip = new Set(["tests", "dist", "node_modules", "data", "coverage", "docs", "scripts", "tmp"]);
  const walk = (dir, top) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      if (e.name.startsWith(".") || (top && skip.has(e.name))) continue;
      const path = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(path, false);
      else if (/\.(ts|mjs|md|json)$/.test(e.name) && (!top || /(?<!\.config)\.ts$/.test(e.name)))
        newest = Math.max(newest, statSync(path).mtimeMs);
    }
  };
  walk(root.pathname.replace(/\/$/, ""), true);
  return newest;
}

let fresh = existsSync(built) && process.env.NIANBAO_FROM_SOURCE !== "1";
// `nianbao audit FILE…` (not a batch) audits in a worker thread: it is started first thing, so that it
// loads the audit code on the other core while this thread checks dist/, loads the CLI and reads the file.
const args = process.argv.slice(2);
const early =
  fresh &&
  args[0] === "audit" &&
  !args.some((a) => ["--xlsx", "--overview", "--queue", "-h", "--help"].includes(a.split("=")[0]));
const pool = early ? await import(new URL("dist/bot/worker/pool-auditor.js", root).href) : null;
pool?.startCommandWorkerEarly();
if (fresh && newestSource() > statSync(built).mtimeMs) {
  fresh = false;
  await (await import(new URL("dist/bot/worker/audit-pool.js", root).href)).stopEarlyWorker();
  process.stderr.write("nianbao: dist/ is older than the sources (npm run build); running them with tsx\n");
}
// A reader that stops early (\`nianbao audit … | head\`) closes the pipe: the command ends quietly, as
// Unix tools do, instead of dying on an unhandled EPIPE with a stack trace. The long-running services
// log through stdout and keep their own handling.
if (args[0] !== "bot" && args[0] !== "worker") {
  process.stdout.on("error", (error) => {
    if (error.code !== "EPIPE") throw error;
    process.exit(process.exitCode ?? 0);
  });
}
let main;
if (fresh) ({ main } = await import(new URL("dist/bin/cli.js", root).href));
else {
  const { register } = await import("tsx/esm/api");
  register();
  ({ main } = await import("./cli.ts"));
}
process.exitCode = await main(args);
// A one-shot audit ends as soon as what it printed is flushed: the audit worker it no longer needs is torn
// down by the exit instead of being waited for (issue 13: cold start). The services run on.
if (args[0] === "audit") process.stdout.write("", () => process.exit());
