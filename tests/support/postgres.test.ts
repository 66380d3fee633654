/** The test Postgres harness: a real server, isolated databases, stopped and removed at the end. */
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { hasPostgres, startTestPostgres } from "./postgres.ts";

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(port, "127.0.0.1");
    s.once("connect", () => {
      s.destroy();
      resolve(true);
    });
    s.once("error", () => resolve(false));
  });
}

describe.skipIf(!hasPostgres())("test Postgres", () => {
  it("starts a real server, hands out separate databases, and is gone after stop", async () => {
    const server = await startTestPostgres();
    process.stdout.write(`test Postgres: initdb + start took ${Math.round(server.startMs)} ms\n`);
    expect(existsSync(server.dir)).toBe(true);
    try {
      const one = await server.newDatabase();
      const two = await server.newDatabase();
      expect(one).not.toBe(two);
      const a = new pg.Client({ connectionString: one });
      await a.connect();
      const version = await a.query<{ v: string }>("SELECT current_setting('server_version_num') AS v");
      expect(Number(version.rows[0]?.v)).toBeGreaterThanOrEqual(120000);
      await a.query("CREATE TABLE only_here (x int)");
      await a.end();
      const b = new pg.Client({ connectionString: two });
      await b.connect();
      const seen = await b.query("SELECT 1 FROM pg_tables WHERE tablename = 'only_here'");
      expect(seen.rowCount).toBe(0);
      await b.end();
      expect(await portOpen(server.port)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(await portOpen(server.port)).toBe(false);
    expect(existsSync(server.dir)).toBe(false);
  });

  it("is stopped and removed even when the test process is killed (SIGKILL: no exit handler runs)", async () => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", join(import.meta.dirname, "postgres-child.ts")],
      {
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const line = await new Promise<string>((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += String(chunk);
        if (out.includes("\n")) resolve(out.split("\n")[0] ?? "");
      });
      child.once("exit", (code) => reject(new Error(`child exited (${code}) before starting Postgres`)));
    });
    const { port, dir } = JSON.parse(line) as { port: number; dir: string };
    expect(await portOpen(port)).toBe(true);
    child.kill("SIGKILL");
    // The watchdog polls once a second; a busy machine gets a generous margin.
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline && (existsSync(dir) || (await portOpen(port))))
      await new Promise((r) => setTimeout(r, 250));
    expect(await portOpen(port)).toBe(false);
    expect(existsSync(dir)).toBe(false);
  });
});
