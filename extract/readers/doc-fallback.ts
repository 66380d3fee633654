/**
 * LibreOffice fallback for legacy Word files whose tables the in-process reader could not find (an
 * unusual writer, fast-saved files): `soffice --headless --convert-to docx` in a private temporary
 * directory, then the DOCX reader. Used only where soffice is installed and only when needed.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Document } from "../document.ts";
import { readDocBinary } from "./doc.ts";
import { readDocx } from "./docx.ts";

/** Labels of 表三 that every report prints: seen as text but in no table row, the tables were lost. */
const TABLE_LABELS = /本年新收|上年结转|予以公开/;

function sofficePath(): string | null {
  const fromEnv = process.env.NIANBAO_SOFFICE;
  if (fromEnv === "off") return null;
  return fromEnv || "soffice";
}

export async function convertWithSoffice(bytes: Uint8Array, timeoutMs: number): Promise<Uint8Array | null> {
  const soffice = sofficePath();
  if (!soffice) return null;
  const dir = await mkdtemp(join(tmpdir(), "nianbao-doc-"));
  try {
    await writeFile(join(dir, "in.doc"), bytes);
    await new Promise<void>((resolve, reject) => {
      execFile(
        soffice,
        [
          `-env:UserInstallation=file://${dir}/profile`,
          "--headless",
          "--convert-to",
          "docx",
          "--outdir",
          dir,
          join(dir, "in.doc"),
        ],
        { timeout: timeoutMs },
        (error) => (error ? reject(error) : resolve()),
      );
    });
    return new Uint8Array(await readFile(join(dir, "in.docx")));
  } catch {
    return null; // not installed, failed or timed out: keep the in-process reading
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** .doc/.wps: the in-process reading, or LibreOffice's where that lost the tables and soffice is here. */
export async function readDoc(bytes: Uint8Array, options: { timeoutMs?: number } = {}): Promise<Document> {
  const { document, tableRows } = readDocBinary(bytes);
  const text = document.lines.map((l) => l.cells.map((c) => c.text).join("")).join("\n");
  if (tableRows > 0 || !TABLE_LABELS.test(text)) return document;
  const docx = await convertWithSoffice(bytes, options.timeoutMs ?? 60_000);
  if (!docx) return document;
  try {
    const converted = await readDocx(docx);
    return { ...converted, format: "doc", info: document.info };
  } catch {
    return document;
  }
}
