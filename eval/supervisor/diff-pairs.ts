/**
 * Year-on-year diff on generated pairs with known edits. For a seed, report A is a generated report of
 * year Y; report B is the same report rolled forward to Y+1 (every year in the prose moved on by one)
 * with known edits: table cells changed, one paragraph removed, one added (from another seed's same
 * section), one changed (a clause inserted). Both are rendered as text, audited, and compared with
 * audit/compare. Scored: every edit found, nothing else reported.
 *
 *   npx tsx eval/supervisor/diff-pairs.ts [PAIRS] [text|html]      (default 40 pairs, text)
 */
import { type Comparison, compareReports } from "../../audit/compare/compare.ts";
import { similarity } from "../../audit/compare/text.ts";
import { auditDetailed } from "../../audit/run-audit.ts";
import type { Block, ReportSpec } from "../generate/model.ts";
import { createRng, type Rng } from "../generate/prng.ts";
import { renderHtml } from "../generate/render-html.ts";
import { renderText } from "../generate/render-text.ts";
import { generateReport } from "../generate/report.ts";

export interface KnownEdits {
  /** Cell key → the value printed in B. */
  readonly cells: ReadonlyMap<string, number>;
  readonly removed: readonly { section: number; text: string }[];
  readonly added: readonly { section: number; text: string }[];
  readonly changed: readonly { section: number; before: string; after: string }[];
}

export interface Pair {
  readonly seed: number;
  readonly a: ReportSpec;
  readonly b: ReportSpec;
  readonly edits: KnownEdits;
}

const INSERTS = ["，并对相关工作进行了全面复核", "，同时邀请第三方机构开展评估", "，全年组织专题培训三次"];

/** Moves every year in a text on by one (2023 → 2024). */
function rollYears(text: string): string {
  return text.replace(/(?<!\d)(20\d\d)(?!\d)/g, (m) => String(Number(m) + 1));
}

function isProse(b: Block): b is Extract<Block, { kind: "paragraph" }> {
  return b.kind === "paragraph" && !b.debris && b.text.length >= 12 && b.section >= 1 && b.section <= 6;
}

/** Clean rendering: no glued rows, lost cells or debris, so the edits are the only differences. */
function clean(spec: ReportSpec): ReportSpec {
  return {
    ...spec,
    text: {
      ...spec.text,
      tables: "tab",
      headings: "plain",
      gluedRows: [],
      lostCells: [],
      t4ExtraCell: false,
      brokenLabel: false,
      debris: false,
      t3SplitAt: null,
      formFeed: false,
      encoding: "utf8",
    },
  };
}

export function makePair(seed: number): Pair | null {
  const a = clean(generateReport(seed).spec);
  // The template version must not change with the year (2020 → 2021).
  if (a.year === 2020) return null;
  const rng: Rng = createRng((seed * 7919) >>> 0);
  const cells = new Map<string, number>();
  const newCells: Record<string, string> = { ...a.cells };
  const numeric = Object.entries(a.cells).filter(([k, v]) => /^\d{1,4}$/.test(v) && !k.includes("amount"));
  for (let i = 0; i < 3 && numeric.length > 0; i++) {
    const [key, text] = numeric.splice(rng.int(0, numeric.length - 1), 1)[0] as [string, string];
    const value = Number(text) + rng.int(1, 30);
    newCells[key] = String(value);
    cells.set(key, value);
  }
  const rolled: Block[] = a.blocks.map((b) => {
    if (b.kind === "title" || b.kind === "signature") return { ...b, lines: b.lines.map(rollYears) };
    if (b.kind === "paragraph" || b.kind === "heading" || b.kind === "subheading")
      return { ...b, text: rollYears(b.text) };
    return b;
  });
  const prose = rolled.map((b, i) => ({ b, i })).filter((x) => isProse(x.b));
  if (prose.length < 4) return null;
  const pickIndex = () => prose.splice(rng.int(0, prose.length - 1), 1)[0] as { b: Block; i: number };
  const removedAt = pickIndex();
  const changedAt = pickIndex();
  const removed = removedAt.b as Extract<Block, { kind: "paragraph" }>;
  const before = changedAt.b as Extract<Block, { kind: "paragraph" }>;
  const cut = Math.max(before.text.indexOf("，"), 4);
  const after = `${before.text.slice(0, cut)}${rng.pick(INSERTS)}${before.text.slice(cut)}`;
  // The added paragraph: another seed's paragraph of the same section as one of ours.
  const donor = generateReport(seed + 100_000).spec.blocks.filter(isProse);
  const host = rolled[prose[0]?.i ?? 0] as Extract<Block, { kind: "paragraph" }>;
  const addedText = rollYears(
    (
      donor.find(
        (d) =>
          d.section === host.section &&
          !a.blocks.some((x) => x.kind === "paragraph" && similarity(x.text, d.text) > 0.6),
      ) ?? donor[0]
    )?.text ?? "",
  );
  const blocks: Block[] = [];
  for (const [i, b] of rolled.entries()) {
    if (i === removedAt.i) continue;
    if (i === changedAt.i) blocks.push({ ...before, text: after });
    else blocks.push(b);
    if (i === prose[0]?.i && addedText) blocks.push({ ...host, text: addedText, claims: [], totals: [] });
  }
  const b: ReportSpec = {
    ...a,
    year: a.year + 1,
    publicationDate: a.publicationDate === null ? null : rollYears(a.publicationDate),
    cells: newCells,
    blocks,
  };
  return {
    seed,
    a: { ...a, blocks: a.blocks },
    b,
    edits: {
      cells,
      removed: [
        {
          section: removed.section,
          text:
            a.blocks.filter(isProse).find((x) => rollYears(x.text) === removed.text)?.text ?? removed.text,
        },
      ],
      added: addedText ? [{ section: host.section, text: addedText }] : [],
      changed: [{ section: before.section, before: before.text, after }],
    },
  };
}

const norm = (s: string) => s.normalize("NFKC").replace(/\s+/g, "");
const same = (x: string, y: string) => norm(x) === norm(y) || similarity(norm(x), norm(y)) >= 0.95;

export interface PairScore {
  readonly expected: number;
  readonly found: number;
  readonly invented: string[];
  readonly missed: string[];
}

/** Which known edits the comparison reports, and what it reports that was not edited. */
export function scorePair(pair: Pair, c: Comparison): PairScore {
  const missed: string[] = [];
  const invented: string[] = [];
  let found = 0;
  const changedCells = c.cells.filter((x) => x.kind !== "same" && x.kind !== "both_blank");
  for (const [key, value] of pair.edits.cells) {
    const hit = changedCells.find((x) => x.key === key && x.current === value);
    if (hit) found++;
    else missed.push(`cell ${key}`);
  }
  for (const x of changedCells)
    if (!pair.edits.cells.has(x.key)) invented.push(`cell ${x.key} ${x.previous}→${x.current}`);
  const changes = c.sections.flatMap((s) => s.changes.map((ch) => ({ section: s.no, ch })));
  const used = new Set<number>();
  const take = (pred: (x: (typeof changes)[number]) => boolean) => {
    const i = changes.findIndex((x, j) => !used.has(j) && pred(x));
    if (i >= 0) used.add(i);
    return i >= 0;
  };
  for (const r of pair.edits.removed)
    if (take((x) => x.section === r.section && x.ch.op === "removed" && same(x.ch.text, r.text))) found++;
    else missed.push(`removed §${r.section}`);
  for (const r of pair.edits.added)
    if (take((x) => x.section === r.section && x.ch.op === "added" && same(x.ch.text, r.text))) found++;
    else missed.push(`added §${r.section}`);
  for (const r of pair.edits.changed)
    if (
      take(
        (x) =>
          x.section === r.section &&
          x.ch.op === "changed" &&
          same(x.ch.current, r.after) &&
          x.ch.runs
            .filter((run) => run.op !== "same")
            .every((run) => norm(r.after).includes(norm(run.text)) || run.op === "removed"),
      )
    )
      found++;
    else missed.push(`changed §${r.section}`);
  changes.forEach((x, j) => {
    if (!used.has(j))
      invented.push(
        `${x.ch.op} §${x.section}: ${(x.ch.op === "changed" ? x.ch.current : x.ch.text).slice(0, 30)}`,
      );
  });
  const expected =
    pair.edits.cells.size + pair.edits.removed.length + pair.edits.added.length + pair.edits.changed.length;
  return { expected, found, invented, missed };
}

export type PairFormat = "text" | "html";

async function audit(spec: ReportSpec, name: string, format: PairFormat) {
  const text =
    format === "html"
      ? renderHtml({ ...spec, html: { ...spec.html, chrome: false } }, false)
      : renderText(spec, createRng((spec.seed ^ 0x7e57) >>> 0));
  const { result, report } = await auditDetailed(new TextEncoder().encode(text), name);
  if (report === null) throw new Error(`${name}: ${result.statusMessage}`);
  return { name, result, report };
}

export async function runPairs(count: number, firstSeed = 1, format: PairFormat = "text") {
  const scores: (PairScore & { seed: number })[] = [];
  for (let seed = firstSeed; scores.length < count && seed < firstSeed + count * 3; seed++) {
    const pair = makePair(seed);
    if (pair === null) continue;
    const a = await audit(pair.a, `A-${seed}.${format}`, format);
    const b = await audit(pair.b, `B-${seed}.${format}`, format);
    scores.push({ seed, ...scorePair(pair, compareReports(a, b)) });
  }
  return scores;
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 40);
  const format = process.argv[3] === "html" ? "html" : "text";
  const scores = await runPairs(n, 1, format);
  const expected = scores.reduce((s, x) => s + x.expected, 0);
  const found = scores.reduce((s, x) => s + x.found, 0);
  const invented = scores.reduce((s, x) => s + x.invented.length, 0);
  for (const s of scores)
    if (s.missed.length > 0 || s.invented.length > 0)
      console.log(
        `seed ${s.seed}: missed ${s.missed.join("; ") || "-"} | invented ${s.invented.join("; ") || "-"}`,
      );
  console.log(
    `format: ${format}; pairs: ${scores.length}; edits: ${expected}; found: ${found} (${((100 * found) / Math.max(1, expected)).toFixed(1)}%); invented: ${invented}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
