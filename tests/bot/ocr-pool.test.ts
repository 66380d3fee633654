/**
 * OCR under the pool's caps (bot/worker/audit-pool.ts, audit-worker.mjs): a scan's time cap grows with
 * its pages up to a ceiling, the page reached is carried to the caller and into the timeout outcome,
 * and the child processes a worker starts (tesseract, pdftoppm) are killed when the cap fires or the
 * pool closes, and run under an address-space cap. OCR is stubbed by `sleep` children here
 * (tests/bot/fixtures/ocr-stub-task.ts); the real engine runs in ocr.e2e.test.ts.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { AuditPool, capFor, OCR_BUDGET, PoolClosedError } from "../../bot/worker/audit-pool.ts";
import { isolatedAuditor } from "../../bot/worker/pool-auditor.ts";
import { silentLogger } from "../../logger.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const text = new Uint8Array(readFileSync(join(seeds, "002_a01f0cf12a106081.txt")));
const taskModule = new URL("./fixtures/ocr-stub-task.ts", import.meta.url);
// The stub's `sleep` children stand for Tesseract: the worker caps the OCR binaries' address space only.
process.env.NIANBAO_TESSERACT = "sleep";
const hasPrlimit = spawnSync("prlimit", ["--version"]).status === 0;

/** Pids of running (not zombie) processes whose command line is exactly `args`. */
function running(args: readonly string[]): number[] {
  const want = `${args.join("\0")}\0`;
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, "latin1") !== want) continue;
      const state = readFileSync(`/proc/${entry}/stat`, "latin1").replace(/^.*\) /, "")[0];
      if (state !== "Z") out.push(Number(entry));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

/** Temporary directories the stub's hanging task made (inside its worker's scratch directory). */
function hangDirs(tag: string): string[] {
  const root = tmpdir();
  return readdirSync(root)
    .filter((name) => name.startsWith(`nianbao-worker-${process.pid}-`))
    .flatMap((name) => {
      try {
        return readdirSync(join(root, name))
          .filter((d) => d.startsWith(`nianbao-ocr-hang-${tag}-`))
          .map((d) => join(root, name, d));
      } catch {
        return [];
      }
    });
}

async function until<T>(get: () => T | undefined, ms: number): Promise<T | undefined> {
  const end = Date.now() + ms;
  for (;;) {
    const v = get();
    if (v !== undefined || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("capFor", () => {
  it("is the flat cap for other files and grows per OCR page up to the ceiling", () => {
    expect(capFor(20_000, OCR_BUDGET, null)).toBe(20_000);
    expect(capFor(20_000, OCR_BUDGET, 1)).toBe(50_000);
    expect(capFor(20_000, OCR_BUDGET, 4)).toBe(140_000);
    expect(capFor(20_000, OCR_BUDGET, 30)).toBe(180_000);
    // Never below the flat cap.
    expect(capFor(200_000, OCR_BUDGET, 2)).toBe(200_000);
  });
});

describe("OCR in the audit pool", () => {
  // Flat cap 2.5 s; a scan gets 2.5 s more per page, at most 12 s.
  const pool = new AuditPool({
    size: 2,
    timeoutMs: 2500,
    memoryMb: 320,
    taskModule,
    ocr: { pageMs: 2500, documentMs: 12_000 },
    childMemoryMb: 700,
    log: silentLogger,
  });
  afterAll(() => pool.close());

  it("gives a scan a per-page budget beyond the flat cap and reports each page", async () => {
    await pool.warm();
    const seen: string[] = [];
    // 3 pages × 1.2 s: over the flat 2.5 s, under 2.5 + 3 × 2.5 s.
    const out = await pool.run(text, "pages-3-1200.txt", () => {}, {
      onOcrPage: (p) => seen.push(`${p.page}/${p.pages}`),
    });
    expect(out.kind).toBe("result");
    expect(out.ms).toBeGreaterThan(2500);
    expect(seen).toEqual(["1/3", "2/3", "3/3"]);
  });

  it("stops at the document ceiling and says how far OCR got", async () => {
    // 20 pages × 1.5 s would take 30 s: the ceiling (12 s) cuts it off around page 8.
    const out = await pool.run(text, "pages-20-1500.txt");
    expect(out.kind).toBe("timeout");
    if (out.kind !== "timeout") return;
    expect(out.capMs).toBe(12_000);
    expect(out.ms).toBeGreaterThanOrEqual(11_900);
    expect(out.ocr?.pages).toBe(20);
    expect(out.ocr?.page).toBeGreaterThanOrEqual(2);
    expect(out.ocr?.page).toBeLessThan(20);
  }, 40_000);

  it("answers a scan cut off in the CLI's isolated auditor with how far OCR got", async () => {
    const isolated = isolatedAuditor({
      timeoutMs: 2000,
      taskModule,
      ocr: { pageMs: 1000, documentMs: 4000 },
    });
    try {
      const { result } = await isolated.audit(text, "pages-12-1000.txt");
      expect(result.status).toBe("unreadable");
      expect(result.statusMessage).toMatch(
        /^文字识别超时：扫描件共 12 页，已识别完前 \d+ 页，第 \d+ 页未能在时限内完成（超过 4 秒）/,
      );
    } finally {
      await isolated.close();
    }
  }, 60_000);

  it("kills the worker's child process when the time cap fires (no orphan left running)", async () => {
    await pool.warm();
    const args = ["sleep", "600.4242"];
    const outcome = pool.run(text, "child-hang-4242.txt");
    const pid = await until(() => running(args)[0], 10_000);
    expect(pid).toBeTypeOf("number");
    // The child runs under the address-space cap (prlimit, where installed).
    const limits = readFileSync(`/proc/${pid}/limits`, "latin1");
    const capped = await until(
      () =>
        /Max address space\s+734003200\s/.test(readFileSync(`/proc/${pid}/limits`, "latin1")) || undefined,
      3000,
    );
    if (hasPrlimit) expect(capped, limits).toBe(true);
    else console.log("ocr-pool: prlimit not installed (util-linux): the address-space cap is not checked");
    const out = await outcome;
    expect(out.kind).toBe("timeout");
    if (out.kind === "timeout") expect(out.ocr).toEqual({ page: 1, pages: 9 });
    // Killed and reaped: no process left, not even a zombie (the worker's loop reaped it before it went).
    expect(await until(() => (existsSync(`/proc/${pid}`) ? undefined : true), 5000)).toBe(true);
  }, 60_000);

  it("removes the temporary files of a worker cut off at the time cap (its reader never got to it)", async () => {
    await pool.warm();
    const outcome = pool.run(text, "child-hang-4444.txt");
    // The directory, then the page image the child writes into it (on a loaded machine a moment later).
    const dir = await until(() => hangDirs("4444")[0], 10_000);
    expect(dir).toBeTypeOf("string");
    const page = join(dir as string, "p-1.pgm");
    expect(await until(() => (existsSync(page) ? true : undefined), 10_000)).toBe(true);
    expect((await outcome).kind).toBe("timeout");
    expect(await until(() => (existsSync(dir as string) ? undefined : true), 5000)).toBe(true);
    expect(hangDirs("4444")).toEqual([]);
  }, 60_000);

  it("removes what a worker of a process killed outright left behind, when the next worker starts", async () => {
    // A scratch directory named for a process that no longer runs (a pid above the kernel's maximum).
    const stale = mkdtempSync(join(tmpdir(), "nianbao-worker-4194999-"));
    writeFileSync(join(stale, "p-1.pgm"), "P5 1 1 255 x");
    const own = new AuditPool({ size: 1, timeoutMs: 10_000, memoryMb: 320, taskModule, log: silentLogger });
    try {
      await own.warm();
      expect(existsSync(stale)).toBe(false);
    } finally {
      await own.close();
    }
  }, 60_000);

  it("kills and reaps the child process when the job is cancelled (pool closed)", async () => {
    const own = new AuditPool({ size: 1, timeoutMs: 60_000, memoryMb: 320, taskModule, log: silentLogger });
    await own.warm();
    const args = ["sleep", "600.4343"];
    const outcome = own.run(text, "child-hang-4343.txt");
    const pid = await until(() => running(args)[0], 10_000);
    expect(pid).toBeTypeOf("number");
    // The worker's report of its child is a message behind the process itself: let it arrive. (One
    // reported only after the close is killed at once, but then no loop is left to reap it.)
    await new Promise((r) => setTimeout(r, 500));
    const cancelled = expect(outcome).rejects.toBeInstanceOf(PoolClosedError);
    await own.close();
    await cancelled;
    expect(running(args)).toEqual([]);
    expect(existsSync(`/proc/${pid}`)).toBe(false);
  }, 60_000);
});
