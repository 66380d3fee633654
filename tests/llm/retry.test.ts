/**
 * Time is bounded: retries with backoff only on 429/5xx and timeouts, every attempt within the
 * per-report deadline; other HTTP errors fail at once. All against the local server.
 */
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Document } from "../../extract/document.ts";
import { LlmUnavailableError } from "../../extract/llm/errors/llm-unavailable-error.ts";
import type { ParsedReport } from "../../extract/schema.ts";
import { completion, type FakeServer, startFakeOpenAi } from "./fake-openai-server.ts";
import {
  captureLog,
  expectedFigures,
  extractor,
  parsed,
  replyFor,
  schemaForReport,
  seedBytes,
} from "./helpers.ts";

let document: Document;
let report: ParsedReport;
let good: string;
let server: FakeServer | null = null;

beforeAll(async () => {
  ({ document, report } = await parsed(seedBytes()));
  good = JSON.stringify(replyFor(schemaForReport(report), expectedFigures()));
});
afterEach(async () => {
  await server?.close();
  server = null;
});

const ok = () => ({ body: completion({ content: good }) });

describe("retries", () => {
  it("a 429 (with Retry-After) is retried", async () => {
    server = await startFakeOpenAi([{ status: 429, headers: { "retry-after-ms": "20" } }, ok()]);
    const result = await extractor(server.url, "json_schema").extract({ report, document });
    expect(result.figures["t3.new.total"]).toBe(56);
    expect(server.requests).toHaveLength(2);
    expect(result.usage.requests).toBe(1); // only answered requests count
  });

  it("a 500 is retried with backoff", async () => {
    server = await startFakeOpenAi([{ status: 500 }, { status: 503 }, ok()]);
    const result = await extractor(server.url, "json_schema").extract({ report, document });
    expect(result.figures["t3.new.total"]).toBe(56);
    expect(server.requests).toHaveLength(3);
  });

  it("a timeout is retried", async () => {
    server = await startFakeOpenAi([{ ...ok(), delayMs: 4_000 }, ok()]);
    const started = Date.now();
    const x = extractor(server.url, "json_schema", { timeoutMs: 8_000 }, captureLog(), {
      attemptTimeoutMs: 600,
    });
    const result = await x.extract({ report, document });
    expect(result.figures["t3.new.total"]).toBe(56);
    expect(server.requests.length).toBeGreaterThanOrEqual(2);
    expect(Date.now() - started).toBeLessThan(4_000); // did not wait for the slow reply
  });

  it("a server that never answers in time: LlmUnavailableError within the per-report deadline", async () => {
    server = await startFakeOpenAi([{ ...ok(), delayMs: 5_000 }]);
    const started = Date.now();
    const error = await extractor(server.url, "tools", { timeoutMs: 1_200 })
      .extract({ report, document })
      .catch((e: unknown) => e);
    const elapsed = Date.now() - started;
    expect(LlmUnavailableError.isInstance(error)).toBe(true);
    expect((error as LlmUnavailableError).reason).toBe("timeout");
    expect(elapsed).toBeLessThan(4_000);
  });

  it("persistent 500s give up after the attempts, with the status", async () => {
    server = await startFakeOpenAi([{ status: 500 }]);
    const error = (await extractor(server.url, "json_object")
      .extract({ report, document })
      .catch((e: unknown) => e)) as LlmUnavailableError;
    expect(LlmUnavailableError.isInstance(error)).toBe(true);
    expect(error.reason).toBe("http");
    expect(error.status).toBe(500);
    expect(error.attempts).toBe(4);
    expect(server.requests).toHaveLength(4);
  });

  it("a 400 or 401 is not retried", async () => {
    server = await startFakeOpenAi([{ status: 401 }]);
    const error = (await extractor(server.url, "json_schema")
      .extract({ report, document })
      .catch((e: unknown) => e)) as LlmUnavailableError;
    expect(error.status).toBe(401);
    expect(server.requests).toHaveLength(1);
  });

  it("a refused connection fails at once", async () => {
    const s = await startFakeOpenAi([ok()]);
    const url = s.url;
    await s.close();
    const error = (await extractor(url, "json_schema")
      .extract({ report, document })
      .catch((e: unknown) => e)) as LlmUnavailableError;
    expect(LlmUnavailableError.isInstance(error)).toBe(true);
    expect(error.reason).toBe("connection");
  });
});
