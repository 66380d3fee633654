/**
 * The chat-completions request of each mode: json_schema (response_format, strict), tools (one
 * function tool whose parameters are the schema, forced by name) or json_object (schema in the
 * prompt). Temperature 0 in all three.
 */
import type {
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionMessageParam,
} from "openai/resources/chat/completions";
import type { LlmMode } from "./config.ts";
import { type ExtractionSchema, SCHEMA_NAME } from "./wire-schema.ts";

const TOOL_DESCRIPTION =
  "Record every figure of 表二, 表三 and 表四 as printed in the report (null where blank or unreadable).";

export function requestBody(
  mode: LlmMode,
  model: string,
  messages: ChatCompletionMessageParam[],
  schema: ExtractionSchema,
  maxTokens?: number,
): ChatCompletionCreateParamsNonStreaming {
  const base = { model, messages, temperature: 0, ...(maxTokens ? { max_tokens: maxTokens } : {}) } as const;
  switch (mode) {
    case "json_schema":
      return {
        ...base,
        response_format: {
          type: "json_schema",
          json_schema: { name: SCHEMA_NAME, schema: schema.json, strict: true },
        },
      };
    case "tools":
      return {
        ...base,
        tools: [
          {
            type: "function",
            function: { name: SCHEMA_NAME, description: TOOL_DESCRIPTION, parameters: schema.json },
          },
        ],
        tool_choice: { type: "function", function: { name: SCHEMA_NAME } },
      };
    case "json_object":
      return { ...base, response_format: { type: "json_object" } };
    default: {
      const never: never = mode;
      throw new Error(`unknown mode ${String(never)}`);
    }
  }
}
