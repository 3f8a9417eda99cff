/**
 * The sidecar's Prometheus metrics (prefix `subq_`): one registry per process, typed
 * handles for every metric, and the EngineMetrics methods the engine reports through.
 * The HTTP layer counts requests; the engine counts cache reads, populates, refreshes,
 * lock waits, events, database time, Stage 2 cache hits and direct answers.
 */
import { collectDefaultMetrics, Registry } from "prom-client";
import type { EngineMetrics, Stage } from "../engine/engine-metrics.js";
import { DbLoadWindow } from "./db-load-window.js";
import { createHandles, type MetricHandles } from "./handles.js";

export type { MetricHandles } from "./handles.js";

export interface MetricsOptions {
  /** Sliding window of subq_db_load_per_user_seconds. Default 60 000 ms. */
  readonly dbLoadWindowMs?: number;
  /** Also export Node's process metrics (CPU, memory, event loop lag). Default true. */
  readonly processMetrics?: boolean;
  readonly clock?: () => number;
}

export interface HttpRequestLabels {
  /** The route's name (search, version, ...), or "unmatched". */
  readonly route: string;
  readonly method: string;
  readonly status: number;
  /** "ok", or the error code of the answer. */
  readonly outcome: string;
}

export interface Metrics extends EngineMetrics {
  readonly registry: Registry;
  readonly handles: MetricHandles;
  /** Database time of one statement; feeds subq_db_seconds and the DBLoadPerUser window. */
  recordDbTime(stage: Stage, user: string | null, seconds: number): void;
  httpRequest(labels: HttpRequestLabels, seconds: number): void;
  /** The Prometheus text exposition and its content type. */
  expose(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export function createMetrics(options: MetricsOptions = {}): Metrics {
  const registry = new Registry();
  const window = new DbLoadWindow(options.dbLoadWindowMs ?? 60_000, options.clock);
  const handles = createHandles(registry, () => window.read());
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: "subq_" });

  const recordDbTime = (stage: Stage, user: string | null, seconds: number) => {
    handles.dbTime.observe({ stage }, seconds);
    window.record(user, seconds);
  };
  return {
    registry,
    handles,
    recordDbTime,
    dbTime: recordDbTime,
    httpRequest({ route, method, status, outcome }, seconds) {
      handles.httpRequests.inc({ route, method, status: String(status), outcome });
      handles.httpDuration.observe({ route }, seconds);
    },
    cacheRead: (state) => handles.cacheReads.inc({ state }),
    populate: (outcome, seconds) => handles.populateDuration.observe({ outcome }, seconds),
    refresh(outcome, seconds) {
      handles.refreshDuration.observe({ outcome }, seconds);
      if (outcome === "unchanged") handles.wastedRefreshes.inc();
    },
    lockWait: (seconds, outcome) => handles.lockWait.observe({ outcome }, seconds),
    stage2Cache: (hit) => handles.stage2Cache.inc({ result: hit ? "hit" : "miss" }),
    direct: (reason) => handles.directAnswers.inc({ reason }),
    events(received, matched, patched, staled) {
      handles.eventsReceived.inc(received);
      handles.eventMatches.inc(matched);
      handles.eventPatches.inc(patched);
      handles.eventStaleMarks.inc(staled);
    },
    async expose() {
      return { contentType: registry.contentType, body: await registry.metrics() };
    },
  };
}
