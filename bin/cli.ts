/**
 * `nianbao` command line: argument parsing and output only; the audit itself is audit/run-audit.ts.
 * stdout carries the result (JSON lines with --json); diagnostics go to stderr, one line each.
 */
import { existsSync } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import type { AuditResult } from "../audit/result.ts";
import type { DetailedAudit } from "../audit/run-audit.ts";
import type { LlmExtractor } from "../extract/llm/extractor.ts";

// Everything else is imported where a command needs it, so that `--help` loads nothing but this file
// and `audit` of a text file never loads pdf.js, mammoth, docx, exceljs or openai
// (tests/bin/lazy-imports.test.ts checks which modules each command loads).

/** Default of --max-size, in MB (audit/run-audit.ts's DEFAULT_MAX_BYTES). */
const DEFAULT_MAX_MB = 20;
/** Default of --timeout, in seconds (bot/worker/pool-auditor.ts's DEFAULT_BUDGET_MS). */
const DEFAULT_BUDGET_SEC = 20;

const VERSION = "0.1.0";

export const HELP = `nianbao — 政府信息公开工作年度报告审核（Nianbao Auditor ${VERSION}）

Usage:
  nianbao audit FILE|DIR... [options]   audit report files (PDF, DOCX, HTML, text; type sniffed from the bytes)
  nianbao bot                           run the Telegram bot (TELEGRAM_BOT_TOKEN and the other variables: docs/bot.md)
  nianbao worker                        run a queue worker: audits the files bot instances and \`audit --queue\`
                                        put on the Postgres queue (NIANBAO_DATABASE_URL: docs/scale.md)
  nianbao schema [--template 2019|2021]  print the JSON Schema the LLM must fill (sent with --llm)
  nianbao report FILE --docx OUT [--xlsx OUT]
                                        audit one report and write its 审核意见书 (DOCX) and/or an XLSX
                                        of every figure (key, label, value, source) and every finding
  nianbao compare A B [--docx OUT] [--json]
                                        compare one unit's reports of two years (order by year): every
                                        table cell with both values and the change, the prose section by
                                        section, last year's problems, the cross-year findings (docs/supervisor.md)
  nianbao --help | --version

Options (audit):
  --json            print one JSON object per file per line (the contract in docs: audit-json.md)
  --figures         human output: also list every figure with its source cell
  --max-size MB     refuse files larger than MB megabytes (default 20)
  --timeout SEC     give up reading one file after SEC seconds (default 20)
  --date DATE       the date the report was published (2025-01-20 or 2025年1月20日), for the
                    deadline check (DEADLINE) where the report prints no 落款 date; one report only
                    (also with \`report\`). Without it, a creation date in the file's metadata that
                    is past the deadline gives a notice; the printed date always comes first
  --llm             also read the tables with an LLM and reconcile both readings (the parser's value
                    stands where they differ: EXTRACT-DISAGREE); needs OPENAI_API_KEY and
                    NIANBAO_LLM_MODEL, optional OPENAI_BASE_URL (any OpenAI-compatible endpoint) and
                    NIANBAO_LLM_MODE = tools (default) | json_schema | json_object; a .env file is read
  --xlsx FILE       batch mode: audit every FILE, DIR and ZIP (members read in memory, with zip-bomb,
                    path-traversal and nesting checks) and write one XLSX (汇总, 报告, 审核发现, 问题文件);
                    reports of one issuer for consecutive years are linked for the cross-year rules
                    (XY-CARRY, T2-VALID-XY, T2-2019-ITEMS, XY-PROBLEMS); one line per file on stdout
                    (JSON lines with --json); not combined with --llm. The XLSX also has the
                    regional overview: 单位排名, 问题热力图 (chart and matrix), 地区合计
  --overview PNG    batch mode too: write the heatmap of units × rules (PNG) and print the ranking
                    and the region's totals on stderr; with or without --xlsx
  --queue           batch mode over the Postgres queue (NIANBAO_DATABASE_URL): the files go to the
                    running \`nianbao worker\`s and the same XLSX is written when all are done; run it
                    again after a crash and the files already audited are not audited again
  --debug           print stack traces of internal errors to stderr
  -h, --help        show this help

A DIR is searched recursively; hidden files are skipped; files are audited in name order.

Exit codes:
  0  every file was audited (whatever was found, including "not a report")
  1  usage error
  2  at least one file could not be read (missing, unreadable, no text layer, too large)
`;

export interface CliIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

const defaultIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
};

async function expand(paths: readonly string[]): Promise<{ files: string[]; missing: string[] }> {
  const files: string[] = [];
  const missing: string[] = [];
  const walk = async (dir: string) => {
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
      a.name.localeCompare(b.name),
    );
    for (const e of entries) {
      if (e.name.startsWith(".")) continue;
      const p = join(dir, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile()) files.push(p);
    }
  };
  for (const p of paths) {
    const s = await stat(p).catch(() => null);
    if (!s) missing.push(p);
    else if (s.isDirectory()) await walk(p);
    else files.push(p);
  }
  return { files, missing };
}

const UNREAD: ReadonlySet<AuditResult["status"]> = new Set(["unreadable", "no_text_layer", "too_large"]);

/**
 * The bot's entry: from dist/, its bundle (dist/bundle/bot/, scripts/build.mjs: ~180 modules load as a
 * few, so the bot is ready to poll sooner) where it was built; else the module.
 */
async function loadRunBot(): Promise<typeof import("../bot/run-bot.ts")> {
  if (!import.meta.url.endsWith(".ts")) {
    const bundled = new URL("../bundle/bot/run-bot.js", import.meta.url);
    if (existsSync(bundled)) return (await import(bundled.href)) as typeof import("../bot/run-bot.ts");
  }
  return import("../bot/run-bot.ts");
}

/** Run the CLI; resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = defaultIo): Promise<number> {
  let parsed: ReturnType<typeof parseCli>;
  try {
    parsed = parseCli(argv);
  } catch (error) {
    io.stderr(`nianbao: ${error instanceof Error ? error.message : String(error)}\n用法见 nianbao --help\n`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const [command, ...rest] = positionals;
  if (values.help || command === undefined || command === "help") {
    io.stdout(HELP);
    return command === undefined && !values.help ? 1 : 0;
  }
  if (command === "bot") {
    // Loaded on demand: the audit command does not need grammY or SQLite.
    const { runBot } = await loadRunBot();
    // As bot/main.ts: after a graceful stop nothing else may keep the process alive (workers, sockets).
    process.exit(await runBot(process.env));
  }
  if (command === "worker") {
    // A queue worker (Postgres mode): audits the files bot instances and `audit --queue` put on the queue.
    const { runWorker } = await import("../bot/queue/run-worker.ts");
    process.exit(await runWorker(process.env));
  }
  if (command === "schema") return printSchema(values.template, io);
  const { dateLine } = await import("../extract/meta.ts");
  const givenDate = values.date === undefined ? undefined : dateLine(values.date);
  if (givenDate === null) {
    io.stderr(`nianbao: --date "${values.date}" is not a date (2025-01-20 or 2025年1月20日)\n`);
    return 1;
  }
  const dated = givenDate === undefined ? {} : { givenDate };
  if (command === "report") {
    if (rest.length !== 1 || (values.docx === undefined && values.xlsx === undefined)) {
      io.stderr("nianbao report: give one FILE and --docx OUT and/or --xlsx OUT\n用法见 nianbao --help\n");
      return 1;
    }
    const { exportReport } = await import("../audit/export-files.ts");
    const { DEFAULT_BUDGET_MS, isolatedAuditor } = await import("../bot/worker/pool-auditor.ts");
    const isolated = isolatedAuditor({ timeoutMs: DEFAULT_BUDGET_MS });
    try {
      return await exportReport(
        rest[0] as string,
        { ...(values.docx ? { docx: values.docx } : {}), ...(values.xlsx ? { xlsx: values.xlsx } : {}) },
        {
          maxBytes: DEFAULT_MAX_MB * 1024 * 1024,
          timeoutMs: DEFAULT_BUDGET_MS,
          json: values.json === true,
          auditor: isolated.audit,
          ...dated,
        },
        io,
      );
    } finally {
      await isolated.close();
    }
  }
  if (command === "compare") {
    if (rest.length !== 2) {
      io.stderr("nianbao compare: give two report files (A B)\n用法见 nianbao --help\n");
      return 1;
    }
    const { exportComparison } = await import("../audit/compare/export.ts");
    return exportComparison(
      rest[0] as string,
      rest[1] as string,
      {
        ...(values.docx ? { docx: values.docx } : {}),
        json: values.json === true,
        maxBytes: DEFAULT_MAX_MB * 1024 * 1024,
        timeoutMs: DEFAULT_BUDGET_SEC * 1000,
      },
      io,
    );
  }
  if (command !== "audit") {
    io.stderr(`nianbao: unknown command "${command}"\n用法见 nianbao --help\n`);
    return 1;
  }
  if (rest.length === 0) {
    io.stderr("nianbao audit: no FILE or DIR given\n用法见 nianbao --help\n");
    return 1;
  }
  const maxMb = values["max-size"] === undefined ? DEFAULT_MAX_MB : Number(values["max-size"]);
  const timeoutSec = values.timeout === undefined ? DEFAULT_BUDGET_SEC : Number(values.timeout);
  if (!Number.isFinite(maxMb) || maxMb <= 0 || !Number.isFinite(timeoutSec) || timeoutSec <= 0) {
    io.stderr("nianbao audit: --max-size and --timeout take positive numbers\n");
    return 1;
  }
  let llm: LlmExtractor | undefined;
  if (values.llm) {
    const { extractorForCli } = await import("../extract/llm/from-env.ts");
    const { stderrLogger } = await import("../extract/llm/logger.ts");
    const made = extractorForCli(
      process.env,
      stderrLogger({ debug: values.debug === true, write: io.stderr }),
    );
    if (!made.ok) {
      io.stderr(`nianbao: ${made.message}\n`);
      return 1;
    }
    llm = made.extractor;
  }
  const { files, missing } = await expand(rest);
  const batchMode = values.xlsx !== undefined || values.overview !== undefined;
  if (givenDate !== undefined && (files.length + missing.length !== 1 || batchMode)) {
    io.stderr("nianbao audit: --date applies to one report: give exactly one FILE (no --xlsx batch)\n");
    return 1;
  }
  if (batchMode) {
    if (llm) {
      io.stderr("nianbao audit: --xlsx (batch) is not combined with --llm\n");
      return 1;
    }
    const limits = { maxBytes: Math.round(maxMb * 1024 * 1024), timeoutMs: Math.round(timeoutSec * 1000) };
    if (values.queue) {
      const url = process.env.NIANBAO_DATABASE_URL;
      if (url === undefined || !/^postgres(ql)?:\/\//i.test(url)) {
        io.stderr(
          "nianbao audit: --queue needs NIANBAO_DATABASE_URL=postgres://… (and running `nianbao worker`s)\n",
        );
        return 1;
      }
      const { exportQueuedBatch } = await import("../bot/queue/batch-queue.ts");
      const { silentLogger } = await import("../logger.ts");
      return await exportQueuedBatch(
        files,
        missing,
        { xlsx: values.xlsx, overview: values.overview },
        {
          connection: { url, filesDir: process.env.NIANBAO_QUEUE_FILES_DIR || null },
          log: silentLogger,
          ...limits,
          json: values.json === true,
          memoryMb: Number(process.env.NIANBAO_WORKER_MEMORY_MB) || 512,
        },
        io,
      );
    }
    const { exportBatch } = await import("../audit/export-files.ts");
    const { isolatedAuditor } = await import("../bot/worker/pool-auditor.ts");
    const isolated = isolatedAuditor({ timeoutMs: limits.timeoutMs });
    try {
      const options = { ...limits, json: values.json === true, auditor: isolated.audit };
      return await exportBatch(files, missing, { xlsx: values.xlsx, overview: values.overview }, options, io);
    } finally {
      await isolated.close();
    }
  }
  // Each file is read and parsed in a worker with a time and a heap cap, with --llm too (the LLM step,
  // network-bound and under its own budget, runs on this thread over the document the worker read). The
  // worker is started first, so that it loads the audit code while this thread loads its own and reads
  // the files; it is not warmed up on a tiny PDF (its first file is already waiting).
  const timeoutMs = Math.round(timeoutSec * 1000);
  const { isolatedAuditor } = await import("../bot/worker/pool-auditor.ts");
  const isolated = isolatedAuditor({ timeoutMs, warmUp: false });
  const { readInput } = await import("../audit/read-input.ts");
  const { renderFigures, renderText } = await import("../audit/render-text.ts");
  let exit = 0;
  for (const p of missing) {
    io.stderr(`nianbao: ${p}: no such file or directory（文件不存在）\n`);
    exit = 2;
  }
  // Files audited together are linked by issuer and year (cross-year rules), as in a batch.
  const audit = isolated.audit;
  const audited: DetailedAudit[] = [];
  try {
    for (const file of files) {
      try {
        const input = await readInput(file, Math.round(maxMb * 1024 * 1024));
        if ("result" in input) {
          audited.push({ result: input.result, report: null });
          continue;
        }
        audited.push(
          await audit(input.bytes, file, {
            maxBytes: Math.round(maxMb * 1024 * 1024),
            timeoutMs,
            ...(llm ? { llm } : {}),
            ...dated,
          }),
        );
      } catch (error) {
        io.stderr(`nianbao: ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
        if (values.debug && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
        exit = 2;
      }
    }
  } finally {
    // Every file has its result: the worker is stopped while they are printed, not waited for (its heap is
    // torn down meanwhile; bin/nianbao.js ends the process once stdout is flushed).
    void isolated.close();
  }
  // One file has no other year to link to (and the pipeline's modules stay unloaded on this thread).
  const linked =
    audited.length > 1
      ? (await import("../audit/batch.ts")).linkYears(audited)
      : audited.map(({ result }) => ({ result, previousFile: null as string | null }));
  for (const { result, previousFile } of linked) {
    if (UNREAD.has(result.status)) exit = 2;
    if (values.json) io.stdout(`${JSON.stringify(result)}\n`);
    else {
      io.stdout(`${renderText(result)}\n`);
      if (previousFile !== null) io.stdout(`跨年度核验：已与同一机关上年度报告「${previousFile}」比对\n`);
      if (values.figures && Object.keys(result.figures).length > 0)
        io.stdout(`全部数字：\n${renderFigures(result)}\n`);
      io.stdout("\n");
    }
  }
  return exit;
}

/** `nianbao schema`: the extraction schema of one template version, as sent to the model. */
async function printSchema(template: string | undefined, io: CliIo): Promise<number> {
  if (template !== undefined && template !== "2019" && template !== "2021") {
    io.stderr("nianbao schema: --template takes 2019 or 2021\n");
    return 1;
  }
  const { extractionSchema } = await import("../extract/llm/wire-schema.ts");
  io.stdout(`${JSON.stringify(extractionSchema(template ?? "2021").json, null, 2)}\n`);
  return 0;
}

function parseCli(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: {
      json: { type: "boolean" },
      figures: { type: "boolean" },
      "max-size": { type: "string" },
      timeout: { type: "string" },
      date: { type: "string" },
      debug: { type: "boolean" },
      llm: { type: "boolean" },
      template: { type: "string" },
      xlsx: { type: "string" },
      overview: { type: "string" },
      docx: { type: "string" },
      queue: { type: "boolean" },
      help: { type: "boolean", short: "h" },
      version: { type: "boolean", short: "v" },
    },
  });
}
