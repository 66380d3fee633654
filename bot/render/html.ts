/**
 * Telegram HTML parse mode: escaping for text we did not write, and the plain-text form of a
 * message for when Telegram rejects the formatting.
 */

/** Escape text for Telegram HTML (only &, < and > are special there; quotes too inside attributes). */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The text a reader sees: tags removed, entities decoded. */
export function htmlToPlain(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");
}

export const bold = (text: string) => `<b>${escapeHtml(text)}</b>`;
export const code = (text: string) => `<code>${escapeHtml(text)}</code>`;
