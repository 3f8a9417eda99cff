import RedisMock from "ioredis-mock";
import { afterAll, describe, expect, it } from "vitest";
import { readSubscriptionLifetimes } from "./inspect.js";
import { subscriptionKeys } from "./keys.js";
import type { RedisClient } from "./script-client.js";
import { createStore } from "./store.js";

const redis = new RedisMock() as unknown as RedisClient;
afterAll(() => redis.disconnect());

describe("readSubscriptionLifetimes", () => {
  it("reports the lock and meta expiries and samples members", async () => {
    const store = await createStore(redis);
    const ref = { tenant: "unit-inspect", id: "alive" };
    const keys = subscriptionKeys(ref);
    await redis.set(keys.lock, "token", "PX", 60_000);
    await redis.hset(keys.meta, { version: "1" });
    await redis.pexpire(keys.meta, 120_000);
    await redis.sadd(keys.members, "1", "2", "3");
    const found = await readSubscriptionLifetimes(store, ref, 2);
    expect(found.locked).toBe(true);
    expect(found.lockTtlMs).toBeGreaterThan(0);
    expect(found.lockTtlMs).toBeLessThanOrEqual(60_000);
    expect(found.expiresInMs).toBeGreaterThan(60_000);
    expect(found.sample).toHaveLength(2);
  });

  it("tells a lock without expiry from none, and samples nothing when asked for none", async () => {
    const store = await createStore(redis);
    const ref = { tenant: "unit-inspect", id: "persistent" };
    await redis.set(subscriptionKeys(ref).lock, "token");
    await redis.sadd(subscriptionKeys(ref).members, "1");
    expect(await readSubscriptionLifetimes(store, ref, 0)).toEqual({
      locked: true,
      lockTtlMs: null,
      expiresInMs: null,
      sample: [],
    });
    // (The sample of a missing set is [] on Redis, null on ioredis-mock: not compared.)
    const none = await readSubscriptionLifetimes(store, { tenant: "unit-inspect", id: "none" }, 5);
    expect([none.locked, none.lockTtlMs, none.expiresInMs]).toEqual([false, null, null]);
  });
});
