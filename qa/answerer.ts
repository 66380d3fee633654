/**
 * Follow-up questions about an audited report. The bot asks an `Answerer`; the deterministic one
 * (qa/deterministic.ts) is always there, the LLM agent (qa/llm-agent.ts) plugs into the same interface
 * when an endpoint is configured. Every number in an answer is a figure of the report, cited.
 */
import type { AuditResult } from "../audit/result.ts";
import type { ParsedReport } from "../extract/schema.ts";

export interface QaTurn {
  readonly question: string;
  readonly answer: string;
  /** ISO time. */
  readonly at: string;
}

export interface AnswerContext {
  /** The report the question is about (the chat's last or chosen one). */
  readonly report: AuditResult;
  /** Other reports of the same chat, for comparisons; never another chat's. */
  readonly others?: readonly AuditResult[];
  /** Earlier turns about this report, oldest first. */
  readonly history: readonly QaTurn[];
  /**
   * The parsed report the result was computed from (section texts, the fee sentence), when kept:
   * questions about what the report writes are answered from it; without it they say so.
   */
  readonly parsed?: ParsedReport | null;
}

export interface Citation {
  /** Canonical key (t3.new.total) or a finding id ("finding:T3-BAL"). */
  readonly key: string;
  readonly value: number | null;
  /** Where it was read, in Chinese: "表三「一、本年新收…」总计，第43行". */
  readonly source: string;
}

export interface Answer {
  /** Chinese text for the user. */
  readonly text: string;
  readonly citations: readonly Citation[];
  /** false when the question could not be mapped (the text then says what can be answered). */
  readonly handled: boolean;
  readonly usage?: { readonly inputTokens: number; readonly outputTokens: number };
}

export interface Answerer {
  readonly name: string;
  /** It calls a model (its tokens count against the user's daily budget). */
  readonly usesModel?: boolean;
  answer(question: string, ctx: AnswerContext): Promise<Answer>;
}
