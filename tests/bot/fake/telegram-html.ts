/** Telegram's HTML parse mode as the fake Bot API enforces it: allowed tags, nesting, escaping. */

const ALLOWED_TAGS = new Set([
  "b",
  "strong",
  "i",
  "em",
  "u",
  "ins",
  "s",
  "strike",
  "del",
  "code",
  "pre",
  "a",
  "blockquote",
  "tg-spoiler",
  "span",
]);

/** Telegram's HTML rules: known tags only, properly nested, `<`, `>` and `&` escaped. Returns the error or null. */
export function checkTelegramHtml(html: string): string | null {
  const stack: string[] = [];
  const re = /<(\/?)([a-zA-Z-]+)([^<>]*)>|&(#\d+|#x[0-9a-fA-F]+|lt|gt|amp|quot);|[<>&]/g;
  for (const m of html.matchAll(re)) {
    if (m[0] === "<" || m[0] === ">")
      return `Can't parse entities: unsupported start tag at byte offset ${m.index}`;
    if (m[0] === "&") return `Can't parse entities: character '&' is reserved at byte offset ${m.index}`;
    if (m[0].startsWith("&")) continue;
    const tag = (m[2] ?? "").toLowerCase();
    if (!ALLOWED_TAGS.has(tag))
      return `Can't parse entities: unsupported start tag "${tag}" at byte offset ${m.index}`;
    if (m[1]) {
      if (stack.pop() !== tag)
        return `Can't parse entities: can't find end tag corresponding to start tag "${tag}"`;
    } else stack.push(tag);
  }
  if (stack.length > 0)
    return `Can't parse entities: can't find end tag corresponding to start tag "${stack.at(-1)}"`;
  return null;
}

export function plainOf(html: string): string {
  return html
    .replace(/<[^>]*>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}
