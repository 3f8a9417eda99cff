/**
 * Every metric of the sidecar, registered on one registry. Label values that form a known
 * set start at 0, so `rate()` and dashboards see a series before its first event.
 */
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { CacheState, DirectReason, PopulateOutcome, Stage } from "../engine/engine-metrics.js";
import type { DbLoad } from "./db-load-window.js";

/** Seconds: a cached read is ~1 ms, a heavy Stage 1 query tens of seconds. */
const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

const CACHE_STATES: readonly CacheState[] = ["fresh", "stale", "missing", "populating", "tooLarge"];
const STAGES: readonly Stage[] = ["stage1", "stage2", "direct", "contains", "events"];
const DIRECT_REASONS: readonly DirectReason[] = [
  "requested",
  "too-large",
  "redis-unavailable",
  "populate-timeout",
  "not-seen",
];
const POPULATE_OUTCOMES: readonly PopulateOutcome[] = ["committed", "superseded", "failed", "waited"];

export type MetricHandles = ReturnType<typeof createHandles>;

export function createHandles(registry: Registry, dbLoad: () => DbLoad) {
  const registers = [registry];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name, help, labelNames, registers });
  const histogram = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Histogram<L>({ name, help, labelNames, buckets: SECONDS, registers });

  const handles = {
    httpRequests: counter(
      "subq_http_requests_total",
      "HTTP requests by route, method, status and outcome (ok or the error code)",
      ["route", "method", "status", "outcome"],
    ),
    httpDuration: histogram(
      "subq_http_request_duration_seconds",
      "HTTP request duration by route (SSE: until the headers)",
      ["route"],
    ),
    watchStreams: new Gauge({ name: "subq_watch_streams", help: "Open watch (SSE) streams", registers }),
    cacheReads: counter(
      "subq_cache_reads_total",
      "Stage 1 cache reads by state (fresh, stale, missing, populating, tooLarge)",
      ["state"],
    ),
    populateDuration: histogram(
      "subq_populate_duration_seconds",
      "Populates of missing subscriptions by outcome; _count is the number of populates",
      ["outcome"],
    ),
    refreshDuration: histogram(
      "subq_refresh_duration_seconds",
      "Refreshes of stale subscriptions by outcome (changed, unchanged, superseded, skipped, failed)",
      ["outcome"],
    ),
    wastedRefreshes: counter(
      "subq_refresh_wasted_total",
      "Refreshes whose result was unchanged (the invalidation was not needed)",
    ),
    lockWait: histogram(
      "subq_lock_wait_seconds",
      "Waits for another process's populate, by outcome (woken, timeout)",
      ["outcome"],
    ),
    eventsReceived: counter("subq_events_received_total", "Events received"),
    eventMatches: counter(
      "subq_event_matches_total",
      "Subscriptions matched by events (patched or marked stale), summed over events",
    ),
    eventPatches: counter(
      "subq_event_patches_total",
      "Matches absorbed by patching the member set from the event's snapshot, without a database query",
    ),
    eventStaleMarks: counter(
      "subq_event_stale_marks_total",
      "Matches that marked a subscription stale (a refresh will query the database)",
    ),
    dbTime: histogram("subq_db_seconds", "Database time by stage", ["stage"]),
    dbLoadPerUser: new Gauge({
      name: "subq_db_load_per_user_seconds",
      help: "DBLoadPerUser: database seconds in the sliding window divided by the distinct users who searched in it",
      registers,
      collect() {
        this.set(dbLoad().perUser);
      },
    }),
    dbLoadSeconds: new Gauge({
      name: "subq_db_load_window_seconds",
      help: "Database seconds in the DBLoadPerUser sliding window",
      registers,
      collect() {
        this.set(dbLoad().seconds);
      },
    }),
    dbUsers: new Gauge({
      name: "subq_db_users",
      help: "Distinct users who searched in the DBLoadPerUser sliding window",
      registers,
      collect() {
        this.set(dbLoad().users);
      },
    }),
    stage2Cache: counter("subq_stage2_cache_total", "Per-user Stage 2 cache lookups by result (hit, miss)", [
      "result",
    ]),
    directAnswers: counter("subq_direct_answers_total", "Answers straight from the database by reason", [
      "reason",
    ]),
  };
  for (const state of CACHE_STATES) handles.cacheReads.inc({ state }, 0);
  for (const stage of STAGES) handles.dbTime.zero({ stage });
  for (const reason of DIRECT_REASONS) handles.directAnswers.inc({ reason }, 0);
  for (const outcome of POPULATE_OUTCOMES) handles.populateDuration.zero({ outcome });
  for (const result of ["hit", "miss"]) handles.stage2Cache.inc({ result }, 0);
  return handles;
}
