/**
 * Cross-year links on a chat's stored reports (bot/audit/years.ts): seed 002 (2024) and the same
 * issuer's report a year earlier (years shifted, same tables: 上年结转 3 ≠ 结转下年度 5), stored in
 * either order, in a real SQLite store.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { rerunRules } from "../../audit/rerun.ts";
import { auditDetailed, withGivenDate } from "../../audit/run-audit.ts";
import { recheckStored, saveWithYears } from "../../bot/audit/years.ts";
import { SqliteReportStore } from "../../store/sqlite.ts";

const utf8 = (s: string) => new TextEncoder().encode(s);
const text2024 = readFileSync("tests/fixtures/seeds/002_a01f0cf12a106081.txt", "utf8");
const text2023 = text2024
  .replace(/2024/g, "2023")
  .replace("广州市番禺区人民政府洛浦街道办事处", "广州市番禺区人民政府 洛浦街道办事处");
const CHAT = 7;

async function audited(name: string, text: string) {
  const { result, report } = await auditDetailed(utf8(text), name);
  return { result, parsed: report };
}

const save = async (store: SqliteReportStore, name: string, text: string, chatId = CHAT) =>
  saveWithYears(store, { chatId, userId: 1, fileName: name, ...(await audited(name, text)) });

const carryErrors = (r: { findings: { rule: string; severity: string }[] }) =>
  r.findings.filter((f) => f.rule === "XY-CARRY" && f.severity === "error");

describe("cross-year links in a chat", () => {
  it("Y after Y−1: Y's cross-year rules run against the stored Y−1 before it is stored", async () => {
    const store = new SqliteReportStore(":memory:");
    const first = await save(store, "2023.txt", text2023);
    expect(first.previous).toBeNull();
    expect(first.next).toBeNull();
    const second = await save(store, "2024.txt", text2024);
    expect(second.previous?.fileName).toBe("2023.txt");
    const carry = carryErrors(second.stored.result);
    expect(carry.length).toBeGreaterThan(0);
    expect(second.stored.result.findings.find((f) => f.scope === "t3.carried_over.total")?.message).toBe(
      "表三 总计列：本年「上年结转」3，2023年报告「结转下年度继续办理」5，相差 -2",
    );
    // What is stored is what was delivered, and /history's counts follow it.
    const reread = await store.getReport(CHAT, second.stored.id);
    expect(carryErrors(reread?.result ?? { findings: [] })).toHaveLength(carry.length);
    expect(reread?.errors).toBe(second.stored.result.findings.filter((f) => f.severity === "error").length);
    await store.close();
  });

  it("Y−1 after Y: the stored Y is checked again, updated, and its cross-year findings returned", async () => {
    const store = new SqliteReportStore(":memory:");
    const newer = await save(store, "2024.txt", text2024);
    expect(carryErrors(newer.stored.result)).toEqual([]);
    expect(newer.stored.result.checks.find((c) => c.rule === "XY-CARRY")).toMatchObject({ cannot_check: 1 });
    const older = await save(store, "2023.txt", text2023);
    expect(older.previous).toBeNull();
    expect(older.next?.row.fileName).toBe("2024.txt");
    expect(older.next?.findings.some((f) => f.rule === "XY-CARRY")).toBe(true);
    const updated = await store.getReport(CHAT, newer.stored.id);
    expect(carryErrors(updated?.result ?? { findings: [] }).length).toBeGreaterThan(0);
    expect(updated?.errors).toBeGreaterThan(newer.stored.errors);
    await store.close();
  });

  it("links only the same issuer, the adjacent year and the same chat; old rows without a reading are skipped", async () => {
    const store = new SqliteReportStore(":memory:");
    await save(store, "other-chat-2023.txt", text2023, CHAT + 1);
    await save(store, "other-issuer-2023.txt", text2023.replaceAll("洛浦街道办事处", "沙头街道办事处"));
    await save(store, "2022.txt", text2024.replace(/2024/g, "2022"));
    // A row stored before readings were kept (NewReport without `parsed`).
    const { result } = await audited("old-2023.txt", text2023);
    await store.saveReport({ chatId: CHAT, userId: 1, fileName: "old-2023.txt", result });
    const r = await save(store, "2024.txt", text2024);
    expect(r.previous).toBeNull();
    expect(carryErrors(r.stored.result)).toEqual([]);
    await store.close();
  });

  it("/date's re-check keeps the cross-year findings and judges the given date", async () => {
    const store = new SqliteReportStore(":memory:");
    await save(store, "2023.txt", text2023);
    const newer = await save(store, "2024.txt", text2024);
    const rechecked = await recheckStored(store, CHAT, newer.stored.id, (p) =>
      withGivenDate(p, "2025-02-10"),
    );
    expect(rechecked?.previous?.fileName).toBe("2023.txt");
    const result = rechecked?.stored.result;
    expect(result?.meta.givenDate).toBe("2025-02-10");
    expect(carryErrors(result ?? { findings: [] }).length).toBeGreaterThan(0);
    expect(result?.findings.find((f) => f.rule === "DEADLINE")?.message).toContain(
      "按您提供的公布日期 2025年2月10日 计",
    );
    expect((await store.parsedReport(CHAT, newer.stored.id))?.meta.givenDate).toBe("2025-02-10");
    expect(await recheckStored(store, CHAT, 9999, (p) => p)).toBeNull();
    await store.close();
  });
});

describe("rerunRules", () => {
  it("keeps findings that are no rule's (the LLM step's) and replaces the rules' own", async () => {
    const { result, parsed } = await audited("2024.txt", text2024);
    if (parsed === null) throw new Error("seed 002 was not read");
    const llm = {
      ...result.findings[0],
      rule: "EXTRACT-DISAGREE",
      parser: 1,
      llm: 2,
    } as (typeof result.findings)[0];
    const again = rerunRules({ ...result, findings: [...result.findings, llm] }, parsed);
    expect(again.findings.filter((f) => f.rule === "EXTRACT-DISAGREE")).toHaveLength(1);
    expect(again.findings.length).toBe(result.findings.length + 1);
  });
});
