/**
 * Seed reports audited once per test file, with the parsed reading the bot keeps, and a variant of
 * 洛浦 2024 with two misprinted totals (表三「予以公开」总计 25 for 23, 表四 复议总计 5 for 4).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { AuditResult } from "../../audit/result.ts";
import { auditDetailed } from "../../audit/run-audit.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import type { AnswerContext, QaTurn } from "../../qa/answerer.ts";
import { DeterministicAnswerer } from "../../qa/deterministic.ts";

export interface Audited {
  readonly result: AuditResult;
  readonly parsed: ParsedReport | null;
}

const seeds = join(import.meta.dirname, "../fixtures/seeds");

export const seedText = (name: string): string => readFileSync(join(seeds, name), "utf8");

export async function auditText(text: string, name: string): Promise<Audited> {
  const d = await auditDetailed(new TextEncoder().encode(text), name);
  return { result: d.result, parsed: d.report };
}

export const auditSeed = (name: string): Promise<Audited> => auditText(seedText(name), name);

export const LUOPU = "002_a01f0cf12a106081.txt";

/** 洛浦 2024 with 表三「（一）予以公开」总计 25 (六类申请人 23) and 表四 行政复议总计 5 (parts 4). */
export const misprinted = (): Promise<Audited> =>
  auditText(
    seedText(LUOPU)
      .replace("(一) 予以公开\t23\t0\t0\t0\t0\t0\t23", "(一) 予以公开\t23\t0\t0\t0\t0\t0\t25")
      .replace("2\t2\t0\t0\t4\t0", "2\t2\t0\t0\t5\t0"),
    "misprinted.txt",
  );

const answerer = new DeterministicAnswerer();

export const ask = (question: string, a: Audited, history: readonly QaTurn[] = []) =>
  answerer.answer(question, { report: a.result, parsed: a.parsed, history } satisfies AnswerContext);
