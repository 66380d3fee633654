/**
 * The text of a reply: the forced tool call's arguments in tools mode (falling back to the content
 * when a server ignored tool_choice), else the message content. Accepted whatever the finish_reason.
 */
import type { ChatCompletion, ChatCompletionMessageParam } from "openai/resources/chat/completions";
import type { LlmMode } from "./config.ts";
import { SCHEMA_NAME } from "./wire-schema.ts";

export interface Reply {
  readonly text: string;
  readonly finishReason: string | null;
  /** Id of the tool call the text came from (the repair answers it with a tool message). */
  readonly toolCallId: string | null;
  /** The assistant message to put back into the conversation for the repair round. */
  readonly assistant: ChatCompletionMessageParam;
}

export function replyOf(mode: LlmMode, completion: ChatCompletion): Reply {
  const choice = completion.choices?.[0];
  const message = choice?.message;
  const finishReason = choice?.finish_reason ?? null;
  if (mode === "tools") {
    const call = (message?.tool_calls ?? []).find(
      (c) => c.type === "function" && c.function.name === SCHEMA_NAME,
    );
    if (call && call.type === "function") {
      return {
        text: call.function.arguments ?? "",
        finishReason,
        toolCallId: call.id,
        assistant: {
          role: "assistant",
          content: null,
          tool_calls: [
            {
              id: call.id,
              type: "function",
              function: { name: call.function.name, arguments: call.function.arguments },
            },
          ],
        },
      };
    }
  }
  const text = message?.content ?? message?.refusal ?? "";
  return { text, finishReason, toolCallId: null, assistant: { role: "assistant", content: text } };
}
