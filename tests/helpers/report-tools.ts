/**
 * vitest globalSetup: before any test runs, one line per optional system tool that is missing (see
 * optional-tools.ts), so that a skip is never silent.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { hasTool, missingToolLine, OPTIONAL_TOOLS, type ToolName } from "./optional-tools.ts";

export default function setup(): void {
  for (const name of Object.keys(OPTIONAL_TOOLS) as ToolName[]) {
    if (!hasTool(name)) process.stdout.write(`${missingToolLine(name)}\n`);
  }
  // Not a tool, but skipped the same way: the rulebook lives beside the repository, not in it.
  if (!existsSync(fileURLToPath(new URL("../../../shared/domain/rules.md", import.meta.url))))
    process.stdout.write(
      "optional input missing: ../shared/domain/rules.md — skipped: the rule catalogue's check against rules.md §6\n",
    );
}
