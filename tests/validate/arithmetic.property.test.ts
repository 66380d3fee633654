/**
 * Properties of the hard arithmetic rules (style.md "Tests"): a balanced table yields no finding,
 * nudging one cell by d ≠ 0 yields exactly the expected rule instances with difference ±d, and a null
 * cell is never read as 0 (its instances are cannot_check, never a fail).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Figures, ParsedReport } from "../../extract/schema.ts";
import { T3_APPLICANT_COLUMNS, T3_GROUPS, type TemplateVersion } from "../../extract/template/layout.ts";
import { runRules } from "../../validate/engine.ts";
import type { Rule } from "../../validate/finding.ts";
import { t3Bal } from "../../validate/rules/t3-bal.ts";
import { t3Colsum } from "../../validate/rules/t3-colsum.ts";
import { t3Results } from "../../validate/rules/t3-results.ts";
import { t4LitigationAfterReview } from "../../validate/rules/t4-litigation-after-review.ts";
import { t4LitigationDirect } from "../../validate/rules/t4-litigation-direct.ts";
import { t4Review } from "../../validate/rules/t4-review.ts";
import { cleanReport } from "../helpers/report.ts";

const T3_RULES: readonly Rule[] = [t3Bal, t3Colsum, t3Results];
const T4_RULES: readonly Rule[] = [t4Review, t4LitigationDirect, t4LitigationAfterReview];
const T4_GROUPS = ["review", "litigation_direct", "litigation_after_review"] as const;
const T4_RULE_OF: Record<string, string> = {
  review: "T4-REVIEW",
  litigation_direct: "T4-LITIGATION_DIRECT",
  litigation_after_review: "T4-LITIGATION_AFTER_REVIEW",
};

function partRows(version: TemplateVersion): string[] {
  return [
    "granted",
    "partially_granted",
    ...T3_GROUPS.denied,
    ...T3_GROUPS.unable,
    ...T3_GROUPS.not_processed,
    ...(version === "2021" ? T3_GROUPS.other_split : ["other_processing"]),
  ];
}

interface T3Input {
  version: TemplateVersion;
  parts: number[];
  forward: number[];
  overFraction: number[];
}

const PARTS_2021 = partRows("2021").length * 6;
const PARTS_2019 = partRows("2019").length * 6;

const t3Input: fc.Arbitrary<T3Input> = fc.constantFrom<TemplateVersion>("2019", "2021").chain((version) =>
  fc.record({
    version: fc.constant(version),
    parts: fc.array(fc.nat(20), {
      minLength: version === "2021" ? PARTS_2021 : PARTS_2019,
      maxLength: version === "2021" ? PARTS_2021 : PARTS_2019,
    }),
    forward: fc.array(fc.nat(20), { minLength: 6, maxLength: 6 }),
    overFraction: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 6, maxLength: 6 }),
  }),
);

/** A 表三 where every relation holds: parts drawn, （七） = Σ parts, 一 = （七）+四−二, totals = Σ applicants. */
function balancedT3(input: T3Input): ParsedReport {
  const rows = partRows(input.version);
  const f: Figures = {};
  T3_APPLICANT_COLUMNS.forEach((col, c) => {
    let done = 0;
    rows.forEach((row, r) => {
      const v = input.parts[r * 6 + c] ?? 0;
      f[`t3.${row}.${col}`] = v;
      done += v;
    });
    const forward = input.forward[c] ?? 0;
    const carriedOver = Math.floor((input.overFraction[c] ?? 0) * (done + forward));
    f[`t3.total_processed.${col}`] = done;
    f[`t3.carried_forward.${col}`] = forward;
    f[`t3.carried_over.${col}`] = carriedOver;
    f[`t3.new.${col}`] = done + forward - carriedOver;
  });
  for (const row of [...rows, "total_processed", "carried_forward", "carried_over", "new"]) {
    f[`t3.${row}.total`] = T3_APPLICANT_COLUMNS.reduce((s, col) => s + (f[`t3.${row}.${col}`] ?? 0), 0);
  }
  return cleanReport({ version: input.version, figures: f });
}

const cellOf = (report: ParsedReport) => {
  const keys = Object.keys(report.figures).filter((k) => k.startsWith("t3."));
  return fc.constantFrom(...keys);
};
const nudge = fc.integer({ min: -5, max: 5 }).filter((d) => d !== 0);

function set(report: ParsedReport, key: string, value: number | null): ParsedReport {
  return cleanReport({
    version: report.meta.templateVersion === "2019" ? "2019" : "2021",
    figures: { ...report.figures, [key]: value },
  });
}

/** "t3.denied.state_secret.total" → ["denied.state_secret", "total"]. */
function split(key: string): [string, string] {
  const body = key.slice(3);
  const i = body.lastIndexOf(".");
  return [body.slice(0, i), body.slice(i + 1)];
}

function expectedT3(key: string, d: number, version: TemplateVersion): string[] {
  const [row, col] = split(key);
  const out = [`T3-COLSUM t3.${row}.* ${col === "total" ? d : -d}`];
  if (row === "new" || row === "carried_over") out.push(`T3-BAL t3.*.${col} ${-d}`);
  if (row === "total_processed" || row === "carried_forward") out.push(`T3-BAL t3.*.${col} ${d}`);
  if (row === "total_processed") out.push(`T3-RESULTS t3.*.${col} ${d}`);
  if (partRows(version).includes(row)) out.push(`T3-RESULTS t3.*.${col} ${-d}`);
  return out.sort();
}

describe("表三 arithmetic properties", () => {
  it("a balanced table yields no finding", () => {
    fc.assert(
      fc.property(t3Input, (input) => {
        const { findings, summary } = runRules({ report: balancedT3(input) }, T3_RULES, { strict: true });
        expect(findings).toEqual([]);
        for (const s of summary) expect(s.cannot_check + s.fail).toBe(0);
      }),
    );
  });

  it("nudging one cell by d yields exactly the expected instances with difference ±d", () => {
    fc.assert(
      fc.property(
        t3Input.chain((input) => {
          const report = balancedT3(input);
          return fc.tuple(fc.constant(input), cellOf(report), nudge);
        }),
        ([input, key, d]) => {
          const base = balancedT3(input);
          const report = set(base, key, (base.figures[key] ?? 0) + d);
          const { findings } = runRules({ report }, T3_RULES, { strict: true });
          const got = findings.map((f) => `${f.rule} ${f.scope} ${f.difference}`).sort();
          expect(got).toEqual(expectedT3(key, d, input.version));
          for (const f of findings) expect(f.cells).toContain(key);
        },
      ),
    );
  });

  it("a null cell is never 0: its instances are cannot_check and nothing fails", () => {
    fc.assert(
      fc.property(
        t3Input.chain((input) => fc.tuple(fc.constant(input), cellOf(balancedT3(input)))),
        ([input, key]) => {
          const report = set(balancedT3(input), key, null);
          const { findings } = runRules({ report }, T3_RULES, { strict: true });
          expect(findings).toEqual([]);
          const [row, col] = split(key);
          const colsum = t3Colsum.check({ report }).find((c) => c.scope === `t3.${row}.*`);
          expect(colsum).toEqual({ outcome: "cannot_check", scope: `t3.${row}.*`, missing: [key] });
          for (const rule of [t3Bal, t3Results]) {
            // Instances that do not involve the cell pass; those that do are cannot_check with it listed.
            const instance = rule.check({ report }).find((c) => c.scope === `t3.*.${col}`);
            if (instance?.outcome !== "pass")
              expect(instance).toEqual({ outcome: "cannot_check", scope: `t3.*.${col}`, missing: [key] });
          }
        },
      ),
    );
  });

  it("a null cell beside a wrong cell of the same row leaves that row unchecked, not failed", () => {
    fc.assert(
      fc.property(
        t3Input.chain((input) => fc.tuple(fc.constant(input), cellOf(balancedT3(input)), nudge)),
        ([input, key, d]) => {
          const [row, col] = split(key);
          const neighbour = `t3.${row}.${col === "total" ? "natural_person" : "total"}`;
          const base = balancedT3(input);
          const report = cleanReport({
            version: input.version,
            figures: {
              ...base.figures,
              [key]: null,
              [neighbour]: (base.figures[neighbour] ?? 0) + Math.abs(d),
            },
          });
          const { findings } = runRules({ report }, [t3Colsum], { strict: true });
          expect(findings.filter((f) => f.scope === `t3.${row}.*`)).toEqual([]);
          expect(t3Colsum.check({ report }).find((c) => c.scope === `t3.${row}.*`)?.outcome).toBe(
            "cannot_check",
          );
        },
      ),
    );
  });
});

// ------------------------------------------------------------------ 表四

const t4Input = fc.array(fc.nat(30), { minLength: 12, maxLength: 12 });

function balancedT4(values: number[]): ParsedReport {
  const f: Figures = {};
  T4_GROUPS.forEach((group, g) => {
    const parts = values.slice(g * 4, g * 4 + 4);
    ["upheld", "corrected", "other", "pending"].forEach((col, i) => {
      f[`t4.${group}.${col}`] = parts[i] ?? 0;
    });
    f[`t4.${group}.total`] = parts.reduce((s, v) => s + v, 0);
  });
  return cleanReport({ figures: f });
}

const t4Cell = fc.constantFrom(
  ...T4_GROUPS.flatMap((g) =>
    ["upheld", "corrected", "other", "pending", "total"].map((c) => `t4.${g}.${c}`),
  ),
);

describe("表四 arithmetic properties", () => {
  it("a balanced table yields no finding", () => {
    fc.assert(
      fc.property(t4Input, (values) => {
        expect(runRules({ report: balancedT4(values) }, T4_RULES, { strict: true }).findings).toEqual([]);
      }),
    );
  });

  it("nudging one cell by d fires exactly its group's rule with difference ±d", () => {
    fc.assert(
      fc.property(t4Input, t4Cell, nudge, (values, key, d) => {
        const base = balancedT4(values);
        const report = cleanReport({ figures: { ...base.figures, [key]: (base.figures[key] ?? 0) + d } });
        const [, group, col] = key.split(".") as [string, string, string];
        const { findings } = runRules({ report }, T4_RULES, { strict: true });
        expect(findings.map((f) => [f.rule, f.difference])).toEqual([
          [T4_RULE_OF[group], col === "total" ? d : -d],
        ]);
        expect(findings[0]?.cells).toContain(key);
      }),
    );
  });

  it("a null cell makes its group cannot_check and never a fail", () => {
    fc.assert(
      fc.property(t4Input, t4Cell, nudge, (values, key, d) => {
        const base = balancedT4(values);
        // Even with another cell of the group off by d, a null cell leaves the group unchecked.
        const [, group] = key.split(".") as [string, string];
        const other = key.endsWith(".total") ? `t4.${group}.upheld` : `t4.${group}.total`;
        const report = cleanReport({
          figures: { ...base.figures, [key]: null, [other]: (base.figures[other] ?? 0) + Math.abs(d) },
        });
        const { findings, summary } = runRules({ report }, T4_RULES, { strict: true });
        expect(findings).toEqual([]);
        expect(summary.find((s) => s.rule === T4_RULE_OF[group])).toMatchObject({ cannot_check: 1, fail: 0 });
      }),
    );
  });
});
