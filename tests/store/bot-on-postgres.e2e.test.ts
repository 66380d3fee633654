/**
 * The bot on Postgres end to end (fake Bot API, a real Postgres): with NIANBAO_DATABASE_URL set the
 * audit is saved there (nothing in the data dir), and a second bot process on the same database, after
 * a restart, answers the same file from storage.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PostgresReportStore } from "../../store/postgres.ts";
import { DATABASE_FILE } from "../../store/sqlite.ts";
import { FakeBotApi } from "../bot/fake-bot-api.ts";
import { removeDir, startTestBot, tempDataDir, USERS } from "../bot/harness.ts";
import { hasPostgres, usePostgres } from "../support/postgres.ts";

const seed = new Uint8Array(
  readFileSync(join(import.meta.dirname, "../fixtures/seeds/004_e2933871b57d250b.txt")),
);
const server = usePostgres();
const api = new FakeBotApi();
const dirs: string[] = [];
beforeAll(() => api.start());
afterAll(async () => {
  await api.close();
  for (const d of dirs) removeDir(d);
});

describe.skipIf(!hasPostgres())("bot with NIANBAO_DATABASE_URL", () => {
  it("saves the audit in Postgres and finds it again from another process after a restart", async () => {
    const url = await server().newDatabase();
    const user = USERS[0] ?? 0;
    const dir = tempDataDir();
    dirs.push(dir);
    const first = await startTestBot(api, { dataDir: dir, env: { NIANBAO_DATABASE_URL: url } });
    api.sendDocument(user, api.addFile(seed), "甲.txt");
    await api.waitFor(() => api.messagesTo(user).find((m) => m.text.includes("审核完成") && m.replyMarkup));
    await first.stop();
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(false);

    const direct = await PostgresReportStore.open(url);
    const rows = await direct.listReports(user, 10);
    expect(rows.map((r) => r.fileName)).toEqual(["甲.txt"]);
    await direct.close();

    const otherDir = tempDataDir();
    dirs.push(otherDir);
    const second = await startTestBot(api, { dataDir: otherDir, env: { NIANBAO_DATABASE_URL: url } });
    api.sendDocument(user, api.addFile(seed), "乙.txt");
    const again = await api.waitFor(() => api.messagesTo(user).find((m) => m.text.includes("审核过")));
    expect(again.text).toContain("审核过");
    expect(second.pool.stats().completed).toBe(0);
    await second.stop();
  });
});
