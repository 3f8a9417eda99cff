/**
 * The Engine over its parts: a Redis store and a subscriber connection, the tenants, the
 * refresh queue, metrics and logs. `assembleEngine` wires them; `createEngine` (create.ts)
 * builds the parts from configuration.
 */
import { setMaxListeners } from "node:events";
import { SubqError } from "../errors.js";
import { ingestEvents, parseEvents } from "../events/index.js";
import { pingStore, type Store } from "../redis/index.js";
import type { RefreshQueue } from "../refresh/queue.js";
import { ENGINE_DEFAULTS, type EngineContext, type EngineOptions } from "./context.js";
import { type EngineLogger, type EngineMetrics, silentLogger, silentMetrics } from "./engine-metrics.js";
import { EventBacklog } from "./event-backlog.js";
import { watchEventLoopDelay } from "./event-loop-delay.js";
import { CircuitBreaker, Semaphore } from "./gates.js";
import { Hub, type SubscriberClient } from "./hub.js";
import { LARGE_SET_DEFAULTS, LargeSetChoice } from "./large-set-choice.js";
import { Lru } from "./lru.js";
import { PlanCache } from "./plan-cache.js";
import { contains, explain, version } from "./queries.js";
import { REDIS_OUTAGE_DEFAULTS, RedisOutage } from "./redis-outage.js";
import { refill } from "./refill.js";
import { refreshSubscription } from "./refresh.js";
import { search } from "./search.js";
import { Singleflight } from "./singleflight.js";
import { subscriptionInfo } from "./subscription-info.js";
import type { TenantDirectory } from "./tenant.js";
import type { Engine, ReadinessReport } from "./types.js";
import { noteConfigVersion } from "./versions.js";
import { watch } from "./watch.js";

export interface EngineParts {
  readonly store: Store;
  readonly subscriber: SubscriberClient;
  readonly tenants: TenantDirectory;
  readonly queue: RefreshQueue;
  /** Work refresh jobs in this process (worker role). */
  readonly worker: boolean;
  readonly options?: Partial<EngineOptions>;
  readonly metrics?: EngineMetrics;
  readonly logger?: EngineLogger;
  /** Runs first on close, while the engine still serves (e.g. stopping event listeners). */
  readonly beforeClose?: () => Promise<void>;
  /** Extra cleanup after the parts are closed (e.g. quitting Redis connections). */
  readonly onClose?: () => Promise<void>;
}

/** On shutdown, how long kept events may still wait for Redis before they are given up. */
const BACKLOG_CLOSE_MS = 2_000;

export async function assembleEngine(parts: EngineParts): Promise<Engine> {
  const options: EngineOptions = Object.freeze({ ...ENGINE_DEFAULTS, ...parts.options });
  const clock = parts.store.options.clock;
  const loopDelay = watchEventLoopDelay();
  let ctx: EngineContext;
  const hub = new Hub(parts.subscriber, {
    l1TtlMs: options.l1TtlMs,
    clock,
    // Another process saw a configuration change: reload this tenant's catalog here too.
    onConfig: (tenant, configVersion, state) => {
      noteConfigVersion(ctx, tenant, configVersion);
      if (state !== "config") return;
      try {
        parts.tenants.get(tenant).invalidate();
      } catch {
        // a tenant this process does not serve
      }
    },
  });
  ctx = {
    store: parts.store,
    hub,
    tenants: parts.tenants,
    queue: parts.queue,
    options,
    metrics: parts.metrics ?? silentMetrics,
    logger: parts.logger ?? silentLogger,
    clock,
    plans: new PlanCache(options.planCacheSize),
    populates: new Singleflight(),
    sharedAnswers: new Singleflight(),
    personalVersions: new Lru(100_000),
    refreshMemo: new Map(),
    redisBreaker: new CircuitBreaker(
      options.redisFailureThreshold,
      options.redisRetryAfterMs,
      clock,
      loopDelay,
      options.redisLocalDelayLimitMs,
    ),
    outage: new RedisOutage(
      { windowMs: options.redisOutageWindowMs, maxAnswers: REDIS_OUTAGE_DEFAULTS.maxAnswers },
      clock,
      (tenant, plans) => void refill(ctx, tenant, plans),
    ),
    directGate: new Semaphore(options.directConcurrency, options.directConcurrency * 16),
    largeSets: new LargeSetChoice({
      minIds: options.largeSetMinIds,
      probeEvery: LARGE_SET_DEFAULTS.probeEvery,
    }),
    configVersions: new Map(),
    inflight: new Set(),
    closing: new AbortController(),
  };
  // Every open watch stream and every populate wait listens for shutdown: hundreds at once
  // are normal, not a leak (Node warns past 10).
  setMaxListeners(0, ctx.closing.signal);
  if (parts.worker) await parts.queue.work((job) => refreshSubscription(ctx, job));
  return new EngineImpl(ctx, {
    ...parts,
    onClose: async () => {
      loopDelay.close();
      await parts.onClose?.();
    },
  });
}

class EngineImpl implements Engine {
  private readonly backlog: EventBacklog;

  constructor(
    private readonly ctx: EngineContext,
    private readonly parts: EngineParts,
  ) {
    this.backlog = new EventBacklog(
      (tenant, events) => ingestEvents(ctx, tenant, events),
      (tenant, events) => {
        ctx.tenants.get(tenant);
        parseEvents(events);
      },
      ctx.logger,
    );
  }

  search = this.tracked(search);
  version = this.tracked(version);
  contains = this.tracked(contains);

  watch(request: Parameters<Engine["watch"]>[0], signal: AbortSignal) {
    this.checkOpen();
    return watch(this.ctx, request, signal);
  }

  explain(tenant: string, jql: string) {
    this.checkOpen();
    return explain(this.ctx, tenant, jql);
  }

  subscription(tenant: string, id: string) {
    this.checkOpen();
    return subscriptionInfo(this.ctx, tenant, id);
  }

  ingestEvents(tenant: string, events: readonly unknown[]) {
    this.checkOpen();
    return this.track(this.backlog.submit(tenant, events));
  }

  tenants(): readonly string[] {
    return this.ctx.tenants.names();
  }

  async ready(): Promise<ReadinessReport> {
    const checks: Record<string, { ok: boolean; detail?: string }> = {};
    const probe = async (name: string, work: () => Promise<unknown>) => {
      try {
        await work();
        checks[name] = { ok: true };
      } catch (error) {
        checks[name] = { ok: false, detail: error instanceof Error ? error.message : String(error) };
      }
    };
    await Promise.all([
      probe("redis", () => pingStore(this.ctx.store)),
      ...this.ctx.tenants
        .names()
        .map((name) =>
          probe(`tenant:${name}`, async () => (await this.ctx.tenants.get(name).current()).database.ping()),
        ),
    ]);
    // A dependency away means degraded answers, not none (engine.readyWhenDegraded).
    const healthy = Object.values(checks).every((check) => check.ok);
    const ready = !this.ctx.closing.signal.aborted && (healthy || this.ctx.options.readyWhenDegraded);
    return { ready, ...(healthy ? {} : { degraded: true }), checks };
  }

  private closed: Promise<void> | undefined;

  /** Every call returns the same shutdown. */
  close(): Promise<void> {
    this.closed ??= this.shutdown();
    return this.closed;
  }

  private async shutdown(): Promise<void> {
    await this.parts.beforeClose?.().catch(() => {});
    await this.backlog.close(BACKLOG_CLOSE_MS);
    this.ctx.closing.abort();
    await Promise.allSettled([...this.ctx.inflight]);
    await this.parts.queue.close().catch(() => {});
    this.ctx.hub.close();
    await this.ctx.tenants.close().catch(() => {});
    await this.parts.onClose?.();
  }

  private checkOpen(): void {
    if (this.ctx.closing.signal.aborted)
      throw new SubqError("E_SHUTTING_DOWN", "the sidecar is shutting down");
  }

  private track<T>(promise: Promise<T>): Promise<T> {
    this.ctx.inflight.add(promise);
    return promise.finally(() => this.ctx.inflight.delete(promise));
  }

  private tracked<R, A>(
    operation: (ctx: EngineContext, request: A) => Promise<R>,
  ): (request: A) => Promise<R> {
    return (request: A) => {
      this.checkOpen();
      return this.track(operation(this.ctx, request));
    };
  }
}
