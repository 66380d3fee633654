#!/usr/bin/env node
// Issue 13 experiment: the isolation the CLI's worker thread gives (time cap, heap cap), kept with a child
// process instead, since a worker thread cannot start from a user snapshot. This parent starts
// `node --max-old-space-size=512 --snapshot-blob tmp/snapshot/audit.blob FILE`, kills it at the time cap
// (the CLI's default budget, 20 s) and passes its output and exit code on. It loads nothing else.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const blob = fileURLToPath(new URL("../../tmp/snapshot/audit.blob", import.meta.url));
const child = spawn(
  process.execPath,
  ["--max-old-space-size=512", "--snapshot-blob", blob, process.argv[2]],
  {
    stdio: ["ignore", "inherit", "inherit"],
  },
);
const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
child.on("exit", (code, signal) => {
  clearTimeout(timer);
  process.exitCode = signal ? 2 : (code ?? 2);
});
