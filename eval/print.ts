/**
 * The eval's report for people (plain text tables) and for scripts (JSON): one Score, two renderings.
 */
import { FORMATS } from "./generate/model.ts";
import {
  type FileRun,
  META_FIELDS,
  percent,
  pooledFalsePositives,
  pooledRecall,
  type Ratio,
  rate,
  type Score,
  score,
} from "./score.ts";

const pad = (s: string, n: number) => (s.length >= n ? s : s + " ".repeat(n - s.length));
const lpad = (s: string, n: number) => (s.length >= n ? s : " ".repeat(n - s.length) + s);

export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells.map((c, i) => (i === 0 ? pad(c, widths[i] ?? 0) : lpad(c, widths[i] ?? 0))).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

const fmtRatio = (r: Ratio | undefined) => (r ? `${percent(r)} (${r.ok}/${r.total})` : "—");
const ratioOf = (tp: number, other: number): Ratio => ({ ok: tp, total: tp + other });

export interface EvalSummary {
  readonly generatorVersion: number;
  readonly corpusDir: string | null;
  readonly reports: number;
  readonly generated: number;
  readonly reused: number;
  readonly generationMs: { total: number; render: number; docx: number; pdf: number } | null;
  readonly auditMs: number;
  readonly skipped: ReadonlyArray<{ format: string; reason: string }>;
  readonly notes: readonly string[];
}

/** Score per source (seeds, generated) and all together. */
export function scoreAll(runs: readonly FileRun[]): { all: Score; seeds: Score; generated: Score } {
  return {
    all: score(runs),
    seeds: score(runs.filter((r) => r.gold.source === "seed")),
    generated: score(runs.filter((r) => r.gold.source === "generated")),
  };
}

function formatTotals(s: Score): string {
  const rows = FORMATS.filter((f) => s.byFormat[f]).map((f) => {
    const b = s.byFormat[f] as Score["byFormat"][string];
    const other = Object.entries(b.statuses)
      .filter(([k]) => k !== "ok")
      .map(([k, n]) => `${k} ${n}`)
      .join(", ");
    return [
      f,
      String(b.files),
      String(b.statuses.ok ?? 0),
      other || "—",
      `${(b.ms / Math.max(1, b.files)).toFixed(0)}`,
      (b.ms / 1000).toFixed(1),
      fmtRatio(b.fields),
    ];
  });
  return table(["format", "files", "ok", "other status", "mean ms", "total s", "fields exact"], rows);
}

function fieldTables(s: Score): string {
  const rows = FORMATS.filter((f) => s.fieldsByTable[f]).map((f) => {
    const t = s.fieldsByTable[f] ?? {};
    return [f, fmtRatio(t.t2), fmtRatio(t.t3), fmtRatio(t.t4)];
  });
  return table(["format", "表二 t2", "表三 t3", "表四 t4"], rows);
}

function worstKeys(s: Score, n = 15): string {
  const bad = Object.entries(s.fieldsByKey)
    .filter(([, r]) => r.ok < r.total)
    .sort((a, b) => rate(a[1]) - rate(b[1]) || b[1].total - a[1].total)
    .slice(0, n);
  if (bad.length === 0) return "every key 100%";
  return table(
    ["key", "exact", "example (file: expected → got)"],
    bad.map(([key, r]) => {
      const m = s.fieldMisses.find((x) => x.key === key);
      return [
        key,
        fmtRatio(r),
        m ? `${m.file}: ${m.expected} → ${m.got === undefined ? "absent" : m.got}` : "",
      ];
    }),
  );
}

function metaTable(s: Score): string {
  const rows = FORMATS.filter((f) => s.meta[f]).map((f) => [
    f,
    ...META_FIELDS.map((k) => fmtRatio(s.meta[f]?.[k])),
  ]);
  return table(["format", ...META_FIELDS], rows);
}

function rulesTable(s: Score): string {
  const list = Object.values(s.rules).sort((a, b) =>
    a.hard === b.hard ? a.rule.localeCompare(b.rule) : a.hard ? -1 : 1,
  );
  return table(
    ["rule", "class", "precision", "recall", "TP", "FP", "FN", "sev≠", "inst≠"],
    list.map((r) => [
      r.rule,
      r.hard ? "hard" : "soft",
      r.tp + r.fp === 0 ? "—" : percent(ratioOf(r.tp, r.fp)),
      r.tp + r.fn === 0 ? "—" : percent(ratioOf(r.tp, r.fn)),
      String(r.tp),
      String(r.fp),
      String(r.fn),
      String(r.severityMismatch),
      String(r.instanceMismatch),
    ]),
  );
}

function ruleExamples(s: Score): string {
  const lines: string[] = [];
  for (const r of Object.values(s.rules).sort((a, b) => a.rule.localeCompare(b.rule))) {
    for (const e of r.examplesFn.slice(0, 4)) lines.push(`  FN ${r.rule}: ${e}`);
    for (const e of r.examplesFp.slice(0, 4)) lines.push(`  FP ${r.rule}: ${e}`);
  }
  return lines.length > 0 ? lines.join("\n") : "  none";
}

export function recallByFormat(s: Score, runs: readonly FileRun[]): string {
  const rows = FORMATS.filter((f) => s.byFormat[f]).map((f) => {
    const sub = score(runs.filter((r) => r.gold.format === f));
    const hard = pooledRecall(sub, true);
    const soft = pooledRecall(sub, false);
    return [
      f,
      fmtRatio(hard),
      String(pooledFalsePositives(sub, true)),
      fmtRatio(soft),
      String(pooledFalsePositives(sub, false)),
    ];
  });
  return table(["format", "hard recall", "hard FP", "soft recall", "soft FP"], rows);
}

export function renderReport(summary: EvalSummary, runs: readonly FileRun[]): string {
  const { all, seeds, generated } = scoreAll(runs);
  const out: string[] = [];
  const sec = (title: string, body: string) => out.push("", `== ${title}`, body);
  const seedCount = new Set(runs.filter((r) => r.gold.source === "seed").map((r) => r.gold.id)).size;
  out.push(
    `Nianbao eval — generator v${summary.generatorVersion}; ${summary.reports} generated reports (${summary.generated} generated now, ${summary.reused} reused from ${summary.corpusDir ?? "—"}) + ${seedCount} seeds`,
  );
  if (summary.generationMs) {
    const g = summary.generationMs;
    const office =
      g.docx + g.pdf > 0
        ? `; soffice docx ${(g.docx / 1000).toFixed(1)} s and pdf ${(g.pdf / 1000).toFixed(1)} s, run in parallel`
        : "";
    out.push(
      `generation: ${(g.total / 1000).toFixed(1)} s (render ${(g.render / 1000).toFixed(1)} s${office})`,
    );
  }
  out.push(`audit: ${runs.length} files in ${(summary.auditMs / 1000).toFixed(1)} s`);
  for (const s of summary.skipped) out.push(`SKIPPED ${s.format}: ${s.reason}`);
  for (const n of summary.notes) out.push(n);

  sec("Totals per format (all files)", formatTotals(all));
  sec("Field exact-match by table — generated", fieldTables(generated));
  sec("Field exact-match by table — seeds", fieldTables(seeds));
  sec("Worst keys (all files)", worstKeys(all));
  sec("Metadata accuracy — generated", metaTable(generated));
  sec("Metadata accuracy — seeds", metaTable(seeds));
  const metaExamples = all.metaMisses
    .slice(0, 8)
    .map((m) => `  ${m.file} ${m.field}: ${JSON.stringify(m.expected)} → ${JSON.stringify(m.got)}`);
  if (metaExamples.length > 0) out.push("examples:", ...metaExamples);
  sec(
    "Rules, all files (precision / recall by file; sev≠ = found with another severity; inst≠ = another number of instances)",
    rulesTable(all),
  );
  sec("Hard and soft rules by format", recallByFormat(all, runs));
  const hard = pooledRecall(all, true);
  const soft = pooledRecall(all, false);
  out.push(
    `hard rules: recall ${fmtRatio(hard)}, false positives ${pooledFalsePositives(all, true)}; soft rules: recall ${fmtRatio(soft)}, false positives ${pooledFalsePositives(all, false)}`,
  );
  sec("Misses and false alarms (examples)", ruleExamples(all));
  sec(
    "False alarms on clean generated reports",
    `${generated.clean.withFalseAlarm} of ${generated.clean.files} clean files have a finding the gold does not expect${generated.clean.examples.length > 0 ? `: ${generated.clean.examples.join(", ")}` : ""}`,
  );
  const defects = Object.entries(generated.defects)
    .sort((a, b) => rate(a[1]) - rate(b[1]) || a[0].localeCompare(b[0]))
    .map(([k, r]) => [k, fmtRatio(r)]);
  sec(
    "Defects detected (every aimed rule found), by kind — generated",
    table(["defect", "detected"], defects),
  );
  sec(
    "Crashed or timed out",
    all.crashed.length === 0 ? "none" : all.crashed.map((c) => `  ${c.file}: ${c.error}`).join("\n"),
  );
  sec("Slowest files", all.slowest.map((s) => `  ${s.file}  ${s.ms.toFixed(0)} ms`).join("\n"));
  return `${out.join("\n")}\n`;
}

export function jsonReport(summary: EvalSummary, runs: readonly FileRun[]): unknown {
  const { all, seeds, generated } = scoreAll(runs);
  return {
    summary,
    hardRecall: pooledRecall(all, true),
    softRecall: pooledRecall(all, false),
    hardFalsePositives: pooledFalsePositives(all, true),
    softFalsePositives: pooledFalsePositives(all, false),
    all,
    seeds,
    generated,
    files: runs.map((r) => ({
      id: r.gold.id,
      source: r.gold.source,
      format: r.gold.format,
      status: r.result?.status ?? "crashed",
      ms: Math.round(r.ms),
      error: r.error,
    })),
  };
}
