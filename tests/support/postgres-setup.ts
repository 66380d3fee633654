/**
 * vitest globalSetup: one line at the start of the run when no Postgres server can be started here,
 * naming the install command, so that skipping the Postgres backend is never silent.
 */
import { hasPostgres, missingPostgresLine } from "./postgres.ts";

export default function setup(): void {
  if (!hasPostgres()) process.stdout.write(`${missingPostgresLine()}\n`);
}
