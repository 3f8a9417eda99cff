import { describe, expect, it } from "vitest";
import {
  bumpVersion,
  markStale,
  markStaleMany,
  parseVersionMessage,
  type RedisClient,
  readMeta,
  readSubscription,
  setMembership,
  setMembershipMany,
  subscriptionKeys,
} from "../../../packages/sidecar/src/redis/index.js";
import { lease, populate } from "./flows.js";
import { type Backend, ids, listen, sorted, testStore } from "./harness.js";

export function invalidateSuite(backend: Backend, redis: RedisClient): void {
  describe(`markStale / setMembership / bumpVersion (${backend.name})`, () => {
    it("markStale bumps gen and version, sets the flag, publishes; keeps the expiry", async () => {
      const t = await testStore(redis, "inval");
      const ref = t.ref("s1");
      const messages = await listen(backend, t.tenant);
      try {
        const committed = await populate(t, ref, ids(2));
        const keys = subscriptionKeys(ref);
        await redis.pexpire(keys.meta, 9_000);
        const before = await readMeta(t.store, ref);
        const version = await markStale(t.store, ref);
        expect(version).toBe(committed.version + 1);
        expect(await readMeta(t.store, ref)).toMatchObject({
          stale: true,
          gen: (before?.gen ?? 0) + 1,
          version,
        });
        expect(await redis.pttl(keys.meta)).toBeLessThanOrEqual(9_000);
        const message = await messages.waitFor((m) => m === `s1 ${version} stale`);
        expect(parseVersionMessage(message).state).toBe("stale");
      } finally {
        await messages.close();
      }
    });

    it("markStale of a missing subscription: E_SUBSCRIPTION_MISSING; a batch reports it as missing", async () => {
      const t = await testStore(redis, "inval");
      await expect(markStale(t.store, t.ref("gone"))).rejects.toMatchObject({
        code: "E_SUBSCRIPTION_MISSING",
      });
      await populate(t, t.ref("a"), ids(1));
      await populate(t, t.ref("b"), ids(1));
      await lease(t, t.ref("pending"));
      const results = await markStaleMany(t.store, t.tenant, ["a", "gone", "b", "pending"]);
      expect(results.map((r) => [r.id, r.outcome])).toEqual([
        ["a", "marked"],
        ["gone", "missing"],
        ["b", "marked"],
        ["pending", "marked"],
      ]);
      expect((await readSubscription(t.store, t.ref("a"))).state).toBe("stale");
      expect((await readSubscription(t.store, t.ref("pending"))).state).toBe("populating");
      expect(await markStaleMany(t.store, t.tenant, [])).toEqual([]);
    });

    it("setMembership: changed, unchanged, and the count and version follow", async () => {
      const t = await testStore(redis, "inval");
      const ref = t.ref("s1");
      const messages = await listen(backend, t.tenant);
      try {
        const committed = await populate(t, ref, ["1", "2"]);
        t.clock.advance(3);
        const added = await setMembership(t.store, ref, "3", true);
        expect(added).toEqual({ outcome: "changed", version: t.clock.now() * 1000 });
        await messages.waitFor((m) => m === `s1 ${added.version} fresh`);
        expect(await setMembership(t.store, ref, 3n, true)).toEqual({
          outcome: "unchanged",
          version: added.version,
        });
        const removed = await setMembership(t.store, ref, 1, false);
        expect(removed.outcome).toBe("changed");
        expect(removed.version).toBe(added.version + 1);
        expect(await setMembership(t.store, ref, 1, false)).toMatchObject({ outcome: "unchanged" });
        const read = await readSubscription(t.store, ref, { withMembers: true });
        expect(read).toMatchObject({ count: 2, version: removed.version });
        expect(sorted(read.members ?? [])).toEqual(["2", "3"]);
        expect(read.version).toBeGreaterThan(committed.version);
      } finally {
        await messages.close();
      }
    });

    it("setMembership: missing, not populated, too large", async () => {
      const t = await testStore(redis, "inval", { maxMembers: 2 });
      await expect(setMembership(t.store, t.ref("gone"), 1, true)).rejects.toMatchObject({
        code: "E_SUBSCRIPTION_MISSING",
      });
      const pending = await lease(t, t.ref("pending"));
      expect(await setMembership(t.store, t.ref("pending"), 1, true)).toEqual({
        outcome: "notPopulated",
        version: pending.version,
      });
      const big = await populate(t, t.ref("big"), ids(3));
      const patched = await setMembership(t.store, t.ref("big"), 1, false);
      expect(patched).toEqual({ outcome: "tooLarge", version: big.version + 1 });
      const batch = await setMembershipMany(t.store, t.tenant, [
        { id: "gone", issueId: 1, member: true },
        { id: "big", issueId: 2, member: true },
      ]);
      expect(batch.map((r) => r.outcome)).toEqual(["missing", "tooLarge"]);
    });

    it("a patch into an empty set creates the members key with the meta's expiry", async () => {
      const t = await testStore(redis, "inval");
      const ref = t.ref("empty");
      await populate(t, ref, []);
      const keys = subscriptionKeys(ref);
      await redis.pexpire(keys.meta, 7_000);
      await setMembership(t.store, ref, 42, true);
      const ttl = await redis.pttl(keys.members);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(7_000);
    });

    it("bumpVersion increments, publishes the flag state, and fails on a missing subscription", async () => {
      const t = await testStore(redis, "inval");
      const ref = t.ref("s1");
      const messages = await listen(backend, t.tenant);
      try {
        const committed = await populate(t, ref, ids(1));
        const version = await bumpVersion(t.store, ref);
        expect(version).toBe(committed.version + 1);
        await messages.waitFor((m) => m === `s1 ${version} fresh`);
        expect((await readSubscription(t.store, ref)).state).toBe("fresh");
        await expect(bumpVersion(t.store, t.ref("gone"))).rejects.toMatchObject({
          code: "E_SUBSCRIPTION_MISSING",
        });
      } finally {
        await messages.close();
      }
    });
  });
}
