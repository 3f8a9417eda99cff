/**
 * Everything the engine's operations share, built once by createEngine. Operations are
 * plain functions of (context, request), which keeps each module small and testable.
 */

import type { Store } from "../redis/index.js";
import type { RefreshQueue } from "../refresh/queue.js";
import type { StoredAnswer } from "./answer.js";
import type { EngineLogger, EngineMetrics } from "./engine-metrics.js";
import type { CircuitBreaker, Semaphore } from "./gates.js";
import type { Hub } from "./hub.js";
import { LARGE_SET_DEFAULTS, type LargeSetChoice } from "./large-set-choice.js";
import type { Lru } from "./lru.js";
import type { PlanCache } from "./plan-cache.js";
import { REDIS_OUTAGE_DEFAULTS, type RedisOutage } from "./redis-outage.js";
import type { Singleflight } from "./singleflight.js";
import type { TenantDirectory } from "./tenant.js";

export interface EngineOptions {
  /** How long a cold search waits for another process's populate. Default 10 s. */
  readonly populateWaitMs: number;
  /** After that wait: answer directly ("direct", flagged) or fail with 503 ("error"). */
  readonly coldPolicy: "direct" | "error";
  readonly planCacheSize: number;
  /** Concurrent direct answers while Redis is unavailable; more wait, then 503. */
  readonly directConcurrency: number;
  /** How long the last good Stage 2 answer is kept for database outages. */
  readonly lastGoodTtlMs: number;
  /** Versions of queries with temporal clauses move at least this often. */
  readonly temporalVersionIntervalMs: number;
  /** How long L1 copies of subscription versions are trusted. */
  readonly l1TtlMs: number;
  /** How long the L1 copy of a tenant's configuration version is trusted. */
  readonly configVersionTtlMs: number;
  /** The catalog is reloaded at least this often (configuration events reload it at once). */
  readonly catalogMaxAgeMs: number;
  /** A stale subscription is enqueued for refresh at most once per this interval per process. */
  readonly refreshMemoMs: number;
  /** Redis failures in a row that open the circuit, and how long it stays open. */
  readonly redisFailureThreshold: number;
  readonly redisRetryAfterMs: number;
  /**
   * A Redis timeout while this process's event loop ran at least this late is counted as
   * the process being overloaded (503), not as Redis failing. Default 500 ms (a quarter of
   * redis.commandTimeoutMs by default).
   */
  readonly redisLocalDelayLimitMs: number;
  /** Member sets this large or larger run Stage 2 or the whole query, whichever measures cheaper. */
  readonly largeSetMinIds: number;
  /** While Redis is unavailable, versions move and answers kept in process expire this often. */
  readonly redisOutageWindowMs: number;
  /** Readiness holds while a dependency is away and searches are answered degraded. */
  readonly readyWhenDegraded: boolean;
}

export const ENGINE_DEFAULTS: EngineOptions = Object.freeze({
  populateWaitMs: 10_000,
  coldPolicy: "direct",
  planCacheSize: 10_000,
  directConcurrency: 8,
  lastGoodTtlMs: 600_000,
  temporalVersionIntervalMs: 60_000,
  l1TtlMs: 1_000,
  configVersionTtlMs: 5_000,
  catalogMaxAgeMs: 60_000,
  refreshMemoMs: 1_000,
  redisFailureThreshold: 3,
  redisRetryAfterMs: 500,
  redisLocalDelayLimitMs: 500,
  largeSetMinIds: LARGE_SET_DEFAULTS.minIds,
  redisOutageWindowMs: REDIS_OUTAGE_DEFAULTS.windowMs,
  readyWhenDegraded: true,
});

/** The result of reading Stage 1: ids to run Stage 2 over, or a reason to answer directly. */
export type Stage1Read =
  | {
      readonly kind: "members";
      readonly ids: readonly string[];
      readonly version: number;
      /** The searcher's personal version (personal plans), else the version. */
      readonly personalVersion: number;
      readonly stale: boolean;
      readonly ageMs: number;
      readonly source: "cache" | "populate";
    }
  | {
      readonly kind: "direct";
      readonly reason: "too-large" | "populate-timeout" | "not-seen";
      readonly version: number;
      readonly personalVersion: number;
      readonly stale: boolean;
    };

export interface EngineContext {
  readonly store: Store;
  readonly hub: Hub;
  readonly tenants: TenantDirectory;
  readonly queue: RefreshQueue;
  readonly options: EngineOptions;
  readonly metrics: EngineMetrics;
  readonly logger: EngineLogger;
  readonly clock: () => number;
  readonly plans: PlanCache;
  readonly populates: Singleflight<Stage1Read>;
  /** "tenant id entry" → a personal version and the subscription version it was read with. */
  readonly personalVersions: Lru<string, { readonly version: number; readonly personal: number }>;
  /** Shared Stage 2 answers being computed, so a team asking at once costs one query. */
  readonly sharedAnswers: Singleflight<StoredAnswer>;
  /** Subscription → when a refresh was last enqueued by this process. */
  readonly refreshMemo: Map<string, number>;
  readonly redisBreaker: CircuitBreaker;
  /** Versions and answers while Redis is unavailable. */
  readonly outage: RedisOutage;
  readonly directGate: Semaphore;
  /** Per plan: Stage 2 over a large member set, or the whole query (cost-based). */
  readonly largeSets: LargeSetChoice;
  /** Tenant → its configuration version and when it was read. */
  readonly configVersions: Map<string, { readonly version: number; readonly at: number }>;
  /** In-flight operations, so close() can wait for them (and release their locks). */
  readonly inflight: Set<Promise<unknown>>;
  /** Aborted by close(): populate waits end at once. */
  readonly closing: AbortController;
}
