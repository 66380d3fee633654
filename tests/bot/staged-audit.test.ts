/**
 * The worker's staged audit is `auditBytes` with progress callbacks: same result on every fixture
 * (seeds in all formats, bad inputs), elapsed time aside. If audit/run-audit.ts changes, this fails.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditBytes } from "../../audit/run-audit.ts";
import { runAudit } from "../../bot/worker/staged-audit.ts";

const fixtures = join(import.meta.dirname, "../fixtures");
const files = [
  ...readdirSync(join(fixtures, "seeds"))
    .filter((f) => !f.endsWith(".json"))
    .map((f) => `seeds/${f}`),
  ...readdirSync(join(fixtures, "bad")).map((f) => `bad/${f}`),
];

describe("staged audit = auditBytes", () => {
  it.each(files)("%s", async (file) => {
    const bytes = new Uint8Array(readFileSync(join(fixtures, file)));
    const stages: string[] = [];
    const { result: staged, report } = await runAudit(bytes, file, {}, (s) =>
      stages.push(typeof s === "string" ? s : `ocr ${s.page}/${s.pages}`),
    );
    const plain = await auditBytes(bytes, file);
    expect({ ...staged, elapsedMs: 0 }).toEqual({ ...plain, elapsedMs: 0 });
    // The parsed report travels with the result wherever the file was read.
    expect(report === null).toBe(staged.pageCount === null);
    if (report && staged.status !== "not_a_report") expect(report.figures).toEqual(staged.figures);
    expect(stages[0]).toBe("read");
    if (staged.status === "ok") expect(stages).toEqual(["read", "tables", "checked"]);
  });
});
