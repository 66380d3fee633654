/**
 * Outgoing rate limits (@grammyjs/transformer-throttler, Bottleneck underneath), near Telegram's
 * published limits: about 30 messages a second overall, one a second per group with 20 a minute,
 * and short bursts in private chats (auto-retry handles any 429 that still comes back).
 */
import type { APIThrottlerOptions } from "@grammyjs/transformer-throttler";

export const DEFAULT_THROTTLE: APIThrottlerOptions = {
  global: { reservoir: 30, reservoirRefreshAmount: 30, reservoirRefreshInterval: 1000 },
  group: {
    maxConcurrent: 1,
    minTime: 1000,
    reservoir: 20,
    reservoirRefreshAmount: 20,
    reservoirRefreshInterval: 60_000,
  },
  out: { maxConcurrent: 1, minTime: 200 },
};
