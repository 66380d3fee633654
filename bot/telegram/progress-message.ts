/**
 * The "已收到，正在审核…" message, edited as stages finish. Edits are coalesced: while one is on its
 * way only the latest stage is kept, so a fast audit does not queue edits in front of its summary.
 * A "typing" chat action is repeated while the audit runs (Telegram shows one for about 5 s).
 */
import type { Api } from "grammy";
import type { Logger } from "../../logger.ts";
import { progressText } from "../render/texts.ts";
import { editHtml } from "./send.ts";

const TYPING_EVERY_MS = 4500;

export class ProgressMessage {
  private shown = 0;
  private wanted = 0;
  private inFlight: Promise<void> | null = null;
  private typing: NodeJS.Timeout | null = null;

  constructor(
    private readonly api: Api,
    private readonly chatId: number,
    private readonly messageId: number,
    private readonly fileName: string,
    private readonly log: Logger,
  ) {}

  /** Show that `done` stages (of 读取, 识别表格, 校验, 完成) have finished. */
  stage(done: number): void {
    if (done <= this.wanted) return;
    this.wanted = done;
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
    this.wanted = Number.POSITIVE_INFINITY;
    await this.inFlight;
    await editHtml(this.api, this.chatId, this.messageId, html).catch((error) =>
      this.log.warn({ err: error }, "progress edit failed"),
    );
  }

  /** Wait for the pending edit, if any. */
  async settle(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private pump(): void {
    if (this.inFlight || this.wanted <= this.shown || !Number.isFinite(this.wanted)) return;
    const target = this.wanted;
    this.inFlight = editHtml(this.api, this.chatId, this.messageId, progressText(target, this.fileName))
      .catch((error) => this.log.warn({ err: error }, "progress edit failed"))
      .finally(() => {
        this.shown = target;
        this.inFlight = null;
        this.pump();
      });
  }
}
