/**
 * Regression tests from the fuzzer: every input it saved under tests/fixtures/fuzz-found/ (a case that
 * crashed, ran out of memory, hit the time cap or printed a bad JSON line) must now end with a status
 * and a well-formed JSON line, audited as the CLI audits it, without being cut off; and the worker
 * must then audit a good file as usual (a crash can be left behind for the next file).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cutOffMessage } from "../../audit/cut-off.ts";
import { isolatedAuditor } from "../../bot/worker/pool-auditor.ts";
import { FOUND_DIR } from "../../eval/fuzz/fuzz.ts";

const found = existsSync(FOUND_DIR)
  ? readdirSync(FOUND_DIR)
      .filter((f) => !f.startsWith(".") && f !== "README.md")
      .sort()
  : [];
// One worker: each found input is followed by a good file in the same worker, which must not suffer.
const isolated = isolatedAuditor({ timeoutMs: 20_000, size: 1 });
const good = new Uint8Array(readFileSync(join(FOUND_DIR, "../seeds/002_a01f0cf12a106081.txt")));
afterAll(() => isolated.close());

const CUT_OFF = [
  cutOffMessage({ kind: "timeout", budgetMs: 20_000 }),
  cutOffMessage({ kind: "memory", capMb: 512 }),
];

describe("inputs the fuzzer found", () => {
  it("has a folder of regression inputs", () => {
    expect(existsSync(FOUND_DIR)).toBe(true);
  });
  it.each(found)(
    "%s ends with a status and a well-formed JSON line, not cut off; the worker serves on",
    async (name) => {
      const bytes = new Uint8Array(readFileSync(join(FOUND_DIR, name)));
      const { result } = await isolated.audit(bytes, name);
      const line = JSON.stringify(result);
      expect(line).not.toContain("\n");
      expect(JSON.parse(line).status).toBe(result.status);
      expect(CUT_OFF).not.toContain(result.statusMessage);
      expect(result.statusMessage).not.toContain("审核程序内部错误");
      await new Promise((r) => setTimeout(r, 100));
      const next = await isolated.audit(good, "002.txt");
      expect(next.result.status).toBe("ok");
    },
    60_000,
  );
});
