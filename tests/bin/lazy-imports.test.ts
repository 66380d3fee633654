/**
 * The installed command runs compiled JavaScript (no tsx) and loads a heavy package only on a path that
 * uses it: `--help` loads none, auditing a text file none of pdf.js, mammoth, docx, exceljs, OpenAI or
 * LangChain, a PDF only pdf.js of those. Packages are traced by trace-packages.mjs (`node --import`).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const seeds = join(root, "tests/fixtures/seeds");
const HEAVY = [
  "pdfjs-dist",
  "pdf-parse",
  "mammoth",
  "docx",
  "exceljs",
  "openai",
  "@langchain/core",
  "@langchain/openai",
];

/** The npm packages `nianbao ARGS` imports, and its exit status. */
function packagesOf(
  args: string[],
  env: Record<string, string> = {},
): { packages: string[]; status: number | null; stdout: string } {
  const r = spawnSync(
    process.execPath,
    ["--import", join(import.meta.dirname, "trace-packages.mjs"), join(root, "bin/nianbao.js"), ...args],
    { encoding: "utf8", timeout: 60_000, env: { ...process.env, ...env } },
  );
  const packages = r.stderr
    .split("\n")
    .filter((l) => l.startsWith("package "))
    .map((l) => l.slice("package ".length));
  return { packages, status: r.status, stdout: r.stdout };
}

describe("nianbao loads what a command needs", () => {
  it("--help: compiled, no package at all", () => {
    const { packages, status } = packagesOf(["--help"]);
    expect(status).toBe(0);
    expect(packages).toEqual([]);
  });

  it("audit of a text file: none of the heavy packages, and no tsx", () => {
    const { packages, status } = packagesOf(["audit", "--json", join(seeds, "002_a01f0cf12a106081.txt")]);
    expect(status).toBe(0);
    expect(packages).not.toContain("tsx");
    for (const heavy of HEAVY) expect(packages).not.toContain(heavy);
  });

  // The file itself is read in the audit worker (a thread with its own time and heap cap), so the
  // command's own thread loads no reader package at all.
  it("audit of a PDF: no reader, DOCX, XLSX or LLM package on the command's thread", () => {
    const { packages, status } = packagesOf(["audit", "--json", join(seeds, "002_a01f0cf12a106081.pdf")]);
    expect(status).toBe(0);
    expect(packages).not.toContain("pdfjs-dist");
    expect(packages).not.toContain("tsx");
    for (const heavy of ["mammoth", "docx", "exceljs", "openai", "@langchain/core", "@langchain/openai"])
      expect(packages).not.toContain(heavy);
  });

  // The command's thread reads the file and prints the result: the pipeline (zod schemas, the rules)
  // and the logger load in the worker only, while the worker starts (cold start, issue 13).
  it("audit of one PDF: no package at all on the command's thread", () => {
    const { packages, status } = packagesOf(["audit", "--json", join(seeds, "002_a01f0cf12a106081.pdf")]);
    expect(status).toBe(0);
    expect(packages).toEqual([]);
  });

  it("audit of a DOCX: neither mammoth nor pdf.js on the command's thread", () => {
    const { packages, status } = packagesOf(["audit", "--json", join(seeds, "002_a01f0cf12a106081.docx")]);
    expect(status).toBe(0);
    expect(packages).not.toContain("mammoth");
    expect(packages).not.toContain("pdfjs-dist");
  });

  // --llm too: the file is read in the capped worker; only the model's client runs on this thread
  // (here against a closed local port: the LLM step fails, the parser's reading stands).
  it("audit --llm of a PDF: the PDF is read in the worker, not on the command's thread", () => {
    const { packages, status, stdout } = packagesOf(
      ["audit", "--json", "--llm", join(seeds, "002_a01f0cf12a106081.pdf")],
      { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "test", NIANBAO_LLM_MODEL: "m" },
    );
    expect(status).toBe(0);
    const result = JSON.parse(stdout) as { status: string; llm?: { status: string } };
    expect(result.status).toBe("ok");
    expect(result.llm?.status).toBe("failed");
    expect(packages).toContain("openai");
    expect(packages).not.toContain("pdfjs-dist");
    expect(packages).not.toContain("pdf-parse");
  });
});
