/** multipart/form-data as grammY sends it: fields (JSON-decoded where they parse) and files by name. */
export function parseMultipart(body: Buffer, boundary: string): Record<string, unknown> {
  const fields: Record<string, unknown> = {};
  const files = new Map<string, { fileName: string; content: string; bytes: Uint8Array }>();
  const delimiter = Buffer.from(`--${boundary}`);
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    const part = body.subarray(start + 2, next - 2); // skip the CRLF after the delimiter and before the next
    const split = part.indexOf("\r\n\r\n");
    const headers = part.subarray(0, split).toString("utf8");
    const content = part.subarray(split + 4);
    const name = /[;\s]name="?([^";\r\n]*)"?/.exec(headers)?.[1] ?? "";
    const fileName = /filename="?([^";\r\n]*)"?/.exec(headers)?.[1];
    if (fileName !== undefined)
      files.set(name, { fileName, content: content.toString("utf8"), bytes: new Uint8Array(content) });
    else {
      const text = content.toString("utf8");
      try {
        fields[name] = JSON.parse(text);
      } catch {
        fields[name] = text;
      }
    }
    at = next;
  }
  for (const [key, value] of Object.entries(fields))
    if (typeof value === "string" && value.startsWith("attach://")) fields[key] = files.get(value.slice(9));
  return fields;
}
