/**
 * Measures the bot on this machine against the fake Bot API, with production settings (default
 * throttling, 2 workers, 30 s cap, 512 MB heap): upload → summary for each seed PDF (one chat each,
 * one at a time, and all five at once), and the worker caps (a hanging parse, a memory hog).
 *
 *   npx tsx tests/bot/measure.ts
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { AuditPool } from "../../bot/worker/audit-pool.ts";
import { silentLogger } from "../../logger.ts";
import { SEED_IDS } from "../audit/seed-findings.ts";
import { FakeBotApi } from "./fake-bot-api.ts";
import { removeDir, startTestBot, TEST_TASK, tempDataDir, USERS } from "./harness.ts";

const seeds = join(import.meta.dirname, "../fixtures/seeds");
const pdf = (id: string) => new Uint8Array(readFileSync(join(seeds, `${id}.pdf`)));
const ms = (t0: number) => Math.round(performance.now() - t0);

async function uploadToSummary(api: FakeBotApi, user: number, id: string): Promise<number> {
  const t0 = performance.now();
  api.sendDocument(user, api.addFile(pdf(id)), `${id}.pdf`, { mime: "application/pdf" });
  await api.waitFor(
    () => api.messagesTo(user).find((m) => m.replyMarkup && m.text.includes("审核完成")),
    60_000,
  );
  return ms(t0);
}

const api = new FakeBotApi();
await api.start();
const dataDir = tempDataDir();
const t0 = performance.now();
const bot = await startTestBot(api, {
  dataDir,
  throttle: null,
  warm: false,
  env: { NIANBAO_AUDIT_TIMEOUT_SEC: "30", NIANBAO_RATE_PER_MINUTE: "20" },
});
console.log(`start-up (getMe, commands, polling): ${ms(t0)} ms`);
const cold = await uploadToSummary(api, USERS[0] ?? 0, "002_a01f0cf12a106081");
console.log(`first PDF right after start (workers still warming): ${cold} ms`);
await bot.pool.warm();
console.log(`workers warm after: ${ms(t0)} ms`);
const sequential: number[] = [];
for (const [i, id] of SEED_IDS.entries()) sequential.push(await uploadToSummary(api, USERS[1 + i] ?? 0, id));
console.log(`upload → summary, one at a time (ms): ${sequential.join(", ")}`);
const burst = await Promise.all(SEED_IDS.map((id, i) => uploadToSummary(api, USERS[10 + i] ?? 0, id)));
console.log(`upload → summary, five at once (ms): ${burst.join(", ")}`);
await bot.stop();
await api.close();
removeDir(dataDir);

const pool = new AuditPool({
  size: 1,
  timeoutMs: 5000,
  memoryMb: 512,
  taskModule: TEST_TASK,
  log: silentLogger,
});
await pool.warm();
const text = new Uint8Array(readFileSync(join(seeds, "000_5ed72146557905c8.txt")));
let t = performance.now();
const hang = await pool.run(text, "hang.txt");
console.log(`hanging parse with a 5000 ms cap: ${hang.kind} after ${ms(t)} ms`);
t = performance.now();
await pool.warm();
console.log(`replacement worker ready and warm after ${ms(t)} ms`);
t = performance.now();
const oom = await pool.run(text, "oom.txt");
console.log(
  `memory hog with a 512 MB heap cap: ${oom.kind}${oom.kind === "crashed" ? ` (${oom.reason})` : ""} after ${ms(t)} ms`,
);
await pool.close();
process.exit(0);
