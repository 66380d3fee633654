/**
 * One synthetic report from a seed number: issuer, year and template, figures that hold by
 * construction, prose that restates them, zero to two injected defects, rendering noise, and the
 * expected audit computed by the oracle. Deterministic: the same seed gives the same report.
 */
import type { TemplateVersion } from "../../extract/template/layout.ts";
import { DEFECTS, type DefectKind, type Draft } from "./defects.ts";
import {
  type Figures,
  printedValue as printFigure,
  t2Figures,
  t3Figures,
  t4Figures,
  withSingleOther,
} from "./figures.ts";
import {
  fileCreatedDate,
  type Issuer,
  makeIssuer,
  portalPublicationDate,
  printedDate,
  publicationDate,
} from "./issuers.ts";
import type { Block, Defect as DefectLabel, Expected, ReportSpec } from "./model.ts";
import { chooseHtmlStyle, chooseLabels, chooseTextStyle } from "./noise.ts";
import { layoutCells, oracle, printedValue } from "./oracle.ts";
import { createRng, type Rng } from "./prng.ts";
import { proseBlocks } from "./prose.ts";
import { socialDebris } from "./render-text.ts";

/** Bump when generated reports change: the corpus cache is keyed by it. */
export const GENERATOR_VERSION = 6;

export interface GeneratedReport {
  readonly spec: ReportSpec;
  readonly expected: Expected;
}

/** Every fourth seed is a clean report (no defect); the others cycle through the catalogue. */
export function plannedDefects(seed: number, rng: Rng): DefectKind[] {
  if (seed % 4 === 0) return [];
  const index = seed - Math.floor(seed / 4) - 1;
  const primary = DEFECTS[index % DEFECTS.length] as DefectKind;
  const kinds = [primary];
  if (rng.chance(0.3)) {
    const second = rng.pick(DEFECTS.filter((k) => k.group !== primary.group && compatible(primary, k)));
    kinds.push(second);
  }
  return kinds;
}

function compatible(a: DefectKind, b: DefectKind): boolean {
  const [lo, hi] = [
    Math.max(a.years?.[0] ?? 2019, b.years?.[0] ?? 2019),
    Math.min(a.years?.[1] ?? 2025, b.years?.[1] ?? 2025),
  ];
  if (lo > hi) return false;
  if (a.levels && b.levels && !a.levels.some((l) => b.levels?.includes(l))) return false;
  // 信息处理费 defects need the split （六） and the 2021 template.
  const ids = new Set([a.id, b.id]);
  if (
    (ids.has("fee-notice") || ids.has("t2-unit")) &&
    (ids.has("xy-format") || ids.has("format-other-split"))
  )
    return false;
  return true;
}

/** A third of the undated reports have a file made after the deadline. */
/**
 * A portal publication date for two reports in three, a quarter of them late; the saved page shows it
 * with its chrome, and carries it in a <meta name="PubDate"> one time in two.
 */
function portalDateFor(
  rng: Rng,
  year: number,
  level: Issuer["level"],
  printed: string | null,
): Pick<ReportSpec, "portalDate" | "portalDateStyle" | "portalMeta"> {
  const style = rng.chance(0.5) ? "time" : "date";
  const portalMeta = rng.chance(0.5);
  if (!rng.chance(2 / 3)) return { portalDate: null, portalDateStyle: style, portalMeta };
  const portalDate = portalPublicationDate(rng, year, level, printed, rng.chance(1 / 4));
  return { portalDate, portalDateStyle: style, portalMeta };
}

function fileCreatedDateFor(rng: Rng, year: number, level: Issuer["level"], printed: string | null): string {
  return fileCreatedDate(rng, year, level, printed, printed === null && rng.chance(1 / 3));
}

function chooseYear(rng: Rng, kinds: readonly DefectKind[]): number {
  const lo = Math.max(2019, ...kinds.map((k) => k.years?.[0] ?? 2019));
  const hi = Math.min(2025, ...kinds.map((k) => k.years?.[1] ?? 2025));
  const years = Array.from({ length: hi - lo + 1 }, (_, i) => lo + i);
  return rng.weighted(years.map((y) => [y, y >= 2021 ? 3 : 2] as const));
}

function chooseIssuer(rng: Rng, kinds: readonly DefectKind[]): Issuer {
  for (let i = 0; i < 50; i++) {
    const issuer = makeIssuer(rng);
    if (kinds.every((k) => !k.levels || k.levels.includes(issuer.level))) return issuer;
  }
  throw new Error("no issuer fits the planned defects");
}

function printCells(version: TemplateVersion, otherSplit: boolean, truth: Figures): Record<string, string> {
  const f = otherSplit ? truth : withSingleOther(truth);
  const cells: Record<string, string> = {};
  for (const cell of layoutCells(version, otherSplit)) {
    const value = f[cell.key];
    if (value === undefined) throw new Error(`no figure for ${cell.key}`);
    cells[cell.key] = printFigure(cell.key, value);
  }
  return cells;
}

function feeTruth(rng: Rng, truth: Figures, applies: boolean) {
  const overdue = applies ? (truth["t3.other_processing.overdue_fee.total"] ?? 0) : 0;
  const notices = applies ? overdue + (rng.chance(0.15) ? rng.int(1, 3) : 0) : 0;
  const price = rng.pick([100, 200, 300, 500]);
  return { notices, amount: notices * price, collected: (notices - overdue) * price };
}

function title(rng: Rng, issuer: string, year: number): Block {
  const head = `${year}年政府信息公开工作年度报告`;
  const lines = rng.weighted<string[]>([
    [[`${issuer}${head}`], 6],
    [[issuer, head], 2.5],
    [[`${issuer} ${year} 年政府信息公开工作年度报告`], 1.5],
  ]);
  return { kind: "title", lines };
}

export function generateReport(seed: number): GeneratedReport {
  const rng = createRng(seed);
  const kinds = plannedDefects(seed, rng.fork("defects"));
  const year = chooseYear(rng, kinds);
  const issuer = chooseIssuer(rng.fork("issuer"), kinds);
  const version: TemplateVersion = year >= 2021 ? "2021" : "2019";
  const d: Draft = {
    rng: rng.fork("draft"),
    year,
    issuer,
    version,
    otherSplit: version === "2021",
    truth: {},
    cells: {},
    prose: {},
    date: "ontime",
    dropSection: null,
    swap56: false,
    t3Touched: false,
  };
  for (const k of kinds) k.setup?.(d);
  const figures = rng.fork("figures");
  const t3 = t3Figures(figures, issuer.level, year >= 2021 && d.otherSplit);
  const applications = t3["t3.new.total"] ?? 0;
  d.truth = {
    ...t3,
    ...t4Figures(figures, applications),
    ...t2Figures(figures, d.version, issuer.level, issuer.makesRegulations),
  };
  for (const k of kinds) k.shape?.(d);
  d.cells = printCells(d.version, d.otherSplit, d.truth);
  const labels: DefectLabel[] = kinds.map((k) => ({ kind: k.id, detail: k.apply(d), rules: k.rules }));

  // Prose, from the true figures and the defects' prose options.
  const fees = year >= 2021;
  const prose = proseBlocks({
    rng: rng.fork("prose"),
    issuer,
    year,
    version: d.version,
    truth: d.truth,
    fees,
    feeTruth: feeTruth(rng.fork("fees"), d.truth, fees && d.otherSplit),
    options: d.prose,
  });

  const date =
    d.date === "none" ? null : publicationDate(rng.fork("date"), year, issuer.level, d.date === "late");
  const style = rng.fork("style");
  const blocks: Block[] = [title(style, issuer.name, year), ...prose.preamble];
  const order = d.swap56 ? [1, 2, 3, 4, 6, 5] : [1, 2, 3, 4, 5, 6];
  const textDebris = style.chance(0.3);
  for (const n of order) {
    if (n === d.dropSection) continue;
    blocks.push({ kind: "heading", section: n, text: prose.headings[n] ?? "" });
    const section = prose.sections[n] ?? [];
    if (n === 1 && textDebris) {
      // Social-media lines a converter left in 一 (seed 000): text only.
      const at = section.findIndex((b) => b.kind === "subheading" && b.text.includes("（五）"));
      blocks.push(
        ...section.slice(0, at),
        ...socialDebris(style, year, issuer.name.slice(-6)),
        ...section.slice(at),
      );
    } else blocks.push(...section);
    if (n === 2) blocks.push({ kind: "table", section: 2, table: "t2" });
    if (n === 3) blocks.push({ kind: "table", section: 3, table: "t3" });
    if (n === 4) blocks.push({ kind: "table", section: 4, table: "t4" });
  }
  const sign: string[] = [];
  if (style.chance(0.8)) sign.push(issuer.name);
  if (date !== null)
    sign.push(
      printedDate(
        date,
        style.weighted([
          ["arabic", 7],
          ["chinese", 2],
          ["dashed", 1],
        ] as const),
      ),
    );
  if (sign.length > 0) blocks.push({ kind: "signature", lines: sign });

  // Noise of each rendering.
  const values: Record<string, number | null> = {};
  for (const cell of layoutCells(d.version, d.otherSplit))
    values[cell.key] = printedValue(cell, d.cells[cell.key] ?? "").value;
  const t3Intact =
    !d.t3Touched && Object.entries(values).every(([k, v]) => !k.startsWith("t3.") || v !== null);
  const spec: ReportSpec = {
    id: `g${String(seed).padStart(5, "0")}`,
    seed,
    year,
    version: d.version,
    otherSplit: d.otherSplit,
    issuer: issuer.name,
    level: issuer.level,
    publicationDate: date,
    blocks,
    cells: d.cells,
    labels: chooseLabels(style, d.version),
    defects: labels,
    text: chooseTextStyle(style, {
      values,
      otherSplit: d.otherSplit,
      t3Intact,
      t4AllZero: Object.entries(d.cells).every(([k, v]) => !k.startsWith("t4.") || v === "0"),
      allPrinted: Object.values(values).every((v) => v !== null),
    }),
    html: chooseHtmlStyle(style),
    // Forked last, so that adding it left every other stream of the report as it was.
    fileCreated: fileCreatedDateFor(rng.fork("file-date"), year, issuer.level, date),
    ...portalDateFor(rng.fork("portal-date"), year, issuer.level, date),
  };
  return { spec, expected: oracle(spec, prose.facts) };
}
