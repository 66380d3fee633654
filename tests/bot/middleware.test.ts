/**
 * The gatekeeping middleware without any server: a grammY bot whose outgoing calls are caught by an
 * API transformer, fed updates by hand. Group gate, rate limit, allow-list.
 */
import { Bot } from "grammy";
import type { Update } from "grammy/types";
import { describe, expect, it } from "vitest";
import type { BotContext } from "../../bot/context.ts";
import { accessControl, isAllowed } from "../../bot/middleware/access.ts";
import { groupGate } from "../../bot/middleware/group-gate.ts";
import { rateLimit } from "../../bot/middleware/rate-limit.ts";
import { silentLogger } from "../../logger.ts";

const ME = {
  id: 42,
  is_bot: true as const,
  first_name: "审核",
  username: "audit_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
};

function testBot(install: (bot: Bot<BotContext>) => void) {
  const sent: { method: string; payload: Record<string, unknown> }[] = [];
  const handled: string[] = [];
  const bot = new Bot<BotContext>("1:test", { botInfo: ME as never });
  bot.api.config.use(async (_prev, method, payload) => {
    sent.push({ method, payload: payload as Record<string, unknown> });
    return { ok: true, result: { message_id: 1, date: 0, chat: { id: 1, type: "private" } } } as never;
  });
  bot.use((ctx, next) => {
    ctx.log = silentLogger;
    return next();
  });
  install(bot);
  bot.on("message", (ctx) => {
    handled.push(ctx.message.text ?? "document");
  });
  return { bot, sent, handled };
}

let id = 1;
function message(chat: { id: number; type: string }, from: number, extra: Record<string, unknown>): Update {
  return {
    update_id: id++,
    message: { message_id: id, date: 0, chat, from: { id: from, is_bot: false, first_name: "u" }, ...extra },
  } as unknown as Update;
}
const group = { id: -100, type: "supergroup", title: "群" };

describe("groupGate", () => {
  it("lets documents, replies to the bot, mentions and commands through in groups; drops chatter", async () => {
    const { bot, handled } = testBot((b) => b.use(groupGate()));
    await bot.handleUpdate(message(group, 1, { text: "大家好" }));
    await bot.handleUpdate(
      message(group, 1, { photo: [{ file_id: "p", file_unique_id: "p", width: 1, height: 1 }] }),
    );
    await bot.handleUpdate(message(group, 1, { document: { file_id: "d", file_unique_id: "d" } }));
    await bot.handleUpdate(
      message(group, 1, { text: "@audit_bot 表三", entities: [{ type: "mention", offset: 0, length: 10 }] }),
    );
    await bot.handleUpdate(
      message(group, 1, { text: "@other_bot 表三", entities: [{ type: "mention", offset: 0, length: 10 }] }),
    );
    await bot.handleUpdate(
      message(group, 1, {
        text: "回复",
        reply_to_message: { message_id: 1, date: 0, chat: group, from: ME },
      }),
    );
    await bot.handleUpdate(
      message(group, 1, {
        text: "/history@audit_bot",
        entities: [{ type: "bot_command", offset: 0, length: 18 }],
      }),
    );
    await bot.handleUpdate(
      message(group, 1, {
        text: "/history@other_bot",
        entities: [{ type: "bot_command", offset: 0, length: 18 }],
      }),
    );
    await bot.handleUpdate(message({ id: 1, type: "private" }, 1, { text: "私聊随便说" }));
    expect(handled).toEqual(["document", "@audit_bot 表三", "回复", "/history@audit_bot", "私聊随便说"]);
  });
});

describe("rateLimit", () => {
  it("allows perMinute updates per user, warns once, then drops until the window frees", async () => {
    let now = 0;
    const { bot, sent, handled } = testBot((b) => b.use(rateLimit(3, () => now)));
    const send = (user: number) =>
      bot.handleUpdate(message({ id: user, type: "private" }, user, { text: `m${user}` }));
    for (let i = 0; i < 5; i++) await send(1);
    await send(2);
    expect(handled).toEqual(["m1", "m1", "m1", "m2"]);
    expect(sent.filter((s) => s.method === "sendMessage")).toHaveLength(1);
    expect(sent[0]?.payload.text).toContain("太频繁");
    now = 61_000;
    await send(1);
    expect(handled.at(-1)).toBe("m1");
  });
});

describe("accessControl", () => {
  const policy = { allowedUsers: new Set([1]), allowedChats: new Set([-100]), admins: new Set([9]) };

  it("decides by user in private chats and by chat in groups; admins always pass", () => {
    expect(isAllowed(policy, 1, { id: 1, type: "private" })).toBe(true);
    expect(isAllowed(policy, 2, { id: 2, type: "private" })).toBe(false);
    expect(isAllowed(policy, 9, { id: 9, type: "private" })).toBe(true);
    expect(isAllowed(policy, 2, { id: -100, type: "supergroup" })).toBe(true);
    expect(isAllowed(policy, 1, { id: -200, type: "group" })).toBe(false);
    expect(isAllowed({ ...policy, allowedUsers: "*" }, 3, { id: 3, type: "private" })).toBe(true);
  });

  it("refuses politely with the id to pass on", async () => {
    const { bot, sent, handled } = testBot((b) => b.use(accessControl(policy)));
    await bot.handleUpdate(message({ id: 5, type: "private" }, 5, { text: "hi" }));
    await bot.handleUpdate(message({ id: 1, type: "private" }, 1, { text: "ok" }));
    expect(handled).toEqual(["ok"]);
    expect(sent[0]?.payload.text).toContain("<code>5</code>");
  });
});
