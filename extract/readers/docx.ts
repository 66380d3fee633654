/**
 * DOCX reader: mammoth turns the document body into HTML (tables keep their cells, colspan and rowspan),
 * the HTML reader turns that into lines. Metadata comes from docProps/core.xml.
 */
import mammoth from "mammoth";
import type { Document, DocumentInfo } from "../document.ts";
import { guardDocx } from "./docx-guard.ts";
import { htmlToLines } from "./html.ts";
import { ReadError } from "./read-error.ts";
import { listZipEntries, readZipText } from "./zip.ts";

/** Below this many characters, a document with pictures is taken for scanned pages pasted into Word. */
const MIN_TEXT_CHARS = 50;

function xmlField(xml: string, tag: string): string | undefined {
  const match = new RegExp(`<${tag}(?:\\s[^>]*)?>([^<]*)</${tag}>`).exec(xml);
  const value = match?.[1]
    ?.replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, "&")
    .trim();
  return value ? value : undefined;
}

function isoDate(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const time = Date.parse(value);
  return Number.isNaN(time) ? undefined : new Date(time).toISOString();
}

/** Title, author and dates from docProps/core.xml, when present. */
export function docxInfo(bytes: Uint8Array): DocumentInfo {
  const xml = readZipText(bytes, "docProps/core.xml");
  if (!xml) return {};
  const info: Record<string, string> = {};
  const set = (key: keyof DocumentInfo, value: string | undefined) => {
    if (value) info[key] = value;
  };
  set("title", xmlField(xml, "dc:title"));
  set("author", xmlField(xml, "dc:creator"));
  set("created", isoDate(xmlField(xml, "dcterms:created")));
  set("modified", isoDate(xmlField(xml, "dcterms:modified")));
  return info;
}

export async function readDocx(bytes: Uint8Array): Promise<Document> {
  const entries = listZipEntries(bytes);
  if (!entries) throw new ReadError("corrupt", "docx", "zip central directory missing (truncated file?)");
  await guardDocx(bytes, entries);
  let images = 0;
  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) },
      {
        externalFileAccess: false,
        // Images carry no text: count them (an all-image document has no text layer) and drop them.
        convertImage: mammoth.images.imgElement(async () => {
          images++;
          return { src: "" };
        }),
      },
    );
    html = result.value;
  } catch (error) {
    throw new ReadError("corrupt", "docx", error instanceof Error ? error.message : String(error), {
      cause: error,
    });
  }
  const { lines } = htmlToLines(html);
  const chars = lines.reduce(
    (n, l) => n + l.cells.reduce((m, c) => m + c.text.replace(/\s/g, "").length, 0),
    0,
  );
  if (images > 0 && chars < MIN_TEXT_CHARS) {
    throw new ReadError("no_text_layer", "docx", `${chars} characters of text, ${images} image(s)`);
  }
  if (chars === 0) throw new ReadError("empty_text", "docx", "document body has no text");
  return { format: "docx", pageCount: 1, lines, info: docxInfo(bytes) };
}
