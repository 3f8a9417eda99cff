import { describe, expect, it } from "vitest";
import {
  acquireLock,
  extendLock,
  type RedisClient,
  readSubscription,
  releaseLock,
  subscriptionKeys,
} from "../../../packages/sidecar/src/redis/index.js";
import { lease } from "./flows.js";
import { type Backend, sleep, testStore } from "./harness.js";

export function lockSuite(backend: Backend, redis: RedisClient): void {
  describe(`addLock / extendLock / releaseLock (${backend.name})`, () => {
    it("acquires once per subscription (E_LOCK_HELD for others) and creates a pending meta", async () => {
      const t = await testStore(redis, "lock");
      const ref = t.ref("s1");
      const first = await lease(t, ref, "owner-a");
      expect(first).toMatchObject({ token: "owner-a", populated: false });
      expect(first.startGen).toBe(t.clock.now() * 1000);
      expect(first.version).toBe(t.clock.now() * 1000);
      expect(await acquireLock(t.store, ref, { token: "owner-b" })).toEqual({ acquired: false });
      const keys = subscriptionKeys(ref);
      expect(await redis.get(keys.lock)).toBe("owner-a");
      expect(await redis.pttl(keys.lock)).toBeGreaterThan(0);
      expect(await redis.pttl(keys.meta)).toBeGreaterThan(t.store.options.lockTtlMs);
      expect((await readSubscription(t.store, ref)).state).toBe("populating");
    });

    it("re-acquiring with the same token succeeds and resets the expiry", async () => {
      const t = await testStore(redis, "lock");
      const ref = t.ref("s1");
      await acquireLock(t.store, ref, { token: "same", ttlMs: 200 });
      const again = await acquireLock(t.store, ref, { token: "same", ttlMs: 60_000 });
      expect(again.acquired).toBe(true);
      expect(await redis.pttl(subscriptionKeys(ref).lock)).toBeGreaterThan(1_000);
    });

    it("extends only for the owner: E_LOCK_NOT_OWNED for a stale token, E_LOCK_EXPIRED when gone", async () => {
      const t = await testStore(redis, "lock");
      const ref = t.ref("s1");
      const owner = await lease(t, ref, "owner-a");
      await extendLock(t.store, owner, 90_000);
      expect(await redis.pttl(subscriptionKeys(ref).lock)).toBeGreaterThan(60_000);
      await expect(extendLock(t.store, { ...owner, token: "stale-token" })).rejects.toMatchObject({
        code: "E_LOCK_NOT_OWNED",
      });
      await releaseLock(t.store, owner);
      await expect(extendLock(t.store, owner)).rejects.toMatchObject({ code: "E_LOCK_EXPIRED" });
    });

    it("releases only for the owner and leaves another owner's lock alone", async () => {
      const t = await testStore(redis, "lock");
      const ref = t.ref("s1");
      const owner = await lease(t, ref, "owner-a");
      await expect(releaseLock(t.store, { ...owner, token: "stale-token" })).rejects.toMatchObject({
        code: "E_LOCK_NOT_OWNED",
        tenant: t.tenant,
        subscriptionId: "s1",
      });
      expect(await redis.get(subscriptionKeys(ref).lock)).toBe("owner-a");
      await releaseLock(t.store, owner);
      expect(await redis.exists(subscriptionKeys(ref).lock)).toBe(0);
      expect((await readSubscription(t.store, ref)).state).toBe("missing");
      await expect(releaseLock(t.store, owner)).rejects.toMatchObject({ code: "E_LOCK_EXPIRED" });
    });

    it("race: a late release by an owner whose lock expired does not free the new owner's lock", async () => {
      const t = await testStore(redis, "lock");
      const ref = t.ref("s1");
      const first = await acquireLock(t.store, ref, { token: "slow-owner", ttlMs: 30 });
      if (!first.acquired) throw new Error("the first acquire must succeed");
      await sleep(80);
      await expect(extendLock(t.store, first.lease)).rejects.toMatchObject({ code: "E_LOCK_EXPIRED" });
      const second = await lease(t, ref, "new-owner");
      await expect(releaseLock(t.store, first.lease)).rejects.toMatchObject({ code: "E_LOCK_NOT_OWNED" });
      await expect(extendLock(t.store, first.lease)).rejects.toMatchObject({
        code: "E_LOCK_NOT_OWNED",
      });
      expect(await redis.get(subscriptionKeys(ref).lock)).toBe("new-owner");
      await releaseLock(t.store, second);
    });
  });
}
