/**
 * Follow-up questions: a text message (in groups: a reply to the bot or a mention) about the chat's
 * current report, or the report whose summary the message replies to. The answerers are tried in
 * order (LLM first when configured); the deterministic one always answers last.
 */
import { Composer } from "grammy";
import { issuerKey } from "../../audit/issuer-key.ts";
import type { Logger } from "../../logger.ts";
import type { Answer, AnswerContext, Answerer } from "../../qa/answerer.ts";
import type { StoredReport } from "../../store/report-store.ts";
import type { BotContext } from "../context.ts";
import { chinaDay } from "../day.ts";
import type { FeatureDeps } from "../deps.ts";
import { NO_REPORT } from "../render/texts.ts";
import { sendTextDocument } from "../telegram/send.ts";
import { reportFor } from "./report-for.ts";

const MAX_ANSWER = 3500;
const HISTORY_TURNS = 6;
const OTHER_REPORTS = 3;
/** Reports looked through for the same issuer's previous year. */
const SCANNED_REPORTS = 200;

export async function answerWith(
  answerers: readonly Answerer[],
  question: string,
  ctx: AnswerContext,
  log: Logger,
): Promise<{ answer: Answer; by: string; tokens: number }> {
  let last: { answer: Answer; by: string } | null = null;
  // Tokens of every answer tried, also of one passed over (a model's unhandled answer).
  let tokens = 0;
  for (const answerer of answerers) {
    try {
      const answer = await answerer.answer(question, ctx);
      tokens += (answer.usage?.inputTokens ?? 0) + (answer.usage?.outputTokens ?? 0);
      last = { answer, by: answerer.name };
      if (answer.handled) return { ...last, tokens };
    } catch (error) {
      log.warn({ err: error, answerer: answerer.name }, "answerer failed, trying the next");
    }
  }
  if (last) return { ...last, tokens };
  throw new Error("no answerer produced an answer");
}

function stripMention(text: string, username: string): string {
  return text.replace(new RegExp(`@${username}\\b`, "gi"), "").trim();
}

export function askFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on("message:text", async (ctx, next) => {
    if (ctx.message.text.startsWith("/")) return next();
    const question = stripMention(ctx.message.text, ctx.me.username);
    if (!question) return next();
    const report = await reportFor(ctx, deps);
    if (!report) {
      await ctx.reply(NO_REPORT);
      return;
    }
    const chatId = ctx.chat.id;
    await ctx.replyWithChatAction("typing").catch(() => {});
    const history = await deps.store.turns(chatId, report.id, HISTORY_TURNS);
    const others: StoredReport[] = [];
    const rows = await deps.store.listReports(chatId, SCANNED_REPORTS);
    // The newest few, and the same issuer's previous year wherever it is (for "和去年比").
    const key = issuerKey(report.issuer);
    const wanted = [
      ...rows.filter((row) => row.id !== report.id).slice(0, OTHER_REPORTS),
      ...rows.filter(
        (row) =>
          row.id !== report.id &&
          key !== null &&
          report.reportYear !== null &&
          row.reportYear === report.reportYear - 1 &&
          issuerKey(row.issuer) === key,
      ),
    ];
    for (const row of wanted) {
      if (others.some((o) => o.id === row.id)) continue;
      const other = await deps.store.getReport(chatId, row.id);
      if (other) others.push(other);
    }
    // The model's answerers only while the user's daily tokens last (the deterministic one always).
    const day = chinaDay(deps.now());
    const spent =
      deps.llm !== undefined && (await deps.store.tokensOn(day, ctx.from.id)) >= deps.llm.dailyTokens;
    // The kept reading carries the section texts (「第五部分写了什么」); reports stored without it have none.
    const parsed = await deps.store.parsedReport(chatId, report.id);
    const { answer, by, tokens } = await answerWith(
      spent ? deps.answerers.filter((a) => !a.usesModel) : deps.answerers,
      question,
      { report: report.result, others: others.map((o) => o.result), history, parsed },
      ctx.log,
    );
    await deps.store.recordTokens(ctx.from.id, day, tokens);
    const replyTo = { reply_parameters: { message_id: ctx.message.message_id } };
    if (answer.text.length > MAX_ANSWER)
      await sendTextDocument(ctx.api, chatId, "回答.txt", answer.text, {
        replyTo: ctx.message.message_id,
        caption: "回答较长，见附件。",
      });
    else await ctx.reply(answer.text, replyTo);
    await deps.store.addTurn(chatId, report.id, ctx.from.id, {
      question,
      answer: answer.text,
      answerer: by,
      at: deps.now().toISOString(),
    });
    ctx.log.info({ report: report.id, answerer: by, handled: answer.handled }, "question answered");
  });
  return feature;
}
