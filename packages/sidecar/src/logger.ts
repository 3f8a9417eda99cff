/**
 * The sidecar's structured logger: pino, JSON lines on stdout (or a given stream), ISO
 * timestamps, errors under `err` with their stack, and secrets redacted wherever a
 * careless log call might carry them.
 */
import { type DestinationStream, type Logger, pino } from "pino";
import type { LogLevel } from "./config/options.js";

export type { Logger } from "pino";

export interface LoggerOptions {
  readonly level: LogLevel;
  /** Where the lines go. Default stdout. */
  readonly destination?: DestinationStream;
  /** Fields on every line. Default { service: "subq" }. */
  readonly base?: Readonly<Record<string, unknown>>;
}

const REDACT = [
  "authorization",
  "*.authorization",
  "headers.authorization",
  "*.headers.authorization",
  "token",
  "*.token",
  "tokens",
  "*.tokens",
];

export function createLogger(options: LoggerOptions): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "subq", ...options.base },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
      redact: { paths: REDACT, censor: "[redacted]" },
    },
    options.destination,
  );
}
