/**
 * Helper process for tests/support/postgres.test.ts: starts a test Postgres, prints its port and dir as
 * one JSON line, then waits to be killed (the test checks nothing is left behind when it is).
 */
import { startTestPostgres } from "./postgres.ts";

const server = await startTestPostgres();
process.stdout.write(`${JSON.stringify({ port: server.port, dir: server.dir })}\n`);
setInterval(() => {}, 60_000);
