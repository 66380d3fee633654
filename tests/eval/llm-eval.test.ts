/**
 * `npm run eval -- --llm`: the LLM reading scored against the gold, run as a child process against a
 * local OpenAI-compatible server (no network). The server answers the first file with its gold figures
 * and the second with one figure deliberately wrong; the printed scores must count that figure as a
 * wrong non-null figure and the reconciliation must flag it as a disagreement the parser got right.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { loadSeedGolds, parseFormats, seedFiles } from "../../eval/cases.ts";
import { loadRealGolds, realFiles } from "../../eval/real.ts";
import type { GoldFile } from "../../eval/score.ts";
import {
  completion,
  type FakeServer,
  type RecordedRequest,
  startFakeOpenAi,
} from "../llm/fake-openai-server.ts";

const ROOT = join(import.meta.dirname, "../..");
const run = promisify(execFile);
const WRONG_KEY = "t3.new.total";

let server: FakeServer | null = null;
afterEach(async () => {
  await server?.close();
  server = null;
});

/** The schema the client sent (tools mode): its keys and template version. */
function schemaOf(req: RecordedRequest): { keys: string[]; version: string } {
  const params = req.body.tools[0].function.parameters;
  return {
    keys: Object.keys(params.properties.figures.properties),
    version: params.properties.templateVersion.enum[0],
  };
}

/** The first 表二 key of the schema the gold has a number for. */
function nulledKey(gold: GoldFile, keys: readonly string[]): string {
  const key = keys.find((k) => k.startsWith("t2.") && typeof gold.figures[k] === "number");
  if (!key) throw new Error(`no 表二 number in ${gold.id}`);
  return key;
}

/** Answers request i with the gold of file i; file 1 gets WRONG_KEY off by 7; `fail` indexes get HTTP 400. */
async function serveGolds(files: readonly GoldFile[], fail: readonly number[] = []) {
  const schemas: Array<{ keys: string[]; version: string }> = [];
  server = await startFakeOpenAi((req, index) => {
    if (fail.includes(index)) return { status: 400 };
    const schema = schemaOf(req);
    schemas[index] = schema;
    const gold = files[index] as GoldFile;
    const figures: Record<string, number | null> = {};
    for (const key of schema.keys) figures[key] = gold.figures[key] ?? null;
    if (index === 1) figures[WRONG_KEY] = (gold.figures[WRONG_KEY] as number) + 7;
    // The first file: one 表二 figure the gold has a number for comes back null (no answer, not wrong).
    if (index === 0) figures[nulledKey(gold, schema.keys)] = null;
    return {
      body: completion({
        toolCalls: [
          {
            name: "record_figures",
            arguments: JSON.stringify({ templateVersion: schema.version, figures }),
          },
        ],
        usage: { prompt_tokens: 3000 + index, completion_tokens: 900 },
      }),
    };
  });
  return { server, schemas };
}

async function evalLlm(url: string | null, args: readonly string[]) {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const k of Object.keys(env))
    if (k.startsWith("OPENAI_") || k.startsWith("NIANBAO_LLM_")) delete env[k];
  if (url !== null)
    Object.assign(env, {
      OPENAI_BASE_URL: url,
      OPENAI_API_KEY: "test-key",
      NIANBAO_LLM_MODEL: "fake-model",
      NIANBAO_LLM_MODE: "tools",
      NIANBAO_LLM_TIMEOUT_MS: "20000",
    });
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      ["--import", "tsx", join(ROOT, "eval/run-eval.ts"), "--llm", ...args],
      { cwd: ROOT, env, encoding: "utf8", timeout: 120_000 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

/**
 * The expected "all" row: gold numbers, right, wrong, no answer, blanks kept. A gold number outside
 * the schema is no answer; a gold blank in the schema answered null is kept.
 */
function expectedTally(files: readonly GoldFile[], schemas: ReadonlyArray<{ keys: string[] }>) {
  let numbers = 0;
  let right = 0;
  let noAnswer = 0;
  let blanks = 0;
  let kept = 0;
  files.forEach((f, i) => {
    const inSchema = new Set(schemas[i]?.keys ?? []);
    for (const [key, value] of Object.entries(f.figures)) {
      if (value === null) {
        blanks++;
        if (inSchema.has(key)) kept++;
      } else {
        numbers++;
        if (inSchema.has(key)) right++;
        else noAnswer++;
      }
    }
  });
  // One wrong (file 1) and one nulled (file 0).
  return { numbers, right: right - 2, wrong: 1, noAnswer: noAnswer + 1, blanksKept: `${kept}/${blanks}` };
}

function allRow(stdout: string): string[] {
  const line = stdout.split("\n").find((l) => /^all\s/.test(l)) ?? "";
  expect(line, stdout).toMatch(/^all\s+\d+\s+\d+/);
  return line.trim().split(/\s{2,}/);
}

function checkScores(stdout: string, files: readonly GoldFile[], schemas: ReadonlyArray<{ keys: string[] }>) {
  const t = expectedTally(files, schemas);
  const [, numbers, right, wrong, noAnswer, , , blanksKept] = allRow(stdout);
  expect({
    numbers: Number(numbers),
    right: Number(right),
    wrong: Number(wrong),
    noAnswer: Number(noAnswer),
    blanksKept,
  }).toEqual(t);
  // 表三 carries the wrong figure; 表二 and 表四 none.
  expect(stdout).toMatch(/^表三\s+\d+\s+\d+\s+1\s/m);
  // 表二 carries the nulled figure: no answer, not wrong; it is not listed among the wrong figures.
  expect(stdout).toMatch(/^表二\s+\d+\s+\d+\s+0\s+[1-9]\d*\s/m);
  expect(stdout).toMatch(/^表四\s+\d+\s+\d+\s+0\s/m);
  const second = files[1] as GoldFile;
  const gold = second.figures[WRONG_KEY] as number;
  const name = `${second.id}.${second.format}`;
  expect(stdout).toContain("== Wrong non-null figures of the LLM: 1");
  // Per key: the wrong figure's key heads the worst keys, right once and wrong once.
  expect(stdout).toMatch(
    new RegExp(`Worst keys of the LLM.*\\n.*\\n${WRONG_KEY.replace(/\./g, "\\.")}\\s+1\\s+1\\s+0\\s`),
  );
  expect(stdout).toContain(`  ${name} ${WRONG_KEY}: gold ${gold} → LLM ${gold + 7} (parser ${gold})`);
  expect(stdout).toMatch(
    /disagreements with the parser \(EXTRACT-DISAGREE\): 1 in 1 of 2 files read — parser right 1, LLM right 0, neither 0/,
  );
  expect(stdout).toContain(
    `  ${name} ${WRONG_KEY}: parser ${gold}, LLM ${gold + 7}, gold ${gold} → parser right`,
  );
  expect(stdout).toContain(`LLM readings: 2 of 2 files; failed or not asked: none`);
  expect(stdout).toMatch(
    /calls: 2 HTTP requests \(0 failed\), 0 repair rounds; tokens \(as the API reported usage\): 6001 in, 1800 out, 3901 per report/,
  );
}

describe("npm run eval -- --llm", () => {
  it("says which env vars to set and exits 2 when no endpoint is configured", async () => {
    const r = await evalLlm(null, ["--limit", "2"]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/set OPENAI_API_KEY and NIANBAO_LLM_MODEL \(and OPENAI_BASE_URL/);
  }, 60_000);

  it("scores the LLM reading of the synthetic corpus (seeds first) against the gold", async () => {
    const files = seedFiles(loadSeedGolds(), parseFormats("text")).slice(0, 2);
    const { server: s, schemas } = await serveGolds(files);
    const json = join(mkdtempSync(join(tmpdir(), "nianbao-llm-eval-")), "llm.json");
    const r = await evalLlm(s.url, ["--limit", "2", "--concurrency", "1", "--json", json]);
    expect(r.code, r.stderr).toBe(0);
    expect(s.requests).toHaveLength(2);
    const written = JSON.parse(readFileSync(json, "utf8"));
    expect(written.model).toBe("fake-model");
    expect(written.summary.wrong).toHaveLength(1);
    expect(written.summary.disagreements[0].right).toBe("parser");
    rmSync(dirname(json), { recursive: true, force: true });
    // Request i carried file i (the issuer is in the text sent).
    files.forEach((f, i) => {
      expect(JSON.stringify(s.requests[i]?.body.messages)).toContain(String(f.meta.issuer).slice(-6));
    });
    checkScores(r.stdout, files, schemas);
  }, 150_000);

  it("scores the real corpus with --real", async () => {
    const golds = loadRealGolds().flatMap((l) => (l.gold ? [l.gold] : []));
    const files = realFiles(golds).slice(0, 2);
    const { server: s, schemas } = await serveGolds(files);
    const r = await evalLlm(s.url, ["--real", "--limit", "2", "--concurrency", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/LLM reading \(REAL corpus/);
    checkScores(r.stdout, files, schemas);
  }, 150_000);

  it("counts a failed call and goes on", async () => {
    const files = seedFiles(loadSeedGolds(), parseFormats("text")).slice(0, 2);
    const { server: s } = await serveGolds(files, [0]);
    const r = await evalLlm(s.url, ["--limit", "1"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(
      "LLM readings: 0 of 1 files; failed or not asked: unavailable: http HTTP 400 ×1",
    );
    expect(r.stdout).toMatch(/calls: 1 HTTP requests \(1 failed\)/);
    // No reading: every gold figure is "no answer", none wrong.
    expect(allRow(r.stdout)[3]).toBe("0");
  }, 150_000);

  it("spaces requests to --rpm and counts a call over --timeout-ms as failed", async () => {
    const files = seedFiles(loadSeedGolds(), parseFormats("text")).slice(0, 2);
    const gold = files[1] as GoldFile;
    const starts: number[] = [];
    server = await startFakeOpenAi((req) => {
      starts.push(Date.now());
      const schema = schemaOf(req);
      const figures: Record<string, number | null> = {};
      for (const key of schema.keys) figures[key] = gold.figures[key] ?? null;
      const body = completion({
        toolCalls: [
          { name: "record_figures", arguments: JSON.stringify({ templateVersion: schema.version, figures }) },
        ],
      });
      // The first file's requests (its retry too) hang far past the per-report budget; the second's answer.
      const first = JSON.stringify(req.body.messages).includes(String(files[0]?.meta.issuer).slice(-6));
      return first ? { body, delayMs: 30_000 } : { body };
    });
    // 120 requests per minute: starts at least 500 ms apart. One file at a time so that the first
    // file's budget (1.5 s) runs out before the second file's request starts.
    const r = await evalLlm(server.url, [
      "--limit",
      "2",
      "--concurrency",
      "1",
      "--rpm",
      "120",
      "--timeout-ms",
      "1500",
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(
      /LLM readings: 1 of 2 files; failed or not asked: unavailable: (timeout|deadline) ×1/,
    );
    expect(starts.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < starts.length; i++)
      expect((starts[i] as number) - (starts[i - 1] as number)).toBeGreaterThanOrEqual(450);
    const calls = /calls: (\d+) HTTP requests \((\d+) failed\)/.exec(r.stdout);
    expect(Number(calls?.[1])).toBe(starts.length);
    expect(Number(calls?.[2])).toBe(starts.length - 1);
  }, 150_000);
});
