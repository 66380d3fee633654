/**
 * Calendar days for quotas and /status, in China time (UTC+8, no daylight saving): the users'
 * day, whatever the server's time zone.
 */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000;

/** "2024-05-01" — the China-time date of `at`. */
export function chinaDay(at: Date = new Date()): string {
  return new Date(at.getTime() + CHINA_OFFSET_MS).toISOString().slice(0, 10);
}

/** "2024-05-01 14:03" — a stored ISO time as China time, for messages. */
export function chinaTime(iso: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t + CHINA_OFFSET_MS).toISOString().slice(0, 16).replace("T", " ");
}
