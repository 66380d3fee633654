/** Prompts are versioned files, loaded and checked at start-up; few-shot examples are synthetic. */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadPrompts, PROMPT_SPECS, PROMPTS_DIR, renderPrompt } from "../../prompts/load-prompts.ts";
import { PromptError } from "../../prompts/prompt-error.ts";
import { SEEDS } from "./helpers.ts";

let dir: string | null = null;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = null;
});

function copy(): string {
  dir = mkdtempSync(join(tmpdir(), "prompts-"));
  cpSync(PROMPTS_DIR, dir, { recursive: true });
  return dir;
}

describe("loadPrompts", () => {
  it("loads every prompt with its version and a combined version string", () => {
    const prompts = loadPrompts();
    for (const id of Object.keys(PROMPT_SPECS) as (keyof typeof PROMPT_SPECS)[]) {
      expect(prompts[id].text.length).toBeGreaterThan(0);
      expect(prompts[id].file).toBe(`${PROMPT_SPECS[id].name}.v${PROMPT_SPECS[id].version}.md`);
    }
    expect(prompts.version).toMatch(/^v2-[0-9a-f]{8}$/);
  });

  it("fails at start-up on a missing file, a wrong header or different placeholders", () => {
    const d = copy();
    rmSync(join(d, "qa-fallback.v1.md"));
    expect(() => loadPrompts(d)).toThrow(PromptError);

    const d2 = copy();
    const user = join(d2, "extract-user.v1.md");
    writeFileSync(user, readFileSync(user, "utf8").replace("{{report}}", "{{text}}"));
    expect(() => loadPrompts(d2)).toThrow(/placeholders/);

    const d3 = copy();
    const sys = join(d3, "extract-system.v1.md");
    writeFileSync(sys, readFileSync(sys, "utf8").replace("v1 -->", "v2 -->"));
    expect(() => loadPrompts(d3)).toThrow(/first line/);
  });

  it("renders placeholders once: a value containing {{x}} is not expanded", () => {
    const p = loadPrompts();
    const text = renderPrompt(p.extractUser, {
      version: "2021",
      layout: "分三行",
      report: "{{count}}",
      count: 200,
    });
    expect(text).toContain("<report>\n{{count}}\n</report>");
    expect(() => renderPrompt(p.extractUser, { version: "2021" })).toThrow(PromptError);
  });

  it("the few-shot examples are synthetic: no example row appears in any seed report", () => {
    const examples = loadPrompts().extractExamples.text;
    const rows = [...examples.matchAll(/「([^」]+)」/g)].map((m) => (m[1] as string).replace(/\s+/g, " "));
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const seeds = readdirSync(SEEDS)
      .filter((f) => f.endsWith(".txt"))
      .map((f) => readFileSync(join(SEEDS, f), "utf8").replace(/\s+/g, " "));
    for (const row of rows) {
      const digits = row
        .replace(/[^\d\s.-]/g, " ")
        .trim()
        .replace(/\s+/g, " ");
      for (const seed of seeds) {
        expect(seed.includes(row)).toBe(false);
        if (digits.split(" ").length >= 3) expect(seed.includes(digits)).toBe(false);
      }
    }
  });

  it("the system prompt carries no report data placeholder (report text goes to the user message only)", () => {
    const p = loadPrompts();
    expect(p.extractSystem.placeholders).toEqual(["examples"]);
    expect(p.qaSystem.placeholders).toEqual(["maxChars"]);
    expect(p.extractUser.placeholders).toContain("report");
  });
});
