/**
 * Prompts are versioned files in this folder (`<name>.v<N>.md`, first line `<!-- prompt: <name> v<N> -->`).
 * `loadPrompts()` reads them all once at start-up and checks each header and its `{{placeholders}}`
 * against what the code fills in, so a broken prompt fails at start, not in the middle of a request.
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PromptError } from "./prompt-error.ts";

/** Every prompt the code uses: file version and the placeholders it must contain (exactly). */
export const PROMPT_SPECS = {
  extractSystem: { name: "extract-system", version: 1, placeholders: ["examples"] },
  extractExamples: { name: "extract-examples", version: 1, placeholders: [] },
  extractJsonObject: { name: "extract-json-object", version: 1, placeholders: ["schema"] },
  extractUser: { name: "extract-user", version: 1, placeholders: ["version", "layout", "report", "count"] },
  extractRepair: { name: "extract-repair", version: 1, placeholders: ["count", "issues"] },
  qaSystem: { name: "qa-system", version: 2, placeholders: ["maxChars"] },
  qaFallback: { name: "qa-fallback", version: 1, placeholders: [] },
} as const satisfies Record<string, { name: string; version: number; placeholders: readonly string[] }>;

export type PromptId = keyof typeof PROMPT_SPECS;

export interface Prompt {
  readonly id: PromptId;
  readonly file: string;
  readonly version: number;
  /** Text without the header line. */
  readonly text: string;
  readonly placeholders: readonly string[];
}

export type Prompts = { readonly [K in PromptId]: Prompt } & {
  /** "v1-1a2b3c4d": highest file version and a short hash of all prompt texts (logs, results). */
  readonly version: string;
};

export const PROMPTS_DIR = import.meta.dirname;

const PLACEHOLDER_RE = /\{\{([a-zA-Z]+)\}\}/g;

function placeholdersOf(text: string): string[] {
  return [...new Set([...text.matchAll(PLACEHOLDER_RE)].map((m) => m[1] as string))].sort();
}

function loadOne(dir: string, id: PromptId): Prompt {
  const spec = PROMPT_SPECS[id];
  const file = `${spec.name}.v${spec.version}.md`;
  let raw: string;
  try {
    raw = readFileSync(join(dir, file), "utf8");
  } catch (error) {
    throw new PromptError(file, "cannot be read", { cause: error });
  }
  const [header, ...rest] = raw.split("\n");
  const want = `<!-- prompt: ${spec.name} v${spec.version} -->`;
  if (header?.trim() !== want) throw new PromptError(file, `first line must be "${want}"`);
  const text = rest.join("\n").trim();
  if (text === "") throw new PromptError(file, "is empty");
  const found = placeholdersOf(text);
  const expected = [...spec.placeholders].sort();
  if (found.join(",") !== expected.join(",")) {
    throw new PromptError(
      file,
      `placeholders {{${found.join("}}, {{")}}} differ from {{${expected.join("}}, {{")}}}`,
    );
  }
  return { id, file, version: spec.version, text, placeholders: expected };
}

/** Load and check every prompt (throws PromptError). */
export function loadPrompts(dir: string = PROMPTS_DIR): Prompts {
  const ids = Object.keys(PROMPT_SPECS) as PromptId[];
  const loaded = Object.fromEntries(ids.map((id) => [id, loadOne(dir, id)])) as { [K in PromptId]: Prompt };
  const hash = createHash("sha256");
  for (const id of ids) hash.update(loaded[id].text);
  const top = Math.max(...ids.map((id) => PROMPT_SPECS[id].version));
  const version = `v${top}-${hash.digest("hex").slice(0, 8)}`;
  return { ...loaded, version };
}

/** Fill `{{name}}` placeholders; every placeholder of the prompt must be given. */
export function renderPrompt(prompt: Prompt, values: Readonly<Record<string, string | number>>): string {
  for (const name of prompt.placeholders) {
    if (!Object.hasOwn(values, name)) throw new PromptError(prompt.file, `no value for {{${name}}}`);
  }
  // One pass: a value that itself contains "{{x}}" (report text) is never expanded.
  return prompt.text.replace(PLACEHOLDER_RE, (m, name: string) =>
    Object.hasOwn(values, name) ? String(values[name]) : m,
  );
}
