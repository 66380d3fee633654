/**
 * The five real reports, read from real files (the seed text, and the PDF, DOCX and HTML made from
 * it), audited end to end: every figure against the hand-checked expected JSON, the metadata, and
 * every finding a careful auditor raises — nothing more.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { AuditResult } from "../../audit/result.ts";
import { auditBytes } from "../../audit/run-audit.ts";
import { EXPECTED_FINDINGS, EXPECTED_MESSAGES, SEED_IDS } from "./seed-findings.ts";

const dir = join(import.meta.dirname, "../fixtures/seeds");

interface Expected {
  meta: Record<string, unknown>;
  figures: Record<string, number | null>;
}

const FORMATS = ["txt", "pdf", "docx", "html"] as const;

describe.each(SEED_IDS)("seed %s", (id) => {
  const expected = JSON.parse(readFileSync(join(dir, `${id}.expected.json`), "utf8")) as Expected;

  describe.each(FORMATS)("as %s", (ext) => {
    let result: AuditResult;
    const load = async () => {
      result ??= await auditBytes(new Uint8Array(readFileSync(join(dir, `${id}.${ext}`))), `${id}.${ext}`);
      return result;
    };

    it("matches the JSON contract and reads every figure", async () => {
      const r = await load();
      expect(AuditResult.parse(r)).toBeTruthy();
      expect(r.status).toBe("ok");
      expect(r.figures).toEqual(expected.figures);
      for (const [key, value] of Object.entries(r.figures)) {
        if (value === null) continue;
        expect(r.provenance[key], key).toMatchObject({ source: "parser" });
      }
    });

    it("reads the metadata", async () => {
      const r = await load();
      expect({
        issuer: r.meta.issuer,
        reportYear: r.meta.reportYear,
        templateVersion: r.meta.templateVersion,
        publicationDate: r.meta.publicationDate,
        issuerLevel: r.meta.issuerLevel,
      }).toEqual(expected.meta);
    });

    it("raises exactly the expected findings", async () => {
      const r = await load();
      const got = r.findings.map((f) => `${f.severity}:${f.rule}`).sort();
      const want = [...(EXPECTED_FINDINGS[id]?.[ext === "txt" ? "text" : "grid"] ?? [])].sort();
      expect(got).toEqual(want);
      const messages = r.findings.map((f) => f.message);
      for (const m of EXPECTED_MESSAGES[id] ?? []) expect(messages).toContain(m);
      for (const f of r.findings) {
        expect(f.basis.length, f.rule).toBeGreaterThan(0);
        for (const key of f.cells) expect(key in r.figures, `${f.rule} cites ${key}`).toBe(true);
      }
    });
  });
});
