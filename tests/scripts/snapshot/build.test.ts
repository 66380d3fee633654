// The issue-13 snapshot experiment (scripts/snapshot/): the blob starts and audits a PDF with the CLI's
// JSON, directly and under the child-process caps. Without the entry's handling of pdf.js's polyfills
// the snapshot aborts at start ("Check failed: current_key != *desc->GetKey()").
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "../../..");
const blob = join(root, "tmp/snapshot/audit.blob");
const pdfs = ["tests/fixtures/seeds/002_a01f0cf12a106081.pdf", "tests/fixtures/bench/ten-pages.pdf"];

/** stdout of a process that must exit 0, as the audit JSON without its timings. */
function auditJson(args: string[]): unknown {
  const r = spawnSync(process.execPath, args, { cwd: root, encoding: "utf8", maxBuffer: 64 << 20 });
  expect(r.stderr.includes("Check failed") ? r.stderr : "").toBe("");
  expect(r.status).toBe(0);
  return JSON.parse(r.stdout, (key, value) => (key === "elapsedMs" ? undefined : value));
}

describe("scripts/snapshot", () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, "scripts/snapshot/build.mjs")], { cwd: root, stdio: "pipe" });
  });

  it("builds the blob", () => {
    expect(existsSync(blob)).toBe(true);
  });

  it.each(pdfs)("audits %s from the snapshot, alone and in a capped child, as the CLI does", (pdf) => {
    const cli = auditJson([join(root, "bin/nianbao.js"), "audit", "--json", pdf]);
    expect(cli).toMatchObject({ format: "pdf" });
    expect(auditJson(["--max-old-space-size=512", "--snapshot-blob", blob, pdf])).toEqual(cli);
    expect(auditJson([join(root, "scripts/snapshot/child.mjs"), pdf])).toEqual(cli);
  });
});
