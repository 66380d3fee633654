import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readZipText } from "../../../extract/readers/zip.ts";
import { runCli } from "../../helpers/cli.ts";
import { CURRENT_YEAR_TEXT, PREVIOUS_YEAR_TEXT } from "../../qa/previous-year.ts";

describe("nianbao compare", () => {
  const dir = mkdtempSync(join(tmpdir(), "nianbao-compare-"));
  const a = join(dir, "2023.txt");
  const b = join(dir, "2024.txt");
  writeFileSync(a, PREVIOUS_YEAR_TEXT);
  writeFileSync(b, CURRENT_YEAR_TEXT);

  it("orders the two reports by year, prints the summary and writes the DOCX", async () => {
    const out = join(dir, "cmp.docx");
    const r = await runCli(["compare", b, a, "--docx", out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("2023 年 → 2024 年");
    expect(r.stdout).toContain("变化最大的 2 项");
    expect(r.stderr).toContain("已写入年度对比");
    expect(readZipText(new Uint8Array(readFileSync(out)), "word/document.xml")).toContain("正文逐部分对比");
  });

  it("--json prints the comparison as JSON", async () => {
    const r = await runCli(["compare", a, b, "--json"]);
    const json = JSON.parse(r.stdout);
    expect(json.current.year).toBe(2024);
    expect(json.ranked[0].key).toMatch(/^t3\.new\./);
  });

  it("usage errors and unreadable files", async () => {
    expect((await runCli(["compare", a])).code).toBe(1);
    const missing = await runCli(["compare", a, join(dir, "nope.txt")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("文件不存在");
  });
});
