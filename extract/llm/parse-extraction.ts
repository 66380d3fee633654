/**
 * JSON.parse + schema check of one reply. A reply wrapped in a markdown fence or in a sentence is
 * unwrapped to its outermost JSON object first; anything else is an issue for the repair round.
 */
import type { z } from "zod";
import type { ExtractionSchema } from "./wire-schema.ts";

export type ParseResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly issues: readonly string[] };

export function jsonCandidate(text: string): string {
  const trimmed = text.trim();
  const fenced = /^```(?:json)?\s*([\s\S]*?)\s*```$/i.exec(trimmed);
  const body = fenced ? (fenced[1] as string) : trimmed;
  if (body.startsWith("{")) return body;
  const start = body.indexOf("{");
  const end = body.lastIndexOf("}");
  return start >= 0 && end > start ? body.slice(start, end + 1) : body;
}

function pathText(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `["${String(p)}"]`))
    .join("");
}

export function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${pathText(i.path) || "(root)"}: ${i.message}`);
}

export function parseExtraction(
  text: string,
  schema: ExtractionSchema,
): ParseResult<z.infer<ExtractionSchema["zod"]>> {
  let json: unknown;
  try {
    json = JSON.parse(jsonCandidate(text));
  } catch (error) {
    return {
      ok: false,
      issues: [`not valid JSON: ${error instanceof Error ? error.message : String(error)}`],
    };
  }
  const parsed = schema.zod.safeParse(json);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, issues: formatIssues(parsed.error) };
}
