/**
 * A ZIP sent in chat, end to end against the fake Bot API: three seed texts and a scan are audited
 * through the worker pool with one progress message, the batch XLSX and a short summary come back,
 * each report is stored (/history, questions); a zip bomb built here is refused with the archive's
 * message. Also the "和去年比" question across two stored years of one issuer.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, deflateRawSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { PREVIOUS_YEAR_TEXT } from "../qa/previous-year.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const fixtures = join(import.meta.dirname, "../fixtures");
const read = (path: string) => new Uint8Array(readFileSync(join(fixtures, path)));
const plain = (html: string) =>
  html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");

/** A minimal deflating ZIP writer (no ZIP64). */
function zip(members: readonly { name: string; data: Uint8Array }[]): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name, "utf8");
    const body = deflateRawSync(m.data);
    const crc = crc32(m.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x800, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.byteLength, 18);
    local.writeUInt32LE(m.data.byteLength, 22);
    local.writeUInt16LE(name.byteLength, 26);
    locals.push(local, name, body);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.byteLength, 20);
    central.writeUInt32LE(m.data.byteLength, 24);
    central.writeUInt16LE(name.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);
    offset += 30 + name.byteLength + body.byteLength;
  }
  const dir = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(members.length, 8);
  eocd.writeUInt16LE(members.length, 10);
  eocd.writeUInt32LE(dir.byteLength, 12);
  eocd.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...locals, dir, eocd]));
}

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

  it("audits the members, edits one progress message, replies with the XLSX and a summary", async () => {
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

    const doc = api.messagesTo(user).find((m) => m.document?.fileName.endsWith(".xlsx"));
    expect(doc?.document?.fileName).toBe("报告-批量审核结果.xlsx");
    expect(doc?.replyTo).toBe(source);
    expect(doc?.document?.content.startsWith("PK")).toBe(true);
    expect(summary.replyTo).toBe(doc?.messageId);

    // One progress message, edited to the counts and the end.
    const progress = api.messagesTo(user).filter((m) => /正在审核|批量审核|已审核 \d+\/\d+/.test(m.text));
    const first = progress[0];
    expect(first?.replyTo).toBe(source);
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
  });
});
