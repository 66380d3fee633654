/**
 * The "已收到，正在审核…" message, edited as stages finish. Edits are coalesced: while one is on its
 * way only the latest stage is kept, so a fast audit does not queue edits in front of its summary.
 * While a scan or photo is recognised, 「正在识别第 3/6 页…」 is shown too, but at most one such edit
 * every `ocrEditMs` (Telegram allows about one edit a second in a chat and 20 messages a minute in a
 * group; a page takes seconds, so pages that pass in between are skipped, never queued).
 * A "typing" chat action is repeated while the audit runs (Telegram shows one for about 5 s).
 */
import type { Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Logger } from "../../logger.ts";
import { type OcrPage, progressText } from "../render/texts.ts";
import { editHtml } from "./send.ts";

const TYPING_EVERY_MS = 4500;
/** Least time between two OCR page edits of one progress message. */
export const OCR_EDIT_EVERY_MS = 3000;

export class ProgressMessage {
  private shown = 0;
  private wanted = 0;
  private inFlight: Promise<void> | null = null;
  private typing: NodeJS.Timeout | null = null;
  /** The OCR page to show (while reading), and the one shown ("3/6"). */
  private ocr: OcrPage | null = null;
  private shownOcr = "";
  private lastEdit = 0;
  private ocrTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly messageId: number,
    private readonly fileName: string,
    private readonly log: Logger,
    private readonly ocrEditMs = OCR_EDIT_EVERY_MS,
  ) {}

  /** Show that `done` stages (of 读取, 识别表格, 校验, 完成) have finished. */
  stage(done: number): void {
    if (done <= this.wanted) return;
    this.wanted = done;
    this.pump();
  }

  /** OCR is recognising page `page` of `pages` (shown while the file is being read). */
  ocrPage(progress: OcrPage): void {
    if (this.wanted >= 1) return;
    this.ocr = { page: progress.page, pages: progress.pages };
    this.pump();
  }

  startTyping(): void {
    const send = () => void this.api.sendChatAction(this.chatId, "typing").catch(() => {});
    send();
    this.typing ??= setInterval(send, TYPING_EVERY_MS);
  }

  stopTyping(): void {
    if (this.typing) clearInterval(this.typing);
    this.typing = null;
  }

  /** Replace the progress text with a final message (an error, a note). */
  async replace(html: string): Promise<void> {
    this.stopTyping();
    if (this.ocrTimer) clearTimeout(this.ocrTimer);
    this.ocrTimer = null;
    this.wanted = Number.POSITIVE_INFINITY;
    await this.inFlight;
    await editHtml(this.api, this.chatId, this.messageId, html).catch((error) =>
      this.log.warn({ err: error }, "progress edit failed"),
    );
  }

  /**
   * Turn the progress message into the answer (the summary with its buttons). An edit, so doing it
   * again after a crash shows nothing twice ("message is not modified" counts as done). False when
   * Telegram refused it (the message deleted, say): the caller then sends the answer instead.
   */
  async finish(html: string, keyboard: InlineKeyboardMarkup): Promise<boolean> {
    this.stopTyping();
    if (this.ocrTimer) clearTimeout(this.ocrTimer);
    this.ocrTimer = null;
    this.wanted = Number.POSITIVE_INFINITY;
    await this.settle();
    try {
      await editHtml(this.api, this.chatId, this.messageId, html, keyboard);
      return true;
    } catch (error) {
      this.log.warn({ err: error }, "summary edit failed: sending it instead");
      return false;
    }
  }

  /** Wait for the pending edit, if any. */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private pump(): void {
    if (this.inFlight || !Number.isFinite(this.wanted)) return;
    const target = this.wanted;
    const ocr = target < 1 ? this.ocr : null;
    const ocrKey = ocr ? `${ocr.page}/${ocr.pages}` : "";
    const stageDue = target > this.shown;
    if (!stageDue && (ocrKey === "" || ocrKey === this.shownOcr)) return;
    if (!stageDue) {
      // Only the OCR page changed: not sooner than ocrEditMs after the last edit.
      const wait = this.lastEdit + this.ocrEditMs - Date.now();
      if (wait > 0) {
        this.ocrTimer ??= setTimeout(() => {
          this.ocrTimer = null;
          this.pump();
        }, wait);
        return;
      }
    }
    this.inFlight = editHtml(this.api, this.chatId, this.messageId, progressText(target, this.fileName, ocr))
      .catch((error) => this.log.warn({ err: error }, "progress edit failed"))
      .finally(() => {
        this.shown = target;
        this.shownOcr = ocrKey;
        this.lastEdit = Date.now();
        this.inFlight = null;
        this.pump();
      });
  }
}
