/**
 * The demo's engine: the same engine as in production, over the embedded services —
 * PGlite (one connection) for the tenant's database, ioredis-mock running subq's Lua
 * scripts for Redis, and the in-process refresh queue (BullMQ needs a real Redis).
 */
import type { ResolvedSidecarOptions } from "../config/options.js";
import type { Sql } from "../db/connect.js";
import type { EmbeddedStack } from "../embedded/index.js";
import { createTenantSource } from "../engine/db-adapter.js";
import { assembleEngine } from "../engine/engine.js";
import type { EngineLogger, EngineMetrics } from "../engine/engine-metrics.js";
import { Tenant, TenantDirectory } from "../engine/tenant.js";
import type { Engine } from "../engine/types.js";
import { createStore } from "../redis/index.js";
import { createMemoryRefreshQueue } from "../refresh/index.js";

export const DEMO_TENANT = "demo";

export async function createEmbeddedEngine(
  stack: EmbeddedStack,
  options: ResolvedSidecarOptions,
  deps: { metrics: EngineMetrics; logger: EngineLogger; sql: Sql },
): Promise<Engine> {
  const redis = stack.redis.client();
  const subscriber = stack.redis.client();
  const store = await createStore(redis, options.store);
  const base = createTenantSource({
    tenant: DEMO_TENANT,
    sql: deps.sql,
    timeoutMs: options.db.statementTimeoutMs,
  });
  // The pool belongs to the demo, which closes it after the engine.
  const source = { load: base.load, close: async () => {} };
  return assembleEngine({
    store,
    subscriber,
    tenants: new TenantDirectory([new Tenant(DEMO_TENANT, source, 60_000)]),
    queue: createMemoryRefreshQueue({ concurrencyPerTenant: options.engine.refreshConcurrencyPerTenant }),
    worker: true,
    metrics: deps.metrics,
    logger: deps.logger,
    onClose: async () => {
      redis.disconnect();
      subscriber.disconnect();
    },
  });
}
