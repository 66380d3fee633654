/**
 * Chat rendering: every seed's summary is valid Telegram HTML under the length limit; a report with
 * many findings is cut with a pointer to the document; escaping; progress; the HTML fallback.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { auditBytes } from "../../audit/run-audit.ts";
import { escapeHtml, htmlToPlain } from "../../bot/render/html.ts";
import { detailText, MESSAGE_BUDGET, summaryHtml } from "../../bot/render/summary.ts";
import { HELP, progressText, START } from "../../bot/render/texts.ts";
import { htmlFallback } from "../../bot/telegram/html-fallback.ts";
import { SEED_IDS } from "../audit/seed-findings.ts";
import { checkTelegramHtml } from "./fake-bot-api.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");

describe("summaryHtml", () => {
  it.each(SEED_IDS)("%s: valid Telegram HTML within the budget", async (id) => {
    const r = await auditBytes(new Uint8Array(readFileSync(join(seeds, `${id}.txt`))), `${id}.txt`);
    const s = summaryHtml(r, "<报告>&.txt");
    expect(checkTelegramHtml(s.html)).toBeNull();
    expect(s.html.length).toBeLessThanOrEqual(MESSAGE_BUDGET + 100);
    expect(s.html).toContain("&lt;报告&gt;&amp;.txt");
    expect(s.omitted).toBe(0);
  });

  it("leaves out what does not fit and says where the rest is", async () => {
    const r = await auditBytes(
      new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt"))),
      "x.txt",
    );
    const base = r.findings[0];
    if (!base) throw new Error("seed has findings");
    const many = {
      ...r,
      findings: Array.from({ length: 60 }, (_, i) => ({
        ...base,
        message: `${base.message.repeat(3)} #${i}`,
      })),
    };
    const s = summaryHtml(many, "x.txt");
    expect(s.omitted).toBeGreaterThan(0);
    expect(s.html).toContain(`另有 ${s.omitted} 项发现，见附件`);
    expect(htmlToPlain(s.html).length).toBeLessThan(4096);
    expect(checkTelegramHtml(s.html)).toBeNull();
    expect(detailText(many, "x.txt")).toContain("#59");
  });
});

describe("summaryHtml on a saved portal page", () => {
  it("shows the page's publication date next to the 落款, and asks for no /date", async () => {
    const html = readFileSync(join(seeds, "002_a01f0cf12a106081.html"), "utf8").replace(
      "<head>",
      '<head><meta name="PubDate" content="2025-02-05 09:00">',
    );
    const r = await auditBytes(new TextEncoder().encode(html), "page.html");
    expect(r.meta).toMatchObject({ publicationDate: null, portalDate: "2025-02-05" });
    const s = summaryHtml(r, "page.html");
    expect(checkTelegramHtml(s.html)).toBeNull();
    const text = htmlToPlain(s.html);
    expect(text).toContain("落款：未找到　网页发布：2025-02-05");
    expect(text).not.toContain("/date");
    expect(text).toContain("网页标注的发布日期 2025年2月5日 晚于街道办事处公布期限 2025年1月31日");
  });
});

describe("texts", () => {
  it("fixed texts and progress are valid HTML", () => {
    for (const html of [START, HELP, progressText(0, "a<b>.pdf"), progressText(4, "a.pdf")])
      expect(checkTelegramHtml(html)).toBeNull();
    expect(progressText(2, "a.pdf")).toContain("✅ 读取 → ✅ 识别表格 → ⏳ 校验 → ▫️ 完成");
  });

  it("escapes and unescapes", () => {
    expect(escapeHtml('a<b>&"c"')).toBe("a&lt;b&gt;&amp;&quot;c&quot;");
    expect(htmlToPlain("<b>x</b> &lt;y&gt; &amp; z")).toBe("x <y> & z");
  });
});

describe("htmlFallback", () => {
  it("resends a rejected HTML message as plain text, and nothing else", async () => {
    const calls: Record<string, unknown>[] = [];
    const prev = async (_method: string, payload: Record<string, unknown>) => {
      calls.push(payload);
      return payload.parse_mode === "HTML"
        ? { ok: false as const, error_code: 400, description: "Bad Request: can't parse entities: bad tag" }
        : { ok: true as const, result: true };
    };
    // The transformer's signature is generic over every Bot API method; here it is called by hand.
    const call = htmlFallback as unknown as (
      p: typeof prev,
      method: string,
      payload: Record<string, unknown>,
      signal: undefined,
    ) => Promise<{ ok: boolean }>;
    const run = (method: string, payload: Record<string, unknown>) => call(prev, method, payload, undefined);
    expect(
      await run("sendMessage", { chat_id: 1, text: "<b>粗</b> &amp;", parse_mode: "HTML" }),
    ).toMatchObject({ ok: true });
    expect(calls[1]).toEqual({ chat_id: 1, text: "粗 &" });
    const failed = await run("sendDocument", { chat_id: 1, caption: "x", parse_mode: "HTML" });
    expect(failed).toMatchObject({ ok: false });
  });
});
