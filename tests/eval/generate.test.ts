/**
 * The report generator and the oracle (no audit here): determinism, figures that hold by
 * construction, defects that trigger what they aim at, noise that stays recoverable, and the
 * scoring's counting rules.
 */
import { describe, expect, it } from "vitest";
import type { AuditResult } from "../../audit/result.ts";
import { DEFECTS } from "../../eval/generate/defects.ts";
import { recoverable } from "../../eval/generate/noise.ts";
import { layoutCells, oracle, printedValue } from "../../eval/generate/oracle.ts";
import { createRng } from "../../eval/generate/prng.ts";
import { renderHtml } from "../../eval/generate/render-html.ts";
import { renderText } from "../../eval/generate/render-text.ts";
import { generateReport } from "../../eval/generate/report.ts";
import { type FileRun, type GoldFile, score } from "../../eval/score.ts";
import { T3_COLUMNS, t3Rows } from "../../extract/template/layout.ts";
import { ruleById } from "../../validate/rules/index.ts";

const SEEDS = Array.from({ length: 240 }, (_, i) => i);

function values(report: ReturnType<typeof generateReport>) {
  const { spec } = report;
  const out: Record<string, number | null> = {};
  for (const cell of layoutCells(spec.version, spec.otherSplit))
    out[cell.key] = printedValue(cell, spec.cells[cell.key] ?? "").value;
  return out;
}

describe("generator", () => {
  it("saves some pages in a real portal's chrome (issue 12, pattern 1), and never a document", () => {
    const portal = SEEDS.map((seed) => generateReport(seed).spec).filter(
      (spec) => spec.html.chrome && spec.html.portal === "portal",
    );
    expect(portal.length).toBeGreaterThan(SEEDS.length / 5);
    expect(new Set(portal.map((s) => `${s.html.plainMenus}/${s.html.infoAbove}`)).size).toBe(4);
    const spec = portal[0];
    if (!spec) throw new Error("no portal page");
    const page = renderHtml(spec);
    for (const part of [
      "政府信息公开</",
      "名称：",
      "发布机构：",
      "分享到：",
      "上一篇：",
      "新浪",
      "搜狐",
      "网站标识码",
      "ICP备",
    ])
      expect([part, page.includes(part)]).toEqual([part, true]);
    expect(page).toContain(`上一篇：<a href="#">`);
    expect(page).toContain(String(spec.year - 1));
    expect(renderHtml(spec, false)).not.toMatch(/网站标识码|名称：|上一篇/);
  });

  it("is deterministic for a seed number", () => {
    for (const seed of [0, 7, 123]) {
      const a = generateReport(seed);
      const b = generateReport(seed);
      expect(JSON.stringify(b)).toBe(JSON.stringify(a));
      expect(renderText(b.spec, createRng(seed))).toBe(renderText(a.spec, createRng(seed)));
      expect(renderHtml(b.spec)).toBe(renderHtml(a.spec));
    }
    expect(JSON.stringify(generateReport(1).spec.cells)).not.toBe(
      JSON.stringify(generateReport(2).spec.cells),
    );
  });

  it("prints the template of the year unless a defect says otherwise, and covers both", () => {
    const versions = new Set<string>();
    for (const seed of SEEDS) {
      const { spec } = generateReport(seed);
      versions.add(spec.version);
      if (!spec.defects.some((d) => d.kind === "xy-format"))
        expect(spec.version).toBe(spec.year >= 2021 ? "2021" : "2019");
    }
    expect([...versions].sort()).toEqual(["2019", "2021"]);
  });

  it("clean reports: every relation holds, and the oracle expects nothing but text-noise findings", () => {
    let clean = 0;
    for (const seed of SEEDS) {
      const report = generateReport(seed);
      if (report.spec.defects.length > 0) continue;
      clean++;
      const v = values(report);
      for (const row of t3Rows(report.spec.otherSplit)) {
        const cell = (col: string) => v[`t3.${row.key}.${col}`] ?? Number.NaN;
        expect(cell("total")).toBe(T3_COLUMNS.slice(0, 6).reduce((s, c) => s + cell(c.key), 0));
      }
      for (const col of T3_COLUMNS.map((c) => c.key)) {
        const at = (row: string) => v[`t3.${row}.${col}`] ?? Number.NaN;
        expect(at("new") + at("carried_over")).toBe(at("total_processed") + at("carried_forward"));
      }
      expect(report.expected.findings.filter((f) => !f.formats)).toEqual([]);
    }
    expect(clean).toBe(SEEDS.length / 4);
  });

  it("every defect triggers the rules it aims at, and every aimed rule is registered", () => {
    for (const kind of DEFECTS)
      for (const rule of kind.rules) expect(ruleById(rule)?.meta.id, rule).toBe(rule);
    const seen = new Set<string>();
    for (const seed of SEEDS) {
      const { spec, expected } = generateReport(seed);
      const rules = new Set(expected.findings.map((f) => f.rule));
      for (const d of spec.defects) {
        seen.add(d.kind);
        for (const rule of d.rules) expect(rules.has(rule), `seed ${seed} ${d.kind}: ${rule}`).toBe(true);
      }
    }
    expect([...seen].sort()).toEqual(DEFECTS.map((k) => k.id).sort());
  });

  it("covers the rules the issue lists", () => {
    const aimed = new Set(DEFECTS.flatMap((k) => k.rules));
    for (const rule of [
      "T3-BAL",
      "T3-COLSUM",
      "T3-RESULTS",
      "T3-NONNEG",
      "T4-REVIEW",
      "T4-LITIGATION_DIRECT",
      "T4-LITIGATION_AFTER_REVIEW",
      "T4-NONNEG",
      "T2-NONNEG",
      "T3-BLANK",
      "T4-BLANK",
      "T2-BLANK",
      "TEXT-T3-NEW",
      "TEXT-T3-DONE",
      "TEXT-T3-CARRY",
      "TEXT-T3-SPLIT",
      "TEXT-T4",
      "TEXT-T2",
      "TEXT-SELF",
      "XY-FORMAT",
      "FORMAT-OTHER-SPLIT",
      "FEE-PRESENT",
      "FEE-NOTICE",
      "STRUCTURE-SECTIONS",
      "DEADLINE",
      "META-DATE",
      "META-YEAR",
    ]) {
      expect(aimed.has(rule), rule).toBe(true);
    }
  });

  it("lost cells are recoverable and glued rows have one digit per cell", () => {
    let lost = 0;
    let glued = 0;
    for (const seed of SEEDS) {
      const report = generateReport(seed);
      const v = values(report);
      for (const key of report.spec.text.lostCells) {
        lost++;
        expect(recoverable(v, key, report.spec.otherSplit), `seed ${seed} ${key}`).toBe(true);
      }
      for (const row of report.spec.text.gluedRows) {
        glued++;
        for (const c of T3_COLUMNS) expect(String(v[`${row}.${c.key}`])).toMatch(/^\d$/);
      }
    }
    expect(lost).toBeGreaterThan(5);
    expect(glued).toBeGreaterThan(5);
  });

  it("prints layout (pdftotext -layout) and collapsed (one-line web copy) text only where every cell is a number", () => {
    const seen = new Set<string>();
    for (const seed of SEEDS) {
      const report = generateReport(seed);
      const { tables } = report.spec.text;
      seen.add(tables);
      if (tables !== "layout" && tables !== "collapsed") continue;
      expect(Object.values(values(report)).every((v) => v !== null)).toBe(true);
      const text = renderText(report.spec, createRng(seed));
      if (tables === "collapsed") {
        expect(text.trim().split("\n")).toHaveLength(1);
        expect(text).toMatch(/一、本年新收政府信息公开申请数量\d/);
      } else {
        expect(text).toMatch(/\n一、本年新收政府信息公开申请数量 {2,}\d/);
      }
    }
    expect(seen).toEqual(new Set(["tab", "cellPerLine", "pipe", "layout", "collapsed"]));
  });

  it("derives a defect's consequences from the figures (one nudged 表三 cell → its row and its column)", () => {
    const clean = SEEDS.map(generateReport).find(
      (r) => r.spec.defects.length === 0 && r.spec.version === "2021",
    );
    if (!clean) throw new Error("no clean 2021 report among the seeds");
    const cells = {
      ...clean.spec.cells,
      "t3.granted.business": String(Number(clean.spec.cells["t3.granted.business"]) + 2),
    };
    const expected = oracle(
      { ...clean.spec, cells, text: { ...clean.spec.text, lostCells: [] } },
      { periodYear: null, reportNameYear: null },
    );
    expect(expected.findings.map((f) => `${f.rule} ${f.scope}`).sort()).toEqual([
      "T3-COLSUM t3.granted.*",
      "T3-RESULTS t3.*.business",
    ]);
  });
});

describe("score", () => {
  const gold = (over: Partial<GoldFile>): GoldFile => ({
    id: "x",
    source: "generated",
    format: "text",
    path: "x.txt",
    meta: {},
    figures: { "t3.new.total": 1 },
    findings: [],
    tolerated: [],
    defects: [],
    ...over,
  });
  const result = (rules: string[], figure: number | null): AuditResult =>
    ({
      status: "ok",
      statusMessage: "",
      meta: {},
      figures: { "t3.new.total": figure },
      findings: rules.map((rule) => ({
        rule,
        severity: "warning",
        message: "",
        messageId: "",
        cells: [],
        basis: "",
        data: {},
      })),
    }) as unknown as AuditResult;
  const run = (g: GoldFile, r: AuditResult): FileRun => ({ gold: g, result: r, error: null, ms: 1 });

  it("counts by rule and file: TP, FN, FP; tolerated rules count neither way; clean files with a false alarm", () => {
    const s = score([
      run(
        gold({
          findings: [{ rule: "T3-BAL", severity: "error", scope: "" }],
          defects: [{ kind: "t3-bal", rules: ["T3-BAL"] }],
        }),
        result(["T3-BAL", "T3-BAL"], 1),
      ),
      run(
        gold({
          findings: [{ rule: "TEXT-SELF", severity: "warning", scope: "" }],
          defects: [{ kind: "text-self", rules: ["TEXT-SELF"] }],
        }),
        result([], 1),
      ),
      run(gold({ tolerated: ["FORMAT-OTHER-SPLIT"] }), result(["FORMAT-OTHER-SPLIT", "T2-BLANK"], 2)),
      run(
        gold({ findings: [{ rule: "STRUCTURE-TABLES", severity: "warning", scope: "", formats: ["html"] }] }),
        result([], 1),
      ),
    ]);
    expect(s.rules["T3-BAL"]).toMatchObject({ tp: 1, fp: 0, fn: 0, instanceMismatch: 1 });
    expect(s.rules["TEXT-SELF"]).toMatchObject({ tp: 0, fn: 1 });
    expect(s.rules["T2-BLANK"]).toMatchObject({ fp: 1 });
    expect(s.rules["FORMAT-OTHER-SPLIT"]).toMatchObject({ tp: 0, fp: 0, fn: 0 });
    expect(s.rules["STRUCTURE-TABLES"]).toBeUndefined();
    expect(s.clean).toMatchObject({ files: 2, withFalseAlarm: 1 });
    expect(s.byFormat.text?.fields).toEqual({ ok: 3, total: 4 });
    expect(s.defects).toEqual({ "t3-bal": { ok: 1, total: 1 }, "text-self": { ok: 0, total: 1 } });
  });
});
