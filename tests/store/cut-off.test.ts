/** Migration 4: files cut off at a cap, by hash, across chats (the bot answers them from here). */
import { afterEach, describe, expect, it } from "vitest";
import { SqliteReportStore } from "../../store/sqlite.ts";
import { removeDir, tempDataDir } from "../bot/harness.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) removeDir(d);
});

describe("cut-off files", () => {
  it("are recorded by hash, found again after a restart, and updated when cut off again", async () => {
    const dir = tempDataDir();
    dirs.push(dir);
    const store = SqliteReportStore.inDir(dir);
    expect(await store.findCutOff("abc")).toBeNull();
    await store.recordCutOff({ sha256: "abc", kind: "timeout", ms: 20_012.4, fileName: "a.pdf" });
    await store.close();
    const reopened = SqliteReportStore.inDir(dir);
    expect(await reopened.findCutOff("abc")).toMatchObject({ sha256: "abc", kind: "timeout", ms: 20_012 });
    await reopened.recordCutOff({ sha256: "abc", kind: "memory", ms: 900, fileName: "b.pdf" });
    expect(await reopened.findCutOff("abc")).toMatchObject({ kind: "memory", ms: 900, fileName: "a.pdf" });
    await reopened.close();
  });
});
