import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ExcelJS from "exceljs";
import mammoth from "mammoth";
import { describe, expect, it } from "vitest";
import { HELP } from "../../bin/cli.ts";
import { runCli } from "../helpers/cli.ts";

const root = join(import.meta.dirname, "../..");
const seeds = join(root, "tests/fixtures/seeds");

const run = runCli;

describe("nianbao CLI", () => {
  it("--help documents every option and the exit codes", async () => {
    const r = await run(["--help"]);
    expect(r.code).toBe(0);
    for (const option of ["--json", "--figures", "--max-size", "--timeout", "--debug", "Exit codes"]) {
      expect(r.stdout).toContain(option);
    }
  });

  it("usage errors exit 1 with one line on stderr", async () => {
    expect((await run([])).code).toBe(1);
    expect((await run(["audit"])).code).toBe(1);
    expect((await run(["frobnicate"])).code).toBe(1);
    const bad = await run(["audit", "--no-such-flag", "x"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("nianbao:");
  });

  it("--json prints one object per file per line, in input order, and nothing else on stdout", async () => {
    const files = ["002_a01f0cf12a106081.txt", "000_5ed72146557905c8.pdf"].map((f) => join(seeds, f));
    const r = await run(["audit", "--json", ...files]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    const objects = lines.map((l) => JSON.parse(l));
    expect(objects.map((o) => o.file)).toEqual(files);
    expect(objects[0]).toMatchObject({
      schemaVersion: 1,
      status: "ok",
      meta: { reportYear: 2024, templateVersion: "2021" },
    });
    expect(objects[0].figures["t3.new.total"]).toBe(56);
  });

  it("a DIR is searched recursively; an unreadable file makes the exit code 2 but the rest is audited", async () => {
    const r = await run(["audit", "--json", join(root, "tests/fixtures/bad")]);
    expect(r.code).toBe(2);
    const statuses = r.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l).status);
    expect(statuses).toContain("ok");
    expect(statuses).toContain("unreadable");
    expect(statuses).toContain("no_text_layer");
  });

  it("files audited together are linked by issuer and year: the cross-year rules run without --xlsx", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-xy-"));
    const text = readFileSync(join(root, "tests/fixtures/seeds/002_a01f0cf12a106081.txt"), "utf8");
    // The same issuer a year earlier (years shifted, same tables: its 结转下年度 5 ≠ this year's 上年结转 3).
    writeFileSync(join(dir, "2024.txt"), text);
    writeFileSync(join(dir, "2023.txt"), text.replace(/2024/g, "2023"));
    const { code, stdout } = await run(["audit", "--json", join(dir, "2024.txt"), join(dir, "2023.txt")]);
    expect(code).toBe(0);
    const [current, earlier] = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l));
    expect(current.meta.reportYear).toBe(2024);
    expect(current.findings.find((f: { rule: string }) => f.rule === "XY-CARRY")).toMatchObject({
      reported: 3,
      computed: 5,
    });
    expect(earlier.findings.some((f: { rule: string }) => f.rule === "XY-CARRY")).toBe(false);
    const human = await run(["audit", join(dir, "2023.txt"), join(dir, "2024.txt")]);
    expect(human.stdout).toContain(`跨年度核验：已与同一机关上年度报告「${join(dir, "2023.txt")}」比对`);
  });

  it("a missing file is exit 2 with a line on stderr", async () => {
    const r = await run(["audit", join(root, "no/such/file.pdf")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("no such file");
  });

  it("human output is Chinese, with metadata, key figures with their sources and findings with arithmetic", async () => {
    const r = await run(["audit", join(seeds, "002_a01f0cf12a106081.txt")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("发布机关：广州市番禺区人民政府洛浦街道办事处");
    expect(r.stdout).toContain("表三 本年新收申请：56（第43行）");
    expect(r.stdout).toContain("正文称收到申请 59 件");
    expect(r.stdout).toContain("依据：");
  });

  it("the installed bin runs through node (npx nianbao)", () => {
    const out = execFileSync("node", [join(root, "bin/nianbao.js"), "--help"], { encoding: "utf8" });
    expect(out).toBe(HELP);
    const failed = spawnSync(
      "node",
      [join(root, "bin/nianbao.js"), "audit", "--json", join(root, "tests/fixtures/bad/encrypted.pdf")],
      {
        encoding: "utf8",
      },
    );
    expect(failed.status).toBe(2);
    expect(JSON.parse(failed.stdout).status).toBe("unreadable");
  });

  // `nianbao audit … | head -1`: the reader closes the pipe after one line. The command ends quietly
  // (it died on an unhandled EPIPE with a stack trace before).
  it("a reader that closes the pipe early: no stack trace, exit 0", async () => {
    const { spawn } = await import("node:child_process");
    const child = spawn("node", [join(root, "bin/nianbao.js"), "audit", join(root, "tests/fixtures/seeds")], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.setEncoding("utf8").on("data", (d: string) => {
      stderr += d;
    });
    const firstChunk = await new Promise<string>((resolve) =>
      child.stdout.once("data", (d) => resolve(String(d))),
    );
    child.stdout.destroy();
    const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
    expect(firstChunk).toContain("━━");
    expect(stderr).not.toContain("EPIPE");
    expect(code).toBe(0);
  });

  it("report --docx writes a 审核意见书 and audit --xlsx a batch table", async () => {
    const out = mkdtempSync(join(tmpdir(), "nianbao-cli-"));
    const docx = join(out, "opinion.docx");
    const report = await run(["report", join(seeds, "002_a01f0cf12a106081.txt"), "--docx", docx]);
    expect(report.code).toBe(0);
    const text = (await mammoth.extractRawText({ buffer: readFileSync(docx) })).value;
    expect(text).toContain("审核意见书");
    expect(text).toContain("广州市番禺区人民政府洛浦街道办事处");
    expect(text).toContain("需核对");

    const xlsx = join(out, "batch.xlsx");
    const batch = await run(["audit", seeds, "--xlsx", xlsx]);
    expect(batch.code).toBe(0);
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(xlsx);
    const sheet = book.getWorksheet("报告");
    // 25 files: five seeds as text, PDF, DOCX, HTML and their expected JSON (not reports).
    expect(sheet?.rowCount).toBe(1 + 25);
    const cells = sheet?.getSheetValues().flat().map(String) ?? [];
    expect(cells.filter((c) => c === "广州市番禺区人民政府洛浦街道办事处").length).toBe(4);
  });
});
