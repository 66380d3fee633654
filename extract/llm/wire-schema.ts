/**
 * The extraction schema one report's reply must satisfy, and its JSON Schema as sent to the model
 * (response_format, tool parameters, or the prompt). Built from extract/schema.ts `figuresSchema`, so
 * every figure property's description starts with its canonical key (audit-json.md).
 */
import { z } from "zod";
import type { ParsedReport } from "../schema.ts";
import { figuresSchema } from "../schema.ts";
import { T3_OTHER_SINGLE, type TemplateVersion } from "../template/layout.ts";

export interface ExtractionSchema {
  readonly version: TemplateVersion;
  /** 表三 （六） as three sub-rows. */
  readonly split: boolean;
  /** Validates a reply: `{ templateVersion, figures }` with every key present (value or null). */
  readonly zod: z.ZodType<{ templateVersion: TemplateVersion; figures: Record<string, number | null> }>;
  /** The JSON Schema sent to the model (strict-mode subset: all required, no extra properties). */
  readonly json: Record<string, unknown>;
  /** Canonical keys, in template order. */
  readonly keys: readonly string[];
}

/** Name of the response format / function tool. */
export const SCHEMA_NAME = "record_figures";

/** The layout of a parsed report: template version and 表三 （六） rows; unknowns fall back to 2021. */
export function layoutOf(report: ParsedReport): {
  version: TemplateVersion;
  split: boolean;
  parent: boolean;
} {
  const detected = report.meta.templateVersion;
  const t3Layout = report.tables.t3.layout;
  const version: TemplateVersion =
    detected === "2019" || detected === "2021" ? detected : t3Layout === "single" ? "2019" : "2021";
  const split = t3Layout ? t3Layout === "split" : version === "2021";
  // A report printing both the （六） parent and its sub-rows keeps the parent as a subtotal.
  const parent = split && Object.hasOwn(report.figures, `t3.${T3_OTHER_SINGLE.key}.total`);
  return { version, split, parent };
}

export function extractionSchema(version: TemplateVersion, split = version === "2021", parent = false) {
  let figures = figuresSchema(version, split);
  if (parent) {
    const single = figuresSchema(version, false);
    // The one-row layout has no sub-rows: its `t3.other_processing.*` keys are the parent's cells.
    const prefix = `t3.${T3_OTHER_SINGLE.key}.`;
    const extra = Object.fromEntries(Object.entries(single.shape).filter(([k]) => k.startsWith(prefix)));
    figures = figures.extend(extra);
  }
  const zod = z.object({ templateVersion: z.literal(version), figures });
  const keys = Object.keys(figures.shape);
  return {
    version,
    split,
    zod: zod as unknown as ExtractionSchema["zod"],
    json: toWireJsonSchema(z.toJSONSchema(zod, { target: "draft-7" }) as Record<string, unknown>),
    keys,
  } satisfies ExtractionSchema;
}

/** The extraction schema for one parsed report's layout. */
export function schemaForReport(report: ParsedReport): ExtractionSchema {
  const { version, split, parent } = layoutOf(report);
  return extractionSchema(version, split, parent);
}

const SAFE = Number.MAX_SAFE_INTEGER;

/**
 * Reduce zod's JSON Schema to the subset strict structured outputs accept everywhere:
 * no `$schema`, nullable scalars as `type: [t, "null"]`, no safe-integer bounds, `const` as `enum`,
 * every object closed with all properties required.
 */
export function toWireJsonSchema(schema: Record<string, unknown>): Record<string, unknown> {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (node === null || typeof node !== "object") return node;
    const n = { ...(node as Record<string, unknown>) };
    delete n.$schema;
    if (n.minimum === -SAFE) delete n.minimum;
    if (n.maximum === SAFE) delete n.maximum;
    if ("const" in n) {
      n.enum = [n.const];
      delete n.const;
    }
    const anyOf = n.anyOf;
    if (Array.isArray(anyOf) && anyOf.length === 2) {
      const [a, b] = anyOf.map(walk) as Record<string, unknown>[];
      const nullFirst = a?.type === "null";
      const value = nullFirst ? b : a;
      const other = nullFirst ? a : b;
      if (
        other?.type === "null" &&
        value &&
        typeof value.type === "string" &&
        Object.keys(value).length === 1
      ) {
        delete n.anyOf;
        n.type = [value.type, "null"];
      }
    }
    if (n.type === "object" && n.properties && typeof n.properties === "object") {
      n.required = Object.keys(n.properties as object);
      n.additionalProperties = false;
    }
    for (const [k, v] of Object.entries(n)) if (k !== "enum") n[k] = walk(v);
    return n;
  };
  return walk(schema) as Record<string, unknown>;
}
