/** The report a message is about: the one whose summary it replies to, else the chat's current one. */
import type { StoredReport } from "../../store/report-store.ts";
import type { BotContext } from "../context.ts";
import type { FeatureDeps } from "../deps.ts";

export async function reportFor(ctx: BotContext, deps: FeatureDeps): Promise<StoredReport | null> {
  const chatId = ctx.chat?.id ?? 0;
  const replied = ctx.message?.reply_to_message;
  if (replied && replied.from?.id === ctx.me.id) {
    const chosen = await deps.store.reportBySummaryMessage(chatId, replied.message_id);
    if (chosen) return chosen;
  }
  return deps.store.currentReport(chatId);
}
