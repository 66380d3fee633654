/**
 * System tools some tests use when present. `npm test` must pass without them (Node and npm only): a
 * test that needs one is skipped with `it.skipIf(!hasTool(…))`, and tests/helpers/report-tools.ts prints
 * one line per missing tool at the start of the run, naming it, what is skipped and the apt command.
 */
import { spawnSync } from "node:child_process";

export interface OptionalTool {
  /** Commands tried in order; the first that runs with `--version`/`-v` and exits 0 wins. */
  readonly commands: readonly string[];
  readonly versionFlag: string;
  readonly what: string;
  /** What runs with it and is skipped without it. */
  readonly skipped: string;
  readonly apt: string;
}

export const OPTIONAL_TOOLS = {
  soffice: {
    commands: ["soffice", "libreoffice"],
    versionFlag: "--version",
    what: "LibreOffice",
    skipped:
      "the DOCX→PDF preview test and the eval gate's freshly generated DOCX/PDF (its committed DOCX/PDF slice still runs)",
    apt: "apt-get install -y libreoffice-writer-nogui fonts-noto-cjk",
  },
  pdftotext: {
    commands: ["pdftotext"],
    versionFlag: "-v",
    what: "poppler",
    skipped: "the DOCX→PDF preview test's text check and the bench's pdftotext ratios",
    apt: "apt-get install -y poppler-utils",
  },
} as const satisfies Record<string, OptionalTool>;

export type ToolName = keyof typeof OPTIONAL_TOOLS;

const found = new Map<ToolName, string | null>();

/** The command that runs `name` here, or null. Probed once per process. */
export function toolCommand(name: ToolName): string | null {
  if (!found.has(name)) {
    const tool: OptionalTool = OPTIONAL_TOOLS[name];
    const command =
      tool.commands.find((c) => {
        const r = spawnSync(c, [tool.versionFlag], { stdio: "ignore", timeout: 30_000 });
        return r.error === undefined && r.status === 0;
      }) ?? null;
    found.set(name, command);
  }
  return found.get(name) ?? null;
}

export const hasTool = (name: ToolName): boolean => toolCommand(name) !== null;

/** One line for a missing tool: what it is, what is skipped, how to install it. */
export function missingToolLine(name: ToolName): string {
  const tool: OptionalTool = OPTIONAL_TOOLS[name];
  return `optional tool missing: ${name} (${tool.what}) — skipped: ${tool.skipped}; install: ${tool.apt}`;
}
