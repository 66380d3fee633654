import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { renderText } from "../../../audit/render-text.ts";
import { AuditResult } from "../../../audit/result.ts";
import { resultFromReport } from "../../../audit/run-audit.ts";
import { analyse } from "../../../extract/analyse.ts";
import { type Document, ILLEGIBLE } from "../../../extract/document.ts";
import { readDocument } from "../../../extract/readers/index.ts";
import { applyOcr, suggestedDigits } from "../../../extract/readers/ocr/ocr-figures.ts";
import { findPixelRulings, otsu } from "../../../extract/readers/ocr/raster.ts";
import { resetOcrAvailability } from "../../../extract/readers/ocr/tesseract.ts";
import { readText } from "../../../extract/readers/text.ts";
import type { ParsedReport, Provenance } from "../../../extract/schema.ts";
import { runRules } from "../../../validate/engine.ts";

const FIXTURES = join(import.meta.dirname, "../../fixtures");
const bytesOf = (path: string) => new Uint8Array(readFileSync(join(FIXTURES, path)));

function withEnv(env: Record<string, string | undefined>, run: () => Promise<void>): () => Promise<void> {
  return async () => {
    const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
    resetOcrAvailability();
    try {
      await run();
    } finally {
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
      resetOcrAvailability();
    }
  };
}

/**
 * A text reading's report as OCR would give it. Seed 002's text runs some rows' numbers together, which the
 * parser decodes (`mode: "decoded"`); read by OCR each cell is its own, so its figures are given as printed
 * (a figure the parser decodes in an OCR'd report is doubted: tested below).
 */
function asPrinted(report: ParsedReport): ParsedReport {
  const provenance = Object.fromEntries(
    Object.entries(report.provenance).map(([k, p]) => {
      const { decodedBy: _, ...printed } = p;
      return [k, { ...printed, mode: "printed" as const }];
    }),
  );
  return { ...report, provenance };
}

describe("OCR digits: only arithmetic resolves a confusable reading", () => {
  it("suggests digits for confusable letters only", () => {
    expect(suggestedDigits("o")).toBe(0);
    expect(suggestedDigits("1o")).toBe(10);
    expect(suggestedDigits("S")).toBe(5);
    expect(suggestedDigits("丨2")).toBe(12);
    // A 1 in a Song face, read as 「!」 or 「]」 (seen on real scans: 「300!」 for 3001).
    expect(suggestedDigits("300!")).toBe(3001);
    expect(suggestedDigits("]")).toBe(1);
    expect(suggestedDigits("56")).toBeNull();
    expect(suggestedDigits("oo")).toBeNull(); // "00" is no number
    expect(suggestedDigits("无")).toBeNull();
  });

  it("drops a speck before or after a number, never one between digits", () => {
    expect(suggestedDigits("56,")).toBe(56);
    expect(suggestedDigits(".0")).toBe(0);
    expect(suggestedDigits("0 .")).toBe(0);
    expect(suggestedDigits("‘1o")).toBe(10);
    expect(suggestedDigits("5.6")).toBeNull();
    expect(suggestedDigits("64.01")).toBeNull();
    expect(suggestedDigits(".")).toBeNull();
    expect(suggestedDigits(",0o")).toBeNull(); // "00" is no number
  });

  /** Seed 002's text reading as if OCR had read it (asPrinted). */
  const seed = () => {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const ocrDoc: Document = {
      ...doc,
      info: { ...doc.info, ocr: { engine: "test", dpi: 200, seconds: 0, cells: [] } },
    };
    return { doc: ocrDoc, report: asPrinted(analyse(doc).report) };
  };

  it("doubts a figure the parser decoded (a row merged across a lost ruling): taken only where forced", () => {
    const { doc, report } = seed();
    const decoded = (value: number) =>
      applyOcr(
        {
          ...report,
          figures: { ...report.figures, "t3.new.business": value },
          provenance: {
            ...report.provenance,
            "t3.new.business": {
              ...(report.provenance["t3.new.business"] as NonNullable<(typeof report.provenance)[string]>),
              mode: "decoded",
              decodedBy: ["T3-COLSUM"],
            },
          },
        },
        doc,
      );
    const forced = decoded(0);
    expect(forced.figures["t3.new.business"]).toBe(0);
    expect(forced.provenance["t3.new.business"]).toMatchObject({ mode: "decoded", decodedBy: ["T3-COLSUM"] });
    // 「0 10」 split into 0 and 10, a total derived from it: the row's own sum says otherwise.
    const guessed = decoded(10);
    expect(guessed.figures["t3.new.business"]).toBeNull();
    expect(guessed.issues.some((i) => i.kind === "ocr_uncertain" && i.rowKey === "t3.new.business")).toBe(
      true,
    );
  });

  it("takes the digit where the row sum forces exactly that value, and marks provenance as OCR", () => {
    const { doc, report } = seed();
    const damaged = {
      ...report,
      figures: { ...report.figures, "t3.new.business": null },
      rawCells: { ...report.rawCells, "t3.new.business": "o" },
    };
    const out = applyOcr(damaged, doc);
    expect(out.figures["t3.new.business"]).toBe(0);
    expect(out.provenance["t3.new.business"]).toMatchObject({
      source: "ocr",
      mode: "decoded",
      decodedBy: ["T3-COLSUM"],
    });
    expect(out.provenance["t3.new.total"]?.source).toBe("ocr");
    expect(out.issues.filter((i) => i.kind === "ocr_uncertain")).toEqual([]);
  });

  it("takes a number with a speck next to it only where the row sum forces it", () => {
    const { doc, report } = seed();
    const specked = (raw: string) =>
      applyOcr(
        {
          ...report,
          figures: { ...report.figures, "t3.new.total": null },
          rawCells: { ...report.rawCells, "t3.new.total": raw },
        },
        doc,
      );
    const total = report.figures["t3.new.total"] as number;
    const ok = specked(`${total},`);
    expect(ok.figures["t3.new.total"]).toBe(total);
    expect(ok.provenance["t3.new.total"]).toMatchObject({ mode: "decoded", decodedBy: ["T3-COLSUM"] });
    // A speck before a digit may be a lost "1": "·0" is not taken when the row says otherwise.
    const lost = specked(`.${String(total).slice(1)}`);
    expect(lost.figures["t3.new.total"]).toBeNull();
    expect(lost.issues.some((i) => i.kind === "ocr_uncertain" && i.rowKey === "t3.new.total")).toBe(true);
  });

  it("leaves the cell null with an ocr_uncertain issue when the arithmetic disagrees or cannot decide", () => {
    const { doc, report } = seed();
    // "S" suggests 5, but the row sum forces 0: never taken.
    const disagrees = applyOcr(
      {
        ...report,
        figures: { ...report.figures, "t3.new.research": null },
        rawCells: { ...report.rawCells, "t3.new.research": "S" },
      },
      doc,
    );
    expect(disagrees.figures["t3.new.research"]).toBeNull();
    expect(disagrees.issues.find((i) => i.kind === "ocr_uncertain")).toMatchObject({
      rowKey: "t3.new.research",
      raw: "S",
      options: ["5"],
    });
    // Two garbled cells in one row (56 0 0 0 0 0 | 56): where their readings make the row hold, and no
    // other choice does, both are taken; where they do not (「5S」 is 55), the row decides nothing, and only
    // the 「o」 stands, checked by its own column (一 + 二 = 三（七） + 四: 0 + 0 = 0 + 0).
    const two = (total: string) =>
      applyOcr(
        {
          ...report,
          figures: { ...report.figures, "t3.new.business": null, "t3.new.total": null },
          rawCells: { ...report.rawCells, "t3.new.business": "o", "t3.new.total": total },
        },
        doc,
      );
    const holds = two("5G");
    expect([holds.figures["t3.new.business"], holds.figures["t3.new.total"]]).toEqual([0, 56]);
    expect(holds.provenance["t3.new.total"]).toMatchObject({ mode: "decoded", raw: "5G" });
    const fails = two("5S");
    expect(fails.figures["t3.new.business"]).toBe(0);
    expect(fails.provenance["t3.new.business"]).toMatchObject({ decodedBy: ["T3-BAL"] });
    expect(fails.figures["t3.new.total"]).toBeNull();
    expect(fails.issues.filter((i) => i.kind === "ocr_uncertain").map((i) => i.rowKey)).toEqual([
      "t3.new.total",
    ]);
  });

  it("finds table rulings in a page image", () => {
    const width = 200;
    const height = 100;
    const data = new Uint8Array(width * height).fill(255);
    for (let x = 10; x < 190; x++) data[50 * width + x] = 0;
    for (let y = 5; y < 95; y++) data[y * width + 100] = 0;
    const img = { width, height, data };
    const rulings = findPixelRulings(img, otsu(img), 50);
    expect(rulings.map((r) => [r.dir, r.pos, r.from, r.to])).toEqual([
      ["h", 50, 10, 189],
      ["v", 100, 5, 94],
    ]);
  });
});

describe("scans without OCR", () => {
  it(
    "NIANBAO_OCR=off keeps no_text_layer and says how to turn OCR on",
    withEnv({ NIANBAO_OCR: "off" }, async () => {
      const r = await readDocument(bytesOf("bad/scan.pdf"));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.status).toBe("no_text_layer");
        expect(r.message).toContain("NIANBAO_OCR=off");
      }
    }),
  );

  it(
    "without Tesseract a photo is no_text_layer with the install line",
    withEnv({ NIANBAO_OCR: undefined, NIANBAO_TESSERACT: "/nonexistent/tesseract" }, async () => {
      const r = await readDocument(bytesOf("bad/photo.pdf"));
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.status).toBe("no_text_layer");
        expect(r.message).toContain("apt-get install -y tesseract-ocr tesseract-ocr-chi-sim");
      }
    }),
  );
});

function installed(cmd: string, args: string[]): boolean {
  try {
    return (
      execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 })
        .length >= 0
    );
  } catch {
    return false;
  }
}
const hasTesseract =
  installed("tesseract", ["--list-langs"]) && /chi_sim/.test(execSafe("tesseract", ["--list-langs"]));
const hasPoppler = installed("pdftoppm", ["-v"]);
function execSafe(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 20_000 });
  } catch {
    return "";
  }
}
if (!hasTesseract || !hasPoppler)
  console.log(
    "skip: OCR end-to-end tests need tesseract with chi_sim and pdftoppm (apt-get install -y tesseract-ocr tesseract-ocr-chi-sim poppler-utils)",
  );

describe.skipIf(!hasTesseract || !hasPoppler)("OCR end to end (Tesseract chi_sim)", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), "ocr-test-"));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it(
    "a PNG photo of 表三's second page is read into the table rows, with OCR provenance",
    withEnv({ NIANBAO_OCR: undefined }, async () => {
      execFileSync("pdftoppm", [
        "-r",
        "200",
        "-gray",
        "-png",
        "-f",
        "3",
        "-l",
        "3",
        join(FIXTURES, "seeds/002_a01f0cf12a106081.pdf"),
        join(dir, "p"),
      ]);
      const png = readFileSync(join(dir, "p-3.png"));
      const r = await readDocument(new Uint8Array(png));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.document.format).toBe("image");
      const total = r.document.lines.find((l) =>
        l.cells.some((c) => c.text.replace(/\s/g, "").includes("(七)总计")),
      );
      expect(total?.cells.slice(-7).map((c) => c.text)).toEqual(["54", "0", "0", "0", "0", "0", "54"]);
      expect(r.document.info.ocr?.cells.length).toBeGreaterThan(20);
    }),
    180_000,
  );

  it(
    "a scanned PDF (bad/scan.pdf: seed 002's page 2 as a 100 dpi black-and-white image) gives its figures, marked as OCR",
    withEnv({ NIANBAO_OCR: undefined }, async () => {
      const r = await readDocument(bytesOf("bad/scan.pdf"));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.document.format).toBe("pdf");
      const report = analyse(r.document).report;
      const expected = JSON.parse(
        readFileSync(join(FIXTURES, "seeds/002_a01f0cf12a106081.expected.json"), "utf8"),
      );
      // Never a wrong number: every figure read equals the seed's (the page holds only part of the tables).
      const read = Object.entries(report.figures).filter(([, v]) => v !== null);
      expect(read.length).toBeGreaterThan(100);
      for (const [key, value] of read) expect([key, value]).toEqual([key, expected.figures[key]]);
      const provenance = Object.values(report.provenance);
      expect(provenance.every((p) => p.source === "ocr")).toBe(true);
      const boxed = provenance.filter((p) => p.confidence !== undefined);
      expect(boxed.length).toBeGreaterThan(50);
      expect(boxed.every((p) => p.box?.length === 4 && (p.confidence ?? 0) >= 0.6)).toBe(true);
    }),
    180_000,
  );
});

/** `doc` as if recognised by OCR, with these recognised cells. */
function ocrDocOf(doc: Document, cells: NonNullable<Document["info"]["ocr"]>["cells"]): Document {
  return { ...doc, info: { ...doc.info, ocr: { engine: "test", dpi: 200, seconds: 0, cells } } };
}

/**
 * Seed 002 read as text, its 表三 row 「一、本年新收」 set to `values` (自然人 … 其他, 总计), each figure's
 * provenance raw its own value, so that an OCR cell's text names the figure it belongs to.
 */
function withNewRow(values: readonly number[]) {
  const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
  const parsed = analyse(doc).report;
  const report = { ...parsed, figures: { ...parsed.figures }, provenance: { ...parsed.provenance } };
  const columns = ["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"];
  columns.forEach((c, i) => {
    const key = `t3.new.${c}`;
    report.figures[key] = values[i] as number;
    const p = parsed.provenance[key];
    if (p) report.provenance[key] = { ...p, raw: String(values[i]) };
  });
  return { doc, report };
}

describe("OCR: a report's blank cells check its doubted readings as 0, and stay blank", () => {
  /**
   * 「一、本年新收」 printed `value` | blank × 5 | `value` (many reports print blanks for none), its total
   * doubted; the total column's relations cannot check it (二's total unreadable), so only the row can.
   */
  function blankRow(middle: "blank" | "illegible", value = 56) {
    const { doc, report } = withNewRow([value, 0, 0, 0, 0, 0, value]);
    const parts = ["business", "research", "nonprofit", "legal_services", "other"].map((c) => `t3.new.${c}`);
    const figures: Record<string, number | null> = { ...report.figures, "t3.carried_over.total": null };
    const provenance = { ...report.provenance };
    const rawCells: Record<string, string> = { ...report.rawCells };
    for (const k of parts) {
      figures[k] = null;
      delete provenance[k];
    }
    delete provenance["t3.carried_over.total"];
    if (middle === "illegible") rawCells["t3.new.other"] = ILLEGIBLE;
    const unreadable = {
      kind: "ocr_uncertain" as const,
      table: "t3" as const,
      row: "二、上年结转政府信息公开申请数量",
      rowKey: "t3.carried_over.total",
      raw: "打",
      options: [],
      line: null,
    };
    const line = report.provenance["t3.new.total"]?.line ?? 0;
    const ocrDoc = ocrDocOf(doc, [
      { line, page: 1, text: String(value), box: [1, 2, 3, 4], confidence: 0.95 },
      { line, page: 1, text: String(value), box: [9, 2, 3, 4], confidence: 0.3 },
    ]);
    return applyOcr(
      { ...report, figures, provenance, rawCells, issues: [...report.issues, unreadable] },
      ocrDoc,
    );
  }

  it("a doubted total stands where the row holds with its blanks as 0; the blanks stay null", () => {
    const out = blankRow("blank");
    expect(out.figures["t3.new.total"]).toBe(56);
    expect(out.provenance["t3.new.total"]).toMatchObject({ mode: "decoded", decodedBy: ["T3-COLSUM"] });
    for (const c of ["business", "research", "nonprofit", "legal_services", "other"])
      expect(out.figures[`t3.new.${c}`]).toBeNull();
  });

  it("not where a cell of the row holds ink no reading could read (□): it may hold any count", () => {
    expect(blankRow("illegible").figures["t3.new.total"]).toBeNull();
  });

  it("a doubted 0 total beside blanks: the blanks are the report's, no reading 「read alike」 with it", () => {
    // 0 | blank × 5 | 0, the total read with little confidence: the sure 0 and the blanks make it 0.
    const out = blankRow("blank", 0);
    expect(out.figures["t3.new.total"]).toBe(0);
    for (const c of ["business", "research", "nonprofit", "legal_services", "other"])
      expect(out.figures[`t3.new.${c}`]).toBeNull();
  });
});

describe("OCR confidence", () => {
  it("a figure read with low confidence is null with an ocr_uncertain issue unless the row sum forces it", () => {
    // Distinct values in one row, so that each cell's text names it: 1 2 3 4 5 6 | 21.
    const { doc, report } = withNewRow([1, 2, 3, 4, 5, 6, 21]);
    const line = report.provenance["t3.new.natural_person"]?.line ?? 0;
    const ocrDoc = ocrDocOf(doc, [
      { line, page: 1, text: "1", box: [1, 2, 3, 4], confidence: 0.3 },
      {
        line: report.provenance["t2.licensing.decisions"]?.line ?? 0,
        page: 1,
        text: "4489",
        box: [1, 2, 3, 4],
        confidence: 0.2,
      },
    ]);
    const out = applyOcr(report, ocrDoc);
    // 表三 row: the other six cells are read and force 1.
    expect(out.figures["t3.new.natural_person"]).toBe(1);
    expect(out.provenance["t3.new.natural_person"]).toMatchObject({
      mode: "decoded",
      decodedBy: ["T3-COLSUM"],
    });
    // 表二 has no row sum: not taken.
    expect(out.figures["t2.licensing.decisions"]).toBeNull();
    expect(out.issues.find((i) => i.rowKey === "t2.licensing.decisions")).toMatchObject({
      kind: "ocr_uncertain",
      raw: "4489",
    });
  });
});

describe("OCR: a doubted digit of like shape (a scan's 0 read as 9)", () => {
  /** 「一、本年新收」 56 0 0 0 0 0 | 56 with its 商业企业 cell read as `read`, doubted. */
  function readAs(read: number) {
    const { doc, report } = withNewRow([56, read, 0, 0, 0, 0, 56]);
    const line = report.provenance["t3.new.business"]?.line ?? 0;
    const ocrDoc = ocrDocOf(doc, [
      { line, page: 1, text: "56", box: [1, 2, 3, 4], confidence: 0.95 },
      { line, page: 1, text: String(read), box: [9, 2, 3, 4], confidence: 0.3 },
    ]);
    return applyOcr(report, ocrDoc);
  }

  it("is the digit the row's sum and the column's relations leave alone, as decoded", () => {
    const out = readAs(9);
    expect(out.figures["t3.new.business"]).toBe(0);
    expect(out.provenance["t3.new.business"]).toMatchObject({ mode: "decoded", raw: "9" });
  });

  it("never a digit of another shape: 「7」 is no 0, and stays null", () => {
    const out = readAs(7);
    expect(out.figures["t3.new.business"]).toBeNull();
    expect(out.issues.find((i) => i.rowKey === "t3.new.business")).toMatchObject({ kind: "ocr_uncertain" });
  });
});

describe("OCR digits read a second time", () => {
  it("a number from the digits-only reading stands only where the row sum forces it, whatever its confidence", () => {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const parsed = analyse(doc).report;
    // Two 表三 rows with distinct values, so that each cell's text names it: 1 2 3 4 5 6 | 21; in the
    // second the 科研机构 cell was read again as 8, where the row sum says 3.
    const columns = [
      "natural_person",
      "business",
      "research",
      "nonprofit",
      "legal_services",
      "other",
      "total",
    ];
    const values = [1, 2, 3, 4, 5, 6, 21];
    const report = { ...parsed, figures: { ...parsed.figures }, provenance: { ...parsed.provenance } };
    for (const row of ["new", "carried_over"]) {
      columns.forEach((c, i) => {
        const key = `t3.${row}.${c}`;
        const value = row === "carried_over" && c === "research" ? 8 : (values[i] as number);
        report.figures[key] = value;
        report.provenance[key] = { ...(parsed.provenance[key] as Provenance), raw: String(value) };
      });
    }
    const cell = (key: string, text: string) => ({
      line: parsed.provenance[key]?.line ?? 0,
      page: 1,
      text,
      box: [1, 2, 3, 4] as [number, number, number, number],
      confidence: 0.95,
      reread: true as const,
    });
    const ocrDoc = ocrDocOf(doc, [
      cell("t3.new.research", "3"),
      cell("t3.carried_over.research", "8"),
      cell("t2.licensing.decisions", "4489"),
    ]);
    const out = applyOcr(report, ocrDoc);
    expect(out.figures["t3.new.research"]).toBe(3);
    expect(out.provenance["t3.new.research"]).toMatchObject({ mode: "decoded", decodedBy: ["T3-COLSUM"] });
    // 8 where the row sum says 3: not taken, though read with confidence 0.95.
    expect(out.figures["t3.carried_over.research"]).toBeNull();
    expect(out.figures["t2.licensing.decisions"]).toBeNull();
    expect(out.issues.find((i) => i.rowKey === "t2.licensing.decisions")).toMatchObject({
      kind: "ocr_uncertain",
    });
  });
});

describe("OCR: a row whose sum does not hold", () => {
  const setup = (confidence: number, research = 0.95) => {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const parsed = analyse(doc).report;
    // 1 2 3 4 5 6 | 21 printed; 法律服务机构 read as 9 instead of 5, so the row sums to 25.
    const columns = [
      "natural_person",
      "business",
      "research",
      "nonprofit",
      "legal_services",
      "other",
      "total",
    ];
    const values = [1, 2, 3, 4, 9, 6, 21];
    const report = { ...parsed, figures: { ...parsed.figures }, provenance: { ...parsed.provenance } };
    columns.forEach((c, i) => {
      const key = `t3.new.${c}`;
      report.figures[key] = values[i] as number;
      report.provenance[key] = { ...(parsed.provenance[key] as Provenance), raw: String(values[i]) };
    });
    const line = parsed.provenance["t3.new.total"]?.line ?? 0;
    const ocrDoc: Document = {
      ...doc,
      info: {
        ...doc.info,
        ocr: {
          engine: "test",
          dpi: 200,
          seconds: 0,
          cells: values.map((v) => ({
            line,
            page: 1,
            text: String(v),
            box: [1, 2, 3, 4] as [number, number, number, number],
            confidence: v === 9 ? confidence : v === 3 ? research : 0.95,
          })),
        },
      },
    };
    return applyOcr(report, ocrDoc);
  };

  it("drops the cell the engine doubted (it may be the misreading)", () => {
    const out = setup(0.72);
    expect(out.figures["t3.new.legal_services"]).toBeNull();
    expect(out.figures["t3.new.total"]).toBe(21);
    expect(out.issues.find((i) => i.rowKey === "t3.new.legal_services")).toMatchObject({
      kind: "ocr_uncertain",
      raw: "9",
    });
  });

  it("drops it also when another cell of the row is doubted too (the sum is of the readings)", () => {
    const out = setup(0.72, 0.3);
    expect(out.figures["t3.new.legal_services"]).toBeNull();
    expect(out.figures["t3.new.research"]).toBeNull();
  });

  it("keeps a row read with confidence throughout: the misprint is the report's, for the rules", () => {
    const out = setup(0.9);
    expect(out.figures["t3.new.legal_services"]).toBe(9);
    expect(out.figures["t3.new.total"]).toBe(21);
  });
});

describe("OCR: a row read only in part", () => {
  const COLUMNS = ["natural_person", "business", "research", "nonprofit", "legal_services", "other", "total"];
  /** 表三's first row as read: a number per cell (its confidence beside it), or a garbled cell's text. */
  const setup = (
    /** [value, confidence] or [value, confidence, printed text] per cell, or a garbled cell's text. */
    cells: readonly (readonly [number, number] | readonly [number, number, string] | string)[],
    edit?: (texts: string[]) => string[],
  ) => {
    const text = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const parsed = analyse(text).report;
    const report = {
      ...parsed,
      figures: { ...parsed.figures },
      provenance: { ...parsed.provenance },
      rawCells: { ...parsed.rawCells },
    };
    const line = parsed.provenance["t3.new.total"]?.line ?? 0;
    // The row's cells as a photo's double image reads them, where given.
    const doc: Document = {
      ...text,
      lines: text.lines.map((l) =>
        l.line === line && edit !== undefined
          ? {
              ...l,
              cells: l.cells.map((c, i) => ({ ...c, text: edit(l.cells.map((x) => x.text))[i] ?? "" })),
            }
          : l,
      ),
    };
    COLUMNS.forEach((c, i) => {
      const key = `t3.new.${c}`;
      const cell = cells[i] as readonly [number, number, string?] | string;
      if (typeof cell === "string") {
        report.figures[key] = null;
        delete report.provenance[key];
        report.rawCells[key] = cell;
        return;
      }
      report.figures[key] = cell[0];
      report.provenance[key] = { ...(parsed.provenance[key] as Provenance), raw: cell[2] ?? String(cell[0]) };
    });
    const ocrCells = cells.flatMap((cell) =>
      typeof cell === "string"
        ? []
        : [
            {
              line,
              page: 1,
              text: cell[2] ?? String(cell[0]),
              box: [1, 2, 3, 4] as [number, number, number, number],
              confidence: cell[1],
            },
          ],
    );
    const ocr = { engine: "test", dpi: 200, seconds: 0, cells: ocrCells };
    return applyOcr(report, { ...doc, info: { ...doc.info, ocr } });
  };

  it("drops a doubted cell where the cells read already exceed the total (a 0 read as 9)", () => {
    // 6 0 Q Q 9 QQ | 6: whatever the garbled cells hold, 6 + 0 + 9 > 6.
    const out = setup([[6, 0.96], [0, 0.93], "Q", "Q", [9, 0.62], "QQ", [6, 0.9]]);
    expect(out.figures["t3.new.legal_services"]).toBeNull();
    expect(out.issues.find((i) => i.rowKey === "t3.new.legal_services")).toMatchObject({
      kind: "ocr_uncertain",
      raw: "9",
    });
    expect(out.figures["t3.new.natural_person"]).toBe(6);
  });

  it("takes 0 for every garbled cell where the cells read make up the total (counts are never negative)", () => {
    const out = setup([[6, 0.96], [2, 0.93], "Q", "O", [0, 0.9], [1, 0.9], [9, 0.9]]);
    expect(out.figures["t3.new.research"]).toBe(0);
    expect(out.figures["t3.new.nonprofit"]).toBe(0);
    expect(out.provenance["t3.new.research"]).toMatchObject({ mode: "decoded", decodedBy: ["T3-COLSUM"] });
  });

  it("says the report was read by OCR, with the engine and the resolution, up to the audit JSON and text", () => {
    const out = setup([[6, 0.96], [2, 0.93], "Q", "O", [0, 0.9], [1, 0.9], [9, 0.9]]);
    expect(out.ocr).toEqual({ engine: "test", dpi: 200 });
    const result = resultFromReport("scan.pdf", "0", out, "ok", 0);
    expect(result.ocr).toEqual({ engine: "test", dpi: 200 });
    expect(AuditResult.parse(result).ocr).toEqual({ engine: "test", dpi: 200 });
    expect(renderText(result)).toContain("读取方式：文字识别（OCR，test，约 200 dpi）");
  });

  it("decides nothing where the cells read fall short of the total", () => {
    const out = setup([[6, 0.96], [2, 0.93], "Q", "O", [0, 0.9], [1, 0.9], [10, 0.9]]);
    expect(out.figures["t3.new.research"]).toBeNull();
    expect(out.figures["t3.new.nonprofit"]).toBeNull();
    expect(out.issues.filter((i) => i.kind === "ocr_uncertain").map((i) => i.rowKey)).toEqual(
      expect.arrayContaining(["t3.new.research", "t3.new.nonprofit"]),
    );
  });

  it("keeps a row's cells where its sure cells alone exceed its sure total (the misprint is the report's)", () => {
    // 维持 10 + 纠正 1 (read at 0.69) against 总计 0: no reading of the 1 makes the row hold.
    const out = setup([
      [10, 0.93],
      [1, 0.69],
      [0, 0.97],
      [0, 0.97],
      [0, 0.97],
      [0, 0.97],
      [0, 0.97],
    ]);
    expect(out.figures["t3.new.business"]).toBe(1);
    expect(out.figures["t3.new.natural_person"]).toBe(10);
  });

  it("on a line read twice over (a photo's double image), 「5050」 may be 50: the row sum decides", () => {
    const label = "一一、、本本年年新新收收政政府府信信息息公公开开申申请请数数量量";
    const twice = (t: string[]) => [label, ...t.slice(1)];
    /** 50 0 0 0 0 0 | 50 with the 50 read twice over. */
    const fifty = [[5050, 0.89], ...Array(5).fill([0, 0.9]), [50, 0.9]] as [number, number][];
    const out = setup(fifty, twice);
    expect(out.figures["t3.new.natural_person"]).toBe(50);
    expect(out.provenance["t3.new.natural_person"]).toMatchObject({
      mode: "decoded",
      decodedBy: ["T3-COLSUM"],
    });
    // Where no sum decides (「S」 is 5, which no reading of the 99 fits), neither reading is taken.
    const open = setup([[99, 0.95], [0, 0.9], "S", [0, 0.9], [0, 0.9], [0, 0.9], [9, 0.9]], twice);
    expect(open.figures["t3.new.natural_person"]).toBeNull();
    // With 「Q」 (0) instead, 9 is the one reading that makes the row hold.
    const q = setup([[99, 0.95], [0, 0.9], "Q", [0, 0.9], [0, 0.9], [0, 0.9], [9, 0.9]], twice);
    expect([q.figures["t3.new.natural_person"], q.figures["t3.new.research"]]).toEqual([9, 0]);
    // Zeros no report prints (「00」) in two cells say the same of a line whose label was read once.
    const zeros = setup(fifty, (t) => t.map((v, i) => (i === 2 || i === 3 ? "00" : v)));
    expect(zeros.figures["t3.new.natural_person"]).toBe(50);
    // 「00」 read for a 0 is 0 either way: nothing to dispute (a scan's whole 表四 row of them stays read).
    const noughts = setup(
      [
        [2, 0.97],
        [2, 0.96],
        [0, 0.96, "00"],
        [0, 0.96, "00"],
        [0, 0.96, "00"],
        [0, 0.96, "00"],
        [4, 0.96],
      ],
      (t) => t.map((v, i) => (i >= 3 && i <= 6 ? "00" : v)),
    );
    for (const key of ["t3.new.research", "t3.new.other"]) {
      expect(noughts.figures[key]).toBe(0);
      // Taken as read, not decided by a relation as a disputed cell would be.
      expect(noughts.provenance[key]?.mode).toBe("printed");
    }
    // A line read once keeps its 「11」.
    const once = setup([
      [11, 0.95],
      [0, 0.9],
      [0, 0.9],
      [0, 0.9],
      [0, 0.9],
      [0, 0.9],
      [11, 0.9],
    ]);
    expect(once.figures["t3.new.natural_person"]).toBe(11);
  });

  it("takes no garbled cell for 0 where it suggests another digit (「S」 is 5, not the 0 the sum leaves)", () => {
    const out = setup([[6, 0.96], [2, 0.93], "S", "O", [0, 0.9], [1, 0.9], [9, 0.9]]);
    expect(out.figures["t3.new.research"]).toBeNull();
    expect(out.figures["t3.new.nonprofit"]).toBe(0);
  });
});

describe("OCR cells of a line with the same text twice", () => {
  it("each figure takes its own cell's confidence, in order", () => {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const report = analyse(doc).report;
    // 「二、上年结转…」 reads 3 0 0 0 0 0 3: the first 3 doubted, the second (总计) sure.
    expect(report.figures["t3.carried_over.natural_person"]).toBe(3);
    expect(report.figures["t3.carried_over.total"]).toBe(3);
    const line = report.provenance["t3.carried_over.total"]?.line ?? 0;
    const cell = (text: string, x: number, confidence: number) => ({
      line,
      page: 1,
      text,
      box: [x, 2, 3, 4] as [number, number, number, number],
      confidence,
    });
    const ocrDoc = ocrDocOf(doc, [
      cell("3", 10, 0.3),
      ...[20, 30, 40, 50, 60].map((x) => cell("0", x, 0.95)),
      cell("3", 70, 0.95),
    ]);
    const out = applyOcr(report, ocrDoc);
    expect(out.figures["t3.carried_over.natural_person"]).toBe(3);
    expect(out.provenance["t3.carried_over.natural_person"]).toMatchObject({
      mode: "decoded",
      box: [10, 2, 3, 4],
    });
    expect(out.provenance["t3.carried_over.total"]).toMatchObject({ confidence: 0.95, box: [70, 2, 3, 4] });
  });
});

describe("OCR: 表三's column relations decide doubted cells", () => {
  it("two doubted cells of one row, each decided by its column (T3-BAL)", () => {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const report = asPrinted(analyse(doc).report);
    // 「二、上年结转…」 3 0 0 0 0 0 3 with both 3s doubted: the row sum alone cannot decide two cells;
    // 一 + 二 = 三（七） + 四 in each column (56 + 3 = 54 + 5) does.
    const line = report.provenance["t3.carried_over.total"]?.line ?? 0;
    const cell = (text: string, x: number, confidence: number) => ({
      line,
      page: 1,
      text,
      box: [x, 2, 3, 4] as [number, number, number, number],
      confidence,
    });
    const ocrDoc = ocrDocOf(doc, [
      cell("3", 10, 0.3),
      ...[20, 30, 40, 50, 60].map((x) => cell("0", x, 0.95)),
      cell("3", 70, 0.4),
    ]);
    const out = applyOcr(report, ocrDoc);
    expect(out.figures["t3.carried_over.natural_person"]).toBe(3);
    expect(out.figures["t3.carried_over.total"]).toBe(3);
    expect(out.provenance["t3.carried_over.natural_person"]).toMatchObject({
      mode: "decoded",
      decodedBy: ["T3-BAL"],
    });
    // The same doubt where the columns do not balance (四 printed as 6 … 6): not taken.
    const off = applyOcr(
      {
        ...report,
        figures: {
          ...report.figures,
          "t3.carried_forward.natural_person": 6,
          "t3.carried_forward.total": 6,
        },
      },
      ocrDoc,
    );
    expect(off.figures["t3.carried_over.total"]).toBeNull();
    expect(off.figures["t3.carried_over.natural_person"]).toBeNull();
  });

  it("a third reading (of the enlarged crop) is one more the arithmetic may choose, never taken unchecked", () => {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const report = asPrinted(analyse(doc).report);
    // 「二、上年结转」 3 0 0 0 0 0 3 with its first 3 read as 8, the second reading 6, the third 3.
    const line = report.provenance["t3.carried_over.total"]?.line ?? 0;
    const cell = (text: string, x: number, confidence: number, extra: object = {}) => ({
      line,
      page: 1,
      text,
      box: [x, 2, 3, 4] as [number, number, number, number],
      confidence,
      ...extra,
    });
    const zeros = [20, 30, 40, 50, 60].map((x) => cell("0", x, 0.95));
    const misread = {
      ...report,
      figures: { ...report.figures, "t3.carried_over.natural_person": 8 },
      provenance: {
        ...report.provenance,
        "t3.carried_over.natural_person": {
          ...(report.provenance["t3.carried_over.natural_person"] as Provenance),
          raw: "8",
        },
      },
    };
    const read = (third: string) =>
      applyOcr(
        misread,
        ocrDocOf(doc, [
          cell("8", 10, 0.97, { disputed: "6", alsoRead: third }),
          ...zeros,
          cell("3", 70, 0.95),
        ]),
      );
    const out = read("3");
    expect(out.figures["t3.carried_over.natural_person"]).toBe(3);
    expect(out.provenance["t3.carried_over.natural_person"]).toMatchObject({ mode: "decoded", raw: "8" });
    // A third reading the sums do not bear out: nothing is taken.
    expect(read("5").figures["t3.carried_over.natural_person"]).toBeNull();
  });
});

describe("OCR: a decimal in a count column", () => {
  /** Seed 002 as if OCR'd, with 表四's 未经复议直接起诉 总计 printed 「1.5」 and read at `confidence`. */
  function withDecimal(confidence: number, reread?: true) {
    const doc = readText(bytesOf("seeds/002_a01f0cf12a106081.txt"));
    const parsed = analyse(doc).report;
    const key = "t4.litigation_direct.total";
    const figures = { ...parsed.figures, [key]: null };
    const provenance = { ...parsed.provenance };
    delete provenance[key];
    const line = provenance["t4.litigation_direct.upheld"]?.line ?? 0;
    const report = { ...parsed, figures, provenance, rawCells: { ...parsed.rawCells, [key]: "1.5" } };
    const ocrDoc = ocrDocOf(doc, [
      { line, page: 1, text: "1.5", box: [1, 2, 3, 4], confidence, ...(reread ? { reread } : {}) },
    ]);
    return { key, out: applyOcr(report, ocrDoc) };
  }

  it("read surely, it is kept for the rules (T4-NONNEG), and the finding says it was read by OCR", () => {
    const { key, out } = withDecimal(0.89);
    expect(out.rawCells[key]).toBe("1.5");
    expect(out.issues.find((i) => i.rowKey === key)).toBeUndefined();
    const finding = runRules({ report: out }).findings.find((f) => f.rule === "T4-NONNEG");
    expect(finding?.cells).toEqual([key]);
    expect(finding?.message).toContain("文字识别");
  });

  it("read with less confidence, or only by the digits-only reading, it is an unreadable cell", () => {
    for (const [confidence, reread] of [
      [0.7, undefined],
      [0.95, true],
    ] as const) {
      const { key, out } = withDecimal(confidence, reread);
      expect(out.rawCells[key]).toBeUndefined();
      expect(out.issues.find((i) => i.rowKey === key)).toMatchObject({ kind: "ocr_uncertain", raw: "1.5" });
    }
  });
});

describe("OCR: two readings of a cell that disagree", () => {
  function disputedReport() {
    // 表三 「一、本年新收」 1 2 3 4 5 6 | 21, its total read as 27 by the first reading and 21 by the second.
    const { doc, report } = withNewRow([1, 2, 3, 4, 5, 6, 27]);
    report.figures["t2.licensing.decisions"] = 4489;
    const t2Line = report.provenance["t2.licensing.decisions"]?.line ?? 0;
    report.provenance["t2.licensing.decisions"] = {
      ...(report.provenance["t2.licensing.decisions"] as Provenance),
      raw: "4489",
    };
    const line = report.provenance["t3.new.total"]?.line ?? 0;
    const ocrDoc = ocrDocOf(doc, [
      { line, page: 1, text: "27", box: [1, 2, 3, 4], confidence: 0.97, disputed: "21" },
      { line: t2Line, page: 1, text: "4489", box: [1, 2, 3, 4], confidence: 0.97, disputed: "4480" },
    ]);
    return applyOcr(report, ocrDoc);
  }

  it("takes the reading the row sum forces, even the second one, as decoded", () => {
    const out = disputedReport();
    expect(out.figures["t3.new.total"]).toBe(21);
    expect(out.provenance["t3.new.total"]).toMatchObject({
      raw: "27",
      mode: "decoded",
      decodedBy: ["T3-COLSUM"],
    });
  });

  it("takes neither where no arithmetic decides (表二), and PARSE-AMBIGUOUS names both readings", () => {
    const out = disputedReport();
    expect(out.figures["t2.licensing.decisions"]).toBeNull();
    expect(out.issues.find((i) => i.rowKey === "t2.licensing.decisions")).toMatchObject({
      kind: "ocr_uncertain",
      options: ["4489", "4480"],
    });
    const finding = runRules({ report: out }).findings.find(
      (f) => f.rule === "PARSE-AMBIGUOUS" && f.cells.includes("t2.licensing.decisions"),
    );
    expect(finding?.message).toContain("4489或4480");
  });
});
