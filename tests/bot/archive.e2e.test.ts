/**
 * A ZIP sent in chat, end to end against the fake Bot API: three seed texts and a scan are audited
 * through the worker pool with one progress message, the batch XLSX and a short summary come back,
 * each report is stored (/history, questions); a zip bomb built here is refused with the archive's
 * message. Also the "和去年比" question across two stored years of one issuer, the cross-year rules
 * on a chat's stored reports (in either order) and /date.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { zip } from "../helpers/zip.ts";
import { CURRENT_YEAR_TEXT, PREVIOUS_YEAR_TEXT } from "../qa/previous-year.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const fixtures = join(import.meta.dirname, "../fixtures");
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));

const api = new FakeBotApi();
const dataDir = tempDataDir();
let bot: RunningBot;

beforeAll(async () => {
  await api.start();
  bot = await startTestBot(api, { dataDir });
});

afterAll(async () => {
  await bot?.stop();
  await api.close();
  removeDir(dataDir);
});

describe("a ZIP sent in chat", () => {
  const user = USERS[0] ?? 0;

  it("audits the members, edits one progress message into the summary, and replies to it with the XLSX", async () => {
    const archive = zip([
      { name: "2023/流花.txt", data: read("seeds/000_5ed72146557905c8.txt") },
      { name: "2023/花乡.txt", data: read("seeds/003_1c640710511402cf.txt") },
      { name: "2024/洛浦.txt", data: read("seeds/002_a01f0cf12a106081.txt") },
      { name: "扫描件.pdf", data: read("bad/scan.pdf") },
      { name: "说明.xlsx", data: new Uint8Array([1, 2, 3]) },
    ]);
    const source = api.sendDocument(user, api.addFile(archive), "报告.zip", { mime: "application/zip" });
    const summary = await api.waitForMessage(user, /已审核报告 \d+ 份/, 30_000);
    const text = plain(summary.text);
    expect(text).toContain("已审核报告 3 份");
    expect(text).toMatch(/有错误（需更正）\d+ 份/);
    expect(text).toContain("问题文件 2 个");
    expect(text).toContain("报告.zip/扫描件.pdf");
    expect(text).toContain("报告.zip/说明.xlsx");

    // The summary is the progress message (a reply to the upload), edited; the XLSX replies to it.
    const doc = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.document?.fileName.endsWith(".xlsx")),
      30_000,
      "the batch XLSX",
    );
    expect(doc.document?.fileName).toBe("报告-批量审核结果.xlsx");
    expect(doc.replyTo).toBe(summary.messageId);
    expect(doc.document?.content.startsWith("PK")).toBe(true);
    expect(summary.replyTo).toBe(source);

    // One progress message, edited to the counts and the end.
    const progress = api.messagesTo(user).filter((m) => /正在审核|批量审核|已审核 \d+\/\d+/.test(m.text));
    expect(progress).toHaveLength(1);
    const first = progress[0];
    expect(first?.messageId).toBe(summary.messageId);
    expect(plain(first?.text ?? "")).toContain("批量审核完成：已审核 4/4 份");
    expect(first?.edits).toBeGreaterThanOrEqual(2);
    const edits = api
      .callsOf("editMessageText")
      .filter((c) => c.params.message_id === first?.messageId)
      .map((c) => String(c.params.text));
    expect(edits.some((t) => /已审核 \d\/4 份…/.test(t))).toBe(true);

    // Each report is stored like a single upload.
    api.sendText(user, "/history");
    const history = await api.waitForMessage(user, /洛浦/);
    expect(plain(history.text)).toContain("流花");
    expect(await bot.store.countReports(user)).toBe(3);
  });

  it("stores each audited member under its archive path", async () => {
    const rows = await bot.store.listReports(user, 10);
    expect(rows.map((r) => r.fileName).sort()).toEqual([
      "报告.zip/2023/流花.txt",
      "报告.zip/2023/花乡.txt",
      "报告.zip/2024/洛浦.txt",
    ]);
  });

  it("refuses a zip bomb with the archive's message", async () => {
    const bomb = zip([{ name: "bomb.txt", data: new Uint8Array(30 * 1024 * 1024) }]);
    const u = USERS[1] ?? 0;
    api.sendDocument(u, api.addFile(bomb), "bomb.zip", { mime: "application/zip" });
    const refused = await api.waitForMessage(u, /疑似压缩炸弹/, 15_000);
    expect(plain(refused.text)).toContain("压缩包「bomb.zip」");
    expect(await bot.store.countReports(u)).toBe(0);
  });

  it("refuses RAR and 7z before downloading", async () => {
    const u = USERS[2] ?? 0;
    api.sendDocument(u, api.addFile(new Uint8Array([0x52, 0x61, 0x72, 0x21])), "报告.rar");
    await api.waitForMessage(u, /RAR、7z/);
  });

  it("和去年比: answers from the issuer's previous-year report stored in the chat", async () => {
    const u = USERS[3] ?? 0;
    api.sendText(u, "和去年比新收申请多了多少？");
    await api.waitForMessage(u, /还没有审核过的报告/);
    // Both years in one ZIP; the newest stored is the 2024 one (saved last).
    const archive = zip([
      { name: "洛浦2023.txt", data: new Uint8Array(Buffer.from(PREVIOUS_YEAR_TEXT)) },
      { name: "洛浦2024.txt", data: read("seeds/002_a01f0cf12a106081.txt") },
    ]);
    api.sendDocument(u, api.addFile(archive), "洛浦两年.zip", { mime: "application/zip" });
    await api.waitForMessage(u, /已审核报告 2 份/, 30_000);
    api.sendText(u, "和去年比新收申请多了多少？");
    const answer = await api.waitForMessage(u, /比上年多/);
    expect(answer.text).toContain("2024年 56 件，2023年 50 件，比上年多 6 件");
    expect(answer.text).toContain("洛浦两年.zip/洛浦2023.txt");
    // The two members were linked: the 2024 report's cross-year rules ran against the 2023 one
    // (XY-PROBLEMS runs only then; 2023's 结转 row is ambiguous here, so XY-CARRY cannot check).
    const rows = await bot.store.listReports(u, 10);
    const stored = await bot.store.getReport(u, rows.find((r) => r.reportYear === 2024)?.id ?? 0);
    expect(stored?.result.findings.map((f) => f.rule)).toContain("XY-PROBLEMS");
    const older = await bot.store.getReport(u, rows.find((r) => r.reportYear === 2023)?.id ?? 0);
    expect(older?.result.findings.map((f) => f.rule)).not.toContain("XY-PROBLEMS");
  });
});

describe("cross-year checks and /date on single uploads", () => {
  /** Seed 002 a year earlier with the same tables: its 结转下年度 5 ≠ 2024's 上年结转 3. */
  const SHIFTED_2023 = new Uint8Array(
    Buffer.from(
      CURRENT_YEAR_TEXT.replace(/2024/g, "2023").replace(
        "广州市番禺区人民政府洛浦街道办事处",
        "广州市番禺区人民政府 洛浦街道办事处",
      ),
    ),
  );

  it("the earlier year sent after the later one re-checks the later one and says so", async () => {
    const u = USERS[4] ?? 0;
    api.sendDocument(u, api.addFile(read("seeds/002_a01f0cf12a106081.txt")), "洛浦2024.txt");
    await api.waitForMessage(u, /发布机关/, 20_000);
    api.sendDocument(u, api.addFile(SHIFTED_2023), "洛浦2023.txt");
    const recheck = await api.waitForMessage(u, /上一年度报告/, 20_000);
    const text = plain(recheck.text);
    expect(text).toContain("本聊天中 2024 年报告「洛浦2024.txt」的上一年度报告");
    expect(text).toContain("[XY-CARRY]");
    // Sent the other way round, the later year's summary names the earlier one.
    const v = USERS[5] ?? 0;
    api.sendDocument(v, api.addFile(SHIFTED_2023), "洛浦2023.txt");
    await api.waitForMessage(v, /发布机关/, 20_000);
    api.sendDocument(v, api.addFile(read("seeds/002_a01f0cf12a106081.txt")), "洛浦2024.txt");
    const linked = await api.waitForMessage(v, /已与本聊天中的 2023 年报告/, 20_000);
    expect(plain(linked.text)).toContain("[XY-CARRY]");
  });

  it("/date gives the missing publication date; the summary comes again with DEADLINE judged on it", async () => {
    const u = USERS[6] ?? 0;
    api.sendText(u, "/date 2025-02-10");
    await api.waitForMessage(u, /还没有审核过的报告/);
    api.sendDocument(u, api.addFile(read("seeds/002_a01f0cf12a106081.txt")), "洛浦2024.txt");
    const summary = await api.waitForMessage(u, /发布机关/, 20_000);
    expect(plain(summary.text)).toContain("发送 /date 2025-01-20 即可核验");
    api.sendText(u, "/date 下周");
    await api.waitForMessage(u, /不是有效日期/);
    api.sendText(u, "/date 2025年2月10日");
    const again = await api.waitForMessage(u, /已按您提供的公布日期/, 10_000);
    const text = plain(again.text);
    expect(text).toContain("已按您提供的公布日期 2025-02-10 重新核验");
    expect(text).toContain("落款：未印（按您提供的公布日期 2025-02-10 核验）");
    expect(text).toContain(
      "[DEADLINE] 报告未印落款日期；按您提供的公布日期 2025年2月10日 计，晚于街道办事处公布期限 2025年1月31日",
    );
    const [row] = await bot.store.listReports(u, 1);
    expect(row?.warnings).toBeGreaterThan(0);
    expect((await bot.store.getReport(u, row?.id ?? 0))?.result.meta.givenDate).toBe("2025-02-10");
  });

  it("/summary returns one XLSX of the chat's reports sent one by one, with the Y−1 links", async () => {
    const u = USERS[5] ?? 0; // the chat that got 洛浦2023 then 洛浦2024 above
    expect(api.messagesTo(u).some((m) => m.text.includes("发送 /summary 即可得到"))).toBe(true);
    api.sendDocument(u, api.addFile(read("seeds/000_5ed72146557905c8.txt")), "流花.txt");
    await api.waitFor(() => api.messagesTo(u).filter((m) => /发布机关/.test(m.text)).length >= 3, 20_000);
    api.sendText(u, "/summary");
    const doc = await api.waitFor(
      () => api.messagesTo(u).find((m) => m.document?.fileName.startsWith("审核汇总-")),
      10_000,
      "the summary XLSX",
    );
    expect(doc.document?.caption).toBe("本聊天 3 份报告的汇总表（XLSX）");
    const summary = await api.waitForMessage(u, /本聊天报告汇总/);
    expect(plain(summary.text)).toContain("已审核报告 3 份");
    expect(plain(summary.text)).toContain("[XY-CARRY] 1 份报告");
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(doc.document?.bytes ?? new Uint8Array()) as unknown as ArrayBuffer);
    const sheet = book.getWorksheet("报告");
    if (!sheet) throw new Error("the XLSX has no sheet 报告");
    const header = (sheet.getRow(1).values as unknown[]).map(String);
    const col = (name: string) => header.indexOf(name);
    const rows = [2, 3, 4].map((i) => sheet.getRow(i).values as unknown[]);
    expect(rows.map((r) => r[col("文件")])).toEqual(["洛浦2023.txt", "洛浦2024.txt", "流花.txt"]);
    expect(rows.map((r) => r[col("上年报告")] ?? "")).toEqual(["", "洛浦2023.txt", ""]);
    const findings = book.getWorksheet("审核发现");
    const rules: string[] = [];
    findings?.eachRow((row, i) => {
      if (i > 1) rules.push(String(Array.isArray(row.values) ? row.values.join("|") : ""));
    });
    expect(rules.some((r) => r.includes("洛浦2024.txt") && r.includes("XY-CARRY"))).toBe(true);
  });

  it("/date leaves a printed date alone", async () => {
    const u = USERS[7] ?? 0;
    api.sendDocument(u, api.addFile(read("seeds/000_5ed72146557905c8.txt")), "流花.txt");
    await api.waitForMessage(u, /发布机关/, 20_000);
    api.sendText(u, "/date 2024-03-01");
    const reply = await api.waitForMessage(u, /已印落款日期 2024-01-08/);
    expect(reply.text).toContain("未采用您提供的日期");
  });
});
