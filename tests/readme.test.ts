/**
 * Every command of the README's ```sh blocks runs as written (from a scratch folder that sees the
 * repository's tests/, so that files it writes land there): the first audit prints exactly the README's
 * sample output; the others exit as they should without a token or endpoint (bot, --llm: one line
 * naming the variable). `npm ci` and `npm test` are what .ci/run runs. A command this file does not
 * know fails the test, so a new README command needs a check here.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const readme = readFileSync(join(root, "README.md"), "utf8");
const ci = readFileSync(join(root, ".ci/run"), "utf8");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  scripts: Record<string, string>;
};

const blocks = (lang: string) =>
  [...readme.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "g"))].map((m) => m[1] ?? "");
const commands = blocks("sh").flatMap((b) => b.split("\n").filter((l) => l.trim() !== ""));
const sample = blocks("text")[0] ?? "";

const scratch = mkdtempSync(join(tmpdir(), "nianbao-readme-"));
symlinkSync(join(root, "tests"), join(scratch, "tests"));
symlinkSync(join(root, "eval"), join(scratch, "eval"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** `npx nianbao ARGS` as a newcomer runs it, with no token or LLM variables in the environment. */
function nianbao(args: string) {
  return spawnSync(process.execPath, [join(root, "bin/nianbao.js"), ...args.split(" ")], {
    cwd: scratch,
    env: { PATH: process.env.PATH ?? "", HOME: scratch },
    encoding: "utf8",
    timeout: 120_000,
  });
}

describe("README", () => {
  it("has its commands and a sample output", () => {
    expect(commands.length).toBeGreaterThan(4);
    expect(sample).toContain("状态：已审核（ok）");
  });

  it.each(commands)("%s", (command) => {
    if (command.startsWith("npm ci && npx nianbao ")) {
      expect(ci).toMatch(/^npm ci\b/m);
      const r = nianbao(command.slice("npm ci && npx nianbao ".length));
      expect(r.status).toBe(0);
      expect(r.stdout.trimEnd()).toBe(sample.trimEnd());
      return;
    }
    if (command === "npm test") {
      expect(ci).toMatch(/^\.ci\/without-tools npm test$/m);
      expect(ci).toMatch(/^ {2}npm test$/m);
      return;
    }
    if (command === "npm run bot") {
      expect(pkg.scripts.bot).toBe("node bin/nianbao.js bot");
      const r = nianbao("bot");
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/TELEGRAM_BOT_TOKEN is required/);
      return;
    }
    if (command.startsWith("npx nianbao ")) {
      const args = command.slice("npx nianbao ".length);
      const r = nianbao(args);
      if (args.includes("--llm")) {
        expect(r.status).toBe(1);
        expect(r.stderr).toContain("OPENAI_API_KEY");
        return;
      }
      // Compiled, not the sources through tsx; exports report their progress on stderr.
      expect(r.stderr).not.toContain("tsx");
      expect(r.status).toBe(0);
      expect(r.stdout).not.toBe("");
      if (args.includes("--json"))
        for (const line of r.stdout.trim().split("\n")) expect(JSON.parse(line).schemaVersion).toBe(1);
      for (const out of [...args.matchAll(/--(?:docx|xlsx|overview) (\S+)/g)].map((m) => m[1] ?? ""))
        expect(existsSync(join(scratch, out)), out).toBe(true);
      return;
    }
    throw new Error(`README command not checked by tests/readme.test.ts: ${command}`);
  });
});
