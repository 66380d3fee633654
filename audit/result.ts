/**
 * The audit result: the JSON contract of `nianbao audit --json` (../shared/domain/audit-json.md),
 * schemaVersion 1. Fields may be added; none may be renamed or removed without a version bump.
 */
import { z } from "zod";
import { LlmStatus } from "../extract/llm/status.ts";
import {
  AuditStatus,
  DetectedVersion,
  IssuerLevel,
  OcrReading,
  Provenance,
  SourceFormat,
} from "../extract/schema.ts";
import { Finding, RuleSummary } from "../validate/finding.ts";
import { SCHEMA_VERSION } from "./result-constants.ts";

export { EMPTY_META, SCHEMA_VERSION } from "./result-constants.ts";

/**
 * A finding of the result: a rule's, or one of the LLM path's (EXTRACT-DISAGREE carries both readings
 * as `parser` and `llm`; LLM-UNAVAILABLE / LLM-INVALID carry neither).
 */
export const ResultFinding = Finding.extend({
  parser: z.number().nullable().optional(),
  llm: z.number().optional(),
});
export type ResultFinding = z.infer<typeof ResultFinding>;

export const AuditResult = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  file: z.string(),
  status: AuditStatus,
  /** What the status means for this file, in Chinese (for people). */
  statusMessage: z.string(),
  format: z.union([SourceFormat, z.null()]),
  pageCount: z.number().int().nullable(),
  /** SHA-256 of the file's bytes (the bot recognises a file sent twice). */
  sha256: z.string(),
  meta: z.object({
    issuer: z.string().nullable(),
    reportYear: z.number().int().nullable(),
    templateVersion: DetectedVersion.nullable(),
    publicationDate: z.string().nullable(),
    issuerLevel: IssuerLevel.nullable(),
    templateEvidence: z.array(z.string()),
    title: z.string().nullable(),
    /** China-time creation date from the file's metadata (DEADLINE's last resort); null when none. */
    fileCreated: z.string().nullable().default(null),
    /** Publication date the user gave (`--date`, the bot's /date); null when none. */
    givenDate: z.string().nullable().default(null),
    /** Publication date a portal page prints (发布时间/发布日期), which DEADLINE prefers; null when none. */
    portalDate: z.string().nullable().default(null),
    /** The line the portal date was read from. */
    portalDateQuote: z.string().nullable().default(null),
  }),
  figures: z.record(z.string(), z.number().nullable()),
  provenance: z.record(z.string(), Provenance),
  findings: z.array(ResultFinding),
  narrative: z.array(
    z.object({
      quote: z.string(),
      value: z.number(),
      key: z.string().nullable(),
      unit: z.string(),
      measure: z.string(),
      section: z.number().int().nullable(),
      line: z.number().int().nullable(),
    }),
  ),
  sections: z.array(z.object({ no: z.number().int(), heading: z.string(), line: z.number().int() })),
  /** Per-rule outcome counts (pass / fail / cannot_check / assumed). */
  checks: z.array(RuleSummary),
  /** Milliseconds spent reading and auditing the file. */
  elapsedMs: z.number(),
  /** Only on the `--llm` path: what the model did (audit-json.md). */
  llm: LlmStatus.optional(),
  /**
   * Only for a file read by OCR (a scan, a photo): the engine and the resolution of its page images, a
   * photo's estimated from its width (an A4 page across). Figures then carry `source: "ocr"`.
   */
  ocr: OcrReading.optional(),
});
export type AuditResult = z.infer<typeof AuditResult>;
