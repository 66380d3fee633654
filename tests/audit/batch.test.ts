/**
 * Batch audit: a ZIP of 50 generated reports and 5 broken files, archive members that are skipped
 * (nested, encrypted, wrong type), archives refused as a whole (zip bombs, path traversal), cross-year
 * linking, and the batch XLSX read back.
 */
import { readFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { describe, expect, it } from "vitest";
import { readArchive, unsafeName } from "../../audit/archive.ts";
import { auditBatch } from "../../audit/batch.ts";
import { issuerKey } from "../../audit/issuer-key.ts";
import { batchXlsx } from "../../audit/report-xlsx.ts";
import { createRng, generateReport, renderText } from "../../eval/generate/index.ts";
import { zip } from "../helpers/zip.ts";

const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
const fixture = (p: string) => new Uint8Array(readFileSync(`tests/fixtures/${p}`));

/** Text of generated report `seed` (UTF-8). */
function generated(seed: number): { name: string; data: Uint8Array; issuer: string; year: number } {
  const { spec } = generateReport(seed);
  const text = renderText(spec, createRng((seed ^ 0x7e57) >>> 0));
  return { name: `reports/${spec.id}.txt`, data: utf8(text), issuer: spec.issuer, year: spec.year };
}

const BROKEN = [
  "bad/empty.txt",
  "bad/truncated.docx",
  "bad/not-a-report.txt",
  "bad/encrypted.pdf",
  "bad/scan.pdf",
];

async function sheetRows(bytes: Uint8Array, name: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  const out: unknown[][] = [];
  ws.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe("batch audit of a ZIP", () => {
  it("audits 50 generated reports and lists 5 broken files and 3 skipped members without aborting", async () => {
    const reports = Array.from({ length: 50 }, (_, i) => generated(i + 1));
    const archive = zip([
      ...reports.map((r) => ({ name: r.name, data: r.data })),
      ...BROKEN.map((p) => ({ name: `broken/${p.slice(4)}`, data: fixture(p) })),
      { name: "nested/inner.zip", data: zip([{ name: "a.txt", data: utf8("x") }]) },
      { name: "photo.jpg", data: new Uint8Array([0xff, 0xd8, 0xff, 0xe0]) },
      { name: "secret.txt", data: utf8("密"), flags: 0x1 },
      { name: "__MACOSX/._x.txt", data: utf8("junk") },
      { name: "folder/", data: new Uint8Array(0) },
    ]);
    const started = performance.now();
    const batch = await auditBatch([{ name: "batch.zip", bytes: archive }]);
    const seconds = (performance.now() - started) / 1000;
    process.stderr.write(`batch of 50 generated reports + 5 broken files: ${seconds.toFixed(2)} s\n`);

    expect(batch.entries).toHaveLength(55);
    const byName = new Map(batch.entries.map((e) => [e.result.file, e.result]));
    for (const r of reports) {
      const result = byName.get(`batch.zip/${r.name}`);
      expect(result?.status, r.name).toMatch(/^(ok|tables_incomplete)$/);
      expect(result?.meta.reportYear, r.name).toBe(r.year);
      expect(issuerKey(result?.meta.issuer), r.name).toBe(issuerKey(r.issuer));
    }
    const problemNames = batch.problems.map((p) => p.name);
    for (const p of BROKEN) expect(problemNames).toContain(`batch.zip/broken/${p.slice(4)}`);
    expect(batch.problems.find((p) => p.name.endsWith("inner.zip"))?.message).toContain("嵌套的压缩包");
    expect(batch.problems.find((p) => p.name.endsWith("photo.jpg"))?.message).toContain(
      "不是可审核的报告文件类型",
    );
    expect(batch.problems.find((p) => p.name.endsWith("secret.txt"))?.message).toContain("已加密");
    expect(problemNames.some((n) => n.includes("__MACOSX"))).toBe(false);
    expect(batch.problems).toHaveLength(8);

    const xlsx = await batchXlsx(batch);
    const table = await sheetRows(xlsx, "报告");
    expect(table[0]?.slice(0, 9)).toEqual([
      "文件",
      "发布机关",
      "年度",
      "模板",
      "状态",
      "结论",
      "错误",
      "警告",
      "提示",
    ]);
    expect(table).toHaveLength(56);
    for (const row of table.slice(1)) {
      const result = byName.get(String(row[0]));
      expect(result?.file, String(row[0])).toBe(String(row[0]));
      const errors = result?.findings.filter((f) => f.severity === "error").length;
      expect(row[6]).toBe(errors);
      expect(row[5]).toBe(
        result?.status === "ok" || result?.status === "tables_incomplete"
          ? errors
            ? "需更正"
            : result?.findings.some((f) => f.severity === "warning")
              ? "需核对"
              : "无问题"
          : "未能审核",
      );
      expect(row[9]).toBe(result?.figures["t3.new.total"] ?? "");
    }
    const findings = await sheetRows(xlsx, "审核发现");
    expect(findings.length - 1).toBe(batch.entries.reduce((n, e) => n + e.result.findings.length, 0));
    const summary = await sheetRows(xlsx, "汇总");
    const withErrors = batch.entries.filter((e) =>
      e.result.findings.some((f) => f.severity === "error"),
    ).length;
    expect(summary).toContainEqual(["有错误的报告数（需更正）", withErrors]);
    expect(summary.find((r) => r[0] === "已审核报告数")?.[1]).toBeGreaterThanOrEqual(50);
    expect(summary.some((r) => r[0] === "最常见的规则")).toBe(true);
    const problems = await sheetRows(xlsx, "问题文件");
    expect(problems).toHaveLength(9);
  }, 120_000);
});

describe("archives refused as a whole", () => {
  it("refuses a zip bomb by compression ratio", async () => {
    const bomb = zip([{ name: "bomb.txt", data: new Uint8Array(30 * 1024 * 1024) }]);
    const batch = await auditBatch([{ name: "bomb.zip", bytes: bomb }]);
    expect(batch.entries).toEqual([]);
    expect(batch.problems).toEqual([
      { name: "bomb.zip", archiveRefused: true, message: expect.stringContaining("疑似压缩炸弹") },
    ]);
    expect(batch.problems[0]?.message).toContain("压缩比");
  });

  it("refuses an archive over the total size", async () => {
    const seed = fixture("seeds/002_a01f0cf12a106081.txt");
    const many = zip(Array.from({ length: 5 }, (_, i) => ({ name: `r${i}.txt`, data: seed })));
    const limits = {
      maxTotalBytes: 3 * seed.byteLength,
      maxMemberBytes: 1e7,
      maxRatio: 100,
      ratioFloorBytes: 1e6,
      maxMembers: 100,
    };
    const total = await readArchive(many, "many.zip", limits);
    expect(total).toMatchObject({ ok: false, reason: "total_too_large" });
    if (!total.ok) expect(total.message).toMatch(/解压后共 .* MB，超过上限/);
  });

  it("answers a member that inflates beyond its declared size as that member, and audits the others", async () => {
    const seed = fixture("seeds/002_a01f0cf12a106081.txt");
    // 64 MB of zeros that declare 1,000 bytes: stopped at the cap, never held.
    const archive = zip([
      { name: "small.txt", data: new Uint8Array(64 * 1024 * 1024), declaredSize: 1000 },
      { name: "good.txt", data: seed },
    ]);
    const read = await readArchive(archive, "liar.zip");
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.members.map((m) => m.name)).toEqual(["liar.zip/good.txt"]);
    expect(read.skipped).toEqual([
      { name: "liar.zip/small.txt", message: expect.stringContaining("大于其声明的大小") },
    ]);
    const batch = await auditBatch([{ name: "liar.zip", bytes: archive }]);
    expect(batch.entries.map((e) => [e.result.file, e.result.status])).toEqual([["liar.zip/good.txt", "ok"]]);
    expect(batch.problems.map((p) => p.name)).toEqual(["liar.zip/small.txt"]);
  });

  it("skips a member over the per-file limit", async () => {
    const big = zip([{ name: "big.txt", data: new Uint8Array(2048).fill(65), store: true }]);
    const r = await readArchive(big, "big.zip", {
      maxTotalBytes: 1e8,
      maxMemberBytes: 1024,
      maxRatio: 100,
      ratioFloorBytes: 1e6,
      maxMembers: 10,
    });
    expect(r).toMatchObject({ ok: true, members: [], skipped: [{ name: "big.zip/big.txt" }] });
    if (r.ok) expect(r.skipped[0]?.message).toContain("超过单个文件上限");
  });

  it("refuses path traversal and absolute names", async () => {
    for (const name of ["../../etc/passwd.txt", "ok/../../x.txt", "/etc/evil.txt", "C:\\Windows\\x.txt"]) {
      const archive = zip([
        { name: "good.txt", data: fixture("seeds/002_a01f0cf12a106081.txt") },
        { name, data: utf8("x") },
      ]);
      const batch = await auditBatch([{ name: "evil.zip", bytes: archive }]);
      expect(batch.entries, name).toEqual([]);
      expect(batch.problems[0]?.message, name).toContain("不安全的文件路径");
    }
    expect(unsafeName("reports/2023/a..b.txt")).toBe(false);
  });

  it("refuses a file that is not a ZIP at all only as that file (other sources go on)", async () => {
    const seed = fixture("seeds/002_a01f0cf12a106081.txt");
    const batch = await auditBatch([
      { name: "bomb.zip", bytes: zip([{ name: "bomb.txt", data: new Uint8Array(30 * 1024 * 1024) }]) },
      { name: "002.txt", bytes: seed },
    ]);
    expect(batch.entries.map((e) => e.result.file)).toEqual(["002.txt"]);
    expect(batch.problems.map((p) => p.name)).toEqual(["bomb.zip"]);
  });
});

describe("cross-year links in a batch", () => {
  it("links the same issuer's Y−1 report and runs XY-CARRY against it", async () => {
    const text = readFileSync("tests/fixtures/seeds/002_a01f0cf12a106081.txt", "utf8");
    // The same issuer's report a year earlier (years shifted; same tables).
    const previous = text.replace(/2025/g, "2024").replace(/2024/g, "2023");
    const batch = await auditBatch([
      { name: "2024.txt", bytes: utf8(text) },
      {
        name: "2023.txt",
        bytes: utf8(
          previous.replace("广州市番禺区人民政府洛浦街道办事处", "广州市番禺区人民政府 洛浦街道办事处"),
        ),
      },
      { name: "other.txt", bytes: fixture("seeds/000_5ed72146557905c8.txt") },
    ]);
    const [current, earlier, other] = batch.entries;
    expect(current?.result.meta.reportYear).toBe(2024);
    expect(earlier?.result.meta.reportYear).toBe(2023);
    expect(current?.previousFile).toBe("2023.txt");
    expect(earlier?.previousFile).toBeNull();
    expect(other?.previousFile).toBeNull();
    const carry = current?.result.findings.filter((f) => f.rule === "XY-CARRY") ?? [];
    // 2024 上年结转 3 vs 2023 结转下年度 5 (the same table, a year apart).
    expect(carry.find((f) => f.scope === "t3.carried_over.total")).toMatchObject({
      severity: "error",
      reported: 3,
      computed: 5,
      message: "表三 总计列：本年「上年结转」3，2023年报告「结转下年度继续办理」5，相差 -2",
    });
    expect(current?.result.checks.find((c) => c.rule === "XY-CARRY")?.fail).toBeGreaterThan(0);
    expect(earlier?.result.checks.find((c) => c.rule === "XY-CARRY")).toMatchObject({ cannot_check: 1 });
    const xlsx = await sheetRows(await batchXlsx(batch), "报告");
    expect(xlsx[1]?.at(-1)).toBe("2023.txt");
  });

  it("normalises issuer names", () => {
    expect(issuerKey("广州市 番禺区人民政府（洛浦街道办事处）")).toBe(
      issuerKey("广州市番禺区人民政府洛浦街道办事处"),
    );
    expect(issuerKey("ＸＸ市人民政府办公室２０２３年政府信息公开工作年度报告")).toBe(
      issuerKey("XX市人民政府办公室"),
    );
    expect(issuerKey(null)).toBeNull();
  });
});
