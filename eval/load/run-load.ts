/**
 * `npm run load`: the multi-process setup under load, on loopback only. A real Postgres (started like
 * the tests', tests/support/postgres.ts), the fake Bot API (tests/bot/fake-bot-api.ts) delivering
 * updates by webhook through a small round-robin proxy (as a load balancer in front of the instances:
 * a refused connection goes to the next instance), N `nianbao bot` webhook instances and M
 * `nianbao worker` processes (each its own OS process, from dist/), all on the queue and the
 * Postgres store.
 *
 * Users send reports (the seed fixtures in every format, ~5% fuzz mutants from eval/fuzz/mutate.ts)
 * and questions about them. Counted: documents answered (progress message finished), lost (no
 * final answer within the wait), duplicated (two progress messages or two summaries for one upload),
 * questions answered / lost / duplicated; p50/p95 upload→final; the queue depth each second (a PNG
 * chart via audit/charts); CPU seconds and peak RSS per process. Mid-run (unless --no-chaos) one
 * worker is SIGKILLed (and restarted 5 s later, as a supervisor would) and one instance is SIGKILLed
 * for good (its chats' jobs are taken over through the job leases).
 *
 *   npm run load -- --users 30 --reports 90 --questions 150 --minutes 2 --instances 3 --workers 2
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { createWriteStream, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { join } from "node:path";
import { parseArgs } from "node:util";
import pg from "pg";
import { chartSvg, svgToPng } from "../../audit/charts/render.ts";
import { queueCounts } from "../../bot/queue/queue-pool.ts";
import { FakeBotApi, type SentMessage } from "../../tests/bot/fake-bot-api.ts";
import { freePort } from "../../tests/bot/harness.ts";
import { startTestPostgres } from "../../tests/support/postgres.ts";
import { mutate, prng } from "../fuzz/mutate.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const { values: args } = parseArgs({
  options: {
    users: { type: "string", default: "30" },
    reports: { type: "string", default: "90" },
    questions: { type: "string", default: "150" },
    minutes: { type: "string", default: "2" },
    instances: { type: "string", default: "3" },
    workers: { type: "string", default: "2" },
    "threads-per-worker": { type: "string", default: "1" },
    hostile: { type: "string", default: "0.05" },
    seed: { type: "string", default: "1862" },
    out: { type: "string", default: join(ROOT, "docs/load") },
    "no-chaos": { type: "boolean", default: false },
  },
});
const USERS = Number(args.users);
const REPORTS = Number(args.reports);
const QUESTIONS = Number(args.questions);
const DURATION_MS = Number(args.minutes) * 60_000;
const INSTANCES = Number(args.instances);
const WORKERS = Number(args.workers);
const CHAOS = !args["no-chaos"];
const SECRET = "load-secret";
const ADMIN = 900_001;
const rng = prng(Number(args.seed));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const out = args.out;
mkdirSync(out, { recursive: true });
const logDir = join("/tmp", `nianbao-load-${Date.now()}`);
mkdirSync(logDir, { recursive: true });

// ---------------------------------------------------------------- inputs
const SEED_DIR = join(ROOT, "tests/fixtures/seeds");
const seeds = readdirSync(SEED_DIR)
  .filter((n) => !n.endsWith(".json"))
  .map((name) => ({ name, bytes: new Uint8Array(readFileSync(join(SEED_DIR, name))) }));
const formatOf = (name: string) => (name.endsWith(".txt") ? "text" : (name.split(".").pop() ?? "text"));
const QUESTIONS_TEXT = [
  "本年新收政府信息公开申请多少件？",
  "行政复议情况如何？",
  "有哪些问题需要更正？",
  "报告是哪一年的？",
];

// ---------------------------------------------------------------- processes
interface Proc {
  readonly role: string;
  child: ChildProcess;
  cpuSec: number;
  peakRssMb: number;
  alive: boolean;
}
const procs: Proc[] = [];

function launch(role: string, cliArgs: string[], env: Record<string, string>, ready: RegExp): Promise<Proc> {
  const child = spawn(process.execPath, [join(ROOT, "bin/nianbao.js"), ...cliArgs], {
    env: { ...process.env, NIANBAO_LOG_LEVEL: "info", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = createWriteStream(join(logDir, `${role}.log`), { flags: "a" });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const proc: Proc = { role, child, cpuSec: 0, peakRssMb: 0, alive: true };
  child.once("exit", () => {
    proc.alive = false;
  });
  procs.push(proc);
  return new Promise((resolve, reject) => {
    let seen = "";
    const watch = (d: Buffer) => {
      seen = (seen + d.toString()).slice(-4000);
      if (ready.test(seen)) resolve(proc);
    };
    child.stdout?.on("data", watch);
    child.stderr?.on("data", watch);
    child.once("exit", (code) =>
      reject(new Error(`${role} exited (${code}) before it was ready; log: ${logDir}`)),
    );
  });
}

/** CPU seconds (user + system) and RSS of a pid, from /proc. */
function sample(pid: number): { cpuSec: number; rssMb: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const rss = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSec: ticks / 100, rssMb: rss / 1024 };
  } catch {
    return null;
  }
}

/** CPU seconds of every process whose parent is `pid` plus its own (the Postgres backends). */
function treeCpu(pid: number): number {
  let total = sample(pid)?.cpuSec ?? 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[1]) === pid) total += (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {}
  }
  return total;
}

// ---------------------------------------------------------------- proxy
function startProxy(ports: number[], alive: () => boolean[]): Promise<Server> {
  let next = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const i = next++ % ports.length;
        if (!alive()[i]) continue;
        try {
          const r = await fetch(`http://127.0.0.1:${ports[i]}/hook`, {
            method: "POST",
            headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": SECRET },
            body,
            signal: AbortSignal.timeout(15_000),
          });
          if (r.ok) {
            res.writeHead(200).end();
            return;
          }
        } catch {}
        await sleep(100);
      }
      stats.proxyGaveUp++;
      res.writeHead(502).end();
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

// ---------------------------------------------------------------- load
interface Upload {
  readonly user: number;
  readonly messageId: number;
  readonly name: string;
  readonly hostile: boolean;
  readonly sentAt: number;
  doneAt: number | null;
}
interface Question {
  readonly user: number;
  readonly messageId: number;
  readonly sentAt: number;
  answeredAt: number | null;
}
const uploads: Upload[] = [];
const questions: Question[] = [];
const stats = { proxyGaveUp: 0 };

const repliesTo = (api: FakeBotApi, chat: number, messageId: number): SentMessage[] =>
  api.messagesTo(chat).filter((m) => m.replyTo === messageId);
const progressOf = (api: FakeBotApi, u: Upload) =>
  repliesTo(api, u.user, u.messageId).filter(
    (m) => /^(已收到，正在审核|审核完成)/.test(m.text) && m.text.includes(u.name),
  );
const isFinal = (api: FakeBotApi, u: Upload) => {
  const p = progressOf(api, u)[0] ?? repliesTo(api, u.user, u.messageId)[0];
  return p !== undefined && !p.text.startsWith("已收到，正在审核");
};

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    // 250 ms: the latencies are measured to this resolution (a finer poll costs the driver's CPU at 300 users).
    await sleep(250);
  }
  return check();
}

async function session(
  api: FakeBotApi,
  user: number,
  plan: ("report" | "question")[],
  startAt: number,
  gapMs: number,
) {
  await sleep(startAt);
  let k = 0;
  for (const step of plan) {
    if (step === "report") {
      const seed = seeds[rng.int(seeds.length)] ?? seeds[0];
      if (!seed) return;
      const hostile = rng.next() < Number(args.hostile);
      const bytes = hostile
        ? mutate(seed.bytes, formatOf(seed.name), Number(args.seed), uploads.length).bytes
        : seed.bytes;
      const name = `u${user}-${k++}${hostile ? "-mutant" : ""}-${seed.name}`;
      const sentAt = Date.now();
      const messageId = api.sendDocument(user, api.addFile(bytes), name);
      const upload: Upload = { user, messageId, name, hostile, sentAt, doneAt: null };
      uploads.push(upload);
      if (await waitFor(() => isFinal(api, upload), 240_000)) upload.doneAt = Date.now();
    } else {
      const text = QUESTIONS_TEXT[rng.int(QUESTIONS_TEXT.length)] ?? "报告是哪一年的？";
      const sentAt = Date.now();
      const messageId = api.sendText(user, text);
      const q: Question = { user, messageId, sentAt, answeredAt: null };
      questions.push(q);
      if (
        await waitFor(
          () =>
            repliesTo(api, user, messageId).length > 0 ||
            api
              .messagesTo(user)
              .some((m) => m.text.startsWith("本聊天还没有审核过的报告") && m.replyTo === undefined),
          120_000,
        )
      )
        q.answeredAt = Date.now();
    }
    await sleep(gapMs * (0.5 + rng.next()));
  }
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? null;
};

async function main() {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts/build.mjs")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`build failed: ${build.stderr}`);
  const postgres = await startTestPostgres();
  const url = await postgres.newDatabase();
  const postmaster = Number(
    readFileSync(join(postgres.dir, "data", "postmaster.pid"), "utf8").split("\n")[0],
  );
  const db = new pg.Pool({ connectionString: url, max: 2 });
  const api = new FakeBotApi();
  await api.start();
  const ports: number[] = [];
  for (let i = 0; i < INSTANCES; i++) ports.push(await freePort());
  const instanceProcs: Proc[] = [];
  const proxy = await startProxy(ports, () => instanceProcs.map((p) => p.alive));
  const proxyUrl = `http://127.0.0.1:${(proxy.address() as { port: number }).port}/hook`;
  const common = { NIANBAO_DATABASE_URL: url, NIANBAO_AUDIT_TIMEOUT_SEC: "20" };
  const workerEnv = { ...common, NIANBAO_WORKERS: args["threads-per-worker"] };
  const workerProcs: Proc[] = [];
  for (let i = 0; i < WORKERS; i++)
    workerProcs.push(await launch(`worker-${i}`, ["worker"], workerEnv, /queue worker started/));
  for (let i = 0; i < INSTANCES; i++)
    instanceProcs.push(
      await launch(
        `instance-${i}`,
        ["bot"],
        {
          ...common,
          TELEGRAM_BOT_TOKEN: api.token,
          TELEGRAM_API_ROOT: api.url,
          NIANBAO_ALLOWED_USERS: "*",
          NIANBAO_ADMINS: String(ADMIN),
          NIANBAO_DATA_DIR: join(logDir, `data-${i}`),
          NIANBAO_WEBHOOK_URL: `http://127.0.0.1:${ports[i]}/hook`,
          NIANBAO_WEBHOOK_SECRET: SECRET,
          NIANBAO_WEBHOOK_PORT: String(ports[i]),
          NIANBAO_RATE_PER_MINUTE: "1000",
          NIANBAO_DAILY_QUOTA: "100000",
        },
        /bot started/,
      ),
    );
  api.deliverTo({ url: proxyUrl, secret: SECRET });
  process.stderr.write(`load: ${INSTANCES} instances, ${WORKERS} workers up; logs in ${logDir}\n`);

  // Sampling: queue depth and processes, once a second.
  const t0 = Date.now();
  const depth: { t: number; queued: number; active: number; dead: number; waiting: number }[] = [];
  const cpuBase = new Map<Proc, number>();
  let pgCpu0 = treeCpu(postmaster);
  const sampler = setInterval(() => {
    for (const p of procs) {
      if (!p.alive || p.child.pid === undefined) continue;
      const s = sample(p.child.pid);
      if (!s) continue;
      if (!cpuBase.has(p)) cpuBase.set(p, 0);
      p.cpuSec = s.cpuSec;
      p.peakRssMb = Math.max(p.peakRssMb, s.rssMb);
    }
    void queueCounts(db)
      .then((c) =>
        depth.push({
          t: (Date.now() - t0) / 1000,
          ...c,
          waiting: uploads.filter((u) => u.doneAt === null).length,
        }),
      )
      .catch(() => undefined);
  }, 1000);

  // Chaos, mid-run.
  const chaos: string[] = [];
  const chaosTimers = CHAOS
    ? [
        setTimeout(() => {
          const w = workerProcs[0];
          if (!w) return;
          w.child.kill("SIGKILL");
          chaos.push(`t=${((Date.now() - t0) / 1000).toFixed(0)}s SIGKILL worker-0`);
          setTimeout(() => {
            void launch("worker-0b", ["worker"], workerEnv, /queue worker started/).then(() =>
              chaos.push(`t=${((Date.now() - t0) / 1000).toFixed(0)}s worker-0 restarted`),
            );
          }, 5000);
        }, DURATION_MS * 0.35),
        setTimeout(() => {
          const inst = instanceProcs[INSTANCES - 1];
          if (!inst || INSTANCES < 2) return;
          inst.child.kill("SIGKILL");
          chaos.push(
            `t=${((Date.now() - t0) / 1000).toFixed(0)}s SIGKILL instance-${INSTANCES - 1} (not restarted)`,
          );
        }, DURATION_MS * 0.5),
      ]
    : [];

  // The users: reports and questions spread over the duration, each user's steps in order.
  const plans: ("report" | "question")[][] = Array.from({ length: USERS }, () => []);
  for (let i = 0; i < REPORTS; i++) plans[i % USERS]?.push("report");
  for (let i = 0; i < QUESTIONS; i++) plans[i % USERS]?.push("question");
  const sessions = plans.map((plan, i) => {
    // A report first (questions are about it), the rest shuffled.
    const first = plan.indexOf("report");
    const rest = first >= 0 ? plan.filter((_, j) => j !== first) : [...plan];
    for (let j = rest.length - 1; j > 0; j--) {
      const k = rng.int(j + 1);
      [rest[j], rest[k]] = [rest[k] ?? "question", rest[j] ?? "question"];
    }
    const ordered: ("report" | "question")[] = first >= 0 ? ["report", ...rest] : rest;
    const startAt = rng.next() * DURATION_MS * 0.3;
    const gap = (DURATION_MS * 0.6) / Math.max(1, ordered.length);
    return session(api, 200_000 + i, ordered, startAt, gap);
  });
  await Promise.all(sessions);
  const loadEnd = Date.now();
  await sleep(10_000); // late duplicates
  clearInterval(sampler);
  for (const t of chaosTimers) clearTimeout(t);
  const pgCpu = treeCpu(postmaster) - pgCpu0;
  pgCpu0 = 0;

  // Counting.
  const answered = uploads.filter((u) => u.doneAt !== null);
  const lost = uploads.filter((u) => !isFinal(api, u));
  const duplicated = uploads.filter((u) => {
    const progress = progressOf(api, u).length;
    const summaries = repliesTo(api, u.user, u.messageId).filter(
      (m) =>
        m.replyMarkup !== undefined &&
        m.text.includes(u.name) &&
        !/^(已收到，正在审核|审核完成\n)/.test(m.text),
    ).length;
    return progress > 1 || summaries > 1;
  });
  const qAnswered = questions.filter((q) => q.answeredAt !== null);
  const qDup = questions.filter((q) => repliesTo(api, q.user, q.messageId).length > 1);
  const latencies = answered.map((u) => (u.doneAt ?? 0) - u.sentAt);
  const result = {
    ran: {
      users: USERS,
      reports: uploads.length,
      hostile: uploads.filter((u) => u.hostile).length,
      questions: questions.length,
      instances: INSTANCES,
      workers: WORKERS,
      threadsPerWorker: Number(args["threads-per-worker"]),
      plannedMinutes: Number(args.minutes),
      loadSeconds: Math.round((loadEnd - t0) / 1000),
      chaos,
    },
    reports: {
      answered: answered.length,
      lost: lost.length,
      duplicated: duplicated.length,
      p50Ms: pct(latencies, 50),
      p95Ms: pct(latencies, 95),
      maxMs: pct(latencies, 100),
      throughputPerMin: Number((answered.length / ((loadEnd - t0) / 60_000)).toFixed(1)),
    },
    questions: {
      answered: qAnswered.length,
      lost: questions.length - qAnswered.length,
      duplicated: qDup.length,
      p50Ms: pct(
        qAnswered.map((q) => (q.answeredAt ?? 0) - q.sentAt),
        50,
      ),
      p95Ms: pct(
        qAnswered.map((q) => (q.answeredAt ?? 0) - q.sentAt),
        95,
      ),
    },
    queue: {
      maxQueued: Math.max(0, ...depth.map((d) => d.queued)),
      deadAtEnd: depth.at(-1)?.dead ?? null,
    },
    processes: [
      ...procs.map((p) => ({
        role: p.role,
        cpuSec: Number(p.cpuSec.toFixed(1)),
        peakRssMb: Math.round(p.peakRssMb),
      })),
      { role: "postgres (all backends)", cpuSec: Number(pgCpu.toFixed(1)), peakRssMb: null },
      {
        role: "driver (fake Bot API + proxy + users)",
        cpuSec: Number(((process.cpuUsage().user + process.cpuUsage().system) / 1e6).toFixed(1)),
        peakRssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
      },
    ],
    proxyGaveUp: stats.proxyGaveUp,
    lostUploads: lost.slice(0, 10).map((u) => u.name),
    duplicatedUploads: duplicated.slice(0, 10).map((u) => u.name),
  };
  const stamp = `${INSTANCES}i-${WORKERS}w-${uploads.length}r`;
  writeFileSync(join(out, `load-${stamp}.json`), `${JSON.stringify({ ...result, depth }, null, 1)}\n`);
  const svg = chartSvg(
    {
      title: {
        text: `作业队列深度（${INSTANCES} 个实例 + ${WORKERS} 个工作进程，${uploads.length} 份报告）`,
        left: "center",
      },
      legend: { top: 40 },
      grid: { top: 80, left: 50, right: 20, bottom: 40 },
      xAxis: { type: "value", name: "秒", nameLocation: "middle", nameGap: 25 },
      yAxis: { type: "value" },
      series: [
        { name: "排队", type: "line", showSymbol: false, data: depth.map((d) => [d.t, d.queued]) },
        { name: "处理中", type: "line", showSymbol: false, data: depth.map((d) => [d.t, d.active]) },
        { name: "等待回复的上传", type: "line", showSymbol: false, data: depth.map((d) => [d.t, d.waiting]) },
      ],
    },
    900,
    420,
  );
  writeFileSync(join(out, `queue-depth-${stamp}.png`), await svgToPng(svg));
  process.stdout.write(`${JSON.stringify(result, null, 1)}\n`);

  for (const p of procs) if (p.alive) p.child.kill("SIGTERM");
  await sleep(3000);
  for (const p of procs) if (p.alive) p.child.kill("SIGKILL");
  proxy.close();
  await db.end();
  await api.close();
  await postgres.stop();
}

await main();
process.exit(0);
