/**
 * What the engine reports. The server passes an implementation backed by its Prometheus
 * registry (metrics.ts); tests and the embedded demo may pass `silentMetrics`.
 */
export type CacheState = "fresh" | "stale" | "missing" | "populating" | "tooLarge";
export type Stage = "stage1" | "stage2" | "direct" | "contains" | "events";
export type DirectReason = "requested" | "too-large" | "redis-unavailable" | "populate-timeout" | "not-seen";
export type PopulateOutcome = "committed" | "superseded" | "failed" | "waited";

export interface EngineMetrics {
  cacheRead(state: CacheState): void;
  populate(outcome: PopulateOutcome, seconds: number): void;
  refresh(outcome: string, seconds: number): void;
  lockWait(seconds: number, outcome: "woken" | "timeout"): void;
  dbTime(stage: Stage, user: string | null, seconds: number): void;
  stage2Cache(hit: boolean): void;
  direct(reason: DirectReason): void;
  events(received: number, matched: number, patched: number, staled: number): void;
}

const noop = () => {};

export const silentMetrics: EngineMetrics = {
  cacheRead: noop,
  populate: noop,
  refresh: noop,
  lockWait: noop,
  dbTime: noop,
  stage2Cache: noop,
  direct: noop,
  events: noop,
};

/** Structured logging the engine needs (a pino logger satisfies it). */
export interface EngineLogger {
  debug(fields: object, message?: string): void;
  info(fields: object, message?: string): void;
  warn(fields: object, message?: string): void;
  error(fields: object, message?: string): void;
}

export const silentLogger: EngineLogger = { debug: noop, info: noop, warn: noop, error: noop };
