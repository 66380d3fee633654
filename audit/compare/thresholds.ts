/**
 * When a year-on-year change of a table cell counts as large (audit/compare/tables.ts). Parsed once
 * from the environment against a schema, with defaults; `NIANBAO_COMPARE_MIN_ABS`,
 * `NIANBAO_COMPARE_MIN_PCT` and `NIANBAO_COMPARE_MIN_AMOUNT` override them (CLI and bot alike).
 */
import { z } from "zod";

export const CompareThresholds = z.object({
  /** A count cell changed by at least this many (件/项)… */
  minAbs: z.coerce.number().nonnegative().default(5),
  /** …and by at least this share of last year's value (0.5 = 50 %; a change from 0 always qualifies). */
  minPct: z.coerce.number().nonnegative().default(0.5),
  /** An amount cell (表二 行政事业性收费, 万元) changed by at least this many 万元. */
  minAmount: z.coerce.number().nonnegative().default(10),
});
export type CompareThresholds = z.infer<typeof CompareThresholds>;

export const DEFAULT_THRESHOLDS: CompareThresholds = CompareThresholds.parse({});

/** Thresholds from the environment; a bad value throws with the variable's name. */
export function thresholdsFromEnv(env: Record<string, string | undefined>): CompareThresholds {
  const parsed = CompareThresholds.safeParse({
    minAbs: env.NIANBAO_COMPARE_MIN_ABS || undefined,
    minPct: env.NIANBAO_COMPARE_MIN_PCT || undefined,
    minAmount: env.NIANBAO_COMPARE_MIN_AMOUNT || undefined,
  });
  if (parsed.success) return parsed.data;
  const names: Record<string, string> = {
    minAbs: "NIANBAO_COMPARE_MIN_ABS",
    minPct: "NIANBAO_COMPARE_MIN_PCT",
    minAmount: "NIANBAO_COMPARE_MIN_AMOUNT",
  };
  const which = parsed.error.issues.map((i) => names[String(i.path[0])] ?? String(i.path[0]));
  throw new Error(`${which.join(", ")} must be a number ≥ 0`);
}
