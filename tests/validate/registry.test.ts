/**
 * The registry is complete and consistent: every rule file is registered and tested, ids are unique,
 * sorted and in the rulebook's catalogue (rules.md §6), and every message placeholder is provided.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ILLEGIBLE } from "../../extract/document.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import { placeholders, runRules } from "../../validate/engine.ts";
import type { Rule } from "../../validate/finding.ts";
import { rules } from "../../validate/rules/index.ts";
import { cellsOfRow } from "../../validate/rules/utils/figures.ts";
import {
  cleanReport,
  parseIssue,
  withFigures,
  withIssues,
  withoutTable,
  withPrinted,
  withRawCells,
  withSingleOther,
} from "../helpers/report.ts";

/** Ids of rules.md §6, in catalogue order (copied so that CI without ../shared still checks them). */
const CATALOGUE = [
  "T3-BAL",
  "T3-COLSUM",
  "T3-RESULTS",
  "T3-NONNEG",
  "T3-BLANK",
  "T4-REVIEW",
  "T4-LITIGATION_DIRECT",
  "T4-LITIGATION_AFTER_REVIEW",
  "T4-NONNEG",
  "T4-BLANK",
  "T2-NONNEG",
  "T2-BLANK",
  "T2-VALID-SELF",
  "T2-UNIT",
  "XY-CARRY",
  "T2-VALID-XY",
  "T2-2019-ITEMS",
  "XY-PROBLEMS",
  "XY-FORMAT",
  "FORMAT-OTHER-SPLIT",
  "TEXT-T3-NEW",
  "TEXT-T3-DONE",
  "TEXT-T3-CARRY",
  "TEXT-T3-SPLIT",
  "TEXT-T4",
  "TEXT-T2",
  "TEXT-SELF",
  "FEE-PRESENT",
  "FEE-NOTICE",
  "STRUCTURE-SECTIONS",
  "STRUCTURE-TABLES",
  "META-YEAR",
  "META-DATE",
  "DEADLINE",
  "CONTENT-ART50",
  "PARSE-AMBIGUOUS",
] as const;

/** The table, template and parse rules of validate/rules/ whose every message the corpus below must produce. */
const TABLE_RULES = [
  "FORMAT-OTHER-SPLIT",
  "PARSE-AMBIGUOUS",
  "STRUCTURE-TABLES",
  "T2-BLANK",
  "T2-NONNEG",
  "T2-UNIT",
  "T2-VALID-SELF",
  "T3-BAL",
  "T3-BLANK",
  "T3-COLSUM",
  "T3-NONNEG",
  "T3-RESULTS",
  "T4-BLANK",
  "T4-LITIGATION_AFTER_REVIEW",
  "T4-LITIGATION_DIRECT",
  "T4-NONNEG",
  "T4-REVIEW",
  "XY-FORMAT",
];

const RULES_MD = fileURLToPath(new URL("../../../shared/domain/rules.md", import.meta.url));
const RULES_DIR = fileURLToPath(new URL("../../validate/rules/", import.meta.url));
const TESTS_DIR = fileURLToPath(new URL("./rules/", import.meta.url));

/** "T4-LITIGATION_DIRECT" → "t4-litigation-direct" (file) and "t4LitigationDirect" (export). */
function fileName(id: string): string {
  return id.toLowerCase().replace(/_/g, "-");
}
function exportName(id: string): string {
  const [head, ...rest] = id.toLowerCase().split(/[-_]/);
  return [head, ...rest.map((p) => p.charAt(0).toUpperCase() + p.slice(1))].join("");
}

/** Rule ids in the first column of the §6 tables of rules.md. */
function catalogueOf(markdown: string): string[] {
  const start = markdown.indexOf("## 6.");
  const end = markdown.indexOf("## 7.", start);
  const section = markdown.slice(start, end === -1 ? undefined : end);
  const ids: string[] = [];
  for (const line of section.split("\n")) {
    const cell = /^\|\s*([A-Z][A-Z0-9]+(?:[-_][A-Z0-9]+)*)\s*\|/.exec(line)?.[1];
    if (cell !== undefined) ids.push(cell);
  }
  return ids;
}

const ids = rules.map((r) => r.meta.id);

describe("rule registry", () => {
  it("has unique ids, sorted", () => {
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(ids);
  });

  it("registers only catalogue ids, and all table/template/parse rules", () => {
    for (const id of ids) expect(CATALOGUE as readonly string[]).toContain(id);
    for (const id of TABLE_RULES) expect(ids).toContain(id);
  });

  it.skipIf(!existsSync(RULES_MD))(
    "CATALOGUE matches the ids of rules.md §6 (skipped when ../shared is absent)",
    () => {
      expect(catalogueOf(readFileSync(RULES_MD, "utf8"))).toEqual([...CATALOGUE]);
    },
  );

  it("registers every rule file under its id's name and camel-case export", async () => {
    const files = readdirSync(RULES_DIR).filter((f) => f.endsWith(".ts") && f !== "index.ts");
    expect(files.length).toBeGreaterThan(0);
    const problems: string[] = [];
    for (const file of files) {
      const mod = (await import(
        new URL(file, new URL("../../validate/rules/", import.meta.url)).href
      )) as Record<string, unknown>;
      const exported = Object.entries(mod).filter(
        (entry): entry is [string, Rule] =>
          typeof entry[1] === "object" && entry[1] !== null && "meta" in entry[1] && "check" in entry[1],
      );
      if (exported.length !== 1) {
        problems.push(`${file}: exports ${exported.length} rules`);
        continue;
      }
      const [name, rule] = exported[0] as [string, Rule];
      if (`${fileName(rule.meta.id)}.ts` !== file) problems.push(`${file}: holds ${rule.meta.id}`);
      if (name !== exportName(rule.meta.id))
        problems.push(`${file}: export ${name}, want ${exportName(rule.meta.id)}`);
      if (!rules.includes(rule))
        problems.push(`${file}: ${rule.meta.id} not registered in validate/rules/index.ts`);
    }
    expect(problems).toEqual([]);
  });

  it("has a file and a test file for every registered rule", () => {
    const missing: string[] = [];
    for (const id of ids) {
      if (!existsSync(`${RULES_DIR}${fileName(id)}.ts`)) missing.push(`validate/rules/${fileName(id)}.ts`);
      if (!existsSync(`${TESTS_DIR}${fileName(id)}.test.ts`))
        missing.push(`tests/validate/rules/${fileName(id)}.test.ts`);
    }
    expect(missing).toEqual([]);
  });

  it("gives every rule plain-data meta", () => {
    for (const { meta } of rules) {
      expect(["error", "warning", "notice"], meta.id).toContain(meta.severity);
      expect(meta.basis, meta.id).toMatch(/\p{Script=Han}/u);
      expect(meta.description.length, meta.id).toBeGreaterThan(0);
      expect(Object.keys(meta.messages).length, meta.id).toBeGreaterThan(0);
      for (const template of Object.values(meta.messages)) {
        for (const name of placeholders(template)) expect(name.trim(), meta.id).toBe(name);
      }
    }
  });

  it("provides every placeholder of every message a rule emits (strict engine over a corpus)", () => {
    const corpus = brokenReports();
    const seen = new Set<string>();
    for (const report of corpus) {
      const year = report.meta.reportYear ?? 2023;
      const previous = cleanReport({ version: year >= 2022 ? "2021" : "2019", year: year - 1 });
      for (const context of [{ report }, { report, previous }]) {
        const { findings } = runRules(context, rules, { strict: true });
        for (const f of findings) {
          expect(f.message, `${f.rule}/${f.messageId}`).not.toMatch(/\{[^{}]+\}/);
          seen.add(`${f.rule}/${f.messageId}`);
        }
      }
    }
    const expected = rules
      .filter((r) => TABLE_RULES.includes(r.meta.id))
      .flatMap((r) => Object.keys(r.meta.messages).map((m) => `${r.meta.id}/${m}`));
    expect(expected.filter((m) => !seen.has(m))).toEqual([]);
  });
});

/** Reports that together make every table/template/parse rule emit every one of its messages. */
function brokenReports(): ParsedReport[] {
  const clean = cleanReport();
  const clean2019 = cleanReport({ version: "2019" });
  const meta = (r: ParsedReport, m: Partial<ParsedReport["meta"]>): ParsedReport => ({
    ...r,
    meta: { ...r.meta, ...m },
  });
  return [
    clean,
    clean2019,
    withSingleOther(cleanReport({ year: 2023 })),
    withFigures(withSingleOther(clean, true), { "t3.other_processing.total": 5 }),
    withIssues(
      clean,
      parseIssue({
        kind: "ambiguous_split",
        table: "t3",
        rowKey: "granted",
        raw: "110000112",
        options: ["a", "b"],
      }),
      parseIssue({ kind: "ambiguous_split", table: "t2", rowKey: "regulations", raw: "00", options: [] }),
      parseIssue({ kind: "row_width", table: "t3", rowKey: "new", raw: "1 2", found: 2, expected: 7 }),
    ),
    withIssues(
      clean,
      parseIssue({ kind: "row_width", table: "t3", rowKey: "new", raw: "1 2", found: 2, expected: 7 }),
      parseIssue({ kind: "row_width", table: "t3", rowKey: "granted", raw: "1 2", found: 2, expected: 7 }),
    ),
    withIssues(
      clean2019,
      parseIssue({ kind: "unparsed_value", table: "t2", rowKey: "procurement.total_amount", raw: "567.27" }),
    ),
    withIssues(
      clean,
      parseIssue({ kind: "ocr_uncertain", table: "t3", rowKey: "t3.new.research", raw: "S", options: ["5"] }),
    ),
    withIssues(
      clean,
      parseIssue({ kind: "ocr_uncertain", table: "t3", rowKey: "t3.new.research", raw: "肌", options: [] }),
    ),
    withIssues(
      clean,
      parseIssue({
        kind: "ocr_uncertain",
        table: "t3",
        rowKey: "t3.new.research",
        raw: ILLEGIBLE,
        options: [],
      }),
    ),
    withoutTable(withoutTable(withoutTable(clean, "t2"), "t3"), "t4"),
    withRawCells(
      withFigures(clean, { "t2.regulations.made": null, "t3.new.research": null, "t4.review.total": null }),
      {
        "t2.licensing.decisions": "若干",
        "t3.granted.other": "2件",
        "t4.review.other": "1件",
      },
    ),
    withPrinted(withFigures(clean, { "t2.fees.amount_wan_yuan": 1200 }), {
      "t2.fees.amount_wan_yuan": "1200元",
    }),
    withFigures(clean, { "t2.regulations.made": 5, "t2.regulations.in_force": 1 }),
    withFigures(clean2019, { "t2.regulations.new_published": 5, "t2.regulations.total_published": 1 }),
    withFigures(clean, {
      "t3.total_processed.total": 11,
      "t3.granted.business": 4,
      "t4.review.pending": 1,
      "t4.litigation_direct.total": 1,
      "t4.litigation_after_review.upheld": 1,
    }),
    withFigures(clean, Object.fromEntries(cellsOfRow("t3.carried_forward").map((k) => [k, null]))),
    // Parts read beyond a total, another part blank (T3-COLSUM and T4 sums: "exceeds").
    withFigures(clean, {
      "t3.granted.research": null,
      "t3.granted.natural_person": 99,
      "t4.review.other": null,
      "t4.review.upheld": 9,
      "t4.litigation_direct.other": null,
      "t4.litigation_direct.upheld": 9,
      "t4.litigation_after_review.other": null,
      "t4.litigation_after_review.upheld": 9,
    }),
    meta(clean, { templateVersion: "2019" }),
    meta(clean, { templateVersion: "mixed", reportYear: null }),
    meta(clean, { templateVersion: null, reportYear: 2018 }),
  ];
}
