/**
 * `npm run eval -- --real`: the real corpus through the batch pipeline (one batch per form, so an
 * issuer's consecutive years audited together are linked for the cross-year rules, as in
 * `nianbao audit a b --json`), scored against the hand-checked gold, printed apart from the
 * synthetic figures, and compared with the committed baseline (eval/real/baseline.json): a figure, a
 * metadata field or a finding that was right and is now wrong is a regression.
 */
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { auditBatch } from "../audit/batch.ts";
import type { ResultFinding } from "../audit/result.ts";
import { isolatedAuditor } from "../bot/worker/pool-auditor.ts";
import { REAL_FORMS } from "./generate/model.ts";
import { table } from "./print.ts";
import { REAL_DIR, type RealGold, realFiles } from "./real.ts";
import {
  expectedFor,
  type FileRun,
  type GoldFile,
  META_FIELDS,
  percent,
  type Ratio,
  score,
} from "./score.ts";

const REPO = `${REAL_DIR}/../..`;

/** Audits every real file, one batch per form (cross-year links within a form). */
export async function auditReal(golds: readonly RealGold[], timeoutMs = 20_000): Promise<FileRun[]> {
  const files = realFiles(golds);
  const runs: FileRun[] = [];
  // Each file in a worker with a time and a heap cap, as the CLI's batch runs it.
  const isolated = isolatedAuditor({ timeoutMs });
  try {
    for (const form of REAL_FORMS) {
      const ofForm = files.filter((f) => f.format === form);
      if (ofForm.length === 0) continue;
      const byName = new Map(ofForm.map((f) => [relative(REPO, f.path), f]));
      const started = performance.now();
      const batch = await auditBatch(
        [...byName].map(([name, f]) => ({ name, bytes: new Uint8Array(readFileSync(f.path)) })),
        { timeoutMs, auditor: isolated.audit },
      );
      const ms = (performance.now() - started) / Math.max(1, ofForm.length);
      const seen = new Set<string>();
      for (const e of batch.entries) {
        const gold = byName.get(e.result.file);
        if (!gold) continue;
        seen.add(e.result.file);
        runs.push({ gold, result: e.result, error: null, ms });
      }
      for (const [name, gold] of byName) {
        if (seen.has(name)) continue;
        const problem = batch.problems.find((p) => p.name === name);
        runs.push({ gold, result: null, error: problem?.message ?? "not audited", ms });
      }
    }
  } finally {
    await isolated.close();
  }
  return runs;
}

// ------------------------------------------------------------------ per-file outcome (baseline)

export interface FileOutcome {
  /** Keys whose figure differs from the gold. */
  readonly fieldMisses: string[];
  /** Metadata fields that differ from the gold. */
  readonly metaMisses: string[];
  /** Rules found and not expected (not tolerated), with the severity found. */
  readonly falseAlarms: string[];
  /** Rules expected and not found. */
  readonly misses: string[];
}

const sameNumber = (a: unknown, b: unknown) =>
  a === b || (typeof a === "number" && typeof b === "number" && Math.abs(a - b) < 1e-6);

export function outcome(run: FileRun): FileOutcome {
  const { gold, result } = run;
  const fieldMisses = Object.entries(gold.figures)
    .filter(([k, v]) => !sameNumber(result?.figures[k] ?? null, v))
    .map(([k]) => k);
  const metaMisses = META_FIELDS.filter(
    (f) => ((result?.meta as Record<string, unknown> | undefined)?.[f] ?? null) !== (gold.meta[f] ?? null),
  );
  const expected = new Set(expectedFor(gold).map((f) => f.rule));
  const found = result?.findings ?? [];
  const falseAlarms = [
    ...new Set(
      found
        .filter((f) => !expected.has(f.rule) && !gold.tolerated.includes(f.rule))
        .map((f) => `${f.rule}:${f.severity}`),
    ),
  ].sort();
  const foundRules = new Set(found.map((f) => f.rule));
  const misses = [...expected].filter((r) => !foundRules.has(r)).sort();
  return { fieldMisses, metaMisses: [...metaMisses], falseAlarms, misses };
}

export type Baseline = Record<string, FileOutcome>;

const fileName = (g: GoldFile) => `${g.id}.${g.format}`;

export function baselineOf(runs: readonly FileRun[]): Baseline {
  const out: Baseline = {};
  for (const r of [...runs].sort((a, b) => fileName(a.gold).localeCompare(fileName(b.gold))))
    out[fileName(r.gold)] = outcome(r);
  return out;
}

/** What got worse than the baseline: one line per file and kind. A new file has an empty baseline. */
export function regressions(runs: readonly FileRun[], baseline: Baseline): string[] {
  const lines: string[] = [];
  for (const r of runs) {
    const name = fileName(r.gold);
    const now = outcome(r);
    const before = baseline[name] ?? { fieldMisses: [], metaMisses: [], falseAlarms: [], misses: [] };
    const worse = (kind: keyof FileOutcome) => now[kind].filter((x) => !before[kind].includes(x));
    for (const kind of ["fieldMisses", "metaMisses", "falseAlarms", "misses"] as const) {
      const w = worse(kind);
      if (w.length > 0)
        lines.push(
          `${name} ${kind}: ${w.slice(0, 8).join(", ")}${w.length > 8 ? ` (+${w.length - 8})` : ""}`,
        );
    }
  }
  return lines;
}

// ------------------------------------------------------------------ summary figures

export interface RealSummary {
  readonly reports: number;
  readonly files: number;
  readonly issuers: number;
  readonly provinces: number;
  readonly falseErrors: number;
  readonly falseWarnings: number;
  readonly falseNotices: number;
  /** Figures the pipeline gave a number for that is not the gold's (a null where gold has a number is not counted). */
  readonly wrongNonNull: number;
  readonly hardMisses: number;
  readonly fields: Record<string, Ratio>;
  readonly meta: Ratio;
}

function falseFindings(run: FileRun): ResultFinding[] {
  const expected = new Set(expectedFor(run.gold).map((f) => f.rule));
  const seen = new Set<string>();
  return (run.result?.findings ?? []).filter((f) => {
    if (expected.has(f.rule) || run.gold.tolerated.includes(f.rule)) return false;
    const key = `${f.rule}:${f.severity}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function summarize(golds: readonly RealGold[], runs: readonly FileRun[]): RealSummary {
  const s = score(runs);
  let falseErrors = 0;
  let falseWarnings = 0;
  let falseNotices = 0;
  for (const r of runs)
    for (const f of falseFindings(r)) {
      if (f.severity === "error") falseErrors++;
      else if (f.severity === "warning") falseWarnings++;
      else falseNotices++;
    }
  const wrongNonNull = s.fieldMisses.filter((m) => typeof m.got === "number").length;
  const hardMisses = Object.values(s.rules)
    .filter((r) => r.hard)
    .reduce((a, r) => a + r.fn, 0);
  const fields: Record<string, Ratio> = {};
  for (const [form, b] of Object.entries(s.byFormat)) fields[form] = b.fields;
  let ok = 0;
  let total = 0;
  for (const m of Object.values(s.meta))
    for (const r of Object.values(m)) {
      ok += r.ok;
      total += r.total;
    }
  return {
    reports: golds.length,
    files: runs.length,
    issuers: new Set(golds.map((g) => g.meta.issuer ?? g.id)).size,
    provinces: new Set(golds.map((g) => g.province)).size,
    falseErrors,
    falseWarnings,
    falseNotices,
    wrongNonNull,
    hardMisses,
    fields,
    meta: { ok, total },
  };
}

// ------------------------------------------------------------------ printing

const fmt = (r: Ratio | undefined) => (r ? `${percent(r)} (${r.ok}/${r.total})` : "—");

export function renderReal(
  golds: readonly RealGold[],
  runs: readonly FileRun[],
  baseline: Baseline | null,
): string {
  const s = score(runs);
  const sum = summarize(golds, runs);
  const out: string[] = [];
  const sec = (title: string, body: string) => out.push("", `== ${title}`, body);
  out.push(
    `Nianbao eval — REAL corpus (eval/real/): ${sum.reports} reports, ${sum.issuers} issuers, ${sum.provinces} provinces, ${sum.files} files`,
  );
  const forms = REAL_FORMS.filter((f) => s.byFormat[f]);
  sec(
    "Per form: status, field exact-match, metadata",
    table(
      ["form", "files", "ok", "other status", "fields exact", "表二", "表三", "表四", "metadata"],
      forms.map((f) => {
        const b = s.byFormat[f] as (typeof s.byFormat)[string];
        const other = Object.entries(b.statuses)
          .filter(([k]) => k !== "ok")
          .map(([k, n]) => `${k} ${n}`)
          .join(", ");
        const t = s.fieldsByTable[f] ?? {};
        const m = Object.values(s.meta[f] ?? {}).reduce(
          (a, r) => ({ ok: a.ok + r.ok, total: a.total + r.total }),
          { ok: 0, total: 0 },
        );
        return [
          f,
          String(b.files),
          String(b.statuses.ok ?? 0),
          other || "—",
          fmt(b.fields),
          fmt(t.t2),
          fmt(t.t3),
          fmt(t.t4),
          fmt(m),
        ];
      }),
    ),
  );
  sec(
    "Metadata by field (all forms)",
    table(
      ["field", "accuracy"],
      META_FIELDS.map((field) => {
        let ok = 0;
        let total = 0;
        for (const m of Object.values(s.meta)) {
          ok += m[field]?.ok ?? 0;
          total += m[field]?.total ?? 0;
        }
        return [field, fmt({ ok, total })];
      }),
    ),
  );
  const metaMisses = s.metaMisses.map(
    (m) => `  ${m.file} ${m.field}: ${JSON.stringify(m.expected)} → ${JSON.stringify(m.got)}`,
  );
  if (metaMisses.length > 0) out.push(...metaMisses.slice(0, 30));
  sec(
    "Rules on real reports (per file: TP expected+found, FP found not expected, FN expected not found)",
    table(
      ["rule", "class", "precision", "recall", "TP", "FP", "FN", "sev≠"],
      Object.values(s.rules)
        .sort((a, b) => (a.hard === b.hard ? a.rule.localeCompare(b.rule) : a.hard ? -1 : 1))
        .map((r) => [
          r.rule,
          r.hard ? "hard" : "soft",
          r.tp + r.fp === 0 ? "—" : percent({ ok: r.tp, total: r.tp + r.fp }),
          r.tp + r.fn === 0 ? "—" : percent({ ok: r.tp, total: r.tp + r.fn }),
          String(r.tp),
          String(r.fp),
          String(r.fn),
          String(r.severityMismatch),
        ]),
    ),
  );
  const perTwenty = sum.files === 0 ? 0 : (sum.falseWarnings / sum.files) * 20;
  out.push(
    "",
    `false alarms: ${sum.falseErrors} errors, ${sum.falseWarnings} warnings (${perTwenty.toFixed(2)} per 20 files), ${sum.falseNotices} notices; hard-rule misses: ${sum.hardMisses}; wrong non-null figures: ${sum.wrongNonNull}; metadata ${fmt(sum.meta)}`,
  );
  const alarms: string[] = [];
  for (const r of runs)
    for (const f of falseFindings(r))
      alarms.push(
        `  ${fileName(r.gold)} [${f.rule} ${f.severity}] ${f.message.replace(/\s+/g, " ").slice(0, 140)}`,
      );
  sec("False alarms (every one)", alarms.length > 0 ? alarms.join("\n") : "  none");
  const misses: string[] = [];
  for (const r of runs) {
    const o = outcome(r);
    if (o.misses.length > 0) misses.push(`  ${fileName(r.gold)}: ${o.misses.join(", ")}`);
  }
  sec("Missed findings", misses.length > 0 ? misses.join("\n") : "  none");
  const wrong = s.fieldMisses
    .filter((m) => typeof m.got === "number")
    .map((m) => `  ${m.file} ${m.key}: gold ${m.expected} → read ${m.got}`);
  sec(
    "Wrong non-null figures",
    wrong.length > 0
      ? wrong.slice(0, 40).join("\n") + (wrong.length > 40 ? `\n  … ${wrong.length - 40} more` : "")
      : "  none",
  );
  const nulls = new Map<string, number>();
  for (const m of s.fieldMisses)
    if (m.got === null || m.got === undefined) nulls.set(m.file, (nulls.get(m.file) ?? 0) + 1);
  sec(
    "Figures left null (or absent) where the gold has a value, by file",
    nulls.size > 0 ? [...nulls].map(([f, n]) => `  ${f}: ${n}`).join("\n") : "  none",
  );
  const crashed = runs.filter((r) => r.result === null);
  if (crashed.length > 0)
    sec("Not audited", crashed.map((r) => `  ${fileName(r.gold)}: ${r.error}`).join("\n"));
  if (baseline) {
    const reg = regressions(runs, baseline);
    sec(
      "Against the baseline (eval/real/baseline.json)",
      reg.length > 0 ? reg.map((l) => `  REGRESSION ${l}`).join("\n") : "  no regression",
    );
  }
  return `${out.join("\n")}\n`;
}
