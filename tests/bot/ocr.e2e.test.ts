/**
 * Scans and photos in the bot, against the fake Bot API: OCR progress per page edited into the
 * progress message (throttled), a scan cut off at its cap says how far OCR got, a photo's largest size
 * is audited (with OCR off: the reader's answer saying how to turn it on), and, where Tesseract with
 * chi_sim and poppler are installed, a real phone-size photo of one page is read, audited as far as it
 * goes, and the summary says which tables are missing.
 * OCR is stubbed in the first cases (tests/bot/fixtures/ocr-stub-task.ts: `sleep` children per page).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import jpeg from "jpeg-js";
import { PNG } from "pngjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunningBot } from "../../bot/start-bot.ts";
import { OCR_EDIT_EVERY_MS } from "../../bot/telegram/progress-message.ts";
import { OCR_INSTALL } from "../../extract/readers/ocr/tesseract.ts";
import { plainOf as plain } from "./fake/telegram-html.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "./harness.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const text = new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt")));

/** A grey JPEG of `width`×`height` (what Telegram makes of a photo). */
function jpegOf(rgba: Uint8Array, width: number, height: number, quality = 85): Uint8Array {
  return new Uint8Array(jpeg.encode({ data: Buffer.from(rgba), width, height }, quality).data);
}

function blankJpeg(width: number, height: number): Uint8Array {
  return jpegOf(new Uint8Array(width * height * 4).fill(255), width, height);
}

/** Texts the progress message was edited to, in order. */
function progressEdits(api: FakeBotApi, chatId: number): { text: string; at: number }[] {
  return api
    .callsOf("editMessageText")
    .filter((c) => Number(c.params.chat_id) === chatId)
    .map((c) => ({ text: plain(String(c.params.text)), at: c.at }));
}

describe("OCR in the bot (stubbed engine)", () => {
  const api = new FakeBotApi();
  const dataDir = tempDataDir();
  let bot: RunningBot;

  beforeAll(async () => {
    await api.start();
    // Flat cap 4 s (harness); a scan gets 3 s a page, at most 9 s.
    bot = await startTestBot(api, { dataDir, ocrBudget: { pageMs: 3000, documentMs: 9000 } });
  });
  afterAll(async () => {
    await bot?.stop();
    await api.close();
    removeDir(dataDir);
  });

  it("edits the progress message with the page being recognised, at most one OCR edit per interval", async () => {
    const user = USERS[0] ?? 0;
    // 5 pages of 1.5 s: 7.5 s of OCR, over the flat 4 s cap, under 4 + 5 × 3 s (and the 9 s ceiling).
    api.sendDocument(user, api.addFile(text), "scan-pages-5-1500.txt");
    await api.waitFor(
      () => api.messagesTo(user).find((m) => /审核完成|表格不完整/.test(m.text) && m.replyMarkup),
      40_000,
      "the summary",
    );
    // The progress message's last edit turns it into the summary (审核完成 in its head).
    await api.waitFor(
      () => progressEdits(api, user).find((e) => e.text.includes("审核完成")),
      10_000,
      "the summary edit",
    );
    const edits = progressEdits(api, user);
    const pages = edits.filter((e) => e.text.includes("正在识别第"));
    expect(pages[0]?.text).toContain("正在识别第 1/5 页…");
    expect(pages.length).toBeGreaterThanOrEqual(2);
    // Throttled: fewer edits than pages, and never two OCR edits closer than the interval.
    expect(pages.length).toBeLessThan(5);
    for (let i = 1; i < pages.length; i++)
      expect((pages[i]?.at ?? 0) - (pages[i - 1]?.at ?? 0)).toBeGreaterThanOrEqual(OCR_EDIT_EVERY_MS - 50);
    // The pages come in order and the stages follow (the page line goes once reading is done).
    const numbers = pages.map((e) => Number(/第 (\d)\/5 页/.exec(e.text)?.[1]));
    expect([...numbers].sort()).toEqual(numbers);
    expect(edits.at(-1)?.text).toContain("审核完成");
    expect(edits.at(-1)?.text).not.toContain("正在识别");
  }, 60_000);

  it("cuts off a scan at its per-page budget's ceiling and says how far OCR got", async () => {
    const user = USERS[1] ?? 0;
    // 20 pages of 2 s: the 9 s ceiling stops it at page 4 or 5.
    api.sendDocument(user, api.addFile(text), "scan-pages-20-2000.txt");
    const reply = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.text.includes("文字识别超时")),
      40_000,
      "the OCR timeout",
    );
    expect(plain(reply.text)).toMatch(/扫描件共 20 页，已识别完前 \d+ 页，第 \d+ 页未能在时限内完成/);
    expect(plain(reply.text)).toContain("整份文件最多 9 秒");
  }, 60_000);

  it("audits the largest size of a photo; with OCR off the answer says how to turn it on", async () => {
    const user = USERS[2] ?? 0;
    const small = api.addFile(blankJpeg(90, 120));
    const big = api.addFile(blankJpeg(600, 800));
    const before = api.callsOf("getFile").length;
    api.sendPhoto(user, user, [
      { fileId: small, width: 90, height: 120 },
      { fileId: big, width: 600, height: 800 },
    ]);
    const reply = await api.waitForMessage(user, /无法审核/, 20_000);
    expect(plain(reply.text)).toContain("照片或扫描件");
    expect(plain(reply.text)).toContain("NIANBAO_OCR=off");
    expect(
      api
        .callsOf("getFile")
        .slice(before)
        .map((c) => c.params.file_id),
    ).toEqual([big]);
  }, 30_000);

  it("audits an image sent as a file instead of refusing it", async () => {
    const user = USERS[3] ?? 0;
    api.sendDocument(user, api.addFile(blankJpeg(600, 800)), "第3页.jpg", { mime: "image/jpeg" });
    const reply = await api.waitForMessage(user, /无法审核/, 20_000);
    expect(plain(reply.text)).toContain("照片或扫描件");
  }, 30_000);
});

/** Tesseract with chi_sim and pdftoppm, or why not. */
function ocrMissing(): string | null {
  try {
    execFileSync("pdftoppm", ["-v"], { stdio: "ignore" });
    const langs = execFileSync("tesseract", ["--list-langs"], { encoding: "utf8", stdio: "pipe" });
    return /^chi_sim$/m.test(langs) ? null : "tesseract has no chi_sim";
  } catch {
    return "tesseract or pdftoppm not found";
  }
}

const missing = ocrMissing();
if (missing) console.log(`ocr.e2e: real OCR case skipped (${missing}); install: ${OCR_INSTALL}`);

describe.skipIf(missing !== null)("a real photo of one page through Tesseract", () => {
  const api = new FakeBotApi();
  const dataDir = tempDataDir();
  let bot: RunningBot;
  const saved = process.env.NIANBAO_OCR;

  beforeAll(async () => {
    // The suite runs with OCR off; the workers copy the environment when they start.
    delete process.env.NIANBAO_OCR;
    await api.start();
    bot = await startTestBot(api, { dataDir, ocrBudget: { pageMs: 150_000, documentMs: 170_000 } });
  });
  afterAll(async () => {
    await bot?.stop();
    await api.close();
    removeDir(dataDir);
    if (saved !== undefined) process.env.NIANBAO_OCR = saved;
  });

  it("reads page 3 of a seed sent as a photo, shows the page, and names the missing tables", async () => {
    const dir = mkdtempSync(join(tmpdir(), "nianbao-photo-"));
    let photo: Uint8Array;
    let width: number;
    let height: number;
    try {
      execFileSync("pdftoppm", [
        "-r",
        "200",
        "-f",
        "3",
        "-l",
        "3",
        "-png",
        "-singlefile",
        join(seeds, "002_a01f0cf12a106081.pdf"),
        join(dir, "p"),
      ]);
      const png = PNG.sync.read(readFileSync(join(dir, "p.png")));
      ({ width, height } = png);
      photo = jpegOf(new Uint8Array(png.data), width, height, 90);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    const user = USERS[4] ?? 0;
    api.sendPhoto(user, user, [{ fileId: api.addFile(photo), width, height }]);
    const summary = await api.waitFor(
      () => api.messagesTo(user).find((m) => m.replyMarkup && /审核完成|表格不完整/.test(m.text)),
      180_000,
      "the photo's summary",
    );
    const edits = progressEdits(api, user);
    expect(edits.some((e) => e.text.includes("正在识别第 1/1 页…"))).toBe(true);
    const shown = plain(summary.text);
    expect(shown).toMatch(/这是一张照片（图片），只审核了其中的内容：只识别到表[二三四]/);
    expect(shown).toMatch(/缺少表[二三四]/);
  }, 200_000);
});
