/**
 * DEADLINE where a report prints no 落款 date (seeds 002 and 003 print none): the date the user gives
 * (CLI --date), else the creation date in the file's metadata, and the message says which; and a saved
 * portal page, whose own publication date DEADLINE prefers to the 落款.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditBytes } from "../../audit/run-audit.ts";
import { runCli } from "../helpers/cli.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
/** Seed 003: 2023 report of a 街道 (deadline 2024-01-31), no printed date; PDF made in 2026. */
const PDF = join(seeds, "003_1c640710511402cf.pdf");
const TEXT = join(seeds, "002_a01f0cf12a106081.txt");

/** The seed PDF with its Info CreationDate rewritten in place (same length, so the xref holds). */
function pdfCreatedOn(stamp: string): Uint8Array {
  const bytes = new Uint8Array(readFileSync(PDF));
  const text = Buffer.from(bytes).toString("latin1");
  const at = text.indexOf("/CreationDate(D:");
  expect(at).toBeGreaterThan(0);
  bytes.set(Buffer.from(stamp, "latin1"), at + "/CreationDate(D:".length);
  return bytes;
}

const deadlineFindings = (r: Awaited<ReturnType<typeof auditBytes>>) =>
  r.findings.filter((f) => f.rule === "DEADLINE");

const cli = runCli;

describe("DEADLINE fallback dates, end to end", () => {
  it("a PDF created after the deadline (in Y+1) gets a notice that names the file metadata", async () => {
    const r = await auditBytes(pdfCreatedOn("20240305100000"), "late.pdf");
    expect(r.meta.publicationDate).toBeNull();
    expect(r.meta.fileCreated).toBe("2024-03-05");
    const [f, ...more] = deadlineFindings(r);
    expect(more).toEqual([]);
    expect(f?.severity).toBe("notice");
    expect(f?.message).toContain(
      "文件元数据记载的创建日期为 2024年3月5日，已晚于街道办事处公布期限 2024年1月31日（逾期 34 天）",
    );
    expect(r.findings.some((x) => x.rule === "META-DATE")).toBe(true);
  });

  it("the committed PDF (made in 2026, years after Y+1) is taken for a later copy: no DEADLINE finding", async () => {
    const r = await auditBytes(new Uint8Array(readFileSync(PDF)), "copy.pdf");
    expect(r.meta.fileCreated?.startsWith("2026-")).toBe(true);
    expect(deadlineFindings(r)).toEqual([]);
    expect(r.checks.find((c) => c.rule === "DEADLINE")?.cannot_check).toBe(1);
  });

  it("--date is judged like a printed date and shown as the user's", async () => {
    const late = await cli(["audit", "--json", "--date", "2025年2月3日", TEXT]);
    expect(late.code).toBe(0);
    const result = JSON.parse(late.stdout);
    expect(result.meta).toMatchObject({ publicationDate: null, givenDate: "2025-02-03", fileCreated: null });
    const f = result.findings.find((x: { rule: string }) => x.rule === "DEADLINE");
    expect(f).toMatchObject({ severity: "warning" });
    expect(f.message).toBe(
      "报告未印落款日期；按您提供的公布日期 2025年2月3日 计，晚于街道办事处公布期限 2025年1月31日（条例第四十九条），逾期 3 天",
    );
    const human = await cli(["audit", "--date", "2025-01-20", TEXT]);
    expect(human.stdout).toContain("落款日期：未印（按您提供的公布日期 2025-01-20 核验）");
    expect(human.stdout).not.toContain("DEADLINE");
  });

  it("--date refuses what is not a date, and more than one report", async () => {
    const bad = await cli(["audit", "--date", "下周一", TEXT]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("is not a date");
    const many = await cli(["audit", "--date", "2025-01-20", TEXT, PDF]);
    expect(many.code).toBe(1);
    expect(many.stderr).toContain("one report");
  });
});

describe("DEADLINE on a saved portal page", () => {
  /** Seed 000 (2023 report of a 街道, 落款 2024-01-08) as its HTML page, with a portal date line added. */
  const page = (line: string) => {
    const html = readFileSync(join(seeds, "000_5ed72146557905c8.html"), "utf8");
    return new TextEncoder().encode(html.replace("</h1>", `</h1>\n<div class="info">${line}</div>`));
  };

  it("judges the page's publication date, keeps the 落款, and shows where the date came from", async () => {
    const r = await auditBytes(page("发布时间：2024-02-19 16:05　来源：流花街道"), "page.html");
    expect(r.meta).toMatchObject({ publicationDate: "2024-01-08", portalDate: "2024-02-19" });
    expect(r.meta.portalDateQuote).toBe("发布时间:2024-02-19 16:05 来源:流花街道");
    const [f, ...more] = deadlineFindings(r);
    expect(more).toEqual([]);
    expect(f).toMatchObject({ severity: "warning", quote: "发布时间:2024-02-19 16:05 来源:流花街道" });
    expect(f?.message).toBe(
      "网页标注的发布日期 2024年2月19日 晚于街道办事处公布期限 2024年1月31日（条例第四十九条），逾期 19 天；报告落款日期为 2024年1月8日",
    );
    const onTime = await auditBytes(page("发布日期：2024年1月10日"), "page.html");
    expect(onTime.meta.portalDate).toBe("2024-01-10");
    expect(deadlineFindings(onTime)).toEqual([]);
  });

  it('falls back on the page\'s <meta name="PubDate"> where no date is shown, quoting the tag', async () => {
    const html = readFileSync(join(seeds, "000_5ed72146557905c8.html"), "utf8");
    const tagged = html.replace("<head>", '<head>\n<meta name="PubDate" content="2024-02-02 08:00">');
    expect(tagged).not.toBe(html);
    const r = await auditBytes(new TextEncoder().encode(tagged), "page.html");
    expect(r.meta).toMatchObject({
      portalDate: "2024-02-02",
      portalDateQuote: '<meta name="PubDate" content="2024-02-02 08:00">',
    });
    const [f] = deadlineFindings(r);
    expect(f?.quote).toBe('<meta name="PubDate" content="2024-02-02 08:00">');
    expect(f?.message).toMatch(/^网页标注的发布日期 2024年2月2日 晚于街道办事处公布期限 2024年1月31日/);
    // A date the page shows comes first.
    const both = tagged.replace("</h1>", '</h1>\n<div class="info">发布日期：2024年1月10日</div>');
    const shown = await auditBytes(new TextEncoder().encode(both), "page.html");
    expect(shown.meta.portalDate).toBe("2024-01-10");
    expect(deadlineFindings(shown)).toEqual([]);
  });

  it("prints the portal date in the CLI's summary and JSON", async () => {
    const file = join(mkdtempSync(join(tmpdir(), "nianbao-portal-")), "page.html");
    writeFileSync(file, page("发布时间：2024-02-19 16:05"));
    const human = await cli(["audit", file]);
    expect(human.stdout).toContain("落款日期：2024-01-08　网页发布日期：2024-02-19");
    const json = await cli(["audit", "--json", file]);
    expect(JSON.parse(json.stdout).meta).toMatchObject({
      publicationDate: "2024-01-08",
      portalDate: "2024-02-19",
    });
  });
});
