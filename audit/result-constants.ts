/**
 * The values of the audit result's contract that the audit itself needs at run time, apart from its zod
 * schema (audit/result.ts): the audit worker imports only these, so that a cold audit does not load zod
 * and build every schema before the first page is read (issue 13). result.ts re-exports them.
 */
import type { AuditResult } from "./result.ts";

export const SCHEMA_VERSION = 1;

export const EMPTY_META: AuditResult["meta"] = {
  issuer: null,
  reportYear: null,
  templateVersion: null,
  publicationDate: null,
  issuerLevel: null,
  templateEvidence: [],
  title: null,
  fileCreated: null,
  givenDate: null,
  portalDate: null,
  portalDateQuote: null,
};
