/**
 * An engine for integration tests: real Redis (keys isolated by a unique tenant name),
 * the tenant's real Postgres database, and an in-process refresh queue unless one is given.
 */
import { Redis } from "ioredis";
import { connect } from "../../packages/sidecar/src/db/connect.js";
import type { EngineOptions } from "../../packages/sidecar/src/engine/context.js";
import { createTenantSource } from "../../packages/sidecar/src/engine/db-adapter.js";
import { assembleEngine } from "../../packages/sidecar/src/engine/engine.js";
import { Tenant, TenantDirectory, type TenantSource } from "../../packages/sidecar/src/engine/tenant.js";
import type { TenantDatabase } from "../../packages/sidecar/src/engine/tenant-database.js";
import type { Engine } from "../../packages/sidecar/src/engine/types.js";
import { createStore, type Store, type StoreOptions } from "../../packages/sidecar/src/redis/index.js";
import type { RefreshHandler, RefreshJob, RefreshQueue } from "../../packages/sidecar/src/refresh/queue.js";

export const REDIS_URL = process.env.SUBQ_TEST_REDIS_URL ?? "redis://127.0.0.1:6379";

export interface TestEngine {
  readonly engine: Engine;
  readonly store: Store;
  readonly redis: Redis;
  close(): Promise<void>;
}

export interface TestEngineOptions {
  readonly tenant: string;
  readonly databaseUrl: string;
  readonly store?: StoreOptions;
  readonly engine?: Partial<EngineOptions>;
  readonly worker?: boolean;
  readonly queue?: RefreshQueue;
  /** Wraps the tenant's database adapter (to slow it down, count calls, fail on demand). */
  readonly wrapDatabase?: (database: TenantDatabase) => TenantDatabase;
  readonly redisUrl?: string;
  /** Pool size of the tenant's database connections. Default 4. */
  readonly maxConnections?: number;
  /** `application_name` of those connections (tests that read pg_stat_activity tell them apart by it). */
  readonly applicationName?: string;
  /** Wraps the store the engine uses (to delay or observe individual Redis operations). */
  readonly wrapStore?: (store: Store) => Store;
}

export async function createTestEngine(options: TestEngineOptions): Promise<TestEngine> {
  const redis = new Redis(options.redisUrl ?? REDIS_URL, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    lazyConnect: true,
  });
  await redis.connect();
  const subscriber = redis.duplicate();
  await subscriber.connect();
  // Tests that stop Redis expect connection errors; the engine sees them on its calls.
  for (const client of [redis, subscriber]) client.on("error", () => {});
  const store = await createStore(redis, options.store);
  const sql = connect(options.databaseUrl, {
    maxConnections: options.maxConnections ?? 4,
    ...(options.applicationName ? { applicationName: options.applicationName } : {}),
  });
  const base = createTenantSource({ tenant: options.tenant, sql, timeoutMs: 30_000 });
  const source: TenantSource = options.wrapDatabase
    ? {
        load: async (g) => {
          const view = await base.load(g);
          return { ...view, database: options.wrapDatabase!(view.database) };
        },
        close: () => base.close(),
      }
    : base;
  const engine = await assembleEngine({
    store: options.wrapStore ? options.wrapStore(store) : store,
    subscriber,
    tenants: new TenantDirectory([new Tenant(options.tenant, source, 60_000)]),
    queue: options.queue ?? inlineQueue(),
    worker: options.worker ?? true,
    options: options.engine,
    onClose: async () => {
      redis.disconnect();
    },
  });
  return { engine, store, redis, close: () => engine.close() };
}

/** A minimal in-process queue: one pending job per subscription, worked as soon as possible. */
export function inlineQueue(): RefreshQueue & { readonly jobs: RefreshJob[] } {
  const pending = new Set<string>();
  const jobs: RefreshJob[] = [];
  let handler: RefreshHandler | null = null;
  let active = 0;
  const running = new Set<Promise<unknown>>();
  return {
    jobs,
    async enqueue(job) {
      const key = `${job.tenant} ${job.subscriptionId}`;
      if (pending.has(key)) return false;
      pending.add(key);
      jobs.push(job);
      const run = (async () => {
        await new Promise((resolve) => setImmediate(resolve));
        pending.delete(key);
        if (!handler) return;
        active++;
        try {
          await handler(job);
        } catch {
          // a failed refresh leaves the subscription stale: the next read enqueues again
        } finally {
          active--;
        }
      })();
      running.add(run);
      void run.finally(() => running.delete(run));
      return true;
    },
    async work(h) {
      handler = h;
    },
    async counts() {
      return { waiting: pending.size, active };
    },
    async close() {
      await Promise.allSettled([...running]);
    },
  };
}
