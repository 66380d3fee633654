/**
 * An API transformer: when Telegram rejects a message's HTML ("can't parse entities"), send the
 * same message again as plain text (tags removed, entities decoded) instead of failing the update.
 */
import type { Transformer } from "grammy";
import { htmlToPlain } from "../render/html.ts";

const FORMATTED = new Set(["sendMessage", "editMessageText"]);

export function isFormattingProblem(description: string): boolean {
  return /parse entities|start tag|end tag/i.test(description);
}

export const htmlFallback: Transformer = async (prev, method, payload, signal) => {
  const result = await prev(method, payload, signal);
  if (result.ok || !FORMATTED.has(method)) return result;
  const p = payload as { parse_mode?: string; text?: string } | undefined;
  if (p?.parse_mode !== "HTML" || typeof p.text !== "string") return result;
  if (result.error_code !== 400 || !isFormattingProblem(result.description)) return result;
  const { parse_mode: _dropped, ...plain } = p;
  return prev(method, { ...plain, text: htmlToPlain(p.text) } as typeof payload, signal);
};
