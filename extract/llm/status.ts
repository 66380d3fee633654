/** The `llm` object of an audit result on the `--llm` path (audit-json.md). */
import { z } from "zod";
import { LlmMode } from "./config.ts";

export const LlmStatus = z.object({
  /** ok: the reading was reconciled; failed: no usable reading (see the LLM-* notice); off: not called. */
  status: z.enum(["ok", "failed", "off"]),
  model: z.string().nullable(),
  mode: LlmMode.nullable(),
  requests: z.number().int(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  /** Why the call failed, in English (logs); null when ok. */
  error: z.string().nullable(),
  /** The one repair round was needed. */
  repaired: z.boolean(),
  promptVersion: z.string().nullable(),
  /** Estimated tokens of the report text sent. */
  reportTokens: z.number().int().nullable(),
  /** Reconciliation counts: keys read alike, filled from the LLM, disagreeing, LLM values rejected by the gate. */
  agreed: z.number().int(),
  filled: z.number().int(),
  disagreements: z.number().int(),
  rejected: z.number().int(),
});
export type LlmStatus = z.infer<typeof LlmStatus>;
