/** /status for admins: mode, uptime, the audit queue, audits today. */
import { Composer } from "grammy";
import type { BotContext } from "../context.ts";
import { chinaDay } from "../day.ts";
import type { FeatureDeps } from "../deps.ts";
import type { QueueCounts } from "../queue/queue-pool.ts";
import { ADMIN_ONLY } from "../render/texts.ts";

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return `${d > 0 ? `${d} 天 ` : ""}${h} 小时 ${m} 分 ${s % 60} 秒`;
}

export function statusFeature(deps: FeatureDeps): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command("status", async (ctx) => {
    if (!deps.config.admins.has(ctx.from?.id ?? 0)) {
      await ctx.reply(ADMIN_ONLY);
      return;
    }
    const pool = deps.pool.stats();
    // The Postgres queue (bot/queue/queue-pool.ts) counts its jobs, dead-lettered ones included.
    const counted = deps.pool as Partial<{ queueCounts(): Promise<QueueCounts> }>;
    const queue = counted.queueCounts ? await counted.queueCounts.call(deps.pool) : null;
    const day = chinaDay(deps.now());
    const today = await deps.store.auditsOn(day);
    const llm = deps.llm
      ? `模型：${deps.llm.model}（读表与问答）；今日用量 ${await deps.store.tokensOn(day)} tokens，您 ${await deps.store.tokensOn(day, ctx.from?.id ?? 0)}，每人每日上限 ${deps.llm.dailyTokens}`
      : "模型：未配置（只用规则解析器和确定性问答）";
    await ctx.reply(
      [
        "运行状态",
        `模式：${deps.mode === "webhook" ? "Webhook" : "长轮询"}`,
        `已运行：${duration(deps.audits.uptimeMs)}`,
        `审核队列：进行中 ${deps.audits.active} 个（解析线程 ${pool.busy}/${pool.size} 忙，排队 ${pool.queued}）`,
        `今日审核：${today} 份（中国时间）`,
        `本次启动以来：完成 ${pool.completed}，超时 ${pool.timeouts}，解析崩溃 ${pool.crashes}`,
        ...(queue
          ? [
              `作业队列（Postgres）：等待 ${queue.queued}，处理中 ${queue.active}，重试用尽（死信）${queue.dead}`,
            ]
          : []),
        llm,
      ].join("\n"),
    );
  });
  return feature;
}
