/** The extraction schema as sent: strict subset, every figure described starting with its key. */
import { describe, expect, it } from "vitest";
import { extractionSchema, toWireJsonSchema } from "../../extract/llm/wire-schema.ts";
import { templateCells } from "../../extract/template/layout.ts";

type Json = Record<string, unknown> & { properties: Record<string, Json>; required: string[] };

describe("extractionSchema", () => {
  it.each(["2019", "2021"] as const)(
    "%s: every figure key, required, nullable, described from its key",
    (version) => {
      const s = extractionSchema(version);
      const json = s.json as Json;
      expect(json.type).toBe("object");
      expect(json.additionalProperties).toBe(false);
      expect(json.required).toEqual(["templateVersion", "figures"]);
      expect(json.properties.templateVersion).toEqual({ type: "string", enum: [version] });
      const figures = json.properties.figures as Json;
      const keys = templateCells(version).map((c) => c.key);
      expect(Object.keys(figures.properties)).toEqual(keys);
      expect(figures.required).toEqual(keys);
      expect(figures.additionalProperties).toBe(false);
      for (const key of keys) {
        const p = figures.properties[key] as Json;
        expect(String(p.description).startsWith(`${key} — `)).toBe(true);
        expect((p.type as string[])[1]).toBe("null");
      }
      const text = JSON.stringify(json);
      expect(text).not.toContain("anyOf");
      expect(text).not.toContain("$schema");
      expect(text).not.toContain("9007199254740991");
    },
  );

  it("the zod side accepts a full reply and rejects a missing key, a string, a fraction in a count", () => {
    const s = extractionSchema("2021");
    const figures = Object.fromEntries(s.keys.map((k) => [k, 0]));
    expect(s.zod.safeParse({ templateVersion: "2021", figures }).success).toBe(true);
    expect(
      s.zod.safeParse({ templateVersion: "2021", figures: { ...figures, "t2.fees.amount_wan_yuan": 64.01 } })
        .success,
    ).toBe(true);
    const { "t3.new.total": _, ...missing } = figures;
    expect(s.zod.safeParse({ templateVersion: "2021", figures: missing }).success).toBe(false);
    expect(
      s.zod.safeParse({ templateVersion: "2021", figures: { ...figures, "t3.new.total": "5" } }).success,
    ).toBe(false);
    expect(
      s.zod.safeParse({ templateVersion: "2021", figures: { ...figures, "t3.new.total": 1.5 } }).success,
    ).toBe(false);
  });

  it("a report printing （六） both as parent and sub-rows gets the parent keys too", () => {
    const s = extractionSchema("2021", true, true);
    expect(s.keys).toContain("t3.other_processing.total");
    expect(s.keys).toContain("t3.other_processing.overdue_fee.total");
  });

  it("toWireJsonSchema folds nullable anyOf into a type list", () => {
    expect(
      toWireJsonSchema({
        type: "object",
        properties: { a: { anyOf: [{ type: "integer" }, { type: "null" }] } },
      }),
    ).toEqual({
      type: "object",
      properties: { a: { type: ["integer", "null"] } },
      required: ["a"],
      additionalProperties: false,
    });
  });
});
