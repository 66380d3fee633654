/**
 * The logger the LLM code writes to: pino's call shape (`info(obj, msg)`), so the bot can pass a pino
 * child logger. The default writes one JSON line per entry to stderr (stdout carries the results).
 */
export interface LlmLogger {
  info(obj: Record<string, unknown>, msg: string): void;
  debug(obj: Record<string, unknown>, msg: string): void;
}

export function stderrLogger(options: { debug?: boolean; write?: (line: string) => void } = {}): LlmLogger {
  const write = options.write ?? ((line: string) => process.stderr.write(line));
  const emit = (level: string) => (obj: Record<string, unknown>, msg: string) =>
    write(`${JSON.stringify({ level, time: new Date().toISOString(), module: "llm", ...obj, msg })}\n`);
  return { info: emit("info"), debug: options.debug ? emit("debug") : () => {} };
}

export const silentLogger: LlmLogger = { info: () => {}, debug: () => {} };
