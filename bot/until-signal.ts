/** Runs until SIGINT or SIGTERM, then stops what was started: exit code 0, or 1 when stopping failed. */
import type { Logger } from "../logger.ts";

export function untilSignal(stop: () => Promise<void>, log: Pick<Logger, "info" | "error">): Promise<number> {
  return new Promise<number>((resolve) => {
    const shutdown = (signal: string) => {
      log.info({ signal }, "signal received");
      stop().then(
        () => resolve(0),
        (error) => {
          log.error({ err: error }, "shutdown failed");
          resolve(1);
        },
      );
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
}
