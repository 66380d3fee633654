/**
 * A local HTTP server that speaks enough of the Telegram Bot API to drive the real bot end to end:
 * getUpdates (long polling with offsets), sendMessage / editMessageText (with Telegram's HTML rules
 * and length limit), sendDocument (multipart), getFile and file download, answerCallbackQuery,
 * sendPhoto (multipart; the PNG kept with its size), sendChatAction, getMe, webhook calls, and injected
 * 429s with retry_after. No network beyond 127.0.0.1.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { parseMultipart } from "./fake/multipart.ts";
import { checkTelegramHtml, plainOf } from "./fake/telegram-html.ts";

export { checkTelegramHtml } from "./fake/telegram-html.ts";

export interface Call {
  readonly method: string;
  readonly params: Record<string, unknown>;
  readonly at: number;
}

export interface SentMessage {
  readonly chatId: number;
  readonly messageId: number;
  text: string;
  parseMode: string | undefined;
  replyMarkup: { inline_keyboard: { text: string; callback_data?: string }[][] } | undefined;
  readonly replyTo: number | undefined;
  /** Documents: the file's name, its text and its bytes. */
  readonly document?: {
    readonly fileName: string;
    readonly content: string;
    readonly bytes: Uint8Array;
    readonly caption?: string;
  };
  /** Photos: the uploaded file's name and bytes, and the caption. */
  readonly photo?: { readonly fileName: string; readonly bytes: Uint8Array; readonly caption?: string };
  edits: number;
}

interface StoredFile {
  readonly bytes: Uint8Array;
  readonly size: number;
  readonly path: string;
}

export class FakeBotApi {
  readonly token: string;
  readonly botUser = {
    id: 7_000_000_001,
    is_bot: true,
    first_name: "年报审核助手",
    username: "nianbao_test_bot",
  };
  readonly calls: Call[] = [];
  readonly messages: SentMessage[] = [];
  /** Turn every HTML message down (to exercise the plain-text fallback). */
  rejectHtml = false;
  /**
   * Called once a call has taken effect, before it is answered: returning true leaves the call
   * unanswered (the test then kills the caller, as if it died right after Telegram did the work).
   */
  holdAfter: ((method: string, params: Record<string, unknown>) => boolean) | null = null;

  private server: Server | null = null;
  private updates: Record<string, unknown>[] = [];
  private nextUpdateId = 1;
  private nextMessageId = new Map<number, number>();
  private waiters: (() => void)[] = [];
  private files = new Map<string, StoredFile>();
  private failures = new Map<string, number[]>();
  private nextFile = 1;
  private userMessages = new Map<string, Record<string, unknown>>();
  private webhook: { url: string; secret: string } | null = null;

  constructor(token = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz") {
    this.token = token;
  }

  get url(): string {
    const address = this.server?.address() as AddressInfo | null;
    if (!address) throw new Error("fake Bot API is not listening");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      this.route(req, res).catch((error) => {
        console.error("fake Bot API failed:", error);
        res.writeHead(500).end(String(error));
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this.url;
  }

  async close(): Promise<void> {
    for (const wake of this.waiters.splice(0)) wake();
    await new Promise<void>((resolve) => {
      if (!this.server) return resolve();
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ------------------------------------------------------------------ test helpers

  /** Make the next `count` calls of `method` answer 429 with retry_after. */
  failWith429(method: string, retryAfter: number, count = 1): void {
    const list = this.failures.get(method) ?? [];
    for (let i = 0; i < count; i++) list.push(retryAfter);
    this.failures.set(method, list);
  }

  /** Store a file the bot can download; `size` overrides the reported file_size. */
  addFile(bytes: Uint8Array, size = bytes.byteLength): string {
    const id = `file-${this.nextFile++}`;
    this.files.set(id, { bytes, size, path: `documents/${id}.bin` });
    return id;
  }

  private messageId(chatId: number): number {
    const n = (this.nextMessageId.get(chatId) ?? 0) + 1;
    this.nextMessageId.set(chatId, n);
    return n;
  }

  private push(update: Record<string, unknown>): number {
    const id = this.nextUpdateId++;
    if (this.webhook) {
      const { url, secret } = this.webhook;
      void fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
        body: JSON.stringify({ update_id: id, ...update }),
      }).catch(() => {});
      return id;
    }
    this.updates.push({ update_id: id, ...update });
    for (const wake of this.waiters.splice(0)) wake();
    return id;
  }

  /** Deliver updates by POSTing them to a webhook, as Telegram does after setWebhook (null: polling). */
  deliverTo(webhook: { url: string; secret: string } | null): void {
    this.webhook = webhook;
  }

  private chat(chatId: number, userId: number) {
    return chatId === userId
      ? { id: chatId, type: "private", first_name: `用户${userId}` }
      : { id: chatId, type: "supergroup", title: `测试群${-chatId}` };
  }

  private userMessage(userId: number, chatId: number, fields: Record<string, unknown>, replyTo?: number) {
    const messageId = this.messageId(chatId);
    const replied = replyTo ? this.findMessage(chatId, replyTo) : undefined;
    const message = {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: this.chat(chatId, userId),
      from: { id: userId, is_bot: false, first_name: `用户${userId}` },
      ...(replied ? { reply_to_message: replied } : {}),
      ...fields,
    };
    this.userMessages.set(`${chatId}:${messageId}`, message);
    this.push({ message });
    return messageId;
  }

  private findMessage(chatId: number, messageId: number): Record<string, unknown> | undefined {
    const own = this.messages.find((m) => m.chatId === chatId && m.messageId === messageId);
    if (own)
      return {
        message_id: own.messageId,
        date: Math.floor(Date.now() / 1000),
        chat: { id: chatId, type: "private" },
        from: this.botUser,
        text: own.text,
      };
    return this.userMessages.get(`${chatId}:${messageId}`);
  }

  /** The user sends a document; returns the message id. */
  sendDocument(
    userId: number,
    fileId: string,
    fileName: string,
    options: { chatId?: number; mime?: string; fileSize?: number } = {},
  ): number {
    const file = this.files.get(fileId);
    return this.userMessage(userId, options.chatId ?? userId, {
      document: {
        file_id: fileId,
        file_unique_id: `u-${fileId}`,
        file_name: fileName,
        mime_type: options.mime ?? "application/octet-stream",
        file_size: options.fileSize ?? file?.size ?? 0,
      },
    });
  }

  /**
   * The user sends a photo: Telegram delivers several sizes of it (smallest first). Without `sizes`,
   * one 800×600 size whose file does not exist.
   */
  sendPhoto(
    userId: number,
    chatId = userId,
    sizes: readonly { fileId: string; width: number; height: number }[] = [
      { fileId: "photo-1", width: 800, height: 600 },
    ],
  ): number {
    return this.userMessage(userId, chatId, {
      photo: sizes.map((size) => ({
        file_id: size.fileId,
        file_unique_id: `u-${size.fileId}`,
        width: size.width,
        height: size.height,
        file_size: this.files.get(size.fileId)?.size ?? 50_000,
      })),
    });
  }

  /** The user sends text (commands get their bot_command entity). */
  sendText(userId: number, text: string, options: { chatId?: number; replyTo?: number } = {}): number {
    const entities: Record<string, unknown>[] = [];
    const command = /^\/[a-z_]+(@\w+)?/.exec(text);
    if (command) entities.push({ type: "bot_command", offset: 0, length: command[0].length });
    for (const m of text.matchAll(/@\w+/g))
      if (!command || (m.index ?? 0) >= command[0].length)
        entities.push({ type: "mention", offset: m.index, length: m[0].length });
    return this.userMessage(
      userId,
      options.chatId ?? userId,
      { text, ...(entities.length > 0 ? { entities } : {}) },
      options.replyTo,
    );
  }

  /** The user presses an inline button under a bot message. */
  clickButton(userId: number, message: SentMessage, label: string): void {
    const button = message.replyMarkup?.inline_keyboard.flat().find((b) => b.text === label);
    if (!button?.callback_data) throw new Error(`no button "${label}" on message ${message.messageId}`);
    this.push({
      callback_query: {
        id: `cb-${this.nextUpdateId}`,
        from: { id: userId, is_bot: false, first_name: `用户${userId}` },
        chat_instance: `ci-${message.chatId}`,
        data: button.callback_data,
        message: {
          message_id: message.messageId,
          date: Math.floor(Date.now() / 1000),
          chat: this.chat(message.chatId, userId),
          from: this.botUser,
          text: message.text,
        },
      },
    });
  }

  /** A raw update, as Telegram would send it (webhook tests). */
  makeTextUpdate(userId: number, text: string): Record<string, unknown> {
    const chatId = userId;
    const entities = text.startsWith("/")
      ? [{ type: "bot_command", offset: 0, length: text.split(" ")[0]?.length ?? 0 }]
      : [];
    return {
      update_id: this.nextUpdateId++,
      message: {
        message_id: this.messageId(chatId),
        date: Math.floor(Date.now() / 1000),
        chat: this.chat(chatId, userId),
        from: { id: userId, is_bot: false, first_name: `用户${userId}` },
        text,
        entities,
      },
    };
  }

  messagesTo(chatId: number): SentMessage[] {
    return this.messages.filter((m) => m.chatId === chatId);
  }

  callsOf(method: string): Call[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Poll until `find` returns something (or fail after `timeoutMs`). */
  async waitFor<T>(
    find: () => T | undefined | null | false,
    timeoutMs = 15_000,
    what = "condition",
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** The next bot message in `chatId` whose text matches, after `since` messages. */
  waitForMessage(chatId: number, match: RegExp, timeoutMs = 15_000): Promise<SentMessage> {
    return this.waitFor(
      () => this.messagesTo(chatId).find((m) => match.test(m.document ? m.document.fileName : m.text)),
      timeoutMs,
      `a message matching ${match} in chat ${chatId}`,
    );
  }

  // ------------------------------------------------------------------ HTTP

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const filePrefix = `/file/bot${this.token}/`;
    if (url.pathname.startsWith(filePrefix)) {
      const path = url.pathname.slice(filePrefix.length);
      const file = [...this.files.values()].find((f) => f.path === path);
      if (!file) return void res.writeHead(404).end();
      res.writeHead(200, {
        "content-type": "application/octet-stream",
        "content-length": file.bytes.byteLength,
      });
      res.end(Buffer.from(file.bytes));
      return;
    }
    const m = /^\/bot([^/]+)\/(\w+)$/.exec(url.pathname);
    if (!m || m[1] !== this.token)
      return this.reply(res, 404, { ok: false, error_code: 404, description: "Not Found" });
    const method = m[2] ?? "";
    const params = await this.params(req);
    this.calls.push({ method, params, at: Date.now() });
    const failure = this.failures.get(method)?.shift();
    if (failure !== undefined)
      return this.reply(res, 429, {
        ok: false,
        error_code: 429,
        description: `Too Many Requests: retry after ${failure}`,
        parameters: { retry_after: failure },
      });
    const result = await this.handle(method, params, req);
    if (!("error" in result) && this.holdAfter?.(method, params)) return;
    if ("error" in result)
      return this.reply(res, result.code, { ok: false, error_code: result.code, description: result.error });
    return this.reply(res, 200, { ok: true, result: result.ok });
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }

  private async params(req: IncomingMessage): Promise<Record<string, unknown>> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const type = req.headers["content-type"] ?? "";
    if (body.length === 0) return {};
    if (type.includes("application/json")) return JSON.parse(body.toString("utf8"));
    if (type.includes("multipart/form-data")) {
      const boundary = /boundary=("?)([^";]+)\1/.exec(type)?.[2];
      if (!boundary) throw new Error("multipart body without boundary");
      return parseMultipart(body, boundary);
    }
    return Object.fromEntries(new URLSearchParams(body.toString("utf8")));
  }

  private checkText(text: string, parseMode: unknown): string | null {
    if (parseMode === "HTML") {
      if (this.rejectHtml) return "Bad Request: can't parse entities: rejected by the test";
      const problem = checkTelegramHtml(text);
      if (problem) return `Bad Request: ${problem}`;
    }
    const plain = parseMode === "HTML" ? plainOf(text) : text;
    if (plain.trim().length === 0) return "Bad Request: message text is empty";
    if (plain.length > 4096) return "Bad Request: message is too long";
    return null;
  }

  private async handle(
    method: string,
    p: Record<string, unknown>,
    req: IncomingMessage,
  ): Promise<{ ok: unknown } | { error: string; code: number }> {
    const chatId = Number(p.chat_id);
    switch (method) {
      case "getMe":
        return {
          ok: {
            ...this.botUser,
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          },
        };
      case "deleteWebhook":
      case "setWebhook":
      case "setMyCommands":
      case "sendChatAction":
      case "answerCallbackQuery":
        return { ok: true };
      case "getUpdates":
        return { ok: await this.getUpdates(p, req) };
      case "getFile": {
        const file = this.files.get(String(p.file_id));
        if (!file) return { error: "Bad Request: invalid file_id", code: 400 };
        if (file.size > 20 * 1024 * 1024) return { error: "Bad Request: file is too big", code: 400 };
        return {
          ok: {
            file_id: p.file_id,
            file_unique_id: `u-${p.file_id}`,
            file_size: file.size,
            file_path: file.path,
          },
        };
      }
      case "sendMessage": {
        const problem = this.checkText(String(p.text ?? ""), p.parse_mode);
        if (problem) return { error: problem, code: 400 };
        return { ok: this.record(chatId, p, String(p.text)) };
      }
      case "sendDocument": {
        const doc = p.document as { fileName: string; content: string; bytes: Uint8Array } | undefined;
        if (!doc?.fileName) return { error: "Bad Request: there is no document in the request", code: 400 };
        return {
          ok: this.record(chatId, p, "", {
            fileName: doc.fileName,
            content: doc.content,
            bytes: doc.bytes,
            ...(typeof p.caption === "string" ? { caption: p.caption } : {}),
          }),
        };
      }
      case "sendPhoto": {
        const photo = p.photo as { fileName: string; bytes: Uint8Array } | undefined;
        if (!photo?.bytes) return { error: "Bad Request: there is no photo in the request", code: 400 };
        if (photo.bytes.byteLength > 10 * 1024 * 1024)
          return { error: "Bad Request: PHOTO_TOO_BIG", code: 400 };
        return {
          ok: this.record(chatId, p, "", undefined, {
            fileName: photo.fileName,
            bytes: photo.bytes,
            ...(typeof p.caption === "string" ? { caption: p.caption } : {}),
          }),
        };
      }
      case "editMessageText": {
        const target = this.messages.find((m) => m.chatId === chatId && m.messageId === Number(p.message_id));
        if (!target) return { error: "Bad Request: message to edit not found", code: 400 };
        const problem = this.checkText(String(p.text ?? ""), p.parse_mode);
        if (problem) return { error: problem, code: 400 };
        if (target.text === p.text) return { error: "Bad Request: message is not modified", code: 400 };
        target.text = String(p.text);
        target.parseMode = p.parse_mode as string | undefined;
        if (p.reply_markup) target.replyMarkup = p.reply_markup as SentMessage["replyMarkup"];
        target.edits++;
        return {
          ok: {
            message_id: target.messageId,
            chat: { id: chatId, type: "private" },
            date: 0,
            text: target.text,
          },
        };
      }
      case "editMessageReplyMarkup": {
        const target = this.messages.find((m) => m.chatId === chatId && m.messageId === Number(p.message_id));
        if (!target) return { error: "Bad Request: message to edit not found", code: 400 };
        target.replyMarkup = p.reply_markup as SentMessage["replyMarkup"];
        return { ok: true };
      }
      default:
        return { error: `Not Found: method ${method} is not faked`, code: 404 };
    }
  }

  private record(
    chatId: number,
    p: Record<string, unknown>,
    text: string,
    document?: SentMessage["document"],
    photo?: SentMessage["photo"],
  ): Record<string, unknown> {
    const messageId = this.messageId(chatId);
    const replyTo = (p.reply_parameters as { message_id?: number } | undefined)?.message_id;
    this.messages.push({
      chatId,
      messageId,
      text,
      parseMode: p.parse_mode as string | undefined,
      replyMarkup: p.reply_markup as SentMessage["replyMarkup"],
      replyTo,
      ...(document ? { document } : {}),
      ...(photo ? { photo } : {}),
      edits: 0,
    });
    return {
      message_id: messageId,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: chatId > 0 ? "private" : "supergroup" },
      from: this.botUser,
      ...(document
        ? {
            document: {
              file_id: `sent-${messageId}`,
              file_unique_id: `s${messageId}`,
              file_name: document.fileName,
            },
          }
        : photo
          ? {
              photo: [
                { file_id: `photo-${messageId}`, file_unique_id: `p${messageId}`, width: 0, height: 0 },
              ],
            }
          : { text }),
    };
  }

  private async getUpdates(p: Record<string, unknown>, req: IncomingMessage): Promise<unknown[]> {
    const offset = Number(p.offset ?? 0);
    if (offset > 0) this.updates = this.updates.filter((u) => Number(u.update_id) >= offset);
    const limit = Number(p.limit ?? 100);
    const timeoutMs = Number(p.timeout ?? 0) * 1000;
    if (this.updates.length === 0 && timeoutMs > 0) {
      await new Promise<void>((resolve) => {
        const socket = req.socket;
        const timer = setTimeout(done, timeoutMs);
        function done() {
          clearTimeout(timer);
          socket.off("close", done);
          resolve();
        }
        this.waiters.push(done);
        socket.once("close", done);
      });
    }
    return this.updates.slice(0, limit);
  }
}
