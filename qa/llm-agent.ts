/**
 * The LLM Q&A agent (LangChain tool calling) behind the Answerer interface: the model sees our system
 * prompt, the earlier turns about this report (ctx.history) and the question; the report's data reach
 * it only as tool results (qa/llm-tools.ts) over this context. The answer is post-checked: every number
 * in it must be one a tool returned this turn, else the safe fallback answers. Length-capped.
 */
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { type LlmLogger, silentLogger } from "../extract/llm/logger.ts";
import { type Prompts, renderPrompt } from "../prompts/load-prompts.ts";
import type { Answer, AnswerContext, Answerer, Citation } from "./answerer.ts";
import { capLength, numberKey, numbersIn, ungroundedNumbers } from "./llm-numbers.ts";
import { buildToolkit } from "./llm-tools.ts";

export interface LlmAgentOptions {
  /** A chat model that supports tool calling (ChatOpenAICompletions in production, any in tests). */
  readonly model: BaseChatModel;
  readonly prompts: Prompts;
  /** Answers when the LLM cannot give a grounded answer (the deterministic answerer); default: a fixed text. */
  readonly fallback?: Answerer;
  /** Model turns per question (tool rounds plus the answer). */
  readonly maxSteps?: number;
  /** Longest answer, in characters. */
  readonly maxChars?: number;
  /** Earlier turns given to the model. */
  readonly historyTurns?: number;
  readonly logger?: LlmLogger;
}

type Usage = { inputTokens: number; outputTokens: number };

const MAX_QUESTION_CHARS = 500;

function textOf(message: AIMessage): string {
  const c = message.content;
  if (typeof c === "string") return c;
  return c
    .map((part) => (typeof part === "string" ? part : part.type === "text" ? String(part.text) : ""))
    .join("");
}

export function createLlmAgent(options: LlmAgentOptions): Answerer {
  const { model, prompts } = options;
  const maxSteps = options.maxSteps ?? 5;
  const maxChars = options.maxChars ?? 600;
  const historyTurns = options.historyTurns ?? 6;
  const logger = options.logger ?? silentLogger;
  if (!model.bindTools) throw new Error("the Q&A model must support tool calling (bindTools)");

  async function fallback(question: string, ctx: AnswerContext, usage: Usage, why: string): Promise<Answer> {
    logger.info({ why, ...usage }, "llm answer replaced by the safe answer");
    if (options.fallback) {
      const a = await options.fallback.answer(question, ctx);
      return {
        ...a,
        usage: {
          inputTokens: usage.inputTokens + (a.usage?.inputTokens ?? 0),
          outputTokens: usage.outputTokens + (a.usage?.outputTokens ?? 0),
        },
      };
    }
    return { text: prompts.qaFallback.text, citations: [], handled: false, usage };
  }

  async function answer(question: string, ctx: AnswerContext): Promise<Answer> {
    const kit = buildToolkit(ctx);
    const byName = new Map(kit.tools.map((t) => [t.name, t]));
    const bound = model.bindTools?.(kit.tools);
    if (!bound) throw new Error("bindTools unavailable");
    const messages: BaseMessage[] = [new SystemMessage(renderPrompt(prompts.qaSystem, { maxChars }))];
    for (const turn of ctx.history.slice(-historyTurns)) {
      messages.push(new HumanMessage(turn.question), new AIMessage(turn.answer));
    }
    messages.push(new HumanMessage(question.slice(0, MAX_QUESTION_CHARS)));

    const usage: Usage = { inputTokens: 0, outputTokens: 0 };
    let final: string | null = null;
    try {
      for (let step = 0; step < maxSteps && final === null; step++) {
        const ai = (await bound.invoke(messages)) as AIMessage;
        usage.inputTokens += ai.usage_metadata?.input_tokens ?? 0;
        usage.outputTokens += ai.usage_metadata?.output_tokens ?? 0;
        messages.push(ai);
        const calls = ai.tool_calls ?? [];
        if (calls.length === 0) {
          final = textOf(ai);
          break;
        }
        for (const call of calls) {
          const t = byName.get(call.name);
          const content = t
            ? String(await t.invoke(call.args)).slice(0, 8_000)
            : JSON.stringify({ error: `unknown tool ${call.name}` });
          messages.push(new ToolMessage({ content, tool_call_id: call.id ?? call.name }));
        }
      }
    } catch (error) {
      return fallback(
        question,
        ctx,
        usage,
        `model call failed: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    if (final === null || final.trim() === "")
      return fallback(question, ctx, usage, "no final answer within the step limit");
    const text = capLength(final, maxChars);
    const ungrounded = ungroundedNumbers(text, kit.allowed);
    if (ungrounded.length > 0)
      return fallback(question, ctx, usage, `numbers no tool returned: ${ungrounded.join(", ")}`);
    const stated = new Set(numbersIn(text));
    const citations: Citation[] = [...kit.cited.values()].filter(
      (c) => c.value !== null && stated.has(numberKey(c.value)),
    );
    logger.info({ ...usage, citations: citations.length }, "llm answer");
    return { text, citations, handled: true, usage };
  }

  return { name: "llm", usesModel: true, answer };
}
