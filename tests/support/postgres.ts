/**
 * A throwaway real Postgres server for tests: `initdb` into a temp dir, `pg_ctl start` on a free
 * loopback port (trust auth, fsync off), one fresh database per caller, stopped and removed at the end.
 * Never a mock. The binaries come from Debian's `postgresql` package (.ci/run installs it when it runs
 * as root); where none is found the Postgres tests are skipped and tests/support/postgres-setup.ts prints
 * one line naming the install command.
 *
 * Postgres refuses to run as root: as root the server runs as the `postgres` system user (else `nobody`)
 * through `runuser`, and the temp dir is handed to that user.
 *
 * In a test file:
 *   const pg = usePostgres();                       // beforeAll starts, afterAll stops
 *   describe.skipIf(!hasPostgres())("…", () => { it("…", async () => { const url = await pg().newDatabase(); }) });
 */
import { spawnSync } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll } from "vitest";

/** What to run to get the binaries (Debian/Ubuntu). */
export const POSTGRES_INSTALL = "apt-get install -y postgresql";

const BINARIES = ["initdb", "pg_ctl", "postgres"] as const;

let binDirCache: string | null | undefined;

/**
 * The directory holding initdb, pg_ctl and postgres, or null. Tried in order: $NIANBAO_TEST_PG_BIN,
 * /usr/lib/postgresql/<newest>/bin (Debian), then every PATH directory. NIANBAO_TEST_POSTGRES=off
 * makes it null (to see the bare-machine skip where Postgres is installed).
 */
export function postgresBinDir(): string | null {
  if (binDirCache !== undefined) return binDirCache;
  const candidates: string[] = [];
  if (process.env.NIANBAO_TEST_PG_BIN) candidates.push(process.env.NIANBAO_TEST_PG_BIN);
  const debian = "/usr/lib/postgresql";
  if (existsSync(debian)) {
    const versions = readdirSync(debian)
      .filter((v) => /^\d+$/.test(v))
      .sort((x, y) => Number(y) - Number(x));
    for (const v of versions) candidates.push(join(debian, v, "bin"));
  }
  candidates.push(...(process.env.PATH ?? "").split(delimiter).filter(Boolean));
  binDirCache =
    process.env.NIANBAO_TEST_POSTGRES === "off"
      ? null
      : (candidates.find((d) => BINARIES.every((b) => existsSync(join(d, b)))) ?? null);
  return binDirCache;
}

export function hasPostgres(): boolean {
  return postgresBinDir() !== null;
}

/** The one line printed at the start of a run where the server cannot be started. */
export function missingPostgresLine(): string {
  const why =
    process.env.NIANBAO_TEST_POSTGRES === "off"
      ? "NIANBAO_TEST_POSTGRES=off"
      : "no initdb/pg_ctl/postgres found (looked in /usr/lib/postgresql/*/bin and PATH)";
  return `optional tool missing: PostgreSQL (${why}) — install: ${POSTGRES_INSTALL} — skipped: the tests that need a real Postgres server (the Postgres store backend and what runs on it)`;
}

export interface TestPostgres {
  /** Superuser URL of the server's `postgres` database. */
  readonly url: string;
  readonly port: number;
  /** The temp dir holding the cluster, the socket and the log (removed by stop). */
  readonly dir: string;
  /** Wall time initdb + start took (ms). */
  readonly startMs: number;
  /** A new empty database on the server; returns its URL. */
  newDatabase(): Promise<string>;
  /** Stop the server (immediate) and remove its directory. Idempotent. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const address = srv.address();
      const port = typeof address === "object" && address ? address.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

/** The system user the server runs as when we are root; null when we are not root. */
function serverUser(): { name: string; uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  for (const name of ["postgres", "nobody"]) {
    const uid = spawnSync("id", ["-u", name], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", name], { encoding: "utf8" });
    if (uid.status === 0 && gid.status === 0)
      return { name, uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  }
  throw new Error(
    "running as root and neither the postgres nor the nobody user exists: Postgres refuses root",
  );
}

function run(user: { name: string } | null, bin: string, args: string[]): { ok: boolean; output: string } {
  const [cmd, argv] = user ? ["runuser", ["-u", user.name, "--", bin, ...args]] : [bin, args];
  const r = spawnSync(cmd, argv, { encoding: "utf8", timeout: 120_000 });
  return {
    ok: r.status === 0,
    output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`,
  };
}

const running = new Set<() => void>();
let exitHook = false;

/** initdb + pg_ctl start; throws with the server's log when it does not come up. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const binDir = postgresBinDir();
  if (!binDir) throw new Error(missingPostgresLine());
  const started = performance.now();
  const user = serverUser();
  const dir = mkdtempSync(join(tmpdir(), "nianbao-pg-"));
  if (user) chownSync(dir, user.uid, user.gid);
  const data = join(dir, "data");
  const log = join(dir, "server.log");
  const init = run(user, join(binDir, "initdb"), [
    "-D",
    data,
    "-A",
    "trust",
    "-U",
    "nianbao",
    "-E",
    "UTF8",
    "--locale=C",
    "--no-sync",
    "--no-instructions",
  ]);
  if (!init.ok) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`initdb failed: ${init.output}`);
  }
  const pgCtl = join(binDir, "pg_ctl");
  let port = 0;
  let lastError = "";
  for (let attempt = 0; attempt < 3 && port === 0; attempt++) {
    const candidate = await freePort();
    const options = [
      `-p ${candidate}`,
      `-k ${dir}`,
      "-c listen_addresses=127.0.0.1",
      "-c fsync=off",
      "-c synchronous_commit=off",
      "-c full_page_writes=off",
      "-c max_connections=200",
    ].join(" ");
    const start = run(user, pgCtl, ["-D", data, "-l", log, "-w", "-t", "60", "-o", options, "start"]);
    if (start.ok) port = candidate;
    else lastError = `${start.output}\n${existsSync(log) ? readFileSync(log, "utf8") : ""}`;
  }
  if (port === 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`pg_ctl start failed: ${lastError}`);
  }
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    running.delete(stopNow);
    run(user, pgCtl, ["-D", data, "-m", "immediate", "-w", "stop"]);
    rmSync(dir, { recursive: true, force: true });
  };
  running.add(stopNow);
  if (!exitHook) {
    exitHook = true;
    // A test process that dies (or forgets afterAll) must not leave servers behind.
    process.once("exit", () => {
      for (const stop of [...running]) stop();
    });
  }
  const url = `postgres://nianbao@127.0.0.1:${port}/postgres`;
  const startMs = performance.now() - started;
  let n = 0;
  return {
    url,
    port,
    dir,
    startMs,
    async newDatabase() {
      const name = `t${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://nianbao@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      stopNow();
    },
  };
}

/**
 * In a test file: one server for the file (started in beforeAll when Postgres is installed, stopped
 * in afterAll). The returned function gives the running server inside tests.
 */
export function usePostgres(): () => TestPostgres {
  let server: TestPostgres | null = null;
  beforeAll(async () => {
    if (hasPostgres()) server = await startTestPostgres();
  });
  afterAll(async () => {
    await server?.stop();
    server = null;
  });
  return () => {
    if (!server) throw new Error("no test Postgres: guard the test with describe.skipIf(!hasPostgres())");
    return server;
  };
}
