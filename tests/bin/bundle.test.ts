/**
 * The audit worker's bundle (dist/bundle/, scripts/build.mjs): the installed command audits with it, and
 * it gives the same result as the unbundled modules it is made of, for a PDF the lite reader takes, a PDF
 * it passes on to pdf.js and a DOCX.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../..");
const fixtures = join(root, "tests/fixtures");

async function auditWith(moduleFile: string, file: string) {
  const { runAudit } = (await import(pathToFileURL(moduleFile).href)) as {
    runAudit: (
      bytes: Uint8Array,
      file: string,
      options: object,
      onStage: () => void,
      task: { useLlm: boolean; keepDocument: boolean },
    ) => Promise<{ result: Record<string, unknown> }>;
  };
  const { result } = await runAudit(new Uint8Array(readFileSync(file)), file, {}, () => {}, {
    useLlm: false,
    keepDocument: false,
  });
  const { elapsedMs: _elapsed, ...rest } = result;
  return rest;
}

describe("audit worker bundle", () => {
  it("is built", () => {
    expect(existsSync(join(root, "dist/bundle/staged-audit.js"))).toBe(true);
  });

  // A cold audit of a PDF loads the entry and the chunks it imports statically, and nothing else. zod
  // (the result's and the report's schemas, ~700 KB and ~150 ms to load and build) stays in lazy chunks:
  // the audit itself never parses with a schema (issue 13).
  it("what a cold audit loads holds no zod", () => {
    const dir = join(root, "dist/bundle");
    const loaded = new Set<string>();
    const visit = (name: string) => {
      if (loaded.has(name)) return;
      loaded.add(name);
      const source = readFileSync(join(dir, name), "utf8");
      for (const m of source.matchAll(/^import\s+(?:[^"']*?\s+from\s+)?"\.\/([^"]+\.js)";?$/gms))
        visit(m[1] as string);
    };
    visit("staged-audit.js");
    expect(loaded.size).toBeGreaterThan(1);
    const withZod = [...loaded].filter((name) =>
      readFileSync(join(dir, name), "utf8").includes("node_modules/zod/"),
    );
    expect(withZod).toEqual([]);
  });

  // A bundled module's own folder is its file's in dist/, not dist/bundle/: the LLM extractor (built in
  // the audit worker when the bot has a model) reads its prompts from prompts/ beside load-prompts.js.
  it("the bundled LLM extractor finds its prompts", async () => {
    const dir = join(root, "dist/bundle");
    const chunk = readdirSync(dir).find((name) => name.startsWith("from-env-") && name.endsWith(".js"));
    expect(chunk).toBeDefined();
    const { llmExtractorFromEnv } = (await import(pathToFileURL(join(dir, chunk as string)).href)) as {
      llmExtractorFromEnv: (env: Record<string, string>, options: object) => unknown;
    };
    const env = { OPENAI_API_KEY: "k", NIANBAO_LLM_MODEL: "m", OPENAI_BASE_URL: "http://127.0.0.1:9/v1" };
    expect(() => llmExtractorFromEnv(env, {})).not.toThrow();
    for (const name of readdirSync(dir).filter((n) => n.endsWith(".js")))
      expect(readFileSync(join(dir, name), "utf8")).not.toMatch(/import\.meta\.(?:dirname|filename)/);
  });

  it.each(["seeds/002_a01f0cf12a106081.pdf", "eval-slice/g00013.pdf", "seeds/001_77c3b53386b2261e.docx"])(
    "%s: same result as the unbundled modules",
    async (name) => {
      const file = join(fixtures, name);
      const bundled = await auditWith(join(root, "dist/bundle/staged-audit.js"), file);
      const unbundled = await auditWith(join(root, "dist/bot/worker/staged-audit.js"), file);
      expect(bundled).toEqual(unbundled);
    },
  );

  it("a PDF the lite reader passes on: pdf.js runs from the bundle too", async () => {
    // Encrypted: the lite reader passes it on, and pdf.js's password exception gives the message.
    const file = join(fixtures, "bad/encrypted.pdf");
    const bundled = await auditWith(join(root, "dist/bundle/staged-audit.js"), file);
    const unbundled = await auditWith(join(root, "dist/bot/worker/staged-audit.js"), file);
    expect(bundled).toMatchObject({ status: "unreadable", statusMessage: expect.stringContaining("加密") });
    expect(bundled).toEqual(unbundled);
  });
});
