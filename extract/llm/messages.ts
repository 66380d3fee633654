/**
 * The chat messages of one extraction request, per mode. The system message holds only our prompt
 * (and, in json_object mode, the JSON Schema); the report text goes in the user message, delimited.
 */
import type { ChatCompletionMessageParam } from "openai/resources/chat/completions";
import { type Prompts, renderPrompt } from "../../prompts/load-prompts.ts";
import type { LlmMode } from "./config.ts";
import { defuseDelimiters } from "./delimit.ts";
import type { ExtractionSchema } from "./wire-schema.ts";

export function extractionMessages(
  prompts: Prompts,
  mode: LlmMode,
  schema: ExtractionSchema,
  reportText: string,
): ChatCompletionMessageParam[] {
  const parts = [renderPrompt(prompts.extractSystem, { examples: prompts.extractExamples.text })];
  if (mode === "json_object") {
    parts.push(renderPrompt(prompts.extractJsonObject, { schema: JSON.stringify(schema.json) }));
  }
  const user = renderPrompt(prompts.extractUser, {
    version: schema.version,
    layout: schema.split ? "分三行" : "一行",
    report: defuseDelimiters(reportText),
    count: schema.keys.length,
  });
  return [
    { role: "system", content: parts.join("\n\n") },
    { role: "user", content: user },
  ];
}

/** The user (or tool) message of the one repair round: the validation issues, numbered. */
export function repairText(prompts: Prompts, issues: readonly string[]): string {
  const shown = issues.slice(0, 40);
  const more = issues.length > shown.length ? [`… (${issues.length - shown.length} more)`] : [];
  return renderPrompt(prompts.extractRepair, {
    count: issues.length,
    issues: [...shown.map((issue, i) => `${i + 1}. ${issue}`), ...more].join("\n"),
  });
}
