/**
 * Builds an Engine from resolved configuration: Redis (standalone or cluster) for the
 * store and a separate subscriber connection, the tenant registry with one Postgres pool
 * per tenant, and the refresh queue (BullMQ for a fleet, in-process for one process).
 */
import { Cluster, Redis, type RedisOptions } from "ioredis";
import { type EventListener, startEventListener } from "../capture/index.js";
import type { ResolvedSidecarOptions } from "../config/options.js";
import { loadTenants } from "../config/tenants.js";
import { connect, type Sql } from "../db/connect.js";
import { createProber } from "../db/probe.js";
import { createStore, type RedisClient } from "../redis/index.js";
import { createBullmqRefreshQueue, createMemoryRefreshQueue, type RefreshQueue } from "../refresh/index.js";
import { DATABASE_HEALTH_DEFAULTS, DatabaseHealth } from "./database-health.js";
import { createTenantSource } from "./db-adapter.js";
import { assembleEngine } from "./engine.js";
import { type EngineLogger, type EngineMetrics, silentLogger, silentMetrics } from "./engine-metrics.js";
import { Tenant, TenantDirectory } from "./tenant.js";
import type { Engine } from "./types.js";

export interface EngineDeps {
  readonly metrics?: EngineMetrics;
  readonly logger?: EngineLogger;
  /** Default: the queue `engine.queue` configures (operator commands pass their own). */
  readonly queue?: RefreshQueue;
  /** Work refresh jobs in this process. Default: unless the role is api. */
  readonly worker?: boolean;
}

/** Commands fail fast while Redis is away, so searches degrade to direct answers at once. */
function redisOptions(options: ResolvedSidecarOptions, overrides: RedisOptions = {}): RedisOptions {
  return {
    connectTimeout: options.redis.connectTimeoutMs,
    commandTimeout: options.redis.commandTimeoutMs,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // Reconnect within half a second of Redis coming back, however long it was away.
    retryStrategy: (attempt) => Math.min(50 * 2 ** attempt, 500),
    ...overrides,
  };
}

/** A Redis client (standalone, or a cluster when `redis.cluster` lists nodes) as the sidecar opens it. */
export function openRedis(options: ResolvedSidecarOptions, overrides: RedisOptions = {}): RedisClient {
  const settings = redisOptions(options, overrides);
  if (options.redis.cluster.length > 0) {
    const nodes = options.redis.cluster.map((node) => {
      const [host, port] = node.split(":");
      return { host: host ?? "127.0.0.1", port: Number(port ?? 6379) };
    });
    return new Cluster(nodes, {
      redisOptions: settings,
      enableOfflineQueue: settings.enableOfflineQueue ?? false,
    });
  }
  return new Redis(options.redis.url, settings);
}

/** The fleet's refresh queue as `engine.queue` configures it. */
export function openQueue(
  options: ResolvedSidecarOptions,
  tenants: readonly string[],
  metrics: EngineMetrics,
): RefreshQueue {
  const common = { concurrencyPerTenant: options.engine.refreshConcurrencyPerTenant };
  if (options.engine.queue === "memory") return createMemoryRefreshQueue(common);
  return createBullmqRefreshQueue({
    ...common,
    // No command timeout: BullMQ's workers block for jobs longer than redis.commandTimeoutMs,
    // and a blocking fetch cut off client-side still takes the next job's wake-up on the
    // server, so that job waited for an unrelated enqueue. Enqueues have their own deadline.
    connection: () =>
      openRedis(options, {
        enableOfflineQueue: true,
        maxRetriesPerRequest: null,
        commandTimeout: undefined,
      }) as Redis,
    tenants,
    serves: (tenant) => tenants.includes(tenant),
    onError: () => metrics.refresh("error", 0),
  });
}

export async function createEngine(options: ResolvedSidecarOptions, deps: EngineDeps = {}): Promise<Engine> {
  const metrics = deps.metrics ?? silentMetrics;
  const logger = deps.logger ?? silentLogger;
  const resolvedTenants = await loadTenants(options.tenants);
  const names = resolvedTenants.map((tenant) => tenant.name);
  const pools = new Map<string, Sql>();
  const tenants = resolvedTenants.map((resolved) => {
    const name = resolved.name;
    const sql = connect(resolved.databaseUrl, {
      statementTimeoutMs: options.db.statementTimeoutMs,
      maxConnections: options.db.maxConnections,
      connectTimeoutMs: options.db.connectTimeoutMs,
      idleTimeoutMs: options.db.idleTimeoutMs,
      applicationName: `subq-${options.role}`,
    });
    pools.set(name, sql);
    const prober = createProber(resolved.databaseUrl, `subq-${options.role}-probe`);
    const health = new DatabaseHealth(name, prober, DATABASE_HEALTH_DEFAULTS, {
      onDown: (reason) =>
        logger.warn(
          { tenant: name, reason },
          "database unavailable: answering from the cache until it is back",
        ),
      onUp: (downForMs) => logger.info({ tenant: name, downForMs }, "database available again"),
    });
    const source = createTenantSource({
      tenant: name,
      sql,
      timeoutMs: options.db.statementTimeoutMs,
      health,
    });
    return new Tenant(name, source, 60_000);
  });
  const redis = openRedis(options);
  // The subscriber queues its SUBSCRIBEs until connected and re-subscribes after a reconnect.
  const subscriber = openRedis(options, { enableOfflineQueue: true, maxRetriesPerRequest: null });
  // Reconnect attempts fail while Redis is away; the breaker and the outage paths report
  // that. Without a listener, ioredis prints every failed attempt to stderr.
  for (const client of [redis, subscriber]) {
    client.on("error", (error: Error) => logger.debug({ err: error }, "Redis connection error"));
  }
  let queue: RefreshQueue | undefined;
  try {
    const store = await createStore(redis, options.store);
    queue = deps.queue ?? openQueue(options, names, metrics);
    logger.info({ tenants: names, role: options.role, queue: options.engine.queue }, "engine starting");
    const listeners: EventListener[] = [];
    const engine = await assembleEngine({
      store,
      subscriber,
      tenants: new TenantDirectory(tenants),
      queue,
      worker: deps.worker ?? options.role !== "api",
      options: {
        populateWaitMs: options.engine.populateWaitMs,
        coldPolicy: options.engine.coldPolicy,
        planCacheSize: options.engine.planCacheSize,
        directConcurrency: options.engine.directConcurrency,
        lastGoodTtlMs: options.engine.lastGoodTtlMs,
        largeSetMinIds: options.engine.largeSetMinIds,
        redisOutageWindowMs: options.engine.redisOutageWindowMs,
        redisLocalDelayLimitMs: options.redis.commandTimeoutMs / 4,
        readyWhenDegraded: options.engine.readyWhenDegraded,
      },
      metrics,
      logger,
      // Listeners stop (and give up their leases) before the engine they feed closes.
      beforeClose: async () => {
        await Promise.allSettled(listeners.map((listener) => listener.close()));
      },
      onClose: async () => {
        await Promise.allSettled([redis.quit(), subscriber.quit()]);
      },
    });
    if (options.engine.listen) {
      for (const [tenant, sql] of pools)
        listeners.push(startEventListener({ engine, tenant, sql, store, logger }));
    }
    return engine;
  } catch (error) {
    // Nothing may keep the process alive after a failed start (a missing lua/ directory,
    // a queue that cannot start): the command must end with its message.
    await Promise.allSettled([queue?.close(), ...[...pools.values()].map((sql) => sql.end({ timeout: 1 }))]);
    redis.disconnect();
    subscriber.disconnect();
    throw error;
  }
}
