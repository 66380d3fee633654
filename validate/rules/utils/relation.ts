/**
 * One arithmetic instance: reported = Σ(reported keys) against computed = Σ(computed keys).
 * Null cells make it cannot_check (never 0) — except a sum of counts whose parts read already exceed the
 * reported total, which fails whatever the null parts hold; a cell decoded with this very relation makes a holding
 * relation `assumed` instead of `pass` (rules.md §6, §7).
 */
import type { ParsedReport } from "../../../extract/schema.ts";
import type { RuleCheck, RuleHit } from "../../finding.ts";
import { decodedWith, sumPresent } from "./figures.ts";
import { round, same } from "./format.ts";

export type Relation =
  | { readonly status: "missing"; readonly missing: string[]; readonly cells: string[] }
  | {
      readonly status: "ok";
      readonly reported: number;
      readonly computed: number;
      /** 填报 − 计算. */
      readonly difference: number;
      readonly holds: boolean;
      /** A cell was decoded with this relation. */
      readonly decoded: boolean;
      readonly cells: string[];
      /**
       * Parts not read (null) where the parts read already exceed the reported total: the relation
       * fails whatever they hold (counts are never negative); `computed` is then the least sum.
       */
      readonly unread?: string[];
    };

export interface RelationOptions {
  /** The computed side is a sum of counts (≥ 0): parts read beyond the reported total fail it already. */
  readonly countParts?: boolean;
}

export function evalRelation(
  report: ParsedReport,
  ruleId: string,
  reportedKeys: readonly string[],
  computedKeys: readonly string[],
  options: RelationOptions = {},
): Relation {
  const cells = [...new Set([...computedKeys, ...reportedKeys])];
  const r = sumPresent(report, reportedKeys);
  const c = sumPresent(report, computedKeys);
  const missing = cells.filter((k) => r.missing.includes(k) || c.missing.includes(k));
  const reported = round(r.sum);
  const computed = round(c.sum);
  const sums = { reported, computed, difference: round(reported - computed), cells };
  if (missing.length === 0)
    return {
      status: "ok",
      ...sums,
      holds: same(reported, computed),
      decoded: decodedWith(report, cells, ruleId),
    };
  // 维持 10 + 纠正 ? + 其他 0 + 未审结 0 against 总计 0: no count in the unread cell makes it hold.
  if (options.countParts && r.missing.length === 0 && computed > reported)
    return { status: "ok", ...sums, holds: false, decoded: false, unread: missing };
  return { status: "missing", missing, cells };
}

/** Relation holds (pass or assumed). */
export function holds(relation: Relation): boolean {
  return relation.status === "ok" && relation.holds;
}

/** Relation evaluated and failed. */
export function fails(relation: Relation): relation is Extract<Relation, { status: "ok" }> {
  return relation.status === "ok" && !relation.holds;
}

/** The RuleCheck of a relation; `hit` builds the finding data for a failed one. */
export function relationCheck(
  relation: Relation,
  scope: string,
  hit: (r: Extract<Relation, { status: "ok" }>) => RuleHit,
): RuleCheck {
  if (relation.status === "missing") return { outcome: "cannot_check", scope, missing: relation.missing };
  if (relation.holds) return { outcome: relation.decoded ? "assumed" : "pass", scope };
  return { outcome: "fail", scope, hit: hit(relation) };
}

/** The one instance of a table rule when the table was not found: nothing is invented. */
export function tableNotFound(table: "t2" | "t3" | "t4"): RuleCheck {
  return { outcome: "cannot_check", scope: table, missing: [] };
}
