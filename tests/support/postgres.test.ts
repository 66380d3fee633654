/** The test Postgres harness: a real server, isolated databases, stopped and removed at the end. */
import { existsSync } from "node:fs";
import { connect } from "node:net";
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
});
