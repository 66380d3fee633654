/**
 * vitest globalSetup: compile the sources into dist/ (scripts/build.mjs) once, before any test runs, so
 * that the tests which start `bin/nianbao.js` run today's sources compiled, as a user's install does.
 */
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";

export default function setup(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL("../../scripts/build.mjs", import.meta.url))], {
    stdio: ["ignore", "inherit", "inherit"],
  });
}
