/**
 * The one root logger: pino, JSON lines to stderr (stdout is reserved for results). Modules get
 * children (`logger.child({ module: "bot" })`) through their deps; the pure core takes no logger.
 */
import { pino } from "pino";

export type Logger = pino.Logger;
export type LogLevel = pino.LevelWithSilent;

export function createLogger(
  level: LogLevel = "info",
  destination: pino.DestinationStream = pino.destination(2),
) {
  return pino({ level, base: { app: "nianbao" } }, destination);
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = pino({ level: "silent" });
