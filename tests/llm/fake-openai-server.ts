/**
 * A local OpenAI-compatible HTTP server for tests (no network): POST /v1/chat/completions answers
 * from a script, one step per request, and records every request (headers and JSON body) so tests can
 * assert what was sent. A step can delay (to provoke client timeouts), fail with a status, or answer.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** A chat message as it arrives on the wire. */
export interface WireMessage {
  readonly role: string;
  readonly content?: string | null;
  readonly tool_call_id?: string;
  readonly tool_calls?: readonly unknown[];
}

export interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingMessage["headers"];
  // biome-ignore lint/suspicious/noExplicitAny: a request body as the client sent it
  readonly body: any;
}

export interface Step {
  readonly status?: number;
  /** JSON body (default: an OpenAI error object for status ≥ 400). */
  readonly body?: unknown;
  /** Raw body text instead of JSON. */
  readonly raw?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly delayMs?: number;
}

export type Script =
  | readonly (Step | ((req: RecordedRequest) => Step))[]
  | ((req: RecordedRequest, index: number) => Step);

export interface FakeServer {
  /** Base URL to give the client (ends in /v1). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

let counter = 0;

/** A chat.completion with message content, tool calls and usage. */
export function completion(args: {
  content?: string | null;
  toolCalls?: readonly { name: string; arguments: string; id?: string }[];
  finishReason?: string;
  usage?: { prompt_tokens: number; completion_tokens: number };
  model?: string;
}) {
  counter += 1;
  const toolCalls = args.toolCalls?.map((c, i) => ({
    id: c.id ?? `call_${counter}_${i}`,
    type: "function",
    function: { name: c.name, arguments: c.arguments },
  }));
  const usage = args.usage ?? { prompt_tokens: 1000, completion_tokens: 200 };
  return {
    id: `chatcmpl-${counter}`,
    object: "chat.completion",
    created: 1_700_000_000,
    model: args.model ?? "fake-model",
    choices: [
      {
        index: 0,
        message: {
          role: "assistant",
          content: args.content ?? null,
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
        },
        finish_reason: args.finishReason ?? (toolCalls ? "tool_calls" : "stop"),
        logprobs: null,
      },
    ],
    usage: { ...usage, total_tokens: usage.prompt_tokens + usage.completion_tokens },
  };
}

function errorBody(status: number) {
  return {
    error: {
      message: `scripted ${status}`,
      type: status === 429 ? "rate_limit_exceeded" : "server_error",
      code: null,
    },
  };
}

export async function startFakeOpenAi(script: Script): Promise<FakeServer> {
  const requests: RecordedRequest[] = [];
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const text = Buffer.concat(chunks).toString("utf8");
    const recorded: RecordedRequest = {
      method: req.method ?? "",
      path: req.url ?? "",
      headers: req.headers,
      body: text ? JSON.parse(text) : null,
    };
    const index = requests.length;
    requests.push(recorded);
    let step: Step;
    if (typeof script === "function") step = script(recorded, index);
    else {
      const entry = script[Math.min(index, script.length - 1)];
      if (entry === undefined) step = { status: 500 };
      else step = typeof entry === "function" ? entry(recorded) : entry;
    }
    if (step.delayMs) await new Promise((r) => setTimeout(r, step.delayMs));
    if (res.destroyed || res.writableEnded) return;
    const status = step.status ?? 200;
    const payload = step.raw ?? JSON.stringify(step.body ?? (status >= 400 ? errorBody(status) : {}));
    res.writeHead(status, { "content-type": "application/json", ...step.headers });
    res.end(payload);
  };
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.writableEnded) res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
