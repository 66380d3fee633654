/** docker-compose.yml (the production shape in docs/scale.md) names only variables config.ts reads. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { BotEnv } from "../../config.ts";

it("every NIANBAO_/TELEGRAM_ variable docker-compose.yml sets is one the bot reads", () => {
  const text = readFileSync(join(import.meta.dirname, "../../docker-compose.yml"), "utf8");
  const set = [...text.matchAll(/^\s+((?:NIANBAO|TELEGRAM)_[A-Z_]+):/gm)].map((m) => m[1]);
  expect(set).toContain("NIANBAO_DATABASE_URL");
  const known = new Set(Object.keys(BotEnv.shape));
  // NIANBAO_DOMAIN is Caddy's, not the bot's.
  expect(set.filter((k) => k !== "NIANBAO_DOMAIN" && !known.has(k ?? ""))).toEqual([]);
});
