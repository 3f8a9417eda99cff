/**
 * The tenant lease (claimLease / releaseLease) against the real Redis and ioredis-mock:
 * every reply code, a stale token, and an expired lease.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  claimTenantLease,
  type RedisClient,
  releaseTenantLease,
  tenantLease,
  tenantLeaseHolder,
  tenantLeaseKey,
} from "../../packages/sidecar/src/redis/index.js";
import { connectMock, connectRedis } from "../redis/contract/clients.js";
import { removeTestTenants, sleep, testStore } from "../redis/contract/harness.js";

const backends = [
  { name: "redis", connect: () => connectRedis() },
  { name: "ioredis-mock", connect: async () => connectMock() },
];

for (const backend of backends) {
  describe(`tenant lease (${backend.name})`, () => {
    let redis: RedisClient;
    beforeAll(async () => {
      redis = await backend.connect();
    });
    afterAll(async () => {
      await removeTestTenants(redis);
      redis.disconnect();
    });

    it("is acquired when free (1), extended by its holder (2) and refused to others (-3)", async () => {
      const t = await testStore(redis, "lease");
      const a = tenantLease(t.tenant, "listener", "token-a");
      const b = tenantLease(t.tenant, "listener", "token-b");
      expect(await claimTenantLease(t.store, a, 1_000)).toBe("acquired");
      const key = tenantLeaseKey(t.tenant, "listener");
      expect(key).toBe(`subq:{${t.tenant}}:lease:listener`);
      expect(await redis.get(key)).toBe("token-a");
      expect(await claimTenantLease(t.store, b, 1_000)).toBe("held");
      expect(await claimTenantLease(t.store, a, 60_000)).toBe("extended");
      expect(await redis.pttl(key)).toBeGreaterThan(30_000);
      expect(await tenantLeaseHolder(t.store, t.tenant, "listener")).toBe("token-a");
    });

    it("is released only by its holder; a stale token leaves the new holder's lease alone", async () => {
      const t = await testStore(redis, "lease");
      const a = tenantLease(t.tenant, "listener", "token-a");
      const b = tenantLease(t.tenant, "listener", "token-b");
      await claimTenantLease(t.store, a, 1_000);
      expect(await releaseTenantLease(t.store, b)).toBe(false);
      expect(await tenantLeaseHolder(t.store, t.tenant, "listener")).toBe("token-a");
      expect(await releaseTenantLease(t.store, a)).toBe(true);
      expect(await tenantLeaseHolder(t.store, t.tenant, "listener")).toBeNull();
      expect(await releaseTenantLease(t.store, a)).toBe(false);
      expect(await claimTenantLease(t.store, b, 1_000)).toBe("acquired");
    });

    it("expires: another token takes it, and the old holder's claim and release then fail", async () => {
      const t = await testStore(redis, "lease");
      const a = tenantLease(t.tenant, "listener", "token-a");
      const b = tenantLease(t.tenant, "listener", "token-b");
      await claimTenantLease(t.store, a, 40);
      await sleep(80);
      expect(await tenantLeaseHolder(t.store, t.tenant, "listener")).toBeNull();
      expect(await claimTenantLease(t.store, b, 1_000)).toBe("acquired");
      expect(await claimTenantLease(t.store, a, 1_000)).toBe("held");
      expect(await releaseTenantLease(t.store, a)).toBe(false);
      expect(await tenantLeaseHolder(t.store, t.tenant, "listener")).toBe("token-b");
    });

    it("a holder whose lease lapsed while nobody took it simply takes it again", async () => {
      const t = await testStore(redis, "lease");
      const a = tenantLease(t.tenant, "listener", "token-a");
      await claimTenantLease(t.store, a, 40);
      await sleep(80);
      expect(await claimTenantLease(t.store, a, 1_000)).toBe("acquired");
    });

    it("leases of different roles and tenants are independent; bad names and durations are refused", async () => {
      const t = await testStore(redis, "lease");
      const u = await testStore(redis, "lease");
      expect(await claimTenantLease(t.store, tenantLease(t.tenant, "listener", "x"), 1_000)).toBe("acquired");
      expect(await claimTenantLease(t.store, tenantLease(t.tenant, "reports", "y"), 1_000)).toBe("acquired");
      expect(await claimTenantLease(t.store, tenantLease(u.tenant, "listener", "y"), 1_000)).toBe("acquired");
      expect(() => tenantLease(t.tenant, "Bad Role")).toThrow(/lease role/);
      await expect(
        claimTenantLease(t.store, tenantLease(t.tenant, "listener", "x"), 0),
      ).rejects.toMatchObject({
        code: "E_INVALID_ARGUMENT",
      });
    });
  });
}
