/**
 * Tests that start a real sidecar (BullMQ refresh queue, default prefix) leave the tenant
 * in the fleet's tenant list and its queue keys behind; BullMQ keys have no expiry, so
 * they remove them when done.
 */
import { Redis } from "ioredis";
import { knownTenantsKey } from "../../packages/sidecar/src/refresh/bullmq-discovery.js";
import { REDIS_URL } from "./engine.js";

const DEFAULT_PREFIX = "subq-queue";

export async function forgetQueueTenant(tenant: string, prefix = DEFAULT_PREFIX): Promise<void> {
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: 1 });
  try {
    await redis.srem(knownTenantsKey(prefix), tenant);
    const keys = await redis.keys(`${prefix}:{refresh-${tenant}}:*`);
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}
